//! Minutes, reports and notices in; header, sections, decisions and tasks out.
//!
//! Pure: no database, no network, no clock, no file system. Callers hand in bytes (or text)
//! and a [`DocContext`] with what the text cannot say for itself.
//!
//! How it reads a document: [`normalize`] builds a normalised view (NFKC, no stray spaces,
//! PDF line wraps joined) that maps back to the original characters, so every item's `span`
//! is exact; [`header`] reads the header block; [`sections`] finds the agenda headings;
//! [`lists`] finds enumerated lists of work; [`decisions`] and [`tasks`] read sentences;
//! [`owners`] and [`due`] read who does a job and by when.
//!
//! Glossary (English in code, Chinese in data):
//! 会议纪要 → minutes · 通知 → notice · 会议报道 → report · 决定 → decision ·
//! 任务/督办事项 → task · 牵头单位 → owner · 配合单位 → co-owner · 完成时限 → due ·
//! 文号 → doc number · 签发人 → signer · 出席 → attendees · 列席 → observers ·
//! 记录 → recorder · 主持 → chair · 议题 → section · 一是/一要/（一） → list marker ·
//! 审议通过/原则同意 → verdict · 每月底前 → recurrence.

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
mod tasks;

pub use decode::{decode, DecodeError, Decoded, SourceFormat, MAX_INPUT_BYTES};
pub use model::*;
pub use normalize::Norm;

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
                owners: (Vec<String>, Vec<String>)| {
        let (due, recurrence) = due::due_of(&chars[s..e], base);
        Item {
            kind: ItemKind::Task,
            verdict: None,
            title,
            text: norm.original(text, s, e).to_string(),
            section: sections::section_at(&headings, s),
            list,
            ordinal,
            owners: owners.0,
            co_owners: owners.1,
            due,
            recurrence,
            span: norm.span(s, e),
            basis: Basis::default(),
            trackable: false,
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
    let decisions_of = |k: usize| -> &Vec<decisions::Found> {
        decisions_cache[k].get_or_init(|| {
            let (s, e) = all_sentences[k];
            decisions::decisions_in(&chars[s..e])
        })
    };
    let first_sentence_decides = |s: usize, e: usize| {
        let stop = chars[s..e]
            .iter()
            .position(|&c| c == '。')
            .map_or(e, |p| s + p + 1);
        !decisions::decisions_in(&chars[s..stop]).is_empty()
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
        if AGENDA_WORDS.iter().any(|v| title.starts_with(v)) {
            continue;
        }
        let section_end = headings
            .get(k + 1)
            .map_or_else(|| last_section_end(&norm, h.para_end), |n| n.start);
        let end = if document.kind == DocKind::Report {
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
            end
        } else {
            let has_list = all_lists.iter().any(|l| {
                l.items
                    .iter()
                    .any(|i| i.start >= h.start && i.start < section_end)
            });
            let first = all_sentences.partition_point(|&(ss, _)| ss < h.start);
            let last = all_sentences.partition_point(|&(ss, _)| ss < section_end);
            let decides = (first..last).any(|k| !decisions_of(k).is_empty());
            let works = (first..last).any(|k| !jobs_of(k).is_empty());
            if has_list || decides || !works {
                continue;
            }
            section_end
        };
        let mut end = end;
        while end > h.start && chars[end - 1] == normalize::BREAK {
            end -= 1;
        }
        let marker = norm.original(text, h.start, h.title_start).trim_end().to_string();
        let owners = tasks::owners_in(&asg, h.title_start, end);
        items.push(task(
            h.start,
            end,
            clip(&title),
            Some(marker),
            Some(h.ordinal),
            owners,
        ));
        covered.push((h.start, end));
    }

    for list in &all_lists {
        let marker = norm
            .original(text, list.marker_start, list.marker_end)
            .to_string();
        // A numbered list of what the meeting decided is decisions, not work.
        if list
            .items
            .iter()
            .filter(|it| first_sentence_decides(it.body, it.end))
            .count()
            * 2
            > list.items.len()
        {
            continue;
        }
        for it in &list.items {
            if covered
                .iter()
                .any(|&(cs, ce)| cs <= it.start && it.end <= ce)
            {
                continue;
            }
            // An item that only states a fact (值班情况良好; 小学组：第一名…) is no work.
            if !tasks::is_work(&chars[it.body..it.end]) && {
                let (due, rec) = due::due_of(&chars[it.body..it.end], base);
                due.is_none() && rec.is_none()
            } {
                continue;
            }
            let title = opening_phrase(&chars[it.body..it.end]);
            let owners = tasks::owners_in(&asg, it.body, it.end);
            items.push(task(
                it.start,
                it.end,
                title,
                Some(marker.clone()),
                Some(it.ordinal),
                owners,
            ));
            covered.push((it.start, it.end));
        }
    }
    covered.sort_unstable();

    // A notice decides nothing itself: it hands out work. Only a meeting's record has decisions.
    let may_decide = document.kind != DocKind::Notice;
    // The paragraph of the last decision, if it was a heading line (（五）审议通过《…》).
    let mut heading_decision: Option<usize> = None;
    for (sk, &(s, e)) in all_sentences.iter().enumerate() {
        let sentence = &chars[s..e];
        let found = if may_decide {
            decisions_of(sk).clone()
        } else {
            Vec::new()
        };
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
        for d in found.into_iter().filter(|_| !restates) {
            items.push(Item {
                kind: ItemKind::Decision,
                verdict: Some(d.verdict),
                title: clip(&d.title),
                text: norm.original(text, s, e).to_string(),
                section: sections::section_at(&headings, s),
                list: None,
                ordinal: None,
                owners: Vec::new(),
                co_owners: Vec::new(),
                due: None,
                recurrence: None,
                span: norm.span(s, e),
                basis: Basis::default(),
                trackable: false,
            });
        }
        let k = covered.partition_point(|&(_, ce)| ce <= s);
        let overlaps = covered[k..]
            .iter()
            .take_while(|&&(cs, _)| cs < e)
            .any(|&(cs, ce)| cs < e && ce > s);
        if overlaps {
            continue;
        }
        for job in jobs_of(sk) {
            let title = opening_phrase(&chars[job.start..job.end]);
            items.push(task(
                job.start,
                job.end,
                title,
                None,
                None,
                (job.owners.clone(), job.co_owners.clone()),
            ));
        }
    }
    items.sort_by_key(|i| i.span[0]);
    basis::annotate(&mut items);

    let sections = headings
        .iter()
        .map(|h| Section {
            ordinal: h.ordinal,
            title: norm.original(text, h.title_start, h.title_end).to_string(),
            span: norm.span(h.start, h.title_end),
        })
        .collect();
    Extraction {
        document,
        sections,
        items,
    }
}

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

/// At most 60 characters of a title.
fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

/// The opening phrase of an item: its first clause (longer if that is only a word or two).
fn opening_phrase(chars: &[char]) -> String {
    // The phrase is clipped to 60 characters after its leading 要，: nothing after that
    // can change it.
    let lead = chars
        .iter()
        .take_while(|&&c| matches!(c, '要' | ',' | ':'))
        .count();
    let chars = &chars[..chars.len().min(lead + 60)];
    let mut end = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, ',' | ';' | '。' | ':' | '!' | '?' | '\n')
            && (i >= 4 || c == '。' || c == '\n')
        {
            end = i;
            break;
        }
        end = i + 1;
    }
    let s = normalize::string_of(&chars[..end]);
    clip(s.trim_start_matches(['要', ',', ':']))
}

/// Decodes raw file bytes and extracts from the text.
pub fn extract_bytes(
    bytes: &[u8],
    file_name: &str,
    ctx: &DocContext,
) -> Result<(Decoded, Extraction), DecodeError> {
    let decoded = decode(bytes, file_name)?;
    let extraction = extract(&decoded.text, ctx);
    Ok((decoded, extraction))
}
