//! Who may do what to an item in its present state. One answer serves both the buttons an
//! item page shows ([`allowed_actions`]) and what a POST may do ([`check`], called by every
//! workflow operation under the item's lock), so the two cannot drift.

use super::{Result, WorkflowError};
use crate::domain::Actor;
use crate::domain::{ItemStatus, Role, UnitId};
use crate::store::items::{Item, ItemState};

/// Something done to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 签收, by the head of a lead or helping unit.
    Acknowledge,
    /// 报送进展, by the head of a lead or helping unit.
    Report,
    /// 推进中 / 受阻 / 已完成, by the head of the lead unit.
    SetStatus,
    /// 申请延期, by the head of the lead unit.
    RequestExtension,
    /// Correcting what was extracted or assigned, by the secretariat.
    Edit,
    /// 不予督办, of a draft.
    Dismiss,
    /// Back to draft, of a dismissed item.
    Restore,
    /// 交办, of a draft.
    Publish,
    /// 核验: close or return an item reported done.
    Verify,
    /// 催办, of an open item.
    Urge,
    /// Approve or reject a request for more time.
    DecideExtension,
    /// 批示, by the leader the item answers to (the only leader who sees it).
    Instruct,
    /// The leader's answer to a request for more time the secretariat forwarded.
    DecideExtensionAsLeader,
    /// 分解: splitting an open item into parts, by the secretariat, or by the head of its
    /// lead unit where the office allows it.
    Split,
}

/// How the actor's unit stands to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitPart {
    Lead,
    Helping,
    None,
}

/// What the rules look at: the item's status and the acting unit's part in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: ItemStatus,
    pub part: UnitPart,
    /// Whether the acting unit has acknowledged (签收) the item.
    pub acknowledged: bool,
    /// Whether the item is itself a part of another (parts are not split again).
    pub is_part: bool,
    /// Whether the office lets lead units split their own items (a setting).
    pub lead_may_split: bool,
}

impl Standing {
    /// The standing of a whole item, for `actor`, given the units that acknowledged it.
    pub fn of_item(item: &Item, actor: &Actor, acknowledged_by: &[UnitId]) -> Self {
        let unit = actor.unit_id();
        let part = match unit {
            Some(u) if item.lead_unit_ids.contains(&u) => UnitPart::Lead,
            Some(u) if item.co_unit_ids.contains(&u) => UnitPart::Helping,
            _ => UnitPart::None,
        };
        Self {
            status: item.status,
            part,
            acknowledged: unit.is_some_and(|u| acknowledged_by.contains(&u)),
            is_part: item.parent_id.is_some(),
            lead_may_split: false,
        }
    }

    /// The same standing where the office lets lead units split their items or not.
    pub fn with_lead_split(self, lead_may_split: bool) -> Self {
        Self {
            lead_may_split,
            ..self
        }
    }

    /// The standing read under the lock of a unit head's operation.
    pub fn of_state(state: &ItemState) -> Self {
        let part = match state.unit_leads {
            Some(true) => UnitPart::Lead,
            Some(false) => UnitPart::Helping,
            None => UnitPart::None,
        };
        Self {
            status: state.status,
            part,
            acknowledged: state.acknowledged,
            is_part: false,
            lead_may_split: false,
        }
    }
}

/// Whether `actor` may do `action` to an item standing so; the error says why not, in
/// Chinese for the form, or as not found / forbidden.
pub fn check(actor: &Actor, item: &Standing, action: Action) -> Result<()> {
    let status = item.status;
    let refuse = |why: String| Err(WorkflowError::Invalid(why));
    match action {
        Action::Acknowledge | Action::Report | Action::SetStatus | Action::RequestExtension => {
            if actor.role() != Role::UnitHead {
                return Err(WorkflowError::Forbidden);
            }
            let lead_only = matches!(action, Action::SetStatus | Action::RequestExtension);
            match item.part {
                UnitPart::None => return Err(WorkflowError::NotFound),
                UnitPart::Helping if lead_only => {
                    return refuse("此操作由牵头单位办理。".into());
                }
                UnitPart::Lead | UnitPart::Helping => {}
            }
            if !status.is_open() {
                let what = match action {
                    Action::Acknowledge => "无需签收",
                    Action::Report => "不能再报送进展",
                    Action::SetStatus => "不能更改状态",
                    _ => "不能申请延期",
                };
                return refuse(format!("事项当前为「{}」，{what}。", status.label()));
            }
            if action == Action::Acknowledge && item.acknowledged {
                return refuse("本单位已签收。".into());
            }
            Ok(())
        }
        Action::Instruct | Action::DecideExtensionAsLeader => {
            if actor.role() != Role::Leader {
                Err(WorkflowError::Forbidden)
            } else if !status.is_tracked() {
                Err(WorkflowError::NotFound)
            } else {
                Ok(())
            }
        }
        Action::Split => {
            let secretariat = actor.role().is_secretariat();
            if !secretariat && actor.role() != Role::UnitHead {
                return Err(WorkflowError::Forbidden);
            }
            if !secretariat {
                match item.part {
                    UnitPart::None => return Err(WorkflowError::NotFound),
                    UnitPart::Helping => return refuse("此操作由牵头单位办理。".into()),
                    UnitPart::Lead if !item.lead_may_split => {
                        return refuse("分解事项由督查督办办公室办理。".into())
                    }
                    UnitPart::Lead => {}
                }
            }
            if item.is_part {
                refuse("子任务不能再分解。".into())
            } else if !status.is_open() {
                refuse(format!("事项当前为「{}」，不能分解。", status.label()))
            } else {
                Ok(())
            }
        }
        _ if !actor.role().is_secretariat() => Err(WorkflowError::Forbidden),
        Action::Edit | Action::DecideExtension => Ok(()),
        Action::Dismiss | Action::Publish if status != ItemStatus::Draft => refuse(format!(
            "只有「{}」的事项可以执行此操作。",
            ItemStatus::Draft.label()
        )),
        Action::Restore if status != ItemStatus::Dismissed => refuse(format!(
            "只有「{}」的事项可以执行此操作。",
            ItemStatus::Dismissed.label()
        )),
        Action::Verify if status != ItemStatus::ReportedDone => {
            refuse("只有「已完成，待核验」的事项可以核验。".into())
        }
        Action::Urge if !status.is_open() => {
            refuse(format!("事项当前为「{}」，无需催办。", status.label()))
        }
        Action::Dismiss | Action::Publish | Action::Restore | Action::Verify | Action::Urge => {
            Ok(())
        }
    }
}

/// The forms an item page offers: exactly the actions [`check`] allows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Allowed {
    pub acknowledge: bool,
    pub report: bool,
    pub set_status: bool,
    pub extend: bool,
    pub edit: bool,
    pub verify: bool,
    pub urge: bool,
    pub decide: bool,
    pub instruct: bool,
    /// Answering a forwarded extension request, as the item's leader.
    pub decide_as_leader: bool,
    pub split: bool,
}

/// What `actor` may do to an item standing so.
pub fn allowed_actions(actor: &Actor, item: &Standing) -> Allowed {
    let may = |action| check(actor, item, action).is_ok();
    Allowed {
        acknowledge: may(Action::Acknowledge),
        report: may(Action::Report),
        set_status: may(Action::SetStatus),
        extend: may(Action::RequestExtension),
        edit: may(Action::Edit),
        verify: may(Action::Verify),
        urge: may(Action::Urge),
        decide: may(Action::DecideExtension),
        instruct: may(Action::Instruct),
        decide_as_leader: may(Action::DecideExtensionAsLeader),
        split: may(Action::Split),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UserId;

    fn actor(role: Role) -> Actor {
        Actor::new(
            UserId(1),
            role,
            (role == Role::UnitHead).then_some(UnitId(7)),
        )
        .unwrap()
    }

    fn standing(status: ItemStatus, part: UnitPart) -> Standing {
        Standing {
            status,
            part,
            acknowledged: false,
            is_part: false,
            lead_may_split: false,
        }
    }

    #[test]
    fn the_head_of_the_lead_unit_may_do_every_unit_action_on_an_open_item() {
        let a = allowed_actions(
            &actor(Role::UnitHead),
            &standing(ItemStatus::Assigned, UnitPart::Lead),
        );
        assert!(a.acknowledge && a.report && a.set_status && a.extend);
        assert!(!(a.edit || a.verify || a.urge || a.decide));
    }

    #[test]
    fn a_helping_unit_reports_and_acknowledges_but_leaves_status_and_deadline_to_the_lead() {
        let head = actor(Role::UnitHead);
        let item = standing(ItemStatus::InProgress, UnitPart::Helping);
        let a = allowed_actions(&head, &item);
        assert!(a.acknowledge && a.report && !a.set_status && !a.extend);
        assert!(matches!(
            check(&head, &item, Action::SetStatus),
            Err(WorkflowError::Invalid(m)) if m == "此操作由牵头单位办理。"
        ));
    }

    #[test]
    fn a_unit_not_named_on_the_item_may_do_nothing_and_is_told_it_does_not_exist() {
        let head = actor(Role::UnitHead);
        let item = standing(ItemStatus::Assigned, UnitPart::None);
        assert_eq!(allowed_actions(&head, &item), Allowed::default());
        assert!(matches!(
            check(&head, &item, Action::Report),
            Err(WorkflowError::NotFound)
        ));
    }

    #[test]
    fn an_acknowledged_or_finished_item_is_not_acknowledged_again() {
        let head = actor(Role::UnitHead);
        let mut item = standing(ItemStatus::Assigned, UnitPart::Lead);
        item.acknowledged = true;
        assert!(!allowed_actions(&head, &item).acknowledge);
        let closed = standing(ItemStatus::Closed, UnitPart::Lead);
        assert_eq!(allowed_actions(&head, &closed), Allowed::default());
    }

    #[test]
    fn the_secretariat_verifies_only_what_was_reported_done_and_urges_only_open_items() {
        let clerk = actor(Role::Secretariat);
        let done = allowed_actions(&clerk, &standing(ItemStatus::ReportedDone, UnitPart::None));
        assert!(done.verify && !done.urge && done.edit && done.decide);
        let open = allowed_actions(&clerk, &standing(ItemStatus::Blocked, UnitPart::None));
        assert!(!open.verify && open.urge);
        assert!(!open.report && !open.acknowledge);
    }

    #[test]
    fn a_leader_may_only_write_instructions_and_answer_forwarded_extensions_and_a_viewer_only_read()
    {
        for role in [Role::Leader, Role::Viewer] {
            for status in ItemStatus::ALL {
                for part in [UnitPart::Lead, UnitPart::Helping, UnitPart::None] {
                    let a = allowed_actions(&actor(role), &standing(status, part));
                    let leads = role == Role::Leader && status.is_tracked();
                    let expected = Allowed {
                        instruct: leads,
                        decide_as_leader: leads,
                        ..Allowed::default()
                    };
                    assert_eq!(a, expected, "{role:?} {status:?} {part:?}");
                }
            }
        }
    }

    #[test]
    fn only_leaders_write_instructions_or_answer_as_leader() {
        for role in [Role::Admin, Role::Secretariat, Role::UnitHead, Role::Viewer] {
            let a = allowed_actions(
                &actor(role),
                &standing(ItemStatus::InProgress, UnitPart::Lead),
            );
            assert!(!a.instruct && !a.decide_as_leader, "{role:?}");
        }
    }

    #[test]
    fn the_secretariat_splits_open_items_and_a_lead_unit_only_where_the_office_allows_it() {
        let clerk = actor(Role::Secretariat);
        let open = standing(ItemStatus::InProgress, UnitPart::None);
        assert!(allowed_actions(&clerk, &open).split);
        let closed = standing(ItemStatus::Closed, UnitPart::None);
        assert!(!allowed_actions(&clerk, &closed).split);
        let part = Standing {
            is_part: true,
            ..open
        };
        assert!(matches!(
            check(&clerk, &part, Action::Split),
            Err(WorkflowError::Invalid(m)) if m == "子任务不能再分解。"
        ));

        let head = actor(Role::UnitHead);
        let lead = standing(ItemStatus::Assigned, UnitPart::Lead);
        assert!(!allowed_actions(&head, &lead).split);
        assert!(allowed_actions(&head, &lead.with_lead_split(true)).split);
        let helping = standing(ItemStatus::Assigned, UnitPart::Helping).with_lead_split(true);
        assert!(!allowed_actions(&head, &helping).split);
        for role in [Role::Leader, Role::Viewer] {
            let a = allowed_actions(&actor(role), &lead.with_lead_split(true));
            assert!(!a.split, "{role:?}");
        }
    }
}
