//! One error type for every handler, mapped to a status and a Chinese page in one place.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::render::Chrome;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not logged in: go to the login page, then back to `next`.
    #[error("login required")]
    LoginRequired { next: String },
    #[error("missing or wrong CSRF token")]
    BadCsrf,
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The database cannot be reached: fail fast with 503 rather than hang.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        if database_unreachable(&e) {
            Error::Unavailable(e)
        } else {
            Error::Unexpected(e.into())
        }
    }
}

/// Whether an error says the database is gone or going rather than that the request was
/// wrong: no connection within the pool's acquire timeout, a broken connection, or the
/// server shutting down (SQLSTATE class 08, and 57P01–57P05 such as admin_shutdown, which
/// ends the sessions of requests in flight when PostgreSQL is stopped).
fn database_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

impl From<askama::Error> for Error {
    fn from(e: askama::Error) -> Self {
        Error::Unexpected(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub status: u16,
    pub heading: &'static str,
    pub message: String,
}

impl Error {
    /// The database is unreachable, also when the error reached the handler wrapped in
    /// `anyhow` (a login's session insert, an import's transaction).
    fn is_unavailable(&self) -> bool {
        match self {
            Error::Unavailable(_) => true,
            Error::Unexpected(e) => e.chain().any(|c| {
                c.downcast_ref::<sqlx::Error>()
                    .is_some_and(database_unreachable)
            }),
            _ => false,
        }
    }

    fn heading_and_message(&self) -> (&'static str, String) {
        if self.is_unavailable() {
            return (
                "服务暂时不可用",
                "数据库暂时无法访问，请稍后再试。如持续出现，请联系系统管理员。".into(),
            );
        }
        match self {
            Error::NotFound => ("页面不存在", "您访问的页面不存在，或您无权查看。".into()),
            Error::Forbidden => ("无权操作", "您的账号没有执行此操作的权限。".into()),
            Error::LoginRequired { .. } => ("请先登录", "请先登录后再访问。".into()),
            Error::BadCsrf => (
                "页面已过期",
                "表单已失效（安全校验未通过）。请返回上一页，刷新后重新提交。".into(),
            ),
            Error::Invalid(msg) => ("输入有误", msg.clone()),
            Error::Unavailable(_) | Error::Unexpected(_) => (
                "系统出错了",
                "处理您的请求时发生了意外错误，已记录在日志中。请稍后再试，或联系系统管理员。"
                    .into(),
            ),
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        if self.is_unavailable() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Forbidden | Error::BadCsrf => StatusCode::FORBIDDEN,
            Error::LoginRequired { .. } => StatusCode::SEE_OTHER,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Error::LoginRequired { next } => {
                let target = format!("/login?next={}", urlencode(next));
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish();
            }
            Error::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            Error::Unexpected(e) if self.is_unavailable() => {
                tracing::warn!(error = %e, "database unavailable");
            }
            Error::Unexpected(e) => tracing::error!(error = ?e, "request failed"),
            _ => {}
        }
        error_page(self.status_code(), self.heading_and_message())
    }
}

/// A workflow refusal the user can act on (a broken rule, a stale form) becomes the status
/// and Chinese message to show on the form's page; anything else is an error page.
pub fn refusal(e: crate::workflow::WorkflowError) -> Result<(StatusCode, String)> {
    use crate::workflow::WorkflowError as W;
    match e {
        W::Stale { .. } => Ok((
            StatusCode::CONFLICT,
            "已被他人修改：您提交的内容基于旧版本，未保存。下面是当前内容，请核对后重新提交。"
                .to_owned(),
        )),
        W::Invalid(message) => Ok((StatusCode::UNPROCESSABLE_ENTITY, message)),
        W::NotFound => Err(Error::NotFound),
        W::Forbidden => Err(Error::Forbidden),
        W::Database(e) => Err(e.into()),
        W::Compose(e) => Err(anyhow::anyhow!(e).into()),
    }
}

/// The Chinese error page for a status; also used for unmatched routes.
pub fn error_page(status: StatusCode, (heading, message): (&'static str, String)) -> HttpResponse {
    let page = ErrorPage {
        chrome: Chrome::anonymous(),
        status: status.as_u16(),
        heading,
        message,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("{} {}", status.as_u16(), heading));
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// Answers every unmatched route.
pub async fn not_found() -> HttpResponse {
    error_page(StatusCode::NOT_FOUND, Error::NotFound.heading_and_message())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
