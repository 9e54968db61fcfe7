//! Seeded randomness and the clock of the synthetic world: everything drawn from one
//! ChaCha stream, so one seed and one `today` always give the same data.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// China is UTC+8; office hours start at 09:00 there.
const CHINA_OFFSET_HOURS: i64 = 8;

pub(super) struct Dice {
    rng: ChaCha8Rng,
    today: NaiveDate,
    /// The latest moment anything happened: the start of `today` in China, which has
    /// always passed when `today` is today.
    anchor: DateTime<Utc>,
}

impl Dice {
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        let midnight = today
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc();
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            today,
            anchor: midnight - Duration::hours(CHINA_OFFSET_HOURS),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn anchor(&self) -> DateTime<Utc> {
        self.anchor
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.gen_range(lo..=hi.max(lo))
    }

    pub fn unit_interval(&mut self) -> f64 {
        self.rng.gen()
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.rng.gen_range(0..xs.len())]
    }

    pub fn index(&mut self, len: usize) -> usize {
        self.rng.gen_range(0..len)
    }

    pub fn weighted(&mut self, w: &WeightedIndex<f64>) -> usize {
        w.sample(&mut self.rng)
    }

    /// A time in office hours (09:00–17:59 in China) on `day`, never after the anchor.
    pub fn office_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let start = day.and_hms_opt(9, 0, 0).expect("valid time").and_utc()
            - Duration::hours(CHINA_OFFSET_HOURS);
        (start + Duration::minutes(self.int(0, 539))).min(self.anchor)
    }

    /// A moment `lo..=hi` days after `t` (minutes later when the draw is 0 days), within
    /// `[t, anchor]` so that a story never runs backwards or into the future.
    pub fn later(&mut self, t: DateTime<Utc>, lo_days: i64, hi_days: i64) -> DateTime<Utc> {
        let days = self.int(lo_days, hi_days);
        let next = if days == 0 {
            t + Duration::minutes(self.int(5, 180))
        } else {
            self.office_time(china_date(t) + Duration::days(days))
        };
        next.clamp(t, self.anchor.max(t))
    }

    /// A Chinese personal name.
    pub fn person_name(&mut self) -> String {
        let surname = *self.pick(super::text::SURNAMES);
        let given = *self.pick(super::text::GIVEN_NAMES);
        format!("{surname}{given}")
    }
}

/// The date in China of a moment.
pub(super) fn china_date(t: DateTime<Utc>) -> NaiveDate {
    (t + Duration::hours(CHINA_OFFSET_HOURS)).date_naive()
}
