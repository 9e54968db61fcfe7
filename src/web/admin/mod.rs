//! Administration (admin and secretariat): units, users and the leaders' directory. Everyone else gets 404 for
//! every route here, checked once by the scope's middleware before any handler runs.

pub(super) mod leaders;
pub(super) mod settings;
pub(super) mod supervision;
pub(super) mod units;
mod user_forms;
pub(super) mod users;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::error::{Error, Result};
use super::session::CurrentUser;

/// Anonymous visitors go to the login page; other roles learn nothing, not even that
/// the page exists. Runs before the handlers' extractors, so a POST is refused the same
/// way whatever its CSRF token.
pub(super) async fn secretariat_only(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> std::result::Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let user = req.extract::<CurrentUser>().await?;
    if !user.role.is_secretariat() {
        return Err(Error::NotFound.into());
    }
    next.call(req).await
}

/// Why a form was refused, for showing again with the user's input; anything else is an
/// ordinary handler error.
#[derive(Debug)]
enum Failure {
    Refused(String),
    Other(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Other(e)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Other(e.into())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e.into())
    }
}

fn refuse(message: impl Into<String>) -> Failure {
    Failure::Refused(message.into())
}

/// Turns the violation of a named constraint into a refusal when `message` has words for
/// it, so that the database, not a racy SELECT beforehand, decides.
fn on_constraint(e: sqlx::Error, message: impl FnOnce(&str) -> Option<String>) -> Failure {
    if let sqlx::Error::Database(db) = &e {
        if let Some(text) = db.constraint().and_then(message) {
            return Failure::Refused(text);
        }
    }
    e.into()
}

/// The outcome message of the last POST, named in the redirect's query string: only
/// known keys map to text, so a crafted link cannot put words on the page.
#[derive(Debug, Deserialize)]
pub(super) struct NoticeQuery {
    ok: Option<String>,
}

impl NoticeQuery {
    fn message(&self) -> Option<&'static str> {
        Some(match self.ok.as_deref()? {
            "unit_created" => "单位已创建。",
            "unit_updated" => "单位信息已保存。",
            "alias_added" => "别名已添加。",
            "alias_removed" => "别名已删除。",
            "unit_merged" => "单位已合并：原单位的事项、用户和名称已转入本单位。",
            "user_created" => "用户已创建。",
            "user_updated" => "用户信息已保存。",
            "password_reset" => "密码已重置。",
            "user_deactivated" => "用户已停用，并已退出所有登录。",
            "user_reactivated" => "用户已恢复启用。",
            "leader_created" => "已加入领导名录。",
            "settings_saved" => "设置已保存。",
            "supervision_saved" => "督办等级与预警设置已保存。",
            "leader_linked" => "账号关联已保存：该账号可看到这位领导负责的事项。",
            _ => return None,
        })
    }
}

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

/// A form page shown again after a refusal: 422, with the message and the input.
fn refused_page(template: &impl Template) -> Result<HttpResponse> {
    Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
        .content_type("text/html; charset=utf-8")
        .body(template.render()?))
}

/// A trimmed text field of at most `max` characters; `None` when blank.
fn optional_text(raw: &str, label: &str, max: usize) -> Result<Option<String>, Failure> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(refuse(format!("{label}不能超过 {max} 个字")));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// A trimmed, required text field of at most `max` characters.
fn required_text(raw: &str, label: &str, max: usize) -> Result<String, Failure> {
    optional_text(raw, label, max)?.ok_or_else(|| refuse(format!("{label}不能为空")))
}

/// An id from a form's picker; blank means none.
fn optional_id<Id: std::str::FromStr>(raw: &str) -> Result<Option<Id>, Failure> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| refuse("所选项目无效，请重新选择")),
    }
}
