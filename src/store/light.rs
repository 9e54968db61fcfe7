//! The light (红黄绿灯) and its cause, as SQL expressions over an item row. This is the only
//! definition: lists, counts, the item page, digests and the demo's summary all select it,
//! so a cause added here reaches every one of them.
//!
//! The cause is the first of, in order: done; overdue; 缺报 (the first reporting period no
//! lead report filled is past its due date: `items.report_due`, which a trigger keeps from
//! the duty, 交办 and the last report, so that no period is computed per row); a part overdue or
//! 缺报; blocked; the deadline within the level's warning days; a report due within the
//! office's notice and not yet made; 进度滞后 (the share of time elapsed ahead of the
//! stated progress by more than the office's margin; for a split item, the average plan
//! and progress of the parts that stated one or are finished: a part that said nothing is
//! not judged, as an item that said nothing is not); a part yellow; else on track. Drafts
//! and dismissed items have none.

use std::sync::LazyLock;

use chrono::NaiveDate;
use sqlx::PgExecutor;

use crate::domain::{ItemId, Level, Light, LightCause};

/// Today in China, for statements that take no date of their own.
pub const CHINA_TODAY: &str = "(now() AT TIME ZONE 'Asia/Shanghai')::date";

/// The cause of the row aliased `i` on `$4` (today in China).
pub static CAUSE: LazyLock<String> = LazyLock::new(|| cause("i", "$4::date", true));
/// The light of the row aliased `i` on `$4`.
pub static LIGHT: LazyLock<String> = LazyLock::new(|| light_of(&CAUSE));
/// The cause of the row aliased `i` today.
pub static CAUSE_TODAY: LazyLock<String> = LazyLock::new(|| cause("i", CHINA_TODAY, true));

/// Whether the row aliased `i` has missed a report (缺报) on `$4`: the very test the cause
/// makes, true also of an item whose light shows a cause before it (overdue), so that a
/// filter or count of 缺报 finds every item missing one. Open items only.
pub static MISSED: LazyLock<String> = LazyLock::new(|| missed_on("$4::date"));

/// [`MISSED`] on the date `today` (an SQL expression).
pub fn missed_on(today: &str) -> String {
    format!(
        "(i.status IN ('assigned', 'in_progress', 'blocked') AND {})",
        missed("i", today)
    )
}

/// 完成进度 of the row aliased `i`: as a lead unit last stated it, or for a split item the
/// average of its parts' (a finished part counts as 100, one that stated nothing 0), once
/// any part stated a figure or finished.
pub const PROGRESS: &str = "(CASE WHEN i.has_parts THEN \
        (SELECT CASE WHEN count(k.actual) > 0 THEN round(avg(coalesce(k.actual, 0)))::int END \
         FROM items p CROSS JOIN LATERAL (SELECT CASE \
             WHEN p.status IN ('reported_done', 'closed') THEN 100 \
             ELSE p.progress_percent END AS actual) k \
         WHERE p.parent_id = i.id AND p.status NOT IN ('draft', 'dismissed')) \
    ELSE i.progress_percent::int END)";

/// Why one item is lit on `today`; none for drafts, dismissed and unknown items.
pub async fn cause_of(
    ex: impl PgExecutor<'_>,
    item: ItemId,
    today: NaiveDate,
) -> sqlx::Result<Option<LightCause>> {
    static ON_2: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM items i WHERE i.id = $1",
            cause("i", "$2::date", true)
        )
    });
    Ok(sqlx::query_scalar(&ON_2)
        .bind(item)
        .bind(today)
        .fetch_optional(ex)
        .await?
        .flatten())
}

fn quoted(causes: impl Iterator<Item = LightCause>) -> String {
    causes
        .map(|c| format!("'{}'", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The light of a cause expression: a simple CASE, so the cause is evaluated once.
fn light_of(cause: &str) -> String {
    let arms: String = LightCause::ALL
        .iter()
        .map(|c| format!(" WHEN '{}' THEN '{}'", c.as_str(), c.light().as_str()))
        .collect();
    format!("(CASE {cause}{arms} END)")
}

fn planned(a: &str, today: &str) -> String {
    let assigned = format!("({a}.assigned_at AT TIME ZONE 'Asia/Shanghai')::date");
    format!(
        "(CASE WHEN {a}.due_date IS NULL OR {a}.assigned_at IS NULL THEN NULL \
              WHEN {a}.due_date <= {assigned} THEN 100 \
              ELSE least(100, greatest(0, ({today} - {assigned}) * 100 \
                  / ({a}.due_date - {assigned}))) END)"
    )
}

/// The level's days of warning before the deadline: one sub-select per level, each run
/// once per statement rather than once per row.
fn warn_days(a: &str) -> String {
    let arms: String = Level::ALL
        .iter()
        .map(|l| {
            format!(
                " WHEN '{l}' THEN (SELECT warn_days FROM ladder_levels WHERE level = '{l}')",
                l = l.as_str()
            )
        })
        .collect();
    format!("(CASE {a}.level{arms} END)")
}

/// Whether the duty of the row aliased `a` owes the report due on its `report_due` (the
/// first period no lead report filled, kept by a trigger): not after the deadline.
fn owed(a: &str) -> String {
    format!("({a}.due_date IS NULL OR {a}.report_due <= {a}.due_date)")
}

/// 缺报: the first unfilled period's due date has passed.
fn missed(a: &str, today: &str) -> String {
    format!("({a}.report_due < {today} AND {})", owed(a))
}

fn cause(a: &str, today: &str, with_parts: bool) -> String {
    let done = LightCause::Done.as_str();
    let missed = missed(a, today);
    let report_due = format!(
        "({a}.report_due >= {today} \
          AND {a}.report_due <= {today} + (SELECT report_warn_days FROM supervision_settings) \
          AND {})",
        owed(a)
    );
    let margin = "(SELECT behind_margin FROM supervision_settings)";
    let behind = if with_parts {
        format!(
            "(CASE WHEN {a}.has_parts THEN \
                 (SELECT avg({plan_p}) - avg(k.actual) \
                  FROM items p CROSS JOIN LATERAL (SELECT CASE \
                      WHEN p.status IN ('reported_done', 'closed') THEN 100 \
                      ELSE p.progress_percent END AS actual) k \
                  WHERE p.parent_id = {a}.id AND p.status NOT IN ('draft', 'dismissed') \
                      AND k.actual IS NOT NULL) > {margin} \
              WHEN {a}.progress_percent IS NULL THEN false \
              ELSE {plan} - {a}.progress_percent > {margin} END)",
            plan_p = planned("p", today),
            plan = planned(a, today),
        )
    } else {
        format!(
            "({a}.progress_percent IS NOT NULL AND {} - {a}.progress_percent > {margin})",
            planned(a, today)
        )
    };
    let part_is = |light: Light| {
        format!(
            "({a}.has_parts AND EXISTS (SELECT 1 FROM items p WHERE p.parent_id = {a}.id \
              AND {} IN ({})))",
            cause("p", today, false),
            quoted(LightCause::of_light(light))
        )
    };
    let (part_late, part_warn) = if with_parts {
        (
            format!("WHEN {} THEN 'part_late'", part_is(Light::Red)),
            format!("WHEN {} THEN 'part_warn'", part_is(Light::Yellow)),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "(CASE WHEN {a}.status IN ('reported_done', 'closed') THEN '{done}' \
          WHEN {a}.status NOT IN ('assigned', 'in_progress', 'blocked') THEN NULL \
          WHEN {a}.due_date < {today} THEN 'overdue' \
          WHEN {missed} THEN 'report_missed' \
          {part_late} \
          WHEN {a}.status = 'blocked' THEN 'blocked' \
          WHEN {a}.due_date <= {today} + {warn} THEN 'due_soon' \
          WHEN {report_due} THEN 'report_due' \
          WHEN {behind} THEN 'behind' \
          {part_warn} \
          ELSE 'on_track' END)",
        warn = warn_days(a),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missed_report_filter_is_the_causes_own_test() {
        assert!(CAUSE.contains(&missed("i", "$4::date")));
        assert!(MISSED.contains(&missed("i", "$4::date")));
    }

    #[test]
    fn every_cause_the_sql_can_yield_is_a_named_cause() {
        let sql = cause("i", "$4::date", true);
        let yielded: Vec<&str> = ["THEN '", "ELSE '"]
            .iter()
            .flat_map(|arm| sql.match_indices(arm).map(|(at, _)| &sql[at + arm.len()..]))
            .map(|s| &s[..s.find('\'').unwrap()])
            .collect();
        for name in &yielded {
            assert!(LightCause::parse(name).is_some(), "{name}");
        }
        for c in LightCause::ALL {
            assert!(yielded.contains(&c.as_str()), "{c:?} is never yielded");
        }
    }
}
