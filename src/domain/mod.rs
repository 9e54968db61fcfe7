//! Domain values: parsed at the edge, trusted inside. Every enumerated concept is declared
//! once here (see [`vocabulary`]) and shared by the extractor, the store, the workflow, the
//! pages and the mail.

mod actor;
pub mod china_time;
mod digest;
mod document;
pub mod filter;
mod ids;
mod item;
pub mod ladder;
mod light;
mod mail;
mod register;
mod report_duty;
mod user;
mod vocabulary;

pub use actor::Actor;
pub use china_time::today_in_china;
pub use digest::DigestPreference;
pub use document::{DocumentField, DocumentKind, SourceFormat};
pub use ids::{DocumentId, ItemId, UnitId, UserId};
pub use item::{
    EventAction, ExtensionStatus, ItemField, ItemKind, ItemStatus, Level, Recurrence, UnitRole,
};
pub use ladder::{LadderStep, LevelRules, QuietHours};
pub use light::{Light, LightCause, SOON_DAYS};
pub use mail::{Delivery, MailPurpose, OutboxStatus};
pub use register::{BadFormat, RegisterFormat};
pub use report_duty::{BadReportDay, PeriodState, ReportDuty};
pub use user::{Login, Role};
pub use vocabulary::UnknownValue;

use thiserror::Error;

/// Why a raw value is not a valid domain value. Messages are Chinese: they reach forms.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("登录名须为 2–64 位字母、数字或 _ . @ -")]
    BadLogin,
    #[error("{0}不能为空")]
    Empty(&'static str),
    #[error("部门负责人须属于一个单位")]
    UnitHeadWithoutUnit,
}
