//! Synthetic documents over the past year, each with its sections and items, written out
//! as text so that every item's span points at its sentence in the document body.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sha2::{Digest, Sha256};

use super::dice::Dice;
use super::history::{self, Records, Setting};
use super::people::{Bases, People};
use super::text::{numeral, PLACES, PLANS, TOPICS, VERBS, WORKS};

use crate::domain::{DocumentKind, ItemKind, Recurrence, UnitRole};
use crate::format::cn_date;
use crate::search::segment;
use crate::store::bulk::{DocumentRow, ItemRow, ItemUnitRow, SectionRow};

/// Section ids are reserved in blocks of this many per document.
pub(super) const MAX_SECTIONS: usize = 6;
/// Documents of the last few days are still being reviewed: their items are drafts.
const REVIEW_DAYS: i64 = 3;
const ORG: &str = "江城市人民政府";

#[derive(Default)]
pub(super) struct Papers {
    pub documents: Vec<DocumentRow>,
    pub sections: Vec<SectionRow>,
    pub items: Vec<ItemRow>,
    pub item_units: Vec<ItemUnitRow>,
    pub records: Records,
}

/// A document body being written, counting characters (spans are in characters).
#[derive(Default)]
struct Body {
    text: String,
    chars: i32,
}

impl Body {
    fn push(&mut self, s: &str) -> (i32, i32) {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += i32::try_from(s.chars().count()).unwrap_or(i32::MAX);
        (start, self.chars)
    }
}

/// Writes `documents` documents holding `items` items in all.
pub(super) fn write(
    d: &mut Dice,
    people: &People,
    bases: &Bases,
    documents: usize,
    items: usize,
) -> Papers {
    let mut papers = Papers::default();
    let sizes = split(d, items, documents);
    let mut numbers = [0usize; 3];
    for (n, &count) in sizes.iter().enumerate() {
        let days_ago = 1 + (364 * (documents - 1 - n) / documents.max(2).saturating_sub(1));
        let meeting = weekday_on_or_before(d.today() - Duration::days(days_ago as i64));
        let id = bases.document + n as i64;
        write_document(
            d,
            people,
            bases,
            &mut papers,
            &mut numbers,
            id,
            n,
            meeting,
            count,
        );
    }
    papers
}

/// `total` items over `parts` documents, each between half and one and a half times the
/// mean, summing exactly to `total`.
fn split(d: &mut Dice, total: usize, parts: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..parts).map(|_| 0.5 + d.unit_interval()).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / sum) * total as f64).floor() as usize)
        .collect();
    let mut left = total - sizes.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        sizes[i % parts] += 1;
        left -= 1;
        i += 1;
    }
    sizes
}

fn weekday_on_or_before(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day - Duration::days(1),
        Weekday::Sun => day - Duration::days(2),
        _ => day,
    }
}

#[allow(clippy::too_many_arguments)]
fn write_document(
    d: &mut Dice,
    people: &People,
    bases: &Bases,
    papers: &mut Papers,
    numbers: &mut [usize; 3],
    id: i64,
    position: usize,
    meeting: NaiveDate,
    count: usize,
) {
    let year = meeting.year();
    let (kind, title, doc_number) = heading(d, numbers, year);
    let leader_names: Vec<&str> = people.leaders.iter().map(|l| l.name.as_str()).collect();
    let chair = (*d.pick(&leader_names)).to_owned();
    let mut attendees: Vec<String> = Vec::new();
    for _ in 0..d.int(3, 6) {
        let name = (*d.pick(&leader_names)).to_owned();
        if !attendees.contains(&name) {
            attendees.push(name);
        }
    }
    let importer = *d.pick(&people.secretariat);
    let recorder = people.users[(importer - bases.user) as usize]
        .display_name
        .clone();
    let place = (*d.pick(PLACES)).to_owned();
    let imported_at = d.office_time(meeting + Duration::days(1));
    let under_review = (d.today() - meeting).num_days() <= REVIEW_DAYS;

    let mut body = Body::default();
    body.push(&format!(
        "{title}\n{doc_number}\n时间：{}\n地点：{place}\n主持：{chair}\n出席：{}\n记录：{recorder}\n\n",
        cn_date(meeting),
        attendees.join("、")
    ));
    body.push(&format!(
        "{}，{chair}主持召开会议，研究部署近期重点工作。现纪要如下：\n",
        cn_date(meeting)
    ));
    let sections = (count / 10).clamp(1, MAX_SECTIONS);
    let per_section = count.div_ceil(sections);
    let mut written = 0;
    for s in 0..sections {
        let in_section = per_section.min(count - written);
        let section_id = bases.section + (position * MAX_SECTIONS + s) as i64;
        let topic = *d.pick(TOPICS);
        let heading = format!("{}、关于{topic}工作", numeral(s + 1));
        let (start, _) = body.push(&heading);
        body.push("\n");
        for k in 0..in_section {
            let ctx = ItemPlace {
                id: bases.item + papers.items.len() as i64,
                document_id: id,
                section_id,
                ordinal: k + 1,
                meeting,
                importer,
                imported_at,
                under_review,
                topic,
            };
            write_item(d, people, &mut body, papers, &ctx);
        }
        written += in_section;
        papers.sections.push(SectionRow {
            id: section_id,
            document_id: id,
            ordinal: i32::try_from(s + 1).unwrap_or(i32::MAX),
            title: heading,
            span: (start, body.chars),
        });
        if written == count {
            break;
        }
    }
    let text = body.text;
    papers.documents.push(DocumentRow {
        id,
        file_name: format!("{doc_number}.txt"),
        sha256: Sha256::digest(text.as_bytes()).to_vec(),
        kind,
        org: ORG.to_owned(),
        segmented: [
            segment(&format!("{title} {doc_number}")),
            segment(ORG),
            segment(&text),
        ],
        doc_number,
        title,
        meeting_date: meeting,
        place,
        chair,
        attendees,
        recorder,
        body: text,
        imported_by: importer,
        imported_at,
    });
}

/// Kind, title and number (文号) of the next document of a year.
fn heading(d: &mut Dice, numbers: &mut [usize; 3], year: i32) -> (DocumentKind, String, String) {
    let r = d.unit_interval();
    let (slot, kind) = if r < 0.6 {
        (0, DocumentKind::Minutes)
    } else if r < 0.85 {
        (1, DocumentKind::Notice)
    } else {
        (2, DocumentKind::Report)
    };
    numbers[slot] += 1;
    let n = numbers[slot];
    let topic = *d.pick(TOPICS);
    let title = match kind {
        DocumentKind::Minutes if d.chance(0.7) => format!("{ORG}{year}年第{n}次常务会议纪要"),
        DocumentKind::Minutes => format!("关于{topic}工作的专题会议纪要"),
        DocumentKind::Notice => format!("关于做好{topic}工作的通知"),
        _ => format!("关于{topic}工作情况的报告"),
    };
    let prefix = ["江政纪", "江政办发", "江政报"][slot];
    (kind, title, format!("{prefix}〔{year}〕{n}号"))
}

/// Where an item sits and what its document decided about it.
struct ItemPlace {
    id: i64,
    document_id: i64,
    section_id: i64,
    ordinal: usize,
    meeting: NaiveDate,
    importer: i64,
    imported_at: chrono::DateTime<chrono::Utc>,
    under_review: bool,
    topic: &'static str,
}

fn write_item(d: &mut Dice, people: &People, body: &mut Body, papers: &mut Papers, p: &ItemPlace) {
    let units = &people.units;
    let mut lead = vec![d.weighted(&people.lead_weights)];
    if d.chance(0.12) {
        let second = d.weighted(&people.lead_weights);
        if !lead.contains(&second) {
            lead.push(second);
        }
    }
    let mut co = Vec::new();
    let helpers = match d.unit_interval() {
        r if r < 0.65 => 0,
        r if r < 0.9 => 1,
        _ => 2,
    };
    for _ in 0..helpers {
        let u = d.index(units.len());
        if !lead.contains(&u) && !co.contains(&u) {
            co.push(u);
        }
    }
    let heads = &people.heads[lead[0]];
    let setting = Setting {
        item_id: p.id,
        meeting: p.meeting,
        imported_at: p.imported_at,
        importer: p.importer,
        under_review: p.under_review,
        lead_unit: units[lead[0]].id,
        head: (!heads.is_empty()).then(|| *d.pick(heads)),
        secretariat: *d.pick(&people.secretariat),
    };
    let outcome = history::play(d, &setting, &mut papers.records);
    let topic = if d.chance(0.7) {
        p.topic
    } else {
        *d.pick(TOPICS)
    };
    let lead_names: Vec<String> = lead.iter().map(|&u| units[u].name.clone()).collect();
    let co_names: Vec<String> = co.iter().map(|&u| units[u].name.clone()).collect();
    let decision = d.chance(0.25);
    let (title, text, verdict) = if decision {
        let verdict = *d.pick(&["原则同意", "审议通过"]);
        let title = format!("{verdict}《江城市{topic}{}》", d.pick(PLANS));
        let text = format!("会议{title}，由{}按程序印发实施。", lead_names.join("、"));
        (title, text, Some(verdict))
    } else {
        let title = format!("{}{topic}{}", d.pick(VERBS), d.pick(WORKS));
        let helpers = if co_names.is_empty() {
            String::new()
        } else {
            format!("，{}配合", co_names.join("、"))
        };
        let due = outcome
            .due
            .map_or(String::new(), |due| format!("，{}前完成", cn_date(due)));
        let text = format!("{}牵头{helpers}，{title}{due}。", lead_names.join("、"));
        (title, text, None)
    };
    let marker = format!("（{}）", numeral(p.ordinal));
    body.push(&marker);
    let span = body.push(&text);
    body.push("\n");
    let published = outcome.status.is_tracked();
    let leader_id = (published && d.chance(0.65) || !published && d.chance(0.3))
        .then(|| d.pick(&people.leaders).id);
    let recurrence = match d.unit_interval() {
        r if r < 0.03 => Some(Recurrence::Monthly),
        r if r < 0.05 => Some(Recurrence::Quarterly),
        _ => None,
    };
    for (units_of, role) in [(&lead, UnitRole::Lead), (&co, UnitRole::Co)] {
        for &u in units_of {
            papers.item_units.push(ItemUnitRow {
                item_id: p.id,
                unit_id: units[u].id,
                role,
            });
        }
    }
    papers.items.push(ItemRow {
        id: p.id,
        document_id: p.document_id,
        section_id: p.section_id,
        kind: if decision {
            ItemKind::Decision
        } else {
            ItemKind::Task
        },
        verdict,
        segmented: [
            segment(&title),
            segment(&text),
            segment(&lead_names.join(" ")),
        ],
        title,
        body: text,
        span,
        list_marker: "（一）",
        list_ordinal: i32::try_from(p.ordinal).unwrap_or(i32::MAX),
        extracted_owners: lead_names,
        leader_id,
        due_date: outcome.due,
        recurrence: recurrence.filter(|_| outcome.due.is_some()),
        status: outcome.status,
        version: outcome.version,
        assigned_at: outcome.assigned_at,
        reported_done_at: outcome.reported_done_at,
        closed_at: outcome.closed_at,
        last_progress_at: outcome.last_progress_at,
        created_by: p.importer,
        created_at: p.imported_at,
        updated_at: outcome.updated_at,
    });
}
