use super::vocabulary::vocabulary;

vocabulary! {
    /// How often a user wants the email digest; stored as checked text in `users.digest`.
    pub enum DigestPreference("汇总邮件"): text {
        /// Once a week (the default).
        Weekly = "weekly" => "每周汇总",
        Daily = "daily" => "每日汇总",
        /// No digests; urges (催办) still arrive.
        Off = "off" => "不接收汇总邮件",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_through_their_stored_names() {
        for p in DigestPreference::ALL {
            assert_eq!(DigestPreference::parse(p.as_str()), Some(p));
        }
        assert_eq!(
            DigestPreference::parse(" daily "),
            Some(DigestPreference::Daily)
        );
        assert_eq!(DigestPreference::parse("hourly"), None);
    }
}
