//! Minutes, reports and notices in; header, sections, decisions and tasks out.
//!
//! Pure: no database, no network, no clock, no file system. Callers hand in bytes (or text)
//! and a [`DocContext`] with what the text cannot say for itself.
//!
//! How it reads a document: [`normalize`] builds a normalised view (NFKC, no stray spaces,
//! PDF line wraps joined) that maps back to the original characters, so every item's `span`
//! is exact; [`header`] reads the header block; [`sections`] finds the agenda headings;
//! [`lists`] finds enumerated lists of work; [`decisions`] and [`tasks`] read sentences;
//! [`owners`] and [`due`] read who does a job and by when. [`tables`] reads the rows of a
//! task-allocation table (任务分工表) as tasks.
//!
//! Glossary (English in code, Chinese in data):
//! 会议纪要 → minutes · 通知 → notice · 会议报道 → report · 决定 → decision ·
//! 任务/督办事项 → task · 牵头单位 → owner · 配合单位 → co-owner · 完成时限 → due ·
//! 文号 → doc number · 签发人 → signer · 出席 → attendees · 列席 → observers ·
//! 记录 → recorder · 主持 → chair · 议题 → section · 一是/一要/（一） → list marker ·
//! 审议通过/原则同意 → verdict · 每月底前 → recurrence · 任务分工表 → task table ·
//! 责任领导/分管领导 → leader.

mod basis;
mod charset;
mod decisions;
pub mod decode;
mod due;
mod header;
mod lists;
mod model;
mod normalize;
mod numerals;
mod owners;
mod sections;
mod sentences;
mod tables;
mod tasks;
mod view;

pub use decode::{decode, DecodeError, Decoded, SourceFormat, MAX_INPUT_BYTES, MAX_TEXT_BYTES};
pub use model::*;
pub use normalize::Norm;

use decode::table::Table;

use chrono::NaiveDate;

/// What the caller knows that the text may not say.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// A date to take the year from when the document has no date of its own
    /// (e.g. the import date). The document's own dates win.
    pub reference_date: Option<NaiveDate>,
    /// Known unit names and aliases (the unit directory), used to recognise owners.
    pub units: Vec<String>,
}

/// Extracts header, sections and items from decoded text.
#[must_use]
pub fn extract(text: &str, ctx: &DocContext) -> Extraction {
    extract_with_tables(text, &[], ctx)
}

/// Extracts from a decoded file: the rows of its task-allocation tables (任务分工表) are
/// read as tasks by [`tables`], the rest of the text by the text rules, which do not see
/// those tables' rows (so no row gives two items). Items come in text order.
#[must_use]
pub fn extract_decoded(decoded: &Decoded, ctx: &DocContext) -> Extraction {
    extract_with_tables(&decoded.text, &decoded.tables, ctx)
}

fn extract_with_tables(original: &str, all_tables: &[Table], ctx: &DocContext) -> Extraction {
    let task_tables = tables::task_tables(all_tables);
    let view = view::View::new(original, all_tables, &task_tables);
    let text: &str = &view.text;
    let norm = Norm::new(text);
    let document = header::header(text, &norm, ctx.reference_date);
    let headings = sections::headings(&norm);
    let dir = owners::Directory::new(&ctx.units);
    let base = due::DueBase {
        year: document
            .issued_date
            .or(document.meeting_date)
            .or(ctx.reference_date)
            .map(|d| chrono::Datelike::year(&d)),
        anchor: document
            .meeting_date
            .or(document.issued_date)
            .or(ctx.reference_date),
    };
    let chars = &norm.chars;
    let asg = tasks::Assigner::new(chars, &dir);
    let mut items: Vec<Item> = Vec::new();
    // Ranges already covered by list items (a job inside a list stays one task).
    let mut covered: Vec<(usize, usize)> = Vec::new();

    let task = |s: usize,
                e: usize,
                title: String,
                list: Option<String>,
                ordinal: Option<u32>,
                owners: (Vec<String>, Vec<String>),
                dues: Dues| {
        // The caller reads the deadline (`due_of(&chars[s..e])`): it may have needed it already.
        let (due, duty) = dues;
        Item {
            kind: ItemKind::Task,
            verdict: None,
            title,
            text: norm.original(text, s, e).to_string(),
            section: sections::section_at(&headings, s),
            list,
            ordinal,
            // Names as the document writes them: 各县（市、区）教育局, not the view's (市、区).
            owners: owners.0.iter().map(|o| chinese_punctuation(o)).collect(),
            co_owners: owners.1.iter().map(|o| chinese_punctuation(o)).collect(),
            due,
            recurrence: duty.map(ReportDuty::cycle),
            report_day: duty.and_then(ReportDuty::day),
            span: norm.span(s, e),
            basis: Basis::default(),
            trackable: false,
            row: None,
            category: None,
            leader: None,
        }
    };

    let all_lists = lists::lists(&norm, &headings);
    let all_sentences = sentences::sentences(&norm);
    // The jobs each sentence hands out, worked out once when first asked for.
    let jobs_cache: Vec<std::cell::OnceCell<Vec<tasks::Job>>> = all_sentences
        .iter()
        .map(|_| std::cell::OnceCell::new())
        .collect();
    let jobs_of = |k: usize| -> &Vec<tasks::Job> {
        jobs_cache[k].get_or_init(|| {
            let (s, e) = all_sentences[k];
            tasks::jobs_in(&asg, s, e, base)
        })
    };
    // The decisions each sentence records, worked out once when first asked for.
    let decisions_cache: Vec<std::cell::OnceCell<Vec<decisions::Found>>> = all_sentences
        .iter()
        .map(|_| std::cell::OnceCell::new())
        .collect();
    // Where a decision read from sentence `k` ends: with the sentence, or, where a line
    // break cut the sentence inside a title (十、会议原则同意县财政局《关于审定⏎…的请示》。),
    // with the sentence that closes the title.
    let decision_end = |k: usize| -> usize {
        let (s, mut e) = all_sentences[k];
        if !chars[s..e].contains(&'《') {
            return e;
        }
        let open = |from: usize, to: usize| {
            chars[from..to].iter().fold(0i32, |d, &c| match c {
                '《' => d + 1,
                '》' => d - 1,
                _ => d,
            }) > 0
        };
        for &(_, ne) in all_sentences.iter().skip(k + 1).take(3) {
            if !open(s, e) {
                break;
            }
            e = ne;
        }
        e
    };
    let decisions_of = |k: usize| -> &Vec<decisions::Found> {
        decisions_cache[k].get_or_init(|| {
            let s = all_sentences[k].0;
            decisions::decisions_in(&chars[s..decision_end(k)])
        })
    };
    // A notice decides nothing itself: it hands out work. Only a meeting's record has
    // decisions, and a text read as a notice records one only where it names the meeting
    // as the one deciding (会议原则通过…).
    let may_decide = document.kind != DocumentKind::Notice;
    let counts = |d: &decisions::Found| may_decide || d.names_meeting;
    // Whether a list item records a verdict (（一）会议原则通过…): it opens with a decision,
    // or does so after a topic label (（一）关于西片区地块。同意由…). An item of work that
    // goes on to record a verdict on the way (…继续对外发包，会议表决通过了《…》) stays work.
    let item_decides = |s: usize, e: usize| {
        let first_sentence = |from: usize| {
            chars[from..e]
                .iter()
                .position(|&c| c == '。')
                .map_or(e, |p| from + p + 1)
        };
        let opens = |from: usize, to: usize| {
            decisions::decisions_in(&chars[from..to])
                .iter()
                .any(|d| d.from == 0 && counts(d))
        };
        let stop = first_sentence(s);
        opens(s, stop)
            || stop < e && is_topic_label(&chars[s..stop]) && opens(stop, first_sentence(stop))
    };

    // Numbered headings whose sections are work become tasks: in a news report its
    // numbered points (一、在…上取得新成效); in minutes and notices a section that hands
    // out work and has no list of its own (一、市城管局要在三个工作日内…). Agenda topics
    // (一、关于…, 传达学习…) and the parts of a notice that only set directions are not.
    const AGENDA_WORDS: &[&str] = &[
        "关于", "传达", "学习", "听取", "审议", "研究", "讨论", "通报", "汇报", "其他", "会议",
    ];
    for (k, h) in headings.iter().enumerate() {
        let title = norm.string(h.title_start, h.title_end);
        // A part of a notice's plan (三、培训对象) describes it: no work.
        let title_chars = &chars[h.title_start..h.title_end];
        if AGENDA_WORDS.iter().any(|v| title.starts_with(v)) || tasks::plan_label(title_chars) {
            continue;
        }
        let section_end = headings
            .get(k + 1)
            .map_or_else(|| last_section_end(&norm, h.para_end), |n| n.start);
        let end = if document.kind == DocumentKind::Report {
            let mut end = h.para_end;
            let sentences_in_heading = chars[h.start..end].iter().filter(|&&c| c == '。').count();
            if sentences_in_heading <= 1 {
                if let Some(&(ns, ne)) = norm
                    .paragraph_of(h.start)
                    .and_then(|p| norm.paragraphs.get(p + 1))
                {
                    if sections::agenda_heading(chars, ns, ne).is_none() {
                        end = ne;
                    }
                }
            }
            // 一、原则同意《…》: a point that records a verdict is a decision, not work.
            if item_decides(h.title_start, end) {
                continue;
            }
            end
        } else {
            let has_list = all_lists.iter().any(|l| {
                l.items
                    .iter()
                    .any(|i| i.start >= h.start && i.start < section_end)
            });
            let first = all_sentences.partition_point(|&(ss, _)| ss < h.start);
            let last = all_sentences.partition_point(|&(ss, _)| ss < section_end);
            // Asked in this order, and only as far as needed: a section with a list of its
            // own needs neither its sentences' decisions nor their jobs read.
            let decides = || (first..last).any(|k| decisions_of(k).iter().any(counts));
            let works = || (first..last).any(|k| !jobs_of(k).is_empty());
            if has_list || decides() || !works() {
                continue;
            }
            section_end
        };
        let mut end = end;
        while end > h.start && chars[end - 1] == normalize::BREAK {
            end -= 1;
        }
        let marker = norm
            .original(text, h.start, h.title_start)
            .trim_end()
            .to_string();
        let owners = tasks::owners_in(&asg, h.title_start, end);
        items.push(task(
            h.start,
            end,
            original_title(&norm, text, h.title_start, h.title_end),
            Some(marker),
            Some(h.ordinal),
            owners,
            due::due_of(&chars[h.start..end], base),
        ));
        covered.push((h.start, end));
    }

    // A decision as the meeting recorded it: its verdict, what it approved, and its words.
    let decision = |s: usize, e: usize, verdict: String, title: &str| Item {
        kind: ItemKind::Decision,
        verdict: Some(verdict),
        title: clip(&chinese_punctuation(title)),
        text: norm.original(text, s, e).to_string(),
        section: sections::section_at(&headings, s),
        list: None,
        ordinal: None,
        owners: Vec::new(),
        co_owners: Vec::new(),
        due: None,
        recurrence: None,
        report_day: None,
        span: norm.span(s, e),
        basis: Basis::default(),
        trackable: false,
        row: None,
        category: None,
        leader: None,
    };
    for list in &all_lists {
        // A list that recounts what was done (一是…开展了…) is an account, not work.
        let recounts = |it: &lists::ListItem| tasks::recounts(&chars[it.body..it.end]);
        if list.items.iter().filter(|it| recounts(it)).count() * 2 > list.items.len() {
            continue;
        }
        // 会议研究决定如下：1. 成立…; 2. …: every item is something the meeting decided.
        let decided = list.items.first().is_some_and(|first| {
            let lead_from = chars[..first.start]
                .iter()
                .rposition(|&c| matches!(c, '。' | ';' | '!' | '?'))
                .map_or(0, |p| p + 1)
                .max(first.start.saturating_sub(40));
            let lead = &chars[lead_from..first.start];
            decisions::decides_what_follows(lead)
                && (may_decide || lead.windows(2).any(|w| w == ['会', '议']))
        });
        for it in &list.items {
            if covered
                .iter()
                .any(|&(cs, ce)| cs <= it.start && it.end <= ce)
            {
                continue;
            }
            // An item that records a verdict is a decision, not work; the jobs its sentences
            // hand out (同意由X…) are read as outside a list.
            if item_decides(it.body, it.end) {
                continue;
            }
            if decided {
                // What was decided: the item's first sentence.
                let te = chars[it.body..it.end]
                    .iter()
                    .position(|&c| matches!(c, '。' | ';' | normalize::BREAK))
                    .map_or(it.end, |p| it.body + p);
                let title = norm.string(it.body, te);
                items.push(decision(it.start, it.end, "决定".to_string(), &title));
                continue;
            }
            let body = &chars[it.body..it.end];
            let (due, rec) = due::due_of(body, base);
            // An item that only states a fact (值班情况良好; 小学组：第一名…), describes a
            // part of a plan (培训对象。…) or recounts what was done is no work.
            let owners = tasks::owners_in(&asg, it.body, it.end);
            // A part of the plan (（二）培训对象。…) that tells a named body what to do is work
            // all the same; under a heading that labels one (一、督查内容), an item that names
            // nobody describes the plan.
            let under_plan_part = {
                let k = headings.partition_point(|h| h.start <= it.start);
                k > 0
                    && tasks::plan_heading(
                        &chars[headings[k - 1].title_start..headings[k - 1].title_end],
                    )
            };
            let describes = (tasks::describes_plan(body)
                && owners.0.iter().all(|o| tasks::is_class(o)))
                || (under_plan_part && owners.0.is_empty());
            let no_work = !tasks::is_work(body) || describes || tasks::recounts_plainly(body);
            if no_work && due.is_none() && rec.is_none() {
                continue;
            }
            let (ts, te) = opening_phrase(body);
            let title = original_title(&norm, text, it.body + ts, it.body + te);
            let marker = norm.original(text, it.start, it.mark).to_string();
            items.push(task(
                it.start,
                it.end,
                title,
                Some(marker),
                Some(it.ordinal),
                owners,
                due::due_of(&chars[it.start..it.end], base),
            ));
            covered.push((it.start, it.end));
            // 请于6月9日前报送…，6月20日前汇总反馈…: each further deadline is a job of its own.
            for (cs, ce) in tasks::later_deadlines(&asg, it.body, it.end, due, base) {
                let (ts, te) = opening_phrase(&chars[cs..ce]);
                let title = original_title(&norm, text, cs + ts, cs + te);
                let owners = tasks::owners_in(&asg, cs, ce);
                let dues = due::due_of(&chars[cs..ce], base);
                items.push(task(cs, ce, title, None, None, owners, dues));
            }
        }
    }
    covered.sort_unstable();

    // The job, section, owners and deadline of each job given to a class of bodies so far.
    type Given = (
        (usize, usize),
        Option<u32>,
        Vec<String>,
        Option<chrono::NaiveDate>,
    );
    let mut generic_deadlines: Vec<Given> = Vec::new();
    // The paragraph of the last decision, if it was a heading line (（五）审议通过《…》).
    let mut heading_decision: Option<usize> = None;
    // Sentences up to here were read with a decision's sentence (a title over a line break).
    let mut read_to = 0;
    for (sk, &(s, e)) in all_sentences.iter().enumerate() {
        let de = if s < read_to { e } else { decision_end(sk) };
        let mut found: Vec<decisions::Found> = if s < read_to {
            Vec::new()
        } else {
            decisions_of(sk)
                .iter()
                .filter(|d| counts(d))
                .cloned()
                .collect()
        };
        // 会议审议了《A》。会议原则同意该方案。 / 关于X。会议原则同意，由Y…: the verdict's
        // object is what the sentence before named; the decision's words run from there.
        let mut ds = s;
        if let (Some(d), Some(pk)) = (found.first(), sk.checked_sub(1)) {
            if found.len() == 1 && decisions::refers_back(d) && decisions_of(pk).is_empty() {
                let (ps, pe) = all_sentences[pk];
                let mut named = decisions::named_documents(&chars[ps..pe]);
                if named.is_empty() {
                    named.extend(decisions::labelled_topic(&chars[ps..pe]));
                }
                if !named.is_empty() {
                    let d = found.remove(0);
                    found = named
                        .into_iter()
                        .map(|title| decisions::Found { title, ..d.clone() })
                        .collect();
                    ds = ps;
                }
            }
        }
        // A verdict whose object is nowhere to be found records nothing to track.
        found.retain(|d| !d.title.is_empty());
        if !found.is_empty() {
            read_to = de;
        }
        let sentence = &chars[s..de];
        let para = norm.paragraph_of(s);
        // The line right under a resolution heading that starts with its verdict (同意公司…)
        // is the resolution's wording, not another decision.
        let restates = para.is_some_and(|p| {
            p > 0
                && heading_decision == Some(p - 1)
                && norm.paragraphs[p].0 == s
                && found
                    .iter()
                    .all(|d| sentence.starts_with(&d.verdict.chars().collect::<Vec<_>>()))
        });
        if !found.is_empty() {
            heading_decision = para.filter(|&p| {
                let (ps, pe) = norm.paragraphs[p];
                !chars[ps..pe].contains(&'。')
            });
        }
        // 同意由X…: a decision whose object gives its implementation to a body is a task too,
        // read from where the assignment starts.
        let delegated: Vec<tasks::Job> = match found.iter().find_map(|d| d.assigns) {
            Some(a) if jobs_of(sk).is_empty() => tasks::jobs_in(&asg, s + a, de, base),
            _ => Vec::new(),
        };
        for d in found.into_iter().filter(|_| !restates) {
            items.push(decision(ds, de, d.verdict, &d.title));
        }
        let k = covered.partition_point(|&(_, ce)| ce <= s);
        let overlaps = covered[k..]
            .iter()
            .take_while(|&&(cs, _)| cs < e)
            .any(|&(cs, ce)| cs < e && ce > s);
        if overlaps {
            continue;
        }
        for job in jobs_of(sk).iter().chain(&delegated) {
            // A class of bodies given the same deadline again in the same topic is the
            // same requirement repeated (会议强调，各部门要在一个工作日内…；会议要求，各部门
            // 要在一个工作日内…).
            let dues = due::due_of(&chars[job.start..job.end], base);
            let due = dues.0;
            let generic = job.owners.iter().all(|o| tasks::is_class(o));
            let section = sections::section_at(&headings, job.start);
            if due.is_some() && generic {
                let again = generic_deadlines.iter().any(|((gs, ge), sec, owners, d)| {
                    (*sec, owners, *d) == (section, &job.owners, due)
                        && tasks::same_requirement(
                            &chars[*gs..*ge],
                            &chars[job.start..job.end],
                            &job.owners,
                        )
                });
                if again {
                    continue;
                }
                generic_deadlines.push(((job.start, job.end), section, job.owners.clone(), due));
            }
            let (ts, te) = opening_phrase(&chars[job.start..job.end]);
            let title = original_title(&norm, text, job.start + ts, job.start + te);
            items.push(task(
                job.start,
                job.end,
                title,
                None,
                None,
                (job.owners.clone(), job.co_owners.clone()),
                dues,
            ));
        }
    }
    // An item of the text rules that runs over a table says what the document says there.
    for item in items.iter_mut().filter(|i| view.changed_in(i.span)) {
        item.text = original
            .chars()
            .skip(item.span[0])
            .take(item.span[1] - item.span[0])
            .collect();
    }
    // The sections: the text's headings and the task tables' category rows, in text
    // order, numbered anew.
    let read = tables::read(all_tables, &task_tables, base);
    let mut sections: Vec<(Section, Option<u32>)> = headings
        .iter()
        .map(|h| {
            let section = Section {
                ordinal: h.ordinal,
                title: norm.original(text, h.title_start, h.title_end).to_string(),
                span: norm.span(h.start, h.title_end),
            };
            (section, Some(h.ordinal))
        })
        .collect();
    let first_category = sections.len();
    sections.extend(read.categories.iter().map(|c| {
        let section = Section {
            ordinal: 0,
            title: c.title.clone(),
            span: c.span,
        };
        (section, None)
    }));
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| sections[i].0.span[0]);
    let mut renumbered = vec![0u32; sections.len()];
    for (n, &i) in order.iter().enumerate() {
        renumbered[i] = u32::try_from(n + 1).unwrap_or(u32::MAX);
    }
    let heading_ordinal = |old: u32| {
        sections
            .iter()
            .position(|(_, h)| *h == Some(old))
            .map(|i| renumbered[i])
    };
    for item in &mut items {
        item.section = item.section.and_then(heading_ordinal);
    }
    for (mut item, under) in read.tasks.into_iter().zip(read.under) {
        item.section = match under {
            Some(c) => Some(renumbered[first_category + c]),
            // The row is blank in the view: its section is that of the last character
            // before it.
            None => {
                let before = norm.map.partition_point(|&m| m < item.span[0]);
                before
                    .checked_sub(1)
                    .and_then(|at| sections::section_at(&headings, at))
                    .and_then(heading_ordinal)
            }
        };
        items.push(item);
    }
    items.sort_by_key(|i| i.span[0]);
    basis::annotate(&mut items);

    let sections = order
        .iter()
        .map(|&i| Section {
            ordinal: renumbered[i],
            ..sections[i].0.clone()
        })
        .collect();
    Extraction {
        document,
        sections,
        items,
    }
}

/// A deadline and a reporting duty, as [`due::due_of`] reads them.
type Dues = (Option<NaiveDate>, Option<ReportDuty>);

/// Where the last section ends: its heading paragraph and the body paragraphs after it,
/// stopping at closing matter (附件, 联系人, 抄送, a signature or a date line).
fn last_section_end(norm: &Norm, heading_para_end: usize) -> usize {
    const CLOSERS: &[&str] = &[
        "附件",
        "联系人",
        "联系电话",
        "抄送",
        "送:",
        "主送",
        "印发",
        "(此件",
        "此件",
    ];
    let Some(p) = norm.paragraph_of(heading_para_end.saturating_sub(1)) else {
        return heading_para_end;
    };
    let mut end = heading_para_end;
    for &(s, e) in norm.paragraphs.iter().skip(p + 1).take(6) {
        let para: String = norm.chars[s..e.min(s + 8)].iter().collect();
        // The meeting's closing words (会议要求/强调，全体…) belong to no section.
        if e - s < 20
            || CLOSERS.iter().any(|c| para.starts_with(c))
            || ["会议要求", "会议强调", "会议指出", "会议认为", "会议号召"]
                .iter()
                .any(|c| para.starts_with(c))
            || normalize::starts_with_marker(&norm.chars[s..e])
        {
            break;
        }
        end = e;
    }
    end
}

/// Whether a sentence only names the topic of a list item (关于东岭物流园120亩地块。):
/// 关于 and a noun phrase, no clause.
fn is_topic_label(sentence: &[char]) -> bool {
    decisions::labelled_topic(sentence).is_some()
}

/// At most 60 characters of a title.
fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Where the opening phrase of an item lies in `chars`: its first clause (longer if that
/// is only a word or two), without a leading 要， and at most 60 characters.
fn opening_phrase(chars: &[char]) -> (usize, usize) {
    let lead = chars
        .iter()
        .take_while(|&&c| matches!(c, '要' | ',' | ':'))
        .count();
    // A clause that only names who leads (由X负责，/ X牵头，) is not the job's name: the
    // clause after it is.
    let lead = lead + tasks::leading_assignment(&chars[lead..]);
    let chars = &chars[..chars.len().min(lead + 60)];
    let mut end = lead;
    for (i, &c) in chars.iter().enumerate().skip(lead) {
        // A clause that is only the subject (X等部门，要…) runs on into its verb.
        let subject_only = c == ','
            && matches!(
                chars.get(i + 1..i + 3),
                Some(['要', _] | ['须', _] | ['必', '须'] | ['应', '当'])
            );
        if matches!(c, ',' | ';' | '。' | ':' | '!' | '?' | '\n' | '<')
            && (i >= lead + 4 || matches!(c, '。' | '\n' | '<'))
            && !subject_only
        {
            end = i;
            break;
        }
        end = i + 1;
    }
    (lead, end.max(lead))
}

/// A title read from the normalised view (where ，（） became ,()) with the punctuation a
/// Chinese document writes; a colon between digits (10:30) stays.
fn chinese_punctuation(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_digit)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            ',' => '，',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '!' => '！',
            '?' => '？',
            ':' if !(digit(i.checked_sub(1)) && digit(Some(i + 1))) => '：',
            other => other,
        })
        .collect()
}

/// The original text of normalised range `[s, e)`, character by character: the document's
/// own punctuation (，（）) without the line breaks and spaces of its layout.
fn original_title(norm: &Norm, text: &str, s: usize, e: usize) -> String {
    // Room for the characters once (growing it step by step costs more than the copying).
    let mut out = String::with_capacity(e.saturating_sub(s) * 3);
    let mut last = None;
    for i in s..e.min(norm.chars.len()) {
        if norm.chars[i] == normalize::BREAK || last == Some(norm.map[i]) {
            continue;
        }
        last = Some(norm.map[i]);
        out.push_str(norm.original(text, i, i + 1).trim());
    }
    clip(&out)
}

/// Decodes raw file bytes and extracts from the text.
pub fn extract_bytes(
    bytes: &[u8],
    file_name: &str,
    ctx: &DocContext,
) -> Result<(Decoded, Extraction), DecodeError> {
    let decoded = decode(bytes, file_name)?;
    let extraction = extract_decoded(&decoded, ctx);
    Ok((decoded, extraction))
}

#[cfg(test)]
mod decision_list_tests {
    use super::*;

    fn items(text: &str) -> Vec<(ItemKind, String, Option<String>)> {
        extract(text, &DocContext::default())
            .items
            .into_iter()
            .map(|i| (i.kind, i.text, i.list))
            .collect()
    }

    #[test]
    fn a_list_item_that_records_a_verdict_is_a_decision_not_a_task() {
        let text = "某局局务会议纪要\n会议议定事项如下：\n（一）会议原则通过办公室提交的《档案管理办法》。会后印发实施。\n（二）各科室要在5月底前完成档案整理。\n（三）关于车辆更新。同意由后勤科按程序采购公务用车1辆。\n";
        let got = items(text);
        let decisions = got.iter().filter(|i| i.0 == ItemKind::Decision).count();
        assert_eq!(decisions, 2, "{got:?}");
        // （二） is work; （一） and （三） are not list tasks.
        let list_tasks: Vec<_> = got
            .iter()
            .filter(|i| i.0 == ItemKind::Task && i.2.is_some())
            .collect();
        assert_eq!(list_tasks.len(), 1, "{got:?}");
        assert!(list_tasks[0].1.contains("档案整理"));
        // 同意由后勤科… hands the purchase to 后勤科: a task besides the decision.
        assert!(got
            .iter()
            .any(|i| i.0 == ItemKind::Task && i.2.is_none() && i.1.contains("后勤科")));
    }

    #[test]
    fn an_item_of_work_that_records_a_verdict_on_the_way_stays_work() {
        let text = "某村村民委员会会议记录\n会议商定以下事项：\n1. 鱼塘承包到期后继续对外发包，会议表决通过了《鱼塘承包方案》，由村监委会监督发包过程。\n2. 各村民小组要于12月20日前上报核查情况。\n";
        let got = items(text);
        assert_eq!(
            got.iter().filter(|i| i.0 == ItemKind::Decision).count(),
            1,
            "{got:?}"
        );
        assert_eq!(
            got.iter()
                .filter(|i| i.0 == ItemKind::Task && i.2.is_some())
                .count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn a_decisions_title_keeps_chinese_punctuation() {
        let got = items("会议同意提名李明同志为副县长人选，按程序提交县人大常委会任命。");
        let decision = got
            .iter()
            .find(|i| i.0 == ItemKind::Decision)
            .expect("decision");
        assert!(decision.1.contains("人选，按程序"), "{got:?}");
        assert_eq!(chinese_punctuation("10:30(上午)"), "10:30（上午）");
        let got = extract(
            "2026年5月6日，市教育局召开安全工作会议。\n会议要求，各县（市、区）教育局要于5月底前完成校舍安全排查。",
            &DocContext::default(),
        );
        let owners: Vec<&[String]> = got.items.iter().map(|i| i.owners.as_slice()).collect();
        assert_eq!(owners, [["各县（市、区）教育局"]], "{got:?}");
    }

    #[test]
    fn a_notice_records_a_decision_only_where_it_names_the_meeting() {
        let text = "关于开展安全检查的通知\n各科室：\n经研究，决定开展安全检查。请各科室于5月10日前完成自查。\n";
        let got = items(text);
        assert!(got.iter().all(|i| i.0 != ItemKind::Decision), "{got:?}");
    }

    #[test]
    fn a_title_cut_by_a_line_break_is_read_whole() {
        let text = "某县政府常务会议纪要\n十、会议讨论并原则同意县财政局《关于审定国有企业\n负责人考核办法的请示》。会议确定：县财政局负责修改完善。\n";
        let got = items(text);
        let d: Vec<_> = got.iter().filter(|i| i.0 == ItemKind::Decision).collect();
        assert_eq!(d.len(), 1, "{got:?}");
        assert!(d[0].1.contains("考核办法的请示"), "{got:?}");
        let titles: Vec<String> = extract(text, &DocContext::default())
            .items
            .into_iter()
            .filter(|i| i.kind == ItemKind::Decision)
            .map(|i| i.title)
            .collect();
        assert_eq!(titles, ["关于审定国有企业负责人考核办法的请示"]);
    }

    #[test]
    fn a_reports_numbered_point_that_records_a_verdict_is_a_decision_not_work() {
        let text = "某学院召开院长办公会\n发布时间：2024-03-02\n3月1日，院长李某主持召开院长办公会。\n一、原则同意《实验室开放管理办法》\n会议要求，实验管理中心要做好宣传解读。\n二、推进专业认证工作\n教务处要在4月底前完成自评报告。\n";
        let got = items(text);
        assert_eq!(
            got.iter().filter(|i| i.0 == ItemKind::Decision).count(),
            1,
            "{got:?}"
        );
        // Only 二 is a numbered point of work.
        let points: Vec<_> = got.iter().filter(|i| i.2.is_some()).collect();
        assert_eq!(points.len(), 1, "{got:?}");
        assert!(points[0].1.contains("专业认证"), "{got:?}");
    }

    #[test]
    fn items_under_a_lead_saying_the_meeting_decided_are_decisions() {
        let text = "某县人民政府常务会议纪要\n会议研究决定如下：\n1. 成立县城市更新工作领导小组，由县长任组长。\n2. 从县本级预备费中安排200万元用于应急供水工程。\n会议要求如下：\n1. 各乡镇要做好防汛准备。\n2. 县水利局要在5月底前完成水库除险加固。\n";
        let got = items(text);
        let decisions: Vec<_> = got.iter().filter(|i| i.0 == ItemKind::Decision).collect();
        assert_eq!(decisions.len(), 2, "{got:?}");
        assert!(decisions[1].1.contains("应急供水工程"), "{got:?}");
        // The list under 会议要求 stays work.
        assert_eq!(
            got.iter()
                .filter(|i| i.0 == ItemKind::Task && i.2.is_some())
                .count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn a_notice_deciding_what_follows_hands_out_work() {
        let text = "关于开展消防安全检查的通知\n各科室：\n经研究，决定如下：\n1. 各科室要在5月10日前完成自查。\n2. 保卫科要在5月20日前完成抽查。\n";
        let got = items(text);
        assert!(got.iter().all(|i| i.0 != ItemKind::Decision), "{got:?}");
    }
}
