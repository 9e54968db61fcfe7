use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::DomainError;

/// What a user may do. Stored as the Postgres enum `user_role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type, Serialize, clap::ValueEnum)]
#[sqlx(type_name = "user_role", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: users, units, everything the secretariat can.
    Admin,
    /// 办公室: imports, publishes (交办), verifies and closes (办结), urges (催办).
    Secretariat,
    /// 部门负责人: works on the items of their unit.
    UnitHead,
    /// 责任领导: reads the items they are responsible for.
    Leader,
    /// Reads, changes nothing.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Secretariat,
        Role::UnitHead,
        Role::Leader,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Secretariat => "secretariat",
            Role::UnitHead => "unit_head",
            Role::Leader => "leader",
            Role::Viewer => "viewer",
        }
    }

    /// The role's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Secretariat => "办公室（督办）",
            Role::UnitHead => "部门负责人",
            Role::Leader => "责任领导",
            Role::Viewer => "查阅人员",
        }
    }

    /// Whether the role runs the 督办 process (imports, publishes, closes).
    pub fn is_secretariat(self) -> bool {
        matches!(self, Role::Admin | Role::Secretariat)
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| DomainError::UnknownRole(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A login name: 2–64 ASCII letters, digits or `_ . @ -`, stored lower-case so that
/// `Zhang` and `zhang` are one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login(String);

impl Login {
    /// ```
    /// use duban::domain::Login;
    /// assert_eq!(Login::parse(" Zhang.San ").unwrap().as_str(), "zhang.san");
    /// assert!(Login::parse("张三").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (2..=64).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.@-".contains(c));
        if ok {
            Ok(Self(s))
        } else {
            Err(DomainError::BadLogin)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn logins_are_trimmed_lower_case_ascii() {
        assert_eq!(Login::parse("Li_Si@x").unwrap().as_str(), "li_si@x");
        assert_eq!(Login::parse("a"), Err(DomainError::BadLogin));
        assert_eq!(Login::parse("has space"), Err(DomainError::BadLogin));
    }
}
