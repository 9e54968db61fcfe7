use super::{DomainError, Role, UnitId, UserId};

/// Who is acting on a request, a command or a scheduled job: every read is limited to what
/// they may see, every change checked against what they may do. A unit head always has a
/// unit: an actor is only made by [`Actor::new`], which refuses one without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    user_id: UserId,
    role: Role,
    unit_id: Option<UnitId>,
}

impl Actor {
    /// ```
    /// use duban::domain::{Actor, Role, UnitId, UserId};
    /// assert!(Actor::new(UserId(7), Role::UnitHead, None).is_err());
    /// let head = Actor::new(UserId(7), Role::UnitHead, Some(UnitId(3))).unwrap();
    /// assert_eq!(head.head_of(), Some(UnitId(3)));
    /// let leader = Actor::new(UserId(8), Role::Leader, Some(UnitId(3))).unwrap();
    /// assert_eq!(leader.head_of(), None);
    /// ```
    pub fn new(user_id: UserId, role: Role, unit_id: Option<UnitId>) -> Result<Self, DomainError> {
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
            user_id: UserId(0),
            role: Role::Secretariat,
            unit_id: None,
        }
    }

    pub fn user_id(&self) -> UserId {
        self.user_id
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The unit the user belongs to, whatever their role.
    pub fn unit_id(&self) -> Option<UnitId> {
        self.unit_id
    }

    /// The unit a unit head answers for; None for every other role.
    pub fn head_of(&self) -> Option<UnitId> {
        self.unit_id.filter(|_| self.role == Role::UnitHead)
    }
}
