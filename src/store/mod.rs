//! Every SQL statement of duban, one file per table family. Functions take an executor
//! so that callers own the transaction boundary.

/// The latest word on an item (最新进展), as `p.note` and `p.created_at`: its latest
/// progress report or the note given with its latest change of status (已完成, 办结, 受阻,
/// 退回), whichever is later; the status note wins a tie (a report and a status change
/// made together). A `LEFT JOIN LATERAL` over `i`, the item.
macro_rules! latest_note_join {
    () => {
        "LEFT JOIN LATERAL (SELECT note, created_at FROM ( \
            SELECT pr.note, pr.created_at, 0 AS rank, pr.id FROM progress_reports pr \
            WHERE pr.item_id = i.id \
            UNION ALL \
            SELECT e.note, e.created_at, 1 AS rank, e.id FROM item_events e \
            WHERE e.item_id = i.id AND e.action = 'status' AND btrim(e.note) <> '') n \
            ORDER BY created_at DESC, rank DESC, id DESC LIMIT 1) p ON true"
    };
}
pub(crate) use latest_note_join;

pub mod bulk;
pub mod dashboard;
pub mod demo;
pub mod digest;
pub mod document_edits;
pub mod documents;
pub mod evidence;
pub mod extensions;
#[cfg(feature = "bench")]
pub mod fortunes;
pub mod item_page;
pub mod items;
pub mod ladder;
pub mod leaders;
pub mod ledger;
pub mod light;
pub mod login_attempts;
pub mod maintenance;
pub mod outbox;
pub mod parts;
pub mod progress;
pub mod register;
pub mod reporting;
pub mod search;
pub mod sessions;
pub mod slips;
pub mod supervision;
pub mod todo;
pub mod unit_admin;
pub mod units;
pub mod user_admin;
pub mod users;
pub mod visibility;
