//! The typed result of extraction. Field names follow `shared/corpus/EXTRACT-JSON.md`,
//! so serialising an [`Extraction`] gives the `document`, `sections` and `items` parts of
//! the `duban extract --json` contract.

use chrono::NaiveDate;
use serde::Serialize;

/// What kind of document the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// A formal 会议纪要 with a header block.
    Minutes,
    /// A news report of a meeting, as published on a website.
    Report,
    /// A 通知 / 文件 that assigns work.
    Notice,
    #[default]
    Unknown,
}

/// Header fields of a document; `None` / empty where the text does not state them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DocumentMeta {
    pub kind: DocKind,
    pub org: Option<String>,
    pub doc_number: Option<String>,
    pub title: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub issued_date: Option<NaiveDate>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub attendees: Vec<String>,
    pub observers: Vec<String>,
    pub recorder: Option<String>,
    pub signer: Option<String>,
}

/// A top-level agenda heading (一、二、…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub ordinal: u32,
    pub title: String,
    /// `[start, end)` in characters of the decoded text, covering the heading line.
    pub span: [usize; 2],
}

/// Decision (决定) or task (任务 / 督办事项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Decision,
    Task,
}

/// How often a recurring report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

/// One decision or task, linked to the exact text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    /// For decisions: the verb phrase as written (原则同意, 审议通过, …).
    pub verdict: Option<String>,
    pub title: String,
    pub text: String,
    pub section: Option<u32>,
    /// The list marker as written for this item (一是, 一要, 一、, （一）, 1.).
    pub list: Option<String>,
    pub ordinal: Option<u32>,
    /// Lead bodies (牵头 / 负责).
    pub owners: Vec<String>,
    /// Helping bodies (配合 / 协助).
    pub co_owners: Vec<String>,
    pub due: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    /// `[start, end)` in characters (Unicode scalar values) of the decoded text, covering `text`.
    pub span: [usize; 2],
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Extraction {
    pub document: DocumentMeta,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

/// One line of `duban extract --json`: the file, its encoding and what was extracted.
#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    pub file: &'a str,
    pub encoding: &'a str,
    #[serde(flatten)]
    pub extraction: &'a Extraction,
}
