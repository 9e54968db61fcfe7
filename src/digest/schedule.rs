//! When digests are due and which period they cover; pure (the clock is an argument).
//!
//! Times are China Standard Time (UTC+8, no daylight saving), like every deadline in duban.
//! A period is named by its cadence and date ('weekly:2026-W48', 'daily:2026-11-23'); that
//! name, with the recipient, is the message's dedup key, so a period is sent once.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use crate::domain::china_time::{china_time, from_china_time};
use crate::domain::{DigestPreference, UserId};

/// How often a digest goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    Weekly,
    Daily,
}

impl Cadence {
    pub const ALL: [Cadence; 2] = [Cadence::Weekly, Cadence::Daily];

    /// The cadence a preference asks for; none when digests are off.
    pub fn of(preference: DigestPreference) -> Option<Cadence> {
        match preference {
            DigestPreference::Weekly => Some(Cadence::Weekly),
            DigestPreference::Daily => Some(Cadence::Daily),
            DigestPreference::Off => None,
        }
    }

    pub fn preference(self) -> DigestPreference {
        match self {
            Cadence::Weekly => DigestPreference::Weekly,
            Cadence::Daily => DigestPreference::Daily,
        }
    }

    fn length(self) -> Duration {
        match self {
            Cadence::Weekly => Duration::days(7),
            Cadence::Daily => Duration::days(1),
        }
    }

    /// 周报 or 日报, as subjects say it.
    pub fn noun(self) -> &'static str {
        match self {
            Cadence::Weekly => "督办周报",
            Cadence::Daily => "督办日报",
        }
    }
}

/// When the scheduled digests go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Day of the weekly digest.
    pub weekday: Weekday,
    /// Time of day of both digests, China time.
    pub time: NaiveTime,
}

/// One digest period: its name, and the stretch of time whose news it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub cadence: Cadence,
    /// 'weekly:2026-W48' or 'daily:2026-11-23'.
    pub key: String,
    /// News since this moment is new.
    pub since: DateTime<Utc>,
    /// When the digest is composed; "today" for deadlines is its date in China.
    pub now: DateTime<Utc>,
}

impl Period {
    /// The period of the latest scheduled time at or before `now`: what the scheduler
    /// must have sent by `now`. News is what happened in the cadence before that time.
    pub fn scheduled(cadence: Cadence, schedule: Schedule, now: DateTime<Utc>) -> Period {
        let slot = latest_slot(cadence, schedule, china_time(now));
        Period {
            cadence,
            key: key(cadence, slot.date()),
            since: from_china_time(slot) - cadence.length(),
            now,
        }
    }

    /// The period `now` falls in by the calendar (its ISO week, or its day): what
    /// `duban digest --send` sends at once, so that the scheduled run of the same period
    /// sends nothing more.
    pub fn current(cadence: Cadence, now: DateTime<Utc>) -> Period {
        Period {
            cadence,
            key: key(cadence, china_time(now).date()),
            since: now - cadence.length(),
            now,
        }
    }

    /// Today's date in China at the time of the digest.
    pub fn today(&self) -> NaiveDate {
        china_time(self.now).date()
    }

    /// The outbox dedup key of this period's digest to one user.
    pub fn dedup_key(&self, user_id: UserId) -> String {
        format!("{}:user {user_id}", self.key)
    }

    /// '2026年第48周' or '2026年11月23日', for subjects.
    pub fn label(&self) -> String {
        let today = self.today();
        match self.cadence {
            Cadence::Weekly => {
                let week = today.iso_week();
                format!("{}年第{}周", week.year(), week.week())
            }
            Cadence::Daily => today.format("%Y年%-m月%-d日").to_string(),
        }
    }
}

/// The latest scheduled time at or before `now` (all China time).
fn latest_slot(cadence: Cadence, schedule: Schedule, now: NaiveDateTime) -> NaiveDateTime {
    let mut day = now.date();
    if cadence == Cadence::Weekly {
        let back = (7 + day.weekday().num_days_from_monday()
            - schedule.weekday.num_days_from_monday())
            % 7;
        day -= Duration::days(i64::from(back));
    }
    let slot = day.and_time(schedule.time);
    if slot <= now {
        slot
    } else {
        slot - cadence.length()
    }
}

fn key(cadence: Cadence, date: NaiveDate) -> String {
    match cadence {
        Cadence::Weekly => {
            let week = date.iso_week();
            format!("weekly:{}-W{:02}", week.year(), week.week())
        }
        Cadence::Daily => format!("daily:{date}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UserId;

    /// A moment given in China time.
    fn at(s: &str) -> DateTime<Utc> {
        from_china_time(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    fn monday_8() -> Schedule {
        Schedule {
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        }
    }

    #[test]
    fn the_weekly_digest_of_a_week_is_due_from_its_monday_at_eight() {
        // 2026-11-23 is the Monday of ISO week 48.
        let before = Period::scheduled(Cadence::Weekly, monday_8(), at("2026-11-23 07:59"));
        let on_time = Period::scheduled(Cadence::Weekly, monday_8(), at("2026-11-23 08:00"));
        let late = Period::scheduled(Cadence::Weekly, monday_8(), at("2026-11-29 23:59"));

        assert_eq!(before.key, "weekly:2026-W47");
        assert_eq!(on_time.key, "weekly:2026-W48");
        assert_eq!(late.key, "weekly:2026-W48");
        assert_eq!(on_time.since, at("2026-11-16 08:00"));
        assert_eq!(late.since, at("2026-11-16 08:00"));
        assert_eq!(on_time.label(), "2026年第48周");
    }

    #[test]
    fn another_weekday_and_time_can_be_configured() {
        let friday_1730 = Schedule {
            weekday: Weekday::Fri,
            time: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
        };
        // Thursday 2026-11-26: the last Friday slot was the 20th, in week 47.
        let thursday = Period::scheduled(Cadence::Weekly, friday_1730, at("2026-11-26 12:00"));
        let friday = Period::scheduled(Cadence::Weekly, friday_1730, at("2026-11-27 17:30"));

        assert_eq!(thursday.key, "weekly:2026-W47");
        assert_eq!(thursday.since, at("2026-11-13 17:30"));
        assert_eq!(friday.key, "weekly:2026-W48");
    }

    #[test]
    fn the_daily_digest_of_a_day_is_due_from_eight_and_reports_the_day_before() {
        let early = Period::scheduled(Cadence::Daily, monday_8(), at("2026-11-24 07:00"));
        let due = Period::scheduled(Cadence::Daily, monday_8(), at("2026-11-24 09:15"));

        assert_eq!(early.key, "daily:2026-11-23");
        assert_eq!(due.key, "daily:2026-11-24");
        assert_eq!(due.since, at("2026-11-23 08:00"));
        assert_eq!(due.label(), "2026年11月24日");
    }

    #[test]
    fn dates_are_chinese_dates_whatever_the_utc_date() {
        // 23:30 UTC on Sunday the 22nd is 07:30 on Monday the 23rd in Beijing.
        let now = "2026-11-22T23:30:00Z".parse::<DateTime<Utc>>().unwrap();

        let current = Period::current(Cadence::Weekly, now);

        assert_eq!(current.key, "weekly:2026-W48");
        assert_eq!(
            current.today(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(current.since, now - Duration::days(7));
    }

    #[test]
    fn sending_now_uses_the_calendar_period_so_the_scheduled_run_of_it_finds_it_sent() {
        let now = at("2026-11-23 07:00");

        let sent_by_hand = Period::current(Cadence::Weekly, now);
        let scheduled_later =
            Period::scheduled(Cadence::Weekly, monday_8(), at("2026-11-23 08:00"));

        assert_eq!(sent_by_hand.key, scheduled_later.key);
        assert_eq!(
            sent_by_hand.dedup_key(UserId(17)),
            "weekly:2026-W48:user 17"
        );
    }

    #[test]
    fn iso_weeks_cross_years() {
        // 2026-12-31 is a Thursday of ISO week 53 of 2026; 2027-01-04 starts week 1 of 2027.
        assert_eq!(
            Period::current(Cadence::Weekly, at("2026-12-31 10:00")).key,
            "weekly:2026-W53"
        );
        assert_eq!(
            Period::current(Cadence::Weekly, at("2027-01-04 10:00")).key,
            "weekly:2027-W01"
        );
    }
}
