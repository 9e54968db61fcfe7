use chrono::NaiveDate;
use serde::Serialize;

/// Decision (决定) or task (任务).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type, Serialize)]
#[sqlx(type_name = "item_kind", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Decision,
    Task,
}

/// The 督办 lifecycle. Overdue is not a status: it is derived from the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type, Serialize)]
#[sqlx(type_name = "item_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Extracted, under review, not yet published.
    Draft,
    /// 已交办: published to its units.
    Assigned,
    /// 推进中.
    InProgress,
    /// 受阻.
    Blocked,
    /// 已完成，待核验.
    ReportedDone,
    /// 办结 (销号).
    Closed,
    /// 不予督办: the clerk decided this is not an item.
    Dismissed,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Draft => "待交办",
            ItemStatus::Assigned => "已交办",
            ItemStatus::InProgress => "推进中",
            ItemStatus::Blocked => "受阻",
            ItemStatus::ReportedDone => "已完成，待核验",
            ItemStatus::Closed => "已办结",
            ItemStatus::Dismissed => "不予督办",
        }
    }

    /// The statuses of items still being worked on (they can be late).
    pub const OPEN: [ItemStatus; 3] = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Blocked,
    ];

    /// Whether the item is still being worked on (it can be late).
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

/// The traffic light (红黄绿灯) of a published item, derived from its status, due date and
/// today's date; never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// Overdue.
    Red,
    /// Due within 7 days, or blocked.
    Yellow,
    /// On track.
    Green,
    /// Reported done or closed: no longer lit.
    Done,
}

/// Days before the deadline at which an item turns yellow.
pub const YELLOW_DAYS: i64 = 7;

impl Light {
    /// ```
    /// use chrono::NaiveDate;
    /// use duban::domain::{ItemStatus, Light};
    /// let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    /// let today = d("2022-04-20");
    /// assert_eq!(Light::of(ItemStatus::InProgress, Some(d("2022-04-19")), today), Light::Red);
    /// assert_eq!(Light::of(ItemStatus::InProgress, Some(d("2022-04-27")), today), Light::Yellow);
    /// assert_eq!(Light::of(ItemStatus::InProgress, Some(d("2022-04-28")), today), Light::Green);
    /// ```
    pub fn of(status: ItemStatus, due: Option<NaiveDate>, today: NaiveDate) -> Light {
        if !status.is_open() {
            return Light::Done;
        }
        match due {
            Some(due) if due < today => Light::Red,
            _ if status == ItemStatus::Blocked => Light::Yellow,
            Some(due) if (due - today).num_days() <= YELLOW_DAYS => Light::Yellow,
            _ => Light::Green,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯（逾期）",
            Light::Yellow => "黄灯（临期或受阻）",
            Light::Green => "绿灯（正常推进）",
            Light::Done => "已完成",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_item_due_today_is_yellow_not_red() {
        assert_eq!(
            Light::of(ItemStatus::Assigned, Some(d("2022-04-30")), d("2022-04-30")),
            Light::Yellow
        );
    }

    #[test]
    fn a_blocked_item_is_yellow_even_far_from_its_deadline_but_red_when_late() {
        let today = d("2022-01-10");
        assert_eq!(
            Light::of(ItemStatus::Blocked, Some(d("2022-12-31")), today),
            Light::Yellow
        );
        assert_eq!(Light::of(ItemStatus::Blocked, None, today), Light::Yellow);
        assert_eq!(
            Light::of(ItemStatus::Blocked, Some(d("2022-01-09")), today),
            Light::Red
        );
    }

    #[test]
    fn items_without_a_deadline_are_green_and_finished_items_are_not_lit() {
        let today = d("2022-01-10");
        assert_eq!(Light::of(ItemStatus::InProgress, None, today), Light::Green);
        assert_eq!(
            Light::of(ItemStatus::ReportedDone, Some(d("2021-01-01")), today),
            Light::Done
        );
        assert_eq!(
            Light::of(ItemStatus::Closed, Some(d("2021-01-01")), today),
            Light::Done
        );
    }
}
