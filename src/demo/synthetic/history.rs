//! The life of one synthetic item, as the workflow would have written it: extracted,
//! published (交办), acknowledged, worked on with progress reports, sometimes blocked,
//! extended or urged, reported done and closed (办结). Older items are further along; open
//! items have deadlines around today, some past.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::dice::{china_date, Dice};
use super::text::{EXTENSION_REASONS, OBSTACLES, PROGRESS};
use crate::domain::{EventAction, ExtensionStatus, ItemField, ItemStatus};
use crate::store::bulk::{AckRow, EventRow, ExtensionRow, ProgressRow};

/// Who and when, decided by the document the item comes from.
pub(super) struct Setting {
    pub item_id: i64,
    pub meeting: NaiveDate,
    pub imported_at: DateTime<Utc>,
    pub importer: i64,
    /// The document is still under review: its items are drafts.
    pub under_review: bool,
    pub lead_unit: i64,
    /// The lead unit's head who acts on the item, if the unit has one.
    pub head: Option<i64>,
    pub secretariat: i64,
}

/// What the story leaves on the item row.
pub(super) struct Outcome {
    pub status: ItemStatus,
    pub due: Option<NaiveDate>,
    pub version: i32,
    pub assigned_at: Option<DateTime<Utc>>,
    pub reported_done_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub last_progress_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Rows written by stories, for all items.
#[derive(Default)]
pub(super) struct Records {
    pub events: Vec<EventRow>,
    pub progress: Vec<ProgressRow>,
    pub acks: Vec<AckRow>,
    pub extensions: Vec<ExtensionRow>,
}

struct Story<'a> {
    s: &'a Setting,
    out: Outcome,
    records: &'a mut Records,
}

impl Story<'_> {
    fn event(&mut self, actor: i64, action: EventAction, at: DateTime<Utc>, note: Option<String>) {
        self.records.events.push(EventRow {
            item_id: self.s.item_id,
            actor_id: actor,
            action,
            field: None,
            before: None,
            after: None,
            note,
            created_at: at,
        });
    }

    /// A status change: the history row, the version bump and the row's time stamps.
    fn status(&mut self, actor: i64, to: ItemStatus, at: DateTime<Utc>, note: &str) {
        self.records.events.push(EventRow {
            item_id: self.s.item_id,
            actor_id: actor,
            action: EventAction::Status,
            field: Some(ItemField::Status),
            before: Some(self.out.status.label().to_owned()),
            after: Some(to.label().to_owned()),
            note: Some(note.to_owned()),
            created_at: at,
        });
        self.out.status = to;
        self.out.version += 1;
        self.out.updated_at = at;
        match to {
            ItemStatus::Assigned => self.out.assigned_at = Some(at),
            ItemStatus::ReportedDone => self.out.reported_done_at = Some(at),
            ItemStatus::Closed => self.out.closed_at = Some(at),
            _ => {}
        }
    }
}

/// Plays one item's story and returns the state it ends in.
pub(super) fn play(d: &mut Dice, s: &Setting, records: &mut Records) -> Outcome {
    let mut story = Story {
        s,
        out: Outcome {
            status: ItemStatus::Draft,
            due: None,
            version: 1,
            assigned_at: None,
            reported_done_at: None,
            closed_at: None,
            last_progress_at: None,
            updated_at: s.imported_at,
        },
        records,
    };
    story.event(s.importer, EventAction::Extracted, s.imported_at, None);
    if s.under_review {
        story.out.due = Some(s.meeting + Duration::days(d.int(30, 120)));
        return story.out;
    }
    if d.chance(0.02) {
        let at = d.later(s.imported_at, 0, 2);
        story.status(s.secretariat, ItemStatus::Dismissed, at, "不予督办");
        return story.out;
    }
    let assigned = d.later(s.imported_at, 0, 3);
    story.status(s.secretariat, ItemStatus::Assigned, assigned, "交办");
    let age = (d.anchor() - assigned).num_days();
    let target = match s.head {
        Some(_) => final_status(d, age),
        None => ItemStatus::Assigned,
    };
    let due = due_date(d, s.meeting, target);
    story.out.due = due;
    if let Some(head) = s.head {
        work(d, &mut story, head, target, due);
    }
    if story.out.status.is_open() {
        late_business(d, &mut story);
    }
    story.out
}

/// Where an item published `age` days ago has got to.
fn final_status(d: &mut Dice, age: i64) -> ItemStatus {
    if age < 3 {
        return if d.chance(0.7) {
            ItemStatus::Assigned
        } else {
            ItemStatus::InProgress
        };
    }
    let ripeness = (age as f64 / 200.0).min(1.0);
    let p_closed = 0.88 * ripeness;
    let p_done = 0.06 * (age as f64 / 20.0).min(1.0);
    let r = d.unit_interval();
    if r < p_closed {
        ItemStatus::Closed
    } else if r < p_closed + p_done {
        ItemStatus::ReportedDone
    } else if r < p_closed + p_done + 0.04 {
        ItemStatus::Blocked
    } else if age < 20 && d.chance(0.4) || d.chance(0.08) {
        ItemStatus::Assigned
    } else {
        ItemStatus::InProgress
    }
}

/// Finished items were due some weeks after their meeting; open ones are due around
/// today: a fifth overdue, a tenth within the 7 yellow days, the rest later.
fn due_date(d: &mut Dice, meeting: NaiveDate, status: ItemStatus) -> Option<NaiveDate> {
    if d.chance(0.06) {
        return None;
    }
    let today = d.today();
    let earliest = meeting + Duration::days(3);
    let due = if status.is_open() {
        let r = d.unit_interval();
        if r < 0.2 {
            today - Duration::days(d.int(1, 60))
        } else if r < 0.3 {
            today + Duration::days(d.int(0, 7))
        } else {
            today + Duration::days(d.int(8, 150))
        }
    } else {
        meeting + Duration::days(d.int(14, 150))
    };
    Some(due.max(earliest))
}

/// The unit's part: 签收, start, progress reports, then blocked, done or closed.
fn work(d: &mut Dice, story: &mut Story, head: i64, target: ItemStatus, due: Option<NaiveDate>) {
    let s = story.s;
    let assigned = story.out.assigned_at.expect("published");
    if target == ItemStatus::Assigned && d.chance(0.3) {
        return;
    }
    let acked = d.later(assigned, 0, 2);
    story.records.acks.push(AckRow {
        item_id: s.item_id,
        unit_id: s.lead_unit,
        user_id: head,
        created_at: acked,
    });
    story.event(head, EventAction::Acknowledged, acked, Some("签收".into()));
    if target == ItemStatus::Assigned {
        return;
    }
    let started = d.later(acked, 0, 5);
    story.status(head, ItemStatus::InProgress, started, "已启动办理");
    let finished = matches!(target, ItemStatus::ReportedDone | ItemStatus::Closed);
    let end = if finished {
        let around_due = due.map_or(30, |due| (due - china_date(started)).num_days());
        d.later(started, (around_due - 20).max(1), (around_due + 10).max(2))
    } else {
        d.anchor()
    };
    let age_days = (end - started).num_days();
    let reports = match (finished, age_days) {
        (true, _) => d.int(1, 4),
        (false, 0..=13) => d.int(0, 1),
        (false, _) => d.int(1, 3),
    };
    for n in 1..=reports {
        let at = started + (end - started) * (n as i32) / (reports as i32 + 1);
        let note = (*d.pick(PROGRESS)).to_owned();
        story.records.progress.push(ProgressRow {
            item_id: s.item_id,
            unit_id: s.lead_unit,
            author_id: head,
            note: note.clone(),
            created_at: at,
        });
        story.event(head, EventAction::Progress, at, Some(note));
        story.out.last_progress_at = Some(at);
        story.out.updated_at = at;
    }
    match target {
        ItemStatus::Blocked => {
            let at = d.later(story.out.updated_at, 0, 3);
            let note = format!("{}，暂时无法推进。", d.pick(OBSTACLES));
            story.status(head, ItemStatus::Blocked, at, &note);
        }
        ItemStatus::ReportedDone | ItemStatus::Closed => {
            let at = end.max(story.out.updated_at);
            story.status(head, ItemStatus::ReportedDone, at, "已按要求完成。");
            if target == ItemStatus::Closed {
                let at = d.later(at, 1, 5);
                story.status(s.secretariat, ItemStatus::Closed, at, "经核验，同意办结。");
            }
        }
        _ => {}
    }
}

/// Extension requests and urging (催办) on open items.
fn late_business(d: &mut Dice, story: &mut Story) {
    let s = story.s;
    let Some(due) = story.out.due else { return };
    if let Some(head) = s.head.filter(|_| d.chance(0.04)) {
        let asked = d.later(story.out.updated_at, 0, 10);
        let reason = (*d.pick(EXTENSION_REASONS)).to_owned();
        let approved = d.chance(0.4);
        let (old_due, new_due) = if approved {
            (due - Duration::days(d.int(15, 45)), due)
        } else {
            (due, due + Duration::days(d.int(15, 60)))
        };
        story.records.events.push(EventRow {
            item_id: s.item_id,
            actor_id: head,
            action: EventAction::ExtensionRequested,
            field: Some(ItemField::DueDate),
            before: Some(old_due.to_string()),
            after: Some(new_due.to_string()),
            note: Some(reason.clone()),
            created_at: asked,
        });
        let decided = approved.then(|| d.later(asked, 0, 3));
        if let Some(at) = decided {
            story.records.events.push(EventRow {
                item_id: s.item_id,
                actor_id: s.secretariat,
                action: EventAction::ExtensionApproved,
                field: Some(ItemField::DueDate),
                before: Some(old_due.to_string()),
                after: Some(new_due.to_string()),
                note: Some("同意延期，请按新时限完成。".into()),
                created_at: at,
            });
            story.out.version += 1;
            story.out.updated_at = at;
        }
        story.records.extensions.push(ExtensionRow {
            item_id: s.item_id,
            requested_by: head,
            old_due: Some(old_due),
            new_due,
            reason,
            status: if approved {
                ExtensionStatus::Approved
            } else {
                ExtensionStatus::Pending
            },
            decided_by: approved.then_some(s.secretariat),
            decided_at: decided,
            decision_note: approved.then_some("同意延期，请按新时限完成。"),
            created_at: asked,
        });
    }
    let overdue_since = due + Duration::days(1);
    if overdue_since < d.today() && d.chance(0.5) {
        let days_late = (d.today() - overdue_since).num_days();
        let after = Duration::days(d.int(0, days_late.min(10)));
        let at = d.office_time(overdue_since + after);
        let note = "该事项已逾期，请抓紧办理并及时报送进展。".to_owned();
        story.event(
            s.secretariat,
            EventAction::Urged,
            at.max(story.out.updated_at),
            Some(note),
        );
    }
}
