//! Who may see an item, in one place, so that every page, count and export asks the same
//! question: the secretariat and admins see everything, drafts included; a unit head the
//! published items their unit leads or helps with; a leader the published items they answer
//! for; a viewer every published item.
//!
//! The rule is written per role rather than as one function of the role so that each
//! statement's plan can use the index that fits its scope (`item_units (unit_id)` for a unit
//! head, `items (leader_id)` for a leader): a function called per row made every list read
//! the whole table.

use crate::domain::Role;

/// Items that are being tracked: published, whatever their progress (the SQL twin of
/// `ItemStatus::is_tracked`). A macro so that the per-role conditions below are spelled
/// out with it at compile time.
macro_rules! published {
    () => {
        "i.status IN ('assigned', 'in_progress', 'blocked', 'reported_done', 'closed')"
    };
}

pub const PUBLISHED: &str = published!();

/// The condition on `items i` for the items `role` may see, over `$2` = the viewer's unit
/// and `$3` = the viewer's user id (`$1`, the role, is bound by every statement but is
/// already decided here).
pub fn visible(role: Role) -> &'static str {
    match role {
        Role::Admin | Role::Secretariat => "true",
        Role::UnitHead => {
            concat!(
                "(",
                published!(),
                " AND i.id IN (SELECT iu.item_id FROM item_units iu WHERE iu.unit_id = $2))"
            )
        }
        Role::Leader => {
            concat!(
                "(",
                published!(),
                " AND i.leader_id IN (SELECT l.id FROM leaders l WHERE l.user_id = $3))"
            )
        }
        Role::Viewer => published!(),
    }
}

/// The published items `role` may see: what lists, counts and figures of tracked work show.
pub fn published_and_visible(role: Role) -> String {
    format!("{PUBLISHED} AND {}", visible(role))
}
