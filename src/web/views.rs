//! Page-ready views of store rows: the formatting decisions live here, not in templates.

use chrono::NaiveDate;

use crate::domain::{
    EventAction, ItemKind, ItemStatus, Level, Light, LightCause, PeriodState, Recurrence,
    ReportDuty, UnitId,
};
use crate::extract::{Basis, Rule};
use crate::format::{cn_date, cn_date_opt, cn_time, days_left};
use crate::store::item_page::Event;
use crate::store::items::Item;
use crate::store::reporting::Period;

/// An item as lists and pages show it.
pub struct ItemView {
    pub item: Item,
    pub light: Light,
    today: NaiveDate,
}

impl ItemView {
    pub fn new(item: Item, today: NaiveDate) -> Self {
        let light = item.cause.map_or(Light::Done, LightCause::light);
        Self { item, light, today }
    }

    pub fn light_class(&self) -> &'static str {
        self.light.as_str()
    }
    pub fn light_label(&self) -> String {
        self.item
            .cause
            .map(LightCause::describe)
            .unwrap_or_default()
    }
    /// Whether it is red or yellow, so that its cause (缺报, 临期) is worth a badge.
    pub fn is_warned(&self) -> bool {
        matches!(self.light, Light::Red | Light::Yellow)
    }
    pub fn status_label(&self) -> &'static str {
        self.item.status.label()
    }
    pub fn kind_label(&self) -> &'static str {
        match self.item.kind {
            ItemKind::Decision => "决定",
            ItemKind::Task => "任务",
        }
    }
    pub fn is_decision(&self) -> bool {
        self.item.kind == ItemKind::Decision
    }
    pub fn is_draft(&self) -> bool {
        self.item.status == ItemStatus::Draft
    }
    pub fn is_lit(&self) -> bool {
        self.item.status.is_tracked()
    }
    pub fn is_dismissed(&self) -> bool {
        self.item.status == ItemStatus::Dismissed
    }
    pub fn due_text(&self) -> String {
        cn_date_opt(self.item.due_date)
    }
    pub fn due_value(&self) -> String {
        self.item
            .due_date
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
    pub fn days_left(&self) -> String {
        if self.item.status.is_open() {
            days_left(self.item.due_date, self.today)
        } else {
            String::new()
        }
    }
    /// The reporting duty in words (每月28日前报送, 每季度末报送); empty without one.
    pub fn recurrence_text(&self) -> String {
        ReportDuty::stored(self.item.recurrence, self.item.report_day)
            .map_or_else(String::new, ReportDuty::sentence)
    }
    pub fn recurrence_is(&self, r: &Recurrence) -> bool {
        self.item.recurrence == Some(*r)
    }
    /// The report day for the form's field: blank for the period's last day.
    pub fn report_day_value(&self) -> String {
        self.item
            .report_day
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
    pub fn level_is(&self, l: &Level) -> bool {
        self.item.level == *l
    }
    pub fn lead_text(&self) -> String {
        join_or(&self.item.lead_units, "未指定")
    }
    pub fn co_text(&self) -> String {
        join_or(&self.item.co_units, "")
    }
    pub fn leader_text(&self) -> &str {
        self.item.leader_name.as_deref().unwrap_or("")
    }
    pub fn source_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.item.document_title {
            parts.push(t.clone());
        }
        if let Some(n) = &self.item.doc_number {
            parts.push(n.clone());
        }
        if let Some(d) = self.item.document_date {
            parts.push(crate::format::cn_date(d));
        }
        parts.join(" · ")
    }
    /// The link to the item's sentence in its document.
    pub fn source_link(&self) -> Option<String> {
        self.item
            .document_id
            .map(|d| format!("/documents/{d}#item-{}", self.item.id))
    }
    pub fn latest_progress_text(&self) -> String {
        self.item.latest_progress.clone().unwrap_or_default()
    }
    pub fn latest_progress_time(&self) -> String {
        self.item
            .latest_progress_at
            .map(cn_time)
            .unwrap_or_default()
    }
    pub fn extracted_owners_text(&self) -> String {
        self.item.extracted_owners.join("、")
    }
    pub fn extracted_co_owners_text(&self) -> String {
        self.item.extracted_co_owners.join("、")
    }
    /// The responsible leader the document names, for the clerk to pick when the import
    /// found no one leader of that name; empty when it did (the field shows that leader)
    /// or the document names none.
    pub fn unmatched_leader_text(&self) -> String {
        match (&self.item.extracted_leader, self.item.leader_id) {
            (Some(name), None) => {
                format!("文中责任领导：{name}（领导名录中没有此人或有同名者，未自动填入）")
            }
            _ => String::new(),
        }
    }
    /// Why the extractor found the item, for the clerk who reviews it; empty for an item a
    /// clerk added.
    pub fn basis_text(&self) -> String {
        let Some(basis) = self
            .item
            .extracted_basis
            .as_deref()
            .and_then(|b| b.parse::<Basis>().ok())
        else {
            return String::new();
        };
        let rule = match basis.rule {
            Rule::List => "列举事项",
            Rule::Assignment => "交办句式",
            Rule::Decision => "会议决定",
            Rule::Deadline => "时限要求",
            Rule::Table => "分工表",
        };
        if basis.cue.is_empty() {
            rule.to_owned()
        } else {
            format!("{rule}“{}”", basis.cue)
        }
    }
    pub fn has_lead(&self, unit_id: &UnitId) -> bool {
        self.item.lead_unit_ids.contains(unit_id)
    }
    pub fn has_co(&self, unit_id: &UnitId) -> bool {
        self.item.co_unit_ids.contains(unit_id)
    }
}

fn join_or(names: &[String], empty: &str) -> String {
    if names.is_empty() {
        empty.to_owned()
    } else {
        names.join("、")
    }
}

/// One line of an item's timeline.
pub struct EventView {
    pub when: String,
    pub who: String,
    pub what: String,
    pub change: Option<(String, String)>,
    pub note: String,
}

impl From<Event> for EventView {
    fn from(e: Event) -> Self {
        let what = match (e.action, e.field) {
            (EventAction::Edited, Some(field)) => format!("修改{}", field.label()),
            (action, _) => action.label().to_owned(),
        };
        let change = (e.before.is_some() || e.after.is_some())
            .then(|| (e.before.unwrap_or_default(), e.after.unwrap_or_default()));
        Self {
            when: cn_time(e.created_at),
            who: e.actor.unwrap_or_else(|| "系统".to_owned()),
            what,
            change,
            note: e.note.unwrap_or_default(),
        }
    }
}

/// One reporting period of the item page's 报送情况.
pub struct PeriodView {
    pub due: String,
    /// From the day after the previous due date to this one.
    pub window: String,
    pub state: PeriodState,
    /// The lead units' reports within the window: when, unit, author, 完成进度.
    pub reports: Vec<String>,
}

impl PeriodView {
    /// The badge's colour: red for 缺报, yellow for the period still open.
    pub fn state_class(&self) -> &'static str {
        match self.state {
            PeriodState::Filled => Light::Green.as_str(),
            PeriodState::Missed => Light::Red.as_str(),
            PeriodState::Current => Light::Yellow.as_str(),
        }
    }
}

impl From<Period> for PeriodView {
    fn from(p: Period) -> Self {
        let reports = p
            .reports
            .0
            .into_iter()
            .map(|r| {
                let percent = r
                    .percent
                    .map(|n| format!(" · 完成进度 {n}%"))
                    .unwrap_or_default();
                format!("{} {}（{}）{percent}", cn_time(r.at), r.unit, r.author)
            })
            .collect();
        Self {
            due: cn_date(p.due),
            window: format!("{}至{}", cn_date(p.starts), cn_date(p.due)),
            state: p.state,
            reports,
        }
    }
}
