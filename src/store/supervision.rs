//! The office's supervision settings (`supervision_settings`, one row) and the ladder of
//! each 督办等级 (`ladder_levels`), read and written typed. The row's `updated_at` is its
//! version: a save names the version its form showed and changes nothing when another
//! save came first.

use chrono::{DateTime, NaiveTime, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::{Level, LevelRules, QuietHours, UserId};

/// The office's settings that the light and the ladder read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    /// A report due within this many days and not yet made turns the item yellow.
    pub report_warn_days: i32,
    /// Percentage points behind the planned progress that turn an item yellow.
    pub behind_margin: i32,
    pub quiet: QuietHours,
    pub ladder_on: bool,
    /// Whether a lead unit may split its own items (分解).
    pub parts_by_lead: bool,
}

#[derive(FromRow)]
struct SettingsRow {
    report_warn_days: i32,
    behind_margin: i32,
    quiet_from: NaiveTime,
    quiet_until: NaiveTime,
    ladder_on: bool,
    parts_by_lead: bool,
    updated_at: DateTime<Utc>,
}

/// The settings and their version (the time they were last saved).
pub async fn settings(ex: impl PgExecutor<'_>) -> sqlx::Result<(Supervision, DateTime<Utc>)> {
    let row: SettingsRow = sqlx::query_as(
        "SELECT report_warn_days, behind_margin, quiet_from, quiet_until, ladder_on, \
             parts_by_lead, updated_at FROM supervision_settings",
    )
    .fetch_one(ex)
    .await?;
    let settings = Supervision {
        report_warn_days: row.report_warn_days,
        behind_margin: row.behind_margin,
        quiet: QuietHours {
            from: row.quiet_from,
            until: row.quiet_until,
        },
        ladder_on: row.ladder_on,
        parts_by_lead: row.parts_by_lead,
    };
    Ok((settings, row.updated_at))
}

/// Every level's ladder, in [`Level::ALL`] order.
pub async fn levels(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<(Level, LevelRules)>> {
    let rows: Vec<(Level, i32, i32, i32, i32)> = sqlx::query_as(
        "SELECT level, remind_days, warn_days, urge_every_days, escalate_after_days \
         FROM ladder_levels",
    )
    .fetch_all(ex)
    .await?;
    let mut levels = Vec::with_capacity(rows.len());
    for (level, remind, warn, urge, escalate) in rows {
        // The table's CHECKs are the rules' bounds, so this fails only on a schema drift.
        let rules = LevelRules::new(remind, warn, urge, escalate)
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        levels.push((level, rules));
    }
    levels.sort_by_key(|(level, _)| *level);
    Ok(levels)
}

/// Saves the settings and every level's ladder if the settings are still at `version`;
/// false (nothing written) when someone saved them since. The caller's transaction keeps
/// the row locked from the check to the levels' update.
pub async fn save(
    conn: &mut PgConnection,
    settings: &Supervision,
    levels: &[(Level, LevelRules)],
    version: DateTime<Utc>,
    by: UserId,
) -> sqlx::Result<bool> {
    let saved = sqlx::query(
        "UPDATE supervision_settings SET report_warn_days = $1, behind_margin = $2, \
             quiet_from = $3, quiet_until = $4, ladder_on = $5, parts_by_lead = $6, \
             updated_by = $7, updated_at = clock_timestamp() \
         WHERE updated_at = $8",
    )
    .bind(settings.report_warn_days)
    .bind(settings.behind_margin)
    .bind(settings.quiet.from)
    .bind(settings.quiet.until)
    .bind(settings.ladder_on)
    .bind(settings.parts_by_lead)
    .bind(by)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !saved {
        return Ok(false);
    }
    for (level, rules) in levels {
        sqlx::query(
            "UPDATE ladder_levels SET remind_days = $2, warn_days = $3, urge_every_days = $4, \
                 escalate_after_days = $5 WHERE level = $1",
        )
        .bind(level)
        .bind(rules.remind_days())
        .bind(rules.warn_days())
        .bind(rules.urge_every_days())
        .bind(rules.escalate_after_days())
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
