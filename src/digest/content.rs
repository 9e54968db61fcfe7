//! What goes into each digest, decided from rows already read; pure (the period carries
//! the clock). Each item of a unit's digest appears once, under its most urgent heading.

use chrono::Duration;

use super::schedule::Period;
use crate::domain::{Light, LightCause};
use crate::store::digest::{DigestItem, Extension, Returned, UnitTotals};

/// Items due within this many days are listed as coming up.
pub const DUE_SOON_DAYS: i64 = 14;
/// Open items without a progress report for this many days are listed as stalled.
pub const STALE_DAYS: i64 = 14;

/// A digest for one reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Digest {
    Unit(UnitDigest),
    Secretariat(SecretariatDigest),
    Leader(LeaderDigest),
}

impl Digest {
    /// Empty digests are not sent.
    pub fn is_empty(&self) -> bool {
        match self {
            Digest::Unit(d) => d.is_empty(),
            Digest::Secretariat(d) => d.is_empty(),
            Digest::Leader(d) => d.is_empty(),
        }
    }
}

/// What a unit's head(s) learn: their open items by urgency, and the answers they got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitDigest {
    pub unit: String,
    /// Past the deadline.
    pub overdue: Vec<DigestItem>,
    /// Led by the unit, with a periodic report missed (缺报).
    pub missed: Vec<DigestItem>,
    /// Published to the unit during the period.
    pub new: Vec<DigestItem>,
    /// Due within [`DUE_SOON_DAYS`].
    pub due_soon: Vec<DigestItem>,
    /// No progress report for [`STALE_DAYS`].
    pub stale: Vec<DigestItem>,
    /// Sent back (退回) by the secretariat during the period.
    pub returned: Vec<Returned>,
    /// Extension requests answered during the period.
    pub answered: Vec<Extension>,
}

impl UnitDigest {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.missed.is_empty()
            && self.new.is_empty()
            && self.due_soon.is_empty()
            && self.stale.is_empty()
            && self.returned.is_empty()
            && self.answered.is_empty()
    }
}

/// Sorts a unit's open items under the first heading that fits: overdue, 缺报 (a report it
/// leads on is missing), new, due soon, stalled; items on track that are none of these are
/// not mentioned.
pub fn unit_digest(
    unit: &str,
    open_items: Vec<DigestItem>,
    returned: Vec<Returned>,
    answered: Vec<Extension>,
    period: &Period,
) -> UnitDigest {
    let today = period.today();
    let stale_before = period.now - Duration::days(STALE_DAYS);
    let mut d = UnitDigest {
        unit: unit.to_owned(),
        returned,
        answered,
        ..UnitDigest::default()
    };
    for item in open_items {
        let due_in = item.due_date.map(|due| (due - today).num_days());
        let last_sign_of_life = item.last_progress_at.or(item.assigned_at);
        if due_in.is_some_and(|n| n < 0) {
            d.overdue.push(item);
        } else if item.is_lead && item.cause == Some(LightCause::ReportMissed) {
            d.missed.push(item);
        } else if item.assigned_at.is_some_and(|t| t >= period.since) {
            d.new.push(item);
        } else if due_in.is_some_and(|n| n <= DUE_SOON_DAYS) {
            d.due_soon.push(item);
        } else if last_sign_of_life.is_some_and(|t| t <= stale_before) {
            d.stale.push(item);
        }
    }
    d
}

/// What the secretariat learns: where each unit stands, and what waits for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretariatDigest {
    /// Per lead unit, counted by the database.
    pub totals: Vec<UnitTotals>,
    /// Reported done, waiting for verification (核验).
    pub awaiting: Vec<DigestItem>,
    pub overdue: Vec<DigestItem>,
    /// Open items missing a periodic report (缺报), overdue or not.
    pub missed: Vec<DigestItem>,
    /// Extension requests waiting for an answer.
    pub pending: Vec<Extension>,
}

impl SecretariatDigest {
    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
            && self.awaiting.is_empty()
            && self.overdue.is_empty()
            && self.missed.is_empty()
            && self.pending.is_empty()
    }

    /// All units' open items by light: (open, red, yellow, green, awaiting).
    pub fn grand_total(&self) -> UnitTotals {
        self.totals.iter().fold(
            UnitTotals {
                unit: "合计".to_owned(),
                open: 0,
                red: 0,
                yellow: 0,
                green: 0,
                awaiting: 0,
            },
            |mut sum, t| {
                sum.open += t.open;
                sum.red += t.red;
                sum.yellow += t.yellow;
                sum.green += t.green;
                sum.awaiting += t.awaiting;
                sum
            },
        )
    }
}

/// What a leader learns: the items they answer for, by light.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaderDigest {
    pub leader: String,
    pub red: Vec<DigestItem>,
    pub yellow: Vec<DigestItem>,
    pub green: Vec<DigestItem>,
    /// Reported done, waiting for the secretariat.
    pub done: Vec<DigestItem>,
}

impl LeaderDigest {
    pub fn is_empty(&self) -> bool {
        self.red.is_empty()
            && self.yellow.is_empty()
            && self.green.is_empty()
            && self.done.is_empty()
    }
}

/// Sorts a leader's items by the light they show as the digest is written.
pub fn leader_digest(leader: &str, items: Vec<DigestItem>) -> LeaderDigest {
    let mut d = LeaderDigest {
        leader: leader.to_owned(),
        ..LeaderDigest::default()
    };
    for item in items {
        match item.cause.map_or(Light::Done, LightCause::light) {
            Light::Red => d.red.push(item),
            Light::Yellow => d.yellow.push(item),
            Light::Green => d.green.push(item),
            Light::Done => d.done.push(item),
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;
    use crate::digest::schedule::Cadence;
    use crate::domain::ItemId;
    use crate::domain::ItemStatus;

    fn t(s: &str) -> DateTime<Utc> {
        format!("{s}T00:00:00Z").parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The week of Monday 2026-11-23 (news since the 16th).
    fn week() -> Period {
        Period {
            cadence: Cadence::Weekly,
            key: "weekly:2026-W48".into(),
            since: t("2026-11-16"),
            now: t("2026-11-23"),
        }
    }

    fn item(id: i64, due: Option<&str>, assigned: &str, progress: Option<&str>) -> DigestItem {
        DigestItem {
            id: ItemId(id),
            register_number: None,
            title: format!("事项{id}"),
            status: ItemStatus::InProgress,
            due_date: due.map(d),
            assigned_at: Some(t(assigned)),
            last_progress_at: progress.map(t),
            reported_done_at: None,
            lead_units: "教务处".into(),
            is_lead: true,
            cause: None,
        }
    }

    fn ids(items: &[DigestItem]) -> Vec<i64> {
        items.iter().map(|i| i.id.0).collect()
    }

    #[test]
    fn each_open_item_is_listed_once_under_its_most_urgent_heading() {
        let items = vec![
            // Late and new: late wins.
            item(1, Some("2026-11-20"), "2026-11-18", None),
            // New this week, due in 10 days: new wins over due soon.
            item(2, Some("2026-12-03"), "2026-11-17", None),
            // Due in exactly 14 days.
            item(3, Some("2026-12-07"), "2026-10-01", Some("2026-11-20")),
            // Due in 15 days, last progress 20 days ago: stalled.
            item(4, Some("2026-12-08"), "2026-10-01", Some("2026-11-03")),
            // On track: progress last week, far deadline.
            item(5, Some("2027-06-30"), "2026-10-01", Some("2026-11-19")),
            // No deadline and no progress since assignment long ago: stalled.
            item(6, None, "2026-09-01", None),
        ];

        let digest = unit_digest("教务处", items, vec![], vec![], &week());

        assert_eq!(ids(&digest.overdue), [1]);
        assert_eq!(ids(&digest.new), [2]);
        assert_eq!(ids(&digest.due_soon), [3]);
        assert_eq!(ids(&digest.stale), [4, 6]);
        assert!(!digest.is_empty());
    }

    #[test]
    fn a_missed_report_is_listed_after_lateness_and_only_to_the_lead_unit() {
        let missing = |id, due, is_lead| DigestItem {
            cause: Some(LightCause::ReportMissed),
            is_lead,
            ..item(id, due, "2026-11-17", None)
        };
        let items = vec![
            // Overdue: the deadline comes first, whatever else is missing.
            DigestItem {
                cause: Some(LightCause::Overdue),
                ..item(1, Some("2026-11-20"), "2026-10-01", None)
            },
            // 缺报 and new this week: 缺报 wins.
            missing(2, Some("2027-06-30"), true),
            // A helping unit owes no report: listed as new.
            missing(3, Some("2027-06-30"), false),
        ];

        let digest = unit_digest("教务处", items, vec![], vec![], &week());

        assert_eq!(ids(&digest.overdue), [1]);
        assert_eq!(ids(&digest.missed), [2]);
        assert_eq!(ids(&digest.new), [3]);
    }

    #[test]
    fn an_item_due_today_is_coming_up_not_late_and_fourteen_days_of_silence_is_stalled() {
        let items = vec![
            item(1, Some("2026-11-23"), "2026-10-01", Some("2026-11-22")),
            item(2, None, "2026-10-01", Some("2026-11-09")),
            item(3, None, "2026-10-01", Some("2026-11-10")),
        ];

        let digest = unit_digest("教务处", items, vec![], vec![], &week());

        assert_eq!(ids(&digest.due_soon), [1]);
        assert!(digest.overdue.is_empty());
        assert_eq!(ids(&digest.stale), [2]);
    }

    #[test]
    fn a_unit_whose_items_are_all_on_track_and_quiet_gets_an_empty_digest() {
        let items = vec![item(
            5,
            Some("2027-06-30"),
            "2026-10-01",
            Some("2026-11-19"),
        )];

        let digest = unit_digest("教务处", items, vec![], vec![], &week());

        assert!(digest.is_empty());
        assert!(Digest::Unit(digest).is_empty());
    }

    #[test]
    fn returned_items_and_answered_extensions_alone_make_a_digest() {
        let returned = Returned {
            item_id: ItemId(9),
            title: "事项9".into(),
            returned_at: t("2026-11-20"),
            reason: Some("缺少佐证材料".into()),
        };

        let digest = unit_digest("教务处", vec![], vec![returned], vec![], &week());

        assert!(!digest.is_empty());
        assert_eq!(digest.returned.len(), 1);
    }

    #[test]
    fn a_leader_sees_their_items_by_light() {
        let lit = |id, cause| DigestItem {
            cause: Some(cause),
            ..item(id, None, "2026-10-01", None)
        };
        let items = vec![
            lit(1, LightCause::Overdue),
            lit(2, LightCause::OnTrack),
            lit(3, LightCause::Blocked),
            lit(4, LightCause::Done),
            lit(5, LightCause::ReportMissed),
        ];

        let digest = leader_digest("陈副院长", items);

        assert_eq!(ids(&digest.red), [1, 5]);
        assert_eq!(ids(&digest.yellow), [3]);
        assert_eq!(ids(&digest.green), [2]);
        assert_eq!(ids(&digest.done), [4]);
        assert!(leader_digest("陈副院长", vec![]).is_empty());
    }

    #[test]
    fn the_secretariat_total_adds_up_the_units() {
        let unit = |name: &str, red, green| UnitTotals {
            unit: name.into(),
            open: red + green,
            red,
            yellow: 0,
            green,
            awaiting: 1,
        };
        let digest = SecretariatDigest {
            totals: vec![unit("教务处", 2, 1), unit("宣传统战部", 0, 4)],
            ..SecretariatDigest::default()
        };

        let sum = digest.grand_total();

        assert_eq!((sum.open, sum.red, sum.green, sum.awaiting), (7, 2, 5, 2));
        assert!(SecretariatDigest::default().is_empty());
    }
}
