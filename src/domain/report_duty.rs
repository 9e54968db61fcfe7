//! An item's reporting duty (报送周期): how often a lead unit reports, and on which day of
//! the period the report is due. The store keeps the two as `items.recurrence` and
//! `items.report_day`; the SQL functions `report_due_*` compute the due dates. This type
//! checks the pair and says it in words, the same on every page, slip and history row.

use std::fmt;

use super::vocabulary::vocabulary;
use super::Recurrence;

vocabulary! {
    /// Where one reporting period stands, as the item page lists it. Derived in SQL
    /// (`store::reporting`), stored nowhere.
    pub enum PeriodState("报送情况"): text {
        /// A lead unit reported within the period's window.
        Filled = "filled" => "按时报送",
        /// The due date has passed with no report in the window (缺报).
        Missed = "missed" => "缺报",
        /// The period holding today, not yet reported on.
        Current = "current" => "本期待报",
    }
}

/// A cycle with the day its report is due: a weekday 1–7 (周一…周日) for a weekly duty,
/// else a day of the period's last month; none for the period's last day (月底, 季末).
///
/// ```
/// use duban::domain::{Recurrence, ReportDuty};
/// let duty = ReportDuty::new(Recurrence::Monthly, Some(28)).unwrap();
/// assert_eq!(duty.sentence(), "每月28日前报送");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportDuty {
    cycle: Recurrence,
    day: Option<i16>,
}

/// Why a report day was refused, in Chinese for the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadReportDay {
    #[error("每周的报送日须为 1 到 7（周一至周日）。")]
    Weekday,
    #[error("报送日须为 1 到 31 日（不填为期末，如月底、季末）。")]
    MonthDay,
    #[error("设定报送日前，请先选择报送周期。")]
    NoCycle,
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

impl ReportDuty {
    pub fn new(cycle: Recurrence, day: Option<i16>) -> Result<Self, BadReportDay> {
        match (cycle, day) {
            (Recurrence::Weekly, Some(d)) if !(1..=7).contains(&d) => Err(BadReportDay::Weekday),
            (_, Some(d)) if !(1..=31).contains(&d) => Err(BadReportDay::MonthDay),
            _ => Ok(Self { cycle, day }),
        }
    }

    /// A report due on the period's last day (每月底, 季末).
    pub fn at_period_end(cycle: Recurrence) -> Self {
        Self { cycle, day: None }
    }

    /// The duty of an optional cycle: none without one, and a day without a cycle refused.
    pub fn of(cycle: Option<Recurrence>, day: Option<i16>) -> Result<Option<Self>, BadReportDay> {
        match (cycle, day) {
            (Some(cycle), day) => Self::new(cycle, day).map(Some),
            (None, None) => Ok(None),
            (None, Some(_)) => Err(BadReportDay::NoCycle),
        }
    }

    /// The duty as stored, for rows the schema has already checked: a day the schema
    /// would refuse is read as the period's end rather than failing a page.
    pub fn stored(cycle: Option<Recurrence>, day: Option<i16>) -> Option<Self> {
        let cycle = cycle?;
        Some(Self::new(cycle, day).unwrap_or(Self { cycle, day: None }))
    }

    pub fn cycle(self) -> Recurrence {
        self.cycle
    }

    pub fn day(self) -> Option<i16> {
        self.day
    }

    /// When the report is due, as a notice says it: 每月28日前, 每月底前, 每周五前, 每季度末.
    pub fn when(self) -> String {
        let text = self.to_string();
        match (self.cycle, self.day) {
            // 每季度末 and 每半年末 read whole without 前; 每周 has no day to be before.
            (Recurrence::Weekly | Recurrence::Quarterly | Recurrence::HalfYearly, None) => text,
            _ => text + "前",
        }
    }

    /// The duty as a sentence: 每月28日前报送, 每季度末报送.
    pub fn sentence(self) -> String {
        self.when() + "报送"
    }
}

/// The duty in short, as the history records it: 每月28日, 每月底, 每周五, 每季度末.
impl fmt::Display for ReportDuty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.day.unwrap_or(0);
        match (self.cycle, self.day) {
            (Recurrence::Weekly, None) => f.write_str("每周"),
            (Recurrence::Weekly, Some(_)) => {
                let i = usize::try_from(day - 1).unwrap_or(6).min(6);
                write!(f, "每周{}", WEEKDAYS[i])
            }
            (Recurrence::Monthly, None) => f.write_str("每月底"),
            (Recurrence::Monthly, Some(_)) => write!(f, "每月{day}日"),
            (Recurrence::Quarterly, None) => f.write_str("每季度末"),
            (Recurrence::Quarterly, Some(_)) => write!(f, "每季度末月{day}日"),
            (Recurrence::HalfYearly, None) => f.write_str("每半年末"),
            (Recurrence::HalfYearly, Some(_)) => write!(f, "每半年末月{day}日"),
            (Recurrence::Yearly, None) => f.write_str("每年底"),
            (Recurrence::Yearly, Some(_)) => write!(f, "每年12月{day}日"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Recurrence::{HalfYearly, Monthly, Quarterly, Weekly, Yearly};

    fn duty(cycle: Recurrence, day: Option<i16>) -> ReportDuty {
        ReportDuty::new(cycle, day).unwrap()
    }

    #[test]
    fn each_cycle_says_its_day_in_words() {
        let cases = [
            (Weekly, Some(5), "每周五", "每周五前报送"),
            (Weekly, Some(7), "每周日", "每周日前报送"),
            (Weekly, None, "每周", "每周报送"),
            (Monthly, Some(28), "每月28日", "每月28日前报送"),
            (Monthly, None, "每月底", "每月底前报送"),
            (Quarterly, None, "每季度末", "每季度末报送"),
            (
                Quarterly,
                Some(25),
                "每季度末月25日",
                "每季度末月25日前报送",
            ),
            (HalfYearly, None, "每半年末", "每半年末报送"),
            (Yearly, None, "每年底", "每年底前报送"),
            (Yearly, Some(20), "每年12月20日", "每年12月20日前报送"),
        ];
        for (cycle, day, text, sentence) in cases {
            let d = duty(cycle, day);
            assert_eq!(
                (d.to_string().as_str(), d.sentence().as_str()),
                (text, sentence)
            );
        }
    }

    #[test]
    fn a_weekly_day_is_a_weekday_and_any_other_a_day_of_the_month() {
        assert_eq!(ReportDuty::new(Weekly, Some(8)), Err(BadReportDay::Weekday));
        assert_eq!(ReportDuty::new(Weekly, Some(0)), Err(BadReportDay::Weekday));
        assert_eq!(
            ReportDuty::new(Monthly, Some(32)),
            Err(BadReportDay::MonthDay)
        );
        assert_eq!(
            ReportDuty::new(Quarterly, Some(0)),
            Err(BadReportDay::MonthDay)
        );
        assert!(ReportDuty::new(Monthly, Some(31)).is_ok());
        assert!(ReportDuty::new(Weekly, Some(1)).is_ok());
    }

    #[test]
    fn a_day_without_a_cycle_is_refused_and_no_cycle_is_no_duty() {
        assert_eq!(ReportDuty::of(None, Some(28)), Err(BadReportDay::NoCycle));
        assert_eq!(ReportDuty::of(None, None), Ok(None));
        assert_eq!(
            ReportDuty::of(Some(Monthly), Some(28)),
            Ok(Some(duty(Monthly, Some(28))))
        );
        assert_eq!(
            BadReportDay::Weekday.to_string(),
            "每周的报送日须为 1 到 7（周一至周日）。"
        );
    }

    #[test]
    fn a_stored_day_out_of_range_reads_as_the_periods_end() {
        assert_eq!(
            ReportDuty::stored(Some(Weekly), Some(9)),
            Some(duty(Weekly, None))
        );
        assert_eq!(ReportDuty::stored(None, Some(9)), None);
    }
}
