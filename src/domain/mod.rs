//! Domain values: parsed at the edge, trusted inside.

mod digest;
pub mod filter;
mod item;
mod user;

pub use digest::DigestPreference;
pub use item::{ItemKind, ItemStatus, Light, YELLOW_DAYS};
pub use user::{Login, Role};

use thiserror::Error;

/// Why a raw value is not a valid domain value. Messages are Chinese: they reach forms.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("登录名须为 2–64 位字母、数字或 _ . @ -")]
    BadLogin,
    #[error("未知的角色：{0}")]
    UnknownRole(String),
    #[error("{0}不能为空")]
    Empty(&'static str),
    #[error("请选择每周、每日或不接收")]
    UnknownDigestPreference,
}

/// Today's date in China (UTC+8), which is what deadlines in Chinese documents mean,
/// whatever the server's time zone.
pub fn today_in_china() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}
