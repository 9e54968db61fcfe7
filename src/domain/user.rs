use super::vocabulary::vocabulary;
use super::DomainError;

vocabulary! {
    /// What a user may do.
    #[derive(clap::ValueEnum)]
    #[value(rename_all = "snake_case")]
    pub enum Role("角色"): pg "user_role" {
        /// Runs the installation: users, units, everything the secretariat can.
        Admin = "admin" => "系统管理员",
        /// 办公室: imports, publishes (交办), verifies and closes (办结), urges (催办).
        Secretariat = "secretariat" => "办公室（督办）",
        /// 部门负责人: works on the items of their unit.
        UnitHead = "unit_head" => "部门负责人",
        /// 责任领导: reads the items they are responsible for.
        Leader = "leader" => "责任领导",
        /// Reads, changes nothing.
        Viewer = "viewer" => "查阅人员",
    }
}

impl Role {
    /// Whether the role runs the 督办 process (imports, publishes, closes).
    pub fn is_secretariat(self) -> bool {
        matches!(self, Role::Admin | Role::Secretariat)
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
