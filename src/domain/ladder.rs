//! The warning ladder (预警阶梯) of a 督办等级: how many days before a deadline the units are
//! reminded (蓝) and warned (黄), how often an overdue item is urged, and after how long
//! its responsible leader is told; and the quiet hours in which no automatic step is
//! taken. The bounds are the schema's CHECK constraints, so a form refused here is never
//! refused by the database.

use chrono::NaiveTime;
use thiserror::Error;

use super::vocabulary::vocabulary;
use super::EventAction;

vocabulary! {
    /// An automatic step of the ladder. Stored as checked text in `ladder_steps.step`.
    pub enum LadderStep("预警步骤"): text {
        /// 蓝色提醒, some days before the deadline.
        Remind = "remind" => "到期提醒",
        /// 黄色预警, fewer days before the deadline (the light turns yellow then too).
        Warn = "warn" => "到期预警",
        /// 自动催办, the day after the deadline and then every few days.
        Urge = "urge" => "自动催办",
        /// The responsible leader is told of an item long overdue.
        Escalate = "escalate" => "逾期报告领导",
    }
}

impl LadderStep {
    /// The history entry the step writes.
    ///
    /// ```
    /// use duban::domain::{EventAction, LadderStep};
    /// assert_eq!(LadderStep::Urge.action(), EventAction::Urged);
    /// ```
    pub fn action(self) -> EventAction {
        match self {
            LadderStep::Remind => EventAction::Reminded,
            LadderStep::Warn => EventAction::Warned,
            LadderStep::Urge => EventAction::Urged,
            LadderStep::Escalate => EventAction::Escalated,
        }
    }
}

/// Why a setting of the ladder is refused; the messages reach the settings form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LadderError {
    #[error("{what}须为 {min}–{max} 之间的整数")]
    OutOfRange {
        what: &'static str,
        min: i32,
        max: i32,
    },
    #[error("黄色预警天数（{warn}）不能多于蓝色提醒天数（{remind}）：先提醒，后预警")]
    WarnBeforeRemind { remind: i32, warn: i32 },
}

/// The allowed values of one number, and its name in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub what: &'static str,
    pub min: i32,
    pub max: i32,
}

impl Bound {
    /// ```
    /// use duban::domain::ladder::REMIND_DAYS;
    /// assert_eq!(REMIND_DAYS.check(10), Ok(10));
    /// assert_eq!(REMIND_DAYS.check(91).unwrap_err().to_string(), "蓝色提醒天数须为 0–90 之间的整数");
    /// ```
    pub fn check(self, value: i32) -> Result<i32, LadderError> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(LadderError::OutOfRange {
                what: self.what,
                min: self.min,
                max: self.max,
            })
        }
    }
}

pub const REMIND_DAYS: Bound = Bound {
    what: "蓝色提醒天数",
    min: 0,
    max: 90,
};
pub const WARN_DAYS: Bound = Bound {
    what: "黄色预警天数",
    min: 0,
    max: 90,
};
pub const URGE_EVERY_DAYS: Bound = Bound {
    what: "自动催办间隔天数",
    min: 1,
    max: 90,
};
pub const ESCALATE_AFTER_DAYS: Bound = Bound {
    what: "报告责任领导的逾期天数",
    min: 1,
    max: 365,
};
/// A report due within this many days turns the item yellow.
pub const REPORT_WARN_DAYS: Bound = Bound {
    what: "报送提醒天数",
    min: 0,
    max: 60,
};
/// Percentage points behind plan that turn the item yellow.
pub const BEHIND_MARGIN: Bound = Bound {
    what: "进度滞后阈值",
    min: 1,
    max: 100,
};

/// The ladder of one 督办等级, checked: every number within its bounds, and the warning
/// no earlier than the reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelRules {
    remind_days: i32,
    warn_days: i32,
    urge_every_days: i32,
    escalate_after_days: i32,
}

impl LevelRules {
    /// ```
    /// use duban::domain::ladder::LevelRules;
    /// assert!(LevelRules::new(10, 7, 7, 14).is_ok());
    /// assert!(LevelRules::new(3, 5, 7, 14).is_err());
    /// ```
    pub fn new(
        remind_days: i32,
        warn_days: i32,
        urge_every_days: i32,
        escalate_after_days: i32,
    ) -> Result<Self, LadderError> {
        let rules = Self {
            remind_days: REMIND_DAYS.check(remind_days)?,
            warn_days: WARN_DAYS.check(warn_days)?,
            urge_every_days: URGE_EVERY_DAYS.check(urge_every_days)?,
            escalate_after_days: ESCALATE_AFTER_DAYS.check(escalate_after_days)?,
        };
        if warn_days > remind_days {
            return Err(LadderError::WarnBeforeRemind {
                remind: remind_days,
                warn: warn_days,
            });
        }
        Ok(rules)
    }

    /// 蓝色提醒: days before the deadline.
    pub fn remind_days(&self) -> i32 {
        self.remind_days
    }

    /// 黄色预警: days before the deadline.
    pub fn warn_days(&self) -> i32 {
        self.warn_days
    }

    /// Days between two automatic 催办 after the deadline.
    pub fn urge_every_days(&self) -> i32 {
        self.urge_every_days
    }

    /// Days overdue after which the responsible leader is told.
    pub fn escalate_after_days(&self) -> i32 {
        self.escalate_after_days
    }
}

/// The hours (China time) in which no automatic step is taken, from `from` up to but not
/// including `until`; they may wrap midnight (20:00–08:00). Equal times mean none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub until: NaiveTime,
}

impl QuietHours {
    /// ```
    /// use chrono::NaiveTime;
    /// use duban::domain::ladder::QuietHours;
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    /// let night = QuietHours { from: t(20), until: t(8) };
    /// assert!(night.contains(t(23)) && night.contains(t(7)) && !night.contains(t(8)));
    /// ```
    pub fn contains(&self, time: NaiveTime) -> bool {
        if self.from <= self.until {
            self.from <= time && time < self.until
        } else {
            time >= self.from || time < self.until
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn quiet_hours_within_one_day_hold_from_their_start_up_to_their_end() {
        let lunch = QuietHours {
            from: t(12, 0),
            until: t(14, 0),
        };
        assert!(!lunch.contains(t(11, 59)));
        assert!(lunch.contains(t(12, 0)));
        assert!(lunch.contains(t(13, 59)));
        assert!(!lunch.contains(t(14, 0)));
    }

    #[test]
    fn quiet_hours_may_wrap_midnight_and_equal_times_mean_none() {
        let night = QuietHours {
            from: t(20, 0),
            until: t(8, 0),
        };
        assert!(night.contains(t(20, 0)) && night.contains(t(0, 0)));
        assert!(!night.contains(t(8, 0)) && !night.contains(t(19, 59)));
        let none = QuietHours {
            from: t(8, 0),
            until: t(8, 0),
        };
        assert!(!none.contains(t(8, 0)) && !none.contains(t(3, 0)));
    }

    #[test]
    fn a_ladder_is_refused_outside_the_bounds_and_when_it_warns_before_it_reminds() {
        assert_eq!(
            LevelRules::new(10, 7, 0, 14).unwrap_err().to_string(),
            "自动催办间隔天数须为 1–90 之间的整数"
        );
        assert_eq!(
            LevelRules::new(5, 7, 1, 14).unwrap_err(),
            LadderError::WarnBeforeRemind { remind: 5, warn: 7 }
        );
        assert!(LevelRules::new(7, 7, 1, 365).is_ok());
    }
}
