//! The typed result of extraction. Field names follow `shared/corpus/EXTRACT-JSON.md`,
//! so serialising an [`Extraction`] gives the `document`, `sections` and `items` parts of
//! the `duban extract --json` contract.

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::domain::{DocumentKind, ItemKind, Recurrence, ReportDuty};

/// Header fields of a document; `None` / empty where the text does not state them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DocumentMeta {
    pub kind: DocumentKind,
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
    /// The day of the period the recurring report is due on (每月28日前 → 28, 每周五 → 5);
    /// none for the period's last day (每月底前, 每季度末) or without a recurrence.
    pub report_day: Option<i16>,
    /// `[start, end)` in characters (Unicode scalar values) of the decoded text, covering `text`.
    pub span: [usize; 2],
    /// The rule that found the item (`list:二是`, `assignment:由X负责`, `decision:原则同意`).
    pub basis: Basis,
    /// Whether it names something a clerk can track (an owner, a deliverable, a deadline),
    /// as opposed to a general exhortation.
    pub trackable: bool,
    /// For a task read from a row of a task-allocation table (任务分工表): the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<TableRow>,
    /// The part of the table the row stands under: a category row (一、深化教育教学改革)
    /// or a broader task or category column (重点任务 over 具体措施).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The leader the table names for the row (责任领导, 分管领导), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
}

/// Where a table task stands: 1-based, the table's place among the document's tables and
/// the row's place in its table (header rows counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TableRow {
    pub table: usize,
    pub row: usize,
}

/// The kinds of rule that find items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rule {
    /// An item of an enumerated list or a numbered heading (一是, （一）, 一、).
    #[default]
    List,
    /// A sentence that gives a named body a job (由X负责, X牵头, 责成X, X要).
    Assignment,
    /// A sentence that records a verdict (原则同意, 审议通过).
    Decision,
    /// A sentence that gives any body a job with a deadline or a recurrence.
    Deadline,
    /// A row of a task-allocation table (任务分工表).
    Table,
}

impl Rule {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Assignment => "assignment",
            Self::Decision => "decision",
            Self::Deadline => "deadline",
            Self::Table => "table",
        }
    }
}

/// Why an item was found: the rule and the words it keyed on (the list marker, the
/// verdict, the shape of the assignment). Written `rule:cue`, or `rule` alone without a cue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Basis {
    pub rule: Rule,
    pub cue: String,
}

impl Basis {
    #[must_use]
    pub fn new(rule: Rule, cue: &str) -> Self {
        Self {
            rule,
            cue: cue.to_string(),
        }
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.cue.is_empty() {
            f.write_str(self.rule.as_str())
        } else {
            write!(f, "{}:{}", self.rule.as_str(), self.cue)
        }
    }
}

impl std::str::FromStr for Basis {
    type Err = String;

    /// Reads what [`Basis`]'s `Display` wrote.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (rule, cue) = s.split_once(':').unwrap_or((s, ""));
        let rule = [
            Rule::List,
            Rule::Assignment,
            Rule::Decision,
            Rule::Deadline,
            Rule::Table,
        ]
        .into_iter()
        .find(|r| r.as_str() == rule)
        .ok_or_else(|| format!("no such rule: {rule}"))?;
        Ok(Self::new(rule, cue))
    }
}

impl Serialize for Basis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Extraction {
    pub document: DocumentMeta,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

/// One line of `duban extract --json`: the file, its encoding and format, and what was
/// extracted.
#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    pub file: &'a str,
    pub encoding: &'a str,
    /// The contract's name of the container format: `txt`, `docx`, `html`, `pdf`, `doc`, …
    pub source_format: &'a str,
    #[serde(flatten)]
    pub extraction: &'a Extraction,
}
