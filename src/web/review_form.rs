//! The review page is one form: every item's fields (named `field.ID`), the ticks, and a
//! button saying what to do. Whatever the button, every item the clerk changed is saved
//! first, so that a refused 交办 loses no edit and a save keeps the clerk's place.

use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

use super::csrf::CsrfProtected;
use crate::domain::{ItemId, ItemKind, Level, Recurrence, UnitId};
use crate::workflow::{BatchEdit, ItemEdit, WorkflowError};

/// One item's fields as a form sends them.
#[derive(Debug, Clone, Default)]
pub struct RawEdit {
    pub version: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub lead: Vec<UnitId>,
    pub co: Vec<UnitId>,
    pub leader: String,
    pub due: String,
    pub recurrence: String,
    /// The day of the period a report is due on; blank for the period's last day.
    pub report_day: String,
    /// 督办等级; blank for 一般.
    pub level: String,
    pub new_lead: String,
}

impl RawEdit {
    /// The edit the fields ask for, or why they cannot be one.
    pub fn to_edit(&self) -> Result<ItemEdit, WorkflowError> {
        let bad = |m: &str| WorkflowError::Invalid(format!("「{}」：{m}", self.title.trim()));
        let version = self
            .version
            .trim()
            .parse()
            .map_err(|_| bad("表单已过期，请刷新页面。"))?;
        let kind = ItemKind::parse(self.kind.trim()).ok_or_else(|| bad("类别无效。"))?;
        let due_date = match self.due.trim() {
            "" => None,
            raw => Some(parse_date(raw).ok_or_else(|| bad("完成时限不是有效日期。"))?),
        };
        let recurrence = match self.recurrence.trim() {
            "" => None,
            raw => Some(Recurrence::parse(raw).ok_or_else(|| bad("报送周期无效。"))?),
        };
        // 月底, 季末 and the like name the period's last day, as a blank does.
        let report_day = match self.report_day.trim() {
            "" | "月底" | "月末" | "季末" | "期末" | "末" => None,
            raw => Some(
                raw.trim_end_matches(['日', '号'])
                    .parse::<i16>()
                    .map_err(|_| bad("报送日须为数字（不填为期末，如月底、季末）。"))?,
            ),
        };
        let level = match self.level.trim() {
            "" => Level::Normal,
            raw => Level::parse(raw).ok_or_else(|| bad("督办等级无效。"))?,
        };
        Ok(ItemEdit {
            version,
            kind,
            title: self.title.clone(),
            body: self.body.clone(),
            lead_unit_ids: self.lead.clone(),
            co_unit_ids: self.co.clone(),
            leader: Some(self.leader.clone()),
            due_date,
            recurrence,
            report_day,
            level,
            new_lead_names: names(&self.new_lead),
        })
    }
}

/// Names typed into one field, separated as Chinese text separates them.
pub fn names(raw: &str) -> Vec<String> {
    raw.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

/// What the clerk's button asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    /// Save the changes (the form's default, for Enter in a field), back to this item.
    Save(Option<ItemId>),
    Dismiss(ItemId),
    Restore(ItemId),
    /// 交办 the ticked drafts.
    Publish,
    /// 不予督办 for the ticked drafts.
    DismissTicked,
    /// Set the batch fields on the ticked items.
    Batch,
    /// Create one unknown unit and use it wherever the text names it.
    Adopt(String),
    /// The same for every unknown name of the document, once confirmed.
    AdoptAll,
}

impl ReviewAction {
    fn parse(raw: &str) -> Option<Self> {
        let id = |s: &str| s.parse().ok();
        Some(match raw.split_once('.') {
            Some(("save", n)) => ReviewAction::Save(Some(id(n)?)),
            Some(("dismiss", n)) => ReviewAction::Dismiss(id(n)?),
            Some(("restore", n)) => ReviewAction::Restore(id(n)?),
            _ => match raw.split_once(':') {
                Some(("adopt", name)) if !name.trim().is_empty() => {
                    ReviewAction::Adopt(name.trim().to_owned())
                }
                _ => match raw {
                    "save" => ReviewAction::Save(None),
                    "publish" => ReviewAction::Publish,
                    "dismiss_ticked" => ReviewAction::DismissTicked,
                    "batch" => ReviewAction::Batch,
                    "adopt_all" => ReviewAction::AdoptAll,
                    _ => return None,
                },
            },
        })
    }
}

/// The whole review form.
#[derive(Debug, Clone)]
pub struct ReviewForm {
    csrf_token: String,
    pub action: ReviewAction,
    pub ticked: Vec<ItemId>,
    pub past_due_confirmed: bool,
    pub adopt_confirmed: bool,
    pub items: BTreeMap<ItemId, RawEdit>,
    pub batch_lead: String,
    pub batch_due: String,
    pub batch_leader: String,
}

impl ReviewForm {
    /// The batch fields; blank ones leave their field alone.
    pub fn batch(&self) -> Result<BatchEdit, WorkflowError> {
        let bad = |m: &str| WorkflowError::Invalid(m.to_owned());
        let lead = match self.batch_lead.trim() {
            "" => None,
            raw => Some(raw.parse().map_err(|_| bad("所选牵头单位无效。"))?),
        };
        let due_date = match self.batch_due.trim() {
            "" => None,
            raw => Some(parse_date(raw).ok_or_else(|| bad("完成时限不是有效日期。"))?),
        };
        let leader = Some(self.batch_leader.trim())
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        Ok(BatchEdit {
            lead,
            due_date,
            leader,
        })
    }
}

impl CsrfProtected for ReviewForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl<'de> Deserialize<'de> for ReviewForm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let pairs = Vec::<(String, String)>::deserialize(d)?;
        let mut form = ReviewForm {
            csrf_token: String::new(),
            action: ReviewAction::Save(None),
            ticked: Vec::new(),
            past_due_confirmed: false,
            adopt_confirmed: false,
            items: BTreeMap::new(),
            batch_lead: String::new(),
            batch_due: String::new(),
            batch_leader: String::new(),
        };
        for (key, value) in pairs {
            match key.as_str() {
                "csrf_token" => form.csrf_token = value,
                "do" => {
                    form.action = ReviewAction::parse(&value)
                        .ok_or_else(|| D::Error::custom("unknown review action"))?;
                }
                "item" => form
                    .ticked
                    .push(value.parse().map_err(|_| D::Error::custom("bad item id"))?),
                "past_due" => form.past_due_confirmed = true,
                "confirm_adopt" => form.adopt_confirmed = true,
                "batch_lead" => form.batch_lead = value,
                "batch_due" => form.batch_due = value,
                "batch_leader" => form.batch_leader = value,
                _ => {
                    let Some((field, id)) = key.rsplit_once('.') else {
                        continue;
                    };
                    let id: ItemId = id.parse().map_err(|_| D::Error::custom("bad item id"))?;
                    let raw = form.items.entry(id).or_default();
                    let unit = |v: &str| v.parse::<UnitId>().ok();
                    match field {
                        "version" => raw.version = value,
                        "kind" => raw.kind = value,
                        "title" => raw.title = value,
                        "body" => raw.body = value,
                        "lead" => raw.lead.extend(unit(&value)),
                        "co" => raw.co.extend(unit(&value)),
                        "leader" => raw.leader = value,
                        "due" => raw.due = value,
                        "recurrence" => raw.recurrence = value,
                        "report_day" => raw.report_day = value,
                        "level" => raw.level = value,
                        "new_lead" => raw.new_lead = value,
                        _ => {}
                    }
                }
            }
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ReviewForm {
        serde_html_form::from_str(body).unwrap()
    }

    #[test]
    fn each_items_fields_are_gathered_by_their_id_and_blank_pickers_ignored() {
        let f = parse(
            "csrf_token=t&do=publish&item=7&item=9&title.7=A&lead.7=3&lead.7=&co.7=4\
             &version.7=2&kind.7=task&due.7=2026-12-31&title.9=B",
        );

        assert_eq!(f.action, ReviewAction::Publish);
        assert_eq!(f.ticked, [ItemId(7), ItemId(9)]);
        let seven = &f.items[&ItemId(7)];
        assert_eq!(seven.lead, [UnitId(3)]);
        assert_eq!(seven.co, [UnitId(4)]);
        let edit = seven.to_edit().unwrap();
        assert_eq!(edit.version, 2);
        assert_eq!(edit.due_date, parse_date("2026-12-31"));
        assert_eq!(f.items[&ItemId(9)].title, "B");
    }

    #[test]
    fn the_buttons_say_which_item_or_name_they_act_on() {
        assert_eq!(
            ReviewAction::parse("save.12"),
            Some(ReviewAction::Save(Some(ItemId(12))))
        );
        assert_eq!(
            ReviewAction::parse("adopt:区住建局"),
            Some(ReviewAction::Adopt("区住建局".into()))
        );
        assert_eq!(ReviewAction::parse("dismiss.x"), None);
        assert_eq!(ReviewAction::parse("drop_table"), None);
    }

    #[test]
    fn a_bad_date_names_the_item_it_belongs_to() {
        let raw = RawEdit {
            version: "1".into(),
            kind: "task".into(),
            title: "修订办法".into(),
            due: "明年".into(),
            ..RawEdit::default()
        };
        let Err(WorkflowError::Invalid(m)) = raw.to_edit() else {
            panic!("refused")
        };
        assert_eq!(m, "「修订办法」：完成时限不是有效日期。");
    }

    #[test]
    fn the_report_day_and_level_are_read_with_the_other_fields() {
        let f = parse(
            "csrf_token=t&version.7=2&kind.7=task&title.7=A&recurrence.7=monthly\
             &report_day.7=28&level.7=key&title.9=B&version.9=1&kind.9=task\
             &recurrence.9=quarterly&report_day.9=%E5%AD%A3%E6%9C%AB",
        );

        let seven = f.items[&ItemId(7)].to_edit().unwrap();
        assert_eq!((seven.report_day, seven.level), (Some(28), Level::Key));
        let nine = f.items[&ItemId(9)].to_edit().unwrap();
        assert_eq!((nine.report_day, nine.level), (None, Level::Normal));
    }

    #[test]
    fn a_report_day_that_is_no_number_is_refused_by_name() {
        let raw = RawEdit {
            version: "1".into(),
            kind: "task".into(),
            title: "修订办法".into(),
            recurrence: "monthly".into(),
            report_day: "下旬".into(),
            ..RawEdit::default()
        };
        let Err(WorkflowError::Invalid(m)) = raw.to_edit() else {
            panic!("refused")
        };
        assert_eq!(
            m,
            "「修订办法」：报送日须为数字（不填为期末，如月底、季末）。"
        );
    }
}
