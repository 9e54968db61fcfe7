//! The warning ladder (预警阶梯): the automatic steps the office's settings take on every
//! open item with a deadline, by its 督办等级. Before the deadline the lead units'
//! heads are reminded (蓝) and then warned (黄); from the day after it they are urged
//! (自动催办) every few days; after some days overdue the responsible leader is told.
//!
//! [`steps_due`] decides, purely, which steps an item owes today; [`run`] claims each in
//! `ladder_steps` (whoever inserts the row takes the step, so two instances never take one
//! twice), writes its history entry and queues its mail in one transaction per item.
//! Nothing happens while the ladder is off or inside the quiet hours: the steps wait.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

use super::notify::{self, Letters, NoticeKind};
use super::{Result, WorkflowError};
use crate::domain::china_time::china_time;
use crate::domain::{Actor, ItemId, LadderStep, LevelRules};
use crate::format::cn_date;
use crate::store::items::{self, Item};
use crate::store::{ladder, supervision};

/// A step an item owes: which, and for 催办 its round (0 for the day after the deadline,
/// 1 for `urge_every_days` later, ...; 0 for the other steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueStep {
    pub step: LadderStep,
    pub round: i32,
}

/// The steps an item with `rules` and deadline `due` owes on `today`, leaving out those
/// already `taken` against that deadline. Only the current round of 催办 is owed: rounds
/// missed while no instance ran are not made up.
pub fn steps_due(
    rules: &LevelRules,
    due: NaiveDate,
    today: NaiveDate,
    taken: &[(LadderStep, i32)],
) -> Vec<DueStep> {
    let left = i32::try_from((due - today).num_days()).unwrap_or(i32::MIN);
    let mut owed = Vec::new();
    let once = |step| DueStep { step, round: 0 };
    if left >= 0 {
        if left <= rules.remind_days() {
            owed.push(once(LadderStep::Remind));
        }
        if left <= rules.warn_days() {
            owed.push(once(LadderStep::Warn));
        }
    } else {
        let late = left.saturating_neg();
        owed.push(DueStep {
            step: LadderStep::Urge,
            round: (late - 1) / rules.urge_every_days(),
        });
        if late >= rules.escalate_after_days() {
            owed.push(once(LadderStep::Escalate));
        }
    }
    owed.retain(|s| !taken.contains(&(s.step, s.round)));
    owed
}

/// Whether a step claimed with `claimed` sends its own mail: a reminder taken together
/// with the warning (an item published late, or equal days) is folded into the
/// warning's mail, so the heads get one message, not two the same minute.
pub fn sends_mail(step: LadderStep, claimed: &[DueStep]) -> bool {
    step != LadderStep::Remind || !claimed.iter().any(|s| s.step == LadderStep::Warn)
}

/// One step taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenStep {
    pub item_id: ItemId,
    pub step: LadderStep,
    pub round: i32,
    /// Messages queued for it.
    pub mails: usize,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pass {
    /// The ladder is turned off in 督办设置.
    Off,
    /// Inside the quiet hours: nothing was taken.
    Quiet,
    Ran {
        taken: Vec<TakenStep>,
        /// Items whose steps failed (logged); they are tried again on the next run.
        failed: usize,
    },
}

/// Takes every step owed at `now` (China time decides the day and the quiet hours).
#[tracing::instrument(skip_all, fields(%now))]
pub async fn run(
    pool: &PgPool,
    now: DateTime<Utc>,
    letters: &(dyn Letters + Sync),
) -> Result<Pass> {
    let (settings, _) = supervision::settings(pool).await?;
    if !settings.ladder_on {
        return Ok(Pass::Off);
    }
    let clock = china_time(now);
    if settings.quiet.contains(clock.time()) {
        return Ok(Pass::Quiet);
    }
    let today = clock.date();
    let levels = supervision::levels(pool).await?;
    let (mut taken, mut failed) = (Vec::new(), 0);
    for candidate in ladder::list_candidates(pool, today).await? {
        let Some((_, rules)) = levels.iter().find(|(l, _)| *l == candidate.level) else {
            continue;
        };
        let owed = steps_due(rules, candidate.due_date, today, &candidate.taken());
        if owed.is_empty() {
            continue;
        }
        let item = (candidate.item_id, candidate.due_date);
        match take(pool, item, &owed, today, letters).await {
            Ok(steps) => taken.extend(steps),
            Err(e) => {
                tracing::warn!(item_id = %candidate.item_id, error = ?e, "ladder step failed");
                failed += 1;
            }
        }
    }
    if !taken.is_empty() {
        tracing::info!(steps = taken.len(), "ladder steps taken");
    }
    Ok(Pass::Ran { taken, failed })
}

/// Claims the owed steps of one item against deadline `due` and takes those this caller
/// won, in one transaction: the claims, the history and the mail commit together.
async fn take(
    pool: &PgPool,
    (item_id, due): (ItemId, NaiveDate),
    owed: &[DueStep],
    today: NaiveDate,
    letters: &(dyn Letters + Sync),
) -> Result<Vec<TakenStep>> {
    let mut tx = pool.begin().await?;
    let mut claimed = Vec::new();
    for s in owed {
        if ladder::claim_step(&mut tx, item_id, s.step, due, s.round).await? {
            claimed.push(*s);
        }
    }
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    let item = items::find_visible_item(&mut *tx, &Actor::office(), item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let mut taken = Vec::with_capacity(claimed.len());
    for s in &claimed {
        let (mails, note) = act(&mut tx, letters, &item, *s, &claimed, today).await?;
        ladder::insert_step_event(&mut tx, item_id, s.step.action(), &note).await?;
        taken.push(TakenStep {
            item_id,
            step: s.step,
            round: s.round,
            mails,
        });
    }
    tx.commit().await?;
    Ok(taken)
}

/// Queues a step's mail; how many messages, and the note of its history entry.
async fn act(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    item: &Item,
    s: DueStep,
    claimed: &[DueStep],
    today: NaiveDate,
) -> Result<(usize, String)> {
    let due = item.due_date.unwrap_or(today);
    let left = (due - today).num_days();
    let when = if left == 0 {
        format!("今天（{}）到期", cn_date(due))
    } else {
        format!("距完成时限（{}）还有 {left} 天", cn_date(due))
    };
    let nobody = "牵头单位没有能收到邮件的负责人，未发出邮件";
    let done = match s.step {
        LadderStep::Remind if !sends_mail(s.step, claimed) => {
            (0, format!("{when}；与到期预警同时到期，并入预警邮件"))
        }
        LadderStep::Remind | LadderStep::Warn => {
            let kind = if s.step == LadderStep::Remind {
                NoticeKind::Reminder
            } else {
                NoticeKind::Warning
            };
            let n = notify::to_lead_heads(conn, letters, kind, item, "", today).await?;
            let told = if n == 0 {
                nobody.to_owned()
            } else {
                format!("已通知牵头单位负责人 {n} 人")
            };
            (n, format!("{when}，{told}"))
        }
        LadderStep::Urge => {
            let note = format!("系统自动催办（逾期第{}天）", -left);
            let n =
                notify::to_lead_heads(conn, letters, NoticeKind::Urge, item, &note, today).await?;
            let told = if n == 0 { nobody } else { "" };
            let sep = if n == 0 { "；" } else { "" };
            (n, format!("{note}{sep}{told}"))
        }
        LadderStep::Escalate => {
            let late = -left;
            let leader = item.leader_name.as_deref();
            let told = notify::to_leader(conn, letters, item, today).await?;
            let note = match leader {
                None => format!("逾期 {late} 天，事项未设责任领导，未能报告"),
                Some(name) if told => format!("逾期 {late} 天，已报告责任领导{name}"),
                Some(name) => {
                    format!("逾期 {late} 天，责任领导{name}没有能收到邮件的账号，未能报告")
                }
            };
            (usize::from(told), note)
        }
    };
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal() -> LevelRules {
        // remind 10, warn 7, urge every 7, escalate after 14 days.
        LevelRules::new(10, 7, 7, 14).unwrap()
    }

    fn due() -> NaiveDate {
        "2026-12-31".parse().unwrap()
    }

    fn on(offset: i64) -> NaiveDate {
        due() + chrono::Duration::days(offset)
    }

    fn owed(offset: i64, taken: &[(LadderStep, i32)]) -> Vec<(LadderStep, i32)> {
        steps_due(&normal(), due(), on(offset), taken)
            .into_iter()
            .map(|s| (s.step, s.round))
            .collect()
    }

    use LadderStep::{Escalate, Remind, Urge, Warn};

    #[test]
    fn nothing_is_owed_before_the_reminders_day() {
        assert_eq!(owed(-11, &[]), []);
    }

    #[test]
    fn the_reminder_is_owed_from_its_day_until_the_deadline_and_the_warning_from_its_own() {
        assert_eq!(owed(-10, &[]), [(Remind, 0)]);
        assert_eq!(owed(-8, &[]), [(Remind, 0)]);
        assert_eq!(owed(-7, &[(Remind, 0)]), [(Warn, 0)]);
        assert_eq!(owed(0, &[(Remind, 0)]), [(Warn, 0)]);
        assert_eq!(owed(0, &[(Remind, 0), (Warn, 0)]), []);
    }

    #[test]
    fn an_item_published_late_owes_the_reminder_and_the_warning_at_once() {
        assert_eq!(owed(-3, &[]), [(Remind, 0), (Warn, 0)]);
    }

    #[test]
    fn urges_come_the_day_after_the_deadline_and_every_n_days_after_each_once() {
        assert_eq!(owed(1, &[]), [(Urge, 0)]);
        assert_eq!(owed(2, &[(Urge, 0)]), []);
        assert_eq!(owed(7, &[(Urge, 0)]), []);
        assert_eq!(owed(8, &[(Urge, 0)]), [(Urge, 1)]);
        assert_eq!(
            owed(15, &[(Urge, 0), (Urge, 1)]),
            [(Urge, 2), (Escalate, 0)]
        );
    }

    #[test]
    fn rounds_missed_while_nothing_ran_are_not_made_up() {
        // Down from the deadline until 20 days late: only the current round is owed.
        assert_eq!(owed(20, &[]), [(Urge, 2), (Escalate, 0)]);
    }

    #[test]
    fn the_leader_is_told_once_from_the_escalation_day() {
        assert_eq!(owed(13, &[(Urge, 1)]), []);
        assert_eq!(owed(14, &[(Urge, 1)]), [(Escalate, 0)]);
        assert_eq!(owed(30, &[(Urge, 4), (Escalate, 0)]), []);
    }

    #[test]
    fn a_reminder_taken_with_the_warning_goes_in_the_warnings_mail() {
        let both = [
            DueStep {
                step: Remind,
                round: 0,
            },
            DueStep {
                step: Warn,
                round: 0,
            },
        ];
        assert!(!sends_mail(Remind, &both));
        assert!(sends_mail(Warn, &both));
        assert!(sends_mail(Remind, &both[..1]));
    }
}
