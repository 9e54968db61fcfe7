//! The light (红黄绿灯) and its cause, as SQL expressions over an item row. This is the only
//! definition: lists, counts, the item page, digests, the demo's summary and the ladder all
//! select it, so a cause added here reaches every one of them.
//!
//! The cause is the first of, in order: done; overdue; 缺报 (the last reporting period
//! ended with no report from a lead unit since the one before it); a part overdue or
//! 缺报; blocked; the deadline within the level's warning days; a report due within the
//! office's notice and not yet made; 进度滞后 (the share of time elapsed ahead of the
//! stated progress by more than the office's margin; for a split item, its parts' average
//! plan and progress); a part yellow; else on track. Drafts and dismissed items have none.

use std::sync::LazyLock;

use crate::domain::{Level, Light, LightCause};

/// Today in China, for statements that take no date of their own.
pub const CHINA_TODAY: &str = "(now() AT TIME ZONE 'Asia/Shanghai')::date";

/// The cause of the row aliased `i` on `$4` (today in China).
pub static CAUSE: LazyLock<String> = LazyLock::new(|| cause("i", "$4::date", true));
/// The light of the row aliased `i` on `$4`.
pub static LIGHT: LazyLock<String> = LazyLock::new(|| light_of(&CAUSE));
/// The cause of the row aliased `i` today.
pub static CAUSE_TODAY: LazyLock<String> = LazyLock::new(|| cause("i", CHINA_TODAY, true));

/// 完成进度 of the row aliased `i`: as a lead unit last stated it, or for a split item the
/// average of its parts' (a finished part counts as 100).
pub const PROGRESS: &str = "(CASE WHEN i.has_parts THEN \
        (SELECT round(avg(CASE WHEN p.status IN ('reported_done', 'closed') THEN 100 \
                               ELSE coalesce(p.progress_percent, 0) END))::int \
         FROM items p WHERE p.parent_id = i.id AND p.status NOT IN ('draft', 'dismissed')) \
    ELSE i.progress_percent::int END)";

/// The planned progress of the row aliased `i` (the share of its time from 交办 to its
/// deadline that has passed by `$4`), for the page that shows how far behind it is.
pub static PLANNED: LazyLock<String> = LazyLock::new(|| planned("i", "$4::date"));

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

fn cause(a: &str, today: &str, with_parts: bool) -> String {
    let done = LightCause::Done.as_str();
    let assigned = format!("({a}.assigned_at AT TIME ZONE 'Asia/Shanghai')::date");
    let reported =
        format!("coalesce(({a}.last_report_at AT TIME ZONE 'Asia/Shanghai')::date, '-infinity')");
    let cycle = format!("{a}.recurrence::text, {a}.report_day");
    let prev = format!("report_due_before({cycle}, {today})");
    let next = format!("report_due_from({cycle}, {today})");
    // A due date the duty asks a report for: after 交办, and not after the deadline.
    let owed = |due: &str| {
        format!("({due} > {assigned} AND ({a}.due_date IS NULL OR {due} <= {a}.due_date))")
    };
    let missed = format!(
        "({a}.recurrence IS NOT NULL AND {owed_prev} \
          AND {reported} <= report_due_before({cycle}, {prev}))",
        owed_prev = owed(&prev)
    );
    let report_due = format!(
        "({a}.recurrence IS NOT NULL AND {owed_next} \
          AND {next} <= {today} + (SELECT report_warn_days FROM supervision_settings) \
          AND {reported} <= {prev})",
        owed_next = owed(&next)
    );
    let margin = "(SELECT behind_margin FROM supervision_settings)";
    let behind = if with_parts {
        format!(
            "(CASE WHEN {a}.has_parts THEN \
                 (SELECT avg({plan_p}) - avg(CASE WHEN p.status IN ('reported_done', 'closed') \
                      THEN 100 ELSE coalesce(p.progress_percent, 0) END) \
                  FROM items p WHERE p.parent_id = {a}.id \
                      AND p.status NOT IN ('draft', 'dismissed')) > {margin} \
              ELSE {plan} - {a}.progress_percent > {margin} END)",
            plan_p = planned("p", today),
            plan = planned(a, today),
        )
    } else {
        format!("({} - {a}.progress_percent > {margin})", planned(a, today))
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
