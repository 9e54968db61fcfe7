use super::{DomainError, Role};

/// Who is acting on a request, a command or a scheduled job: every read is limited to what
/// they may see, every change checked against what they may do. A unit head always has a
/// unit: an actor is only made by [`Actor::new`], which refuses one without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    user_id: i64,
    role: Role,
    unit_id: Option<i64>,
}

impl Actor {
    /// ```
    /// use duban::domain::{Actor, Role};
    /// assert!(Actor::new(7, Role::UnitHead, None).is_err());
    /// assert_eq!(Actor::new(7, Role::UnitHead, Some(3)).unwrap().head_of(), Some(3));
    /// assert_eq!(Actor::new(8, Role::Leader, Some(3)).unwrap().head_of(), None);
    /// ```
    pub fn new(user_id: i64, role: Role, unit_id: Option<i64>) -> Result<Self, DomainError> {
        if role == Role::UnitHead && unit_id.is_none() {
            return Err(DomainError::UnitHeadWithoutUnit);
        }
        Ok(Self {
            user_id,
            role,
            unit_id,
        })
    }

    /// The office as a whole, for work nobody in particular asks for (the digests' totals
    /// per unit): sees every item.
    pub fn office() -> Self {
        Self {
            user_id: 0,
            role: Role::Secretariat,
            unit_id: None,
        }
    }

    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The unit the user belongs to, whatever their role.
    pub fn unit_id(&self) -> Option<i64> {
        self.unit_id
    }

    /// The unit a unit head answers for; None for every other role.
    pub fn head_of(&self) -> Option<i64> {
        self.unit_id.filter(|_| self.role == Role::UnitHead)
    }
}
