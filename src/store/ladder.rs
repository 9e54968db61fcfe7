//! The ladder's automatic steps (`ladder_steps`): which open items may have one due, the
//! claim that makes each step happen once however many instances run, and the history
//! entry a step writes (by nobody: the system acted).

use chrono::NaiveDate;
use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::{EventAction, ItemId, LadderStep, Level};

/// An open item whose deadline is near or past, with the steps already taken against its
/// current deadline.
#[derive(Debug, Clone, FromRow)]
pub struct Candidate {
    pub item_id: ItemId,
    pub level: Level,
    pub due_date: NaiveDate,
    /// Parallel to `taken_rounds`.
    pub taken_steps: Vec<LadderStep>,
    pub taken_rounds: Vec<i32>,
}

impl Candidate {
    /// The steps taken against the current deadline, with their rounds.
    pub fn taken(&self) -> Vec<(LadderStep, i32)> {
        self.taken_steps
            .iter()
            .copied()
            .zip(self.taken_rounds.iter().copied())
            .collect()
    }
}

/// Open published items with a deadline that their level's reminder has reached by
/// `today` (the reminder comes first, so nothing earlier is due), soonest deadline first.
pub async fn list_candidates(
    ex: impl PgExecutor<'_>,
    today: NaiveDate,
) -> sqlx::Result<Vec<Candidate>> {
    sqlx::query_as(
        "SELECT i.id AS item_id, i.level, i.due_date, \
             coalesce(array_agg(s.step ORDER BY s.step, s.round) \
                 FILTER (WHERE s.step IS NOT NULL), '{}') AS taken_steps, \
             coalesce(array_agg(s.round ORDER BY s.step, s.round) \
                 FILTER (WHERE s.step IS NOT NULL), '{}') AS taken_rounds \
         FROM items i JOIN ladder_levels l ON l.level = i.level \
         LEFT JOIN ladder_steps s ON s.item_id = i.id AND s.due_date = i.due_date \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') AND i.due_date IS NOT NULL \
           AND i.due_date - l.remind_days <= $1 \
         GROUP BY i.id ORDER BY i.due_date, i.id",
    )
    .bind(today)
    .fetch_all(ex)
    .await
}

/// Claims a step for the caller's transaction: true when this caller inserted its row
/// and so must take it. A concurrent claim of the same step waits for this transaction
/// and then finds the row (or, after a rollback, takes the step itself). Nothing is
/// claimed for an item no longer open or whose deadline has moved.
pub async fn claim_step(
    conn: &mut PgConnection,
    item_id: ItemId,
    step: LadderStep,
    due_date: NaiveDate,
    round: i32,
) -> sqlx::Result<bool> {
    sqlx::query(
        "INSERT INTO ladder_steps (item_id, step, due_date, round) \
         SELECT id, $2, due_date, $4 FROM items \
         WHERE id = $1 AND due_date = $3 AND status IN ('assigned', 'in_progress', 'blocked') \
         ON CONFLICT DO NOTHING",
    )
    .bind(item_id)
    .bind(step)
    .bind(due_date)
    .bind(round)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The history entry of an automatic step: no actor (shown as 系统).
pub async fn insert_step_event(
    conn: &mut PgConnection,
    item_id: ItemId,
    action: EventAction,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO item_events (item_id, actor_id, action, note) VALUES ($1, NULL, $2, $3)",
    )
    .bind(item_id)
    .bind(action)
    .bind(note)
    .execute(conn)
    .await
    .map(drop)
}
