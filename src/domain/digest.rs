use super::DomainError;

/// How often a user wants the email digest; stored as `users.digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestPreference {
    /// Once a week (the default).
    Weekly,
    Daily,
    /// No digests; urges (催办) still arrive.
    Off,
}

impl DigestPreference {
    pub const ALL: [DigestPreference; 3] = [
        DigestPreference::Weekly,
        DigestPreference::Daily,
        DigestPreference::Off,
    ];

    /// ```
    /// use duban::domain::DigestPreference;
    /// assert_eq!(DigestPreference::parse(" daily "), Ok(DigestPreference::Daily));
    /// assert!(DigestPreference::parse("hourly").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.trim())
            .ok_or(DomainError::UnknownDigestPreference)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DigestPreference::Weekly => "weekly",
            DigestPreference::Daily => "daily",
            DigestPreference::Off => "off",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DigestPreference::Weekly => "每周汇总",
            DigestPreference::Daily => "每日汇总",
            DigestPreference::Off => "不接收汇总邮件",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_through_their_stored_names() {
        for p in DigestPreference::ALL {
            assert_eq!(DigestPreference::parse(p.as_str()), Ok(p));
        }
        assert_eq!(
            DigestPreference::parse(""),
            Err(DomainError::UnknownDigestPreference)
        );
    }
}
