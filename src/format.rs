//! How values read for people, on the pages and in the mail: dates as 2022年4月30日,
//! times in China's time, days left in words.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::china_time::china_time;

/// ```
/// # use chrono::NaiveDate;
/// use duban::format::cn_date;
/// assert_eq!(cn_date(NaiveDate::from_ymd_opt(2022, 4, 30).unwrap()), "2022年4月30日");
/// ```
pub fn cn_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub fn cn_date_opt(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "未定".to_owned(), cn_date)
}

/// A moment in China's time, to the minute.
pub fn cn_time(t: DateTime<Utc>) -> String {
    china_time(t).format("%Y年%-m月%-d日 %H:%M").to_string()
}

/// How many days are left, or how late, in words.
pub fn days_left(due: Option<NaiveDate>, today: NaiveDate) -> String {
    match due.map(|d| (d - today).num_days()) {
        None => String::new(),
        Some(0) => "今天到期".into(),
        Some(n) if n > 0 => format!("还剩 {n} 天"),
        Some(n) => format!("逾期 {} 天", -n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_left_reads_naturally() {
        let today = d("2022-04-20");
        assert_eq!(days_left(Some(d("2022-04-20")), today), "今天到期");
        assert_eq!(days_left(Some(d("2022-04-23")), today), "还剩 3 天");
        assert_eq!(days_left(Some(d("2022-04-19")), today), "逾期 1 天");
        assert_eq!(days_left(None, today), "");
    }

    #[test]
    fn beijing_time_is_eight_hours_ahead() {
        let t = DateTime::parse_from_rfc3339("2022-04-30T16:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(cn_time(t), "2022年5月1日 00:30");
    }
}
