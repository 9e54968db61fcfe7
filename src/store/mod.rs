//! Every SQL statement of duban, one file per table family. Functions take an executor
//! so that callers own the transaction boundary.

pub mod login_attempts;
pub mod overview;
pub mod sessions;
pub mod units;
pub mod users;
