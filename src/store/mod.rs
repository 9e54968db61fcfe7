//! Every SQL statement of duban, one file per table family. Functions take an executor
//! so that callers own the transaction boundary.

pub mod bulk;
pub mod dashboard;
pub mod demo;
pub mod digest;
pub mod documents;
pub mod evidence;
pub mod extensions;
#[cfg(feature = "bench")]
pub mod fortunes;
pub mod item_page;
pub mod items;
pub mod ledger;
pub mod login_attempts;
pub mod maintenance;
pub mod outbox;
pub mod progress;
pub mod search;
pub mod sessions;
pub mod unit_admin;
pub mod units;
pub mod user_admin;
pub mod users;
pub mod visibility;
