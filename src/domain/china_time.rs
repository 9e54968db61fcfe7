//! China's time (UTC+8 all year), which is what dates in Chinese documents, on the pages
//! and in the mail mean, whatever the server's time zone. Every conversion goes through
//! here; the SQL layer names the same zone as `Asia/Shanghai`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// UTC+8.
pub const OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// Today's date in China.
pub fn today_in_china() -> NaiveDate {
    china_time(Utc::now()).date()
}

/// A moment as a Chinese wall clock reads it.
///
/// ```
/// use duban::domain::china_time::china_time;
/// let t = chrono::DateTime::parse_from_rfc3339("2022-04-30T17:30:00Z").unwrap().to_utc();
/// assert_eq!(china_time(t).to_string(), "2022-05-01 01:30:00");
/// ```
pub fn china_time(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&OFFSET).naive_local()
}

/// The moment a Chinese wall clock shows `local`.
pub fn from_china_time(local: NaiveDateTime) -> DateTime<Utc> {
    (local - Duration::hours(8)).and_utc()
}

/// Midnight at the start of `day` in China.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    from_china_time(day.and_time(chrono::NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_day_starts_at_sixteen_hundred_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2022, 5, 1).unwrap();
        assert_eq!(start_of_day(day).to_rfc3339(), "2022-04-30T16:00:00+00:00");
        assert_eq!(
            china_time(start_of_day(day)),
            day.and_time(chrono::NaiveTime::MIN)
        );
    }
}
