//! The extractor scored against the hand-labelled corpus, with the matching rules of
//! `shared/corpus/GOLD-FORMAT.md` (the same as `score.py`): text compared after NFKC with
//! white space removed; an extracted item matches a gold item of its kind when the gold key
//! is contained in its title or text, greedily and one-to-one; owners and co-owners as sets;
//! due and recurrence by equality; header fields; section counts; exact spans.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use duban::extract::{extract_bytes, DocContext, Extraction, Item, ItemKind};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const META_FIELDS: &[&str] = &[
    "org",
    "doc_number",
    "title",
    "meeting_date",
    "issued_date",
    "place",
    "chair",
    "attendees",
    "observers",
    "recorder",
    "signer",
];

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn norm_value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => norm(s),
        other => norm(&other.to_string()),
    }
}

fn norm_set(v: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        Some(Value::Array(xs)) => xs.iter().map(norm_value).collect(),
        _ => Vec::new(),
    };
    out.sort();
    out
}

/// Counts summed over a folder of documents.
#[derive(Debug, Default)]
struct Totals {
    docs: usize,
    dec_gold: usize,
    dec_got: usize,
    dec_hit: usize,
    task_gold: usize,
    task_got: usize,
    task_hit: usize,
    own_n: usize,
    own_ok: usize,
    due_n: usize,
    due_ok: usize,
    meta_n: usize,
    meta_ok: usize,
    sec_n: usize,
    sec_ok: usize,
    span_ok: usize,
    span_bad: usize,
    misses: String,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        // Counts are small; the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let r = a as f64 / b as f64;
        r
    }
}

/// Greedy one-to-one matching of gold keys to extracted items, as score.py does.
fn matches<'a>(gold: &'a [Value], got: &[&'a Item]) -> Vec<(&'a Value, &'a Item)> {
    let mut used = BTreeSet::new();
    let mut pairs = Vec::new();
    for g in gold {
        let key = norm(g["key"].as_str().unwrap_or(""));
        if key.is_empty() {
            continue;
        }
        if let Some((i, e)) = got.iter().enumerate().find(|(i, e)| {
            !used.contains(i) && (norm(&e.title).contains(&key) || norm(&e.text).contains(&key))
        }) {
            used.insert(i);
            pairs.push((g, *e));
        }
    }
    pairs
}

fn item_json(item: &Item) -> Value {
    serde_json::to_value(item).expect("items serialise")
}

fn score_document(gold_path: &Path, t: &mut Totals) {
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(gold_path).expect("gold readable"))
            .expect("gold is JSON");
    let source = gold["source"].as_str().expect("gold names its source");
    let src = gold_path.with_file_name(source);
    let bytes = std::fs::read(&src).expect("source readable");
    let (decoded, ex): (_, Extraction) = match extract_bytes(&bytes, source, &DocContext::default())
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(t.misses, "{source}: cannot be read: {e}");
            return;
        }
    };
    t.docs += 1;
    let empty = Vec::new();
    let gold_decisions = gold["decisions"].as_array().unwrap_or(&empty);
    let gold_tasks = gold["tasks"].as_array().unwrap_or(&empty);
    let decisions: Vec<&Item> = ex
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Decision)
        .collect();
    let tasks: Vec<&Item> = ex
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Task)
        .collect();
    let dp = matches(gold_decisions, &decisions);
    let tp = matches(gold_tasks, &tasks);
    t.dec_gold += gold_decisions.len();
    t.dec_got += decisions.len();
    t.dec_hit += dp.len();
    t.task_gold += gold_tasks.len();
    t.task_got += tasks.len();
    t.task_hit += tp.len();

    let mut report = String::new();
    let hit_gold: BTreeSet<*const Value> = dp
        .iter()
        .chain(&tp)
        .map(|(g, _)| std::ptr::from_ref(*g))
        .collect();
    let hit_items: BTreeSet<*const Item> = dp
        .iter()
        .chain(&tp)
        .map(|(_, e)| std::ptr::from_ref(*e))
        .collect();
    for g in gold_decisions.iter().chain(gold_tasks) {
        if !hit_gold.contains(&std::ptr::from_ref(g)) {
            let _ = writeln!(report, "  missed: {}", g["key"]);
        }
    }
    for e in decisions.iter().chain(&tasks) {
        if !hit_items.contains(&std::ptr::from_ref(*e)) {
            let _ = writeln!(
                report,
                "  extra {:?}: {}",
                e.kind,
                e.title.chars().take(40).collect::<String>()
            );
        }
    }
    for (g, e) in &tp {
        let ej = item_json(e);
        for f in ["owners", "co_owners"] {
            if g.get(f).is_some() {
                t.own_n += 1;
                if norm_set(g.get(f)) == norm_set(ej.get(f)) {
                    t.own_ok += 1;
                } else {
                    let _ = writeln!(report, "  {f} of {}: want {} got {}", g["key"], g[f], ej[f]);
                }
            }
        }
        let gd = g.get("due").cloned().unwrap_or(Value::Null);
        let gr = g.get("recurrence").cloned().unwrap_or(Value::Null);
        if !gd.is_null() || !gr.is_null() || !ej["due"].is_null() || !ej["recurrence"].is_null() {
            t.due_n += 1;
            if gd == ej["due"] && gr == ej["recurrence"] {
                t.due_ok += 1;
            } else {
                let _ = writeln!(
                    report,
                    "  due of {}: want {gd}/{gr} got {}/{}",
                    g["key"], ej["due"], ej["recurrence"]
                );
            }
        }
    }
    let meta = serde_json::to_value(&ex.document).expect("meta serialises");
    if let Some(Value::Object(want)) = gold.get("meta") {
        for (f, w) in want {
            if !META_FIELDS.contains(&f.as_str()) {
                continue;
            }
            t.meta_n += 1;
            let have = meta.get(f.as_str());
            let same = if w.is_array() {
                norm_set(Some(w)) == norm_set(have)
            } else {
                norm_value(w) == have.map(norm_value).unwrap_or_default()
            };
            if same {
                t.meta_ok += 1;
            } else {
                let _ = writeln!(
                    report,
                    "  meta {f}: want {w} got {}",
                    have.unwrap_or(&Value::Null)
                );
            }
        }
    }
    if let Some(n) = gold.get("sections").and_then(Value::as_u64) {
        t.sec_n += 1;
        if usize::try_from(n).ok() == Some(ex.sections.len()) {
            t.sec_ok += 1;
        } else {
            let _ = writeln!(report, "  sections: want {n} got {}", ex.sections.len());
        }
    }
    if src
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    {
        let raw: Vec<char> = decoded.text.chars().collect();
        for it in &ex.items {
            let [s, e] = it.span;
            if s <= e && e <= raw.len() && raw[s..e].iter().collect::<String>() == it.text {
                t.span_ok += 1;
            } else {
                t.span_bad += 1;
                let _ = writeln!(
                    report,
                    "  span of {}: {:?} does not cover its text",
                    it.title, it.span
                );
            }
        }
    }
    if !report.is_empty() {
        let _ = write!(t.misses, "{source}:\n{report}");
    }
}

fn score_folder(dir: &Path) -> Totals {
    let mut golds: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
                .collect()
        })
        .unwrap_or_default();
    golds.sort();
    let mut t = Totals::default();
    for g in &golds {
        score_document(g, &mut t);
    }
    t
}

/// The lowest score a corpus may have on each measure (spans are always exact).
struct Goals {
    decisions: f64,
    tasks: f64,
    owners: f64,
    due: f64,
    meta: f64,
    sections: f64,
}

/// The seeds are the documents the product was first built on: nothing may slip there.
const SEEDS: Goals = Goals {
    decisions: 1.0,
    tasks: 1.0,
    owners: 1.0,
    due: 1.0,
    meta: 1.0,
    sections: 1.0,
};

/// The team's own invented documents, one or more for every kind of phrasing taught.
const EXTRA: Goals = Goals {
    decisions: 0.95,
    tasks: 0.95,
    owners: 0.9,
    due: 0.95,
    meta: 0.95,
    sections: 1.0,
};

/// Documents real offices published (issue 15's figures).
const REAL: Goals = Goals {
    decisions: 0.95,
    tasks: 0.9,
    owners: 0.9,
    due: 0.95,
    meta: 0.9,
    sections: 0.95,
};

#[track_caller]
fn assert_meets_thresholds(name: &str, t: &Totals, goals: &Goals) {
    let figures = [
        (
            "decision precision",
            ratio(t.dec_hit, t.dec_got),
            goals.decisions,
        ),
        (
            "decision recall",
            ratio(t.dec_hit, t.dec_gold),
            goals.decisions,
        ),
        ("task precision", ratio(t.task_hit, t.task_got), goals.tasks),
        ("task recall", ratio(t.task_hit, t.task_gold), goals.tasks),
        ("owners", ratio(t.own_ok, t.own_n), goals.owners),
        ("due", ratio(t.due_ok, t.due_n), goals.due),
        ("meta", ratio(t.meta_ok, t.meta_n), goals.meta),
        ("sections", ratio(t.sec_ok, t.sec_n), goals.sections),
        ("spans", ratio(t.span_ok, t.span_ok + t.span_bad), 1.0),
    ];
    let summary: Vec<String> = figures
        .iter()
        .map(|(k, v, _)| format!("{k} {v:.3}"))
        .collect();
    println!("{name}: {} documents: {}", t.docs, summary.join(", "));
    let short: Vec<String> = figures
        .iter()
        .filter(|(_, v, min)| v < min)
        .map(|(k, v, min)| format!("{k} {v:.3} < {min}"))
        .collect();
    assert!(
        short.is_empty(),
        "{name} falls short: {}\n{}",
        short.join("; "),
        t.misses
    );
}

fn corpus(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(folder)
}

#[test]
fn seed_documents_meet_the_issue_thresholds() {
    // Arrange
    let dir = corpus("seeds");
    // Act
    let totals = score_folder(&dir);
    // Assert
    assert!(
        totals.docs >= 5,
        "the five seed documents are in {}",
        dir.display()
    );
    assert_meets_thresholds("seeds", &totals, &SEEDS);
}

#[test]
fn extra_documents_meet_the_issue_thresholds() {
    // Arrange
    let dir = corpus("extra");
    assert!(
        dir.is_dir(),
        "the unseen-document corpus is part of the repository: {}",
        dir.display()
    );
    // Act
    let totals = score_folder(&dir);
    // Assert
    assert!(
        totals.docs >= 30,
        "at least 30 documents in {}",
        dir.display()
    );
    if !totals.misses.is_empty() {
        println!(
            "per-document misses in tests/corpus/extra:\n{}",
            totals.misses
        );
    }
    assert_meets_thresholds("extra", &totals, &EXTRA);
}

#[test]
fn real_documents_meet_the_issue_thresholds() {
    // Arrange: ten documents real offices published, labelled by hand (tests/corpus/real).
    let dir = corpus("real");
    // Act
    let totals = score_folder(&dir);
    // Assert
    assert_eq!(totals.docs, 10, "every real document is read");
    if !totals.misses.is_empty() {
        println!(
            "per-document misses in tests/corpus/real:\n{}",
            totals.misses
        );
    }
    assert_meets_thresholds("real", &totals, &REAL);
}
