//! 个人设置: every user's own account page, where they choose how often they get the
//! email digest (每周, 每日 or 不接收) and change their password (修改密码).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::client_addr::client_ip;
use super::csrf::{CsrfProtected, UserForm};
use super::error::{Error, Result};
use super::login::LIMITS;
use super::render::{page, page_with_status, see_other, Chrome};
use super::session::CurrentUser;
use super::AppState;
use crate::auth::{check_new_password, GateError, PasswordRule, MAX_PASSWORD_BYTES};
use crate::domain::{DigestPreference, Login};
use crate::store::digest as store;
use crate::store::user_admin::{self, UserSummary};
use crate::store::{login_attempts, sessions, users};

#[derive(Template)]
#[template(path = "account/index.html")]
pub struct AccountPage {
    pub chrome: Chrome,
    pub account: UserSummary,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
}

impl AccountPage {
    pub fn choices(&self) -> [DigestPreference; 3] {
        DigestPreference::ALL
    }
    pub fn is_chosen(&self, p: &DigestPreference) -> bool {
        self.account.digest == *p
    }
}

/// `?ok=…`: which POST just succeeded, for the page's notice.
#[derive(Debug, Deserialize)]
pub struct OkQuery {
    pub ok: Option<String>,
}

/// GET /account
pub async fn account(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<OkQuery>,
) -> Result<HttpResponse> {
    let notice = match query.ok.as_deref() {
        Some("digest") => Some("邮件设置已保存。"),
        Some("updates") => Some("办理动态提醒设置已保存。"),
        Some("password") => Some("密码已修改；您在其他设备或浏览器上的登录已全部退出。"),
        _ => None,
    };
    page(&account_page(&state, &user, notice, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct DigestForm {
    csrf_token: String,
    #[serde(default)]
    digest: String,
}

impl CsrfProtected for DigestForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /account/digest
pub async fn set_digest(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<DigestForm>,
) -> Result<HttpResponse> {
    match DigestPreference::parse(&form.digest) {
        Some(preference) => {
            store::set_preference(&state.pool, user.user_id, preference).await?;
            tracing::info!(
                user_id = %user.user_id,
                digest = preference.as_str(),
                "digest preference set"
            );
            Ok(see_other("/account?ok=digest"))
        }
        None => {
            let problem = "请选择每周、每日或不接收。".to_owned();
            let page = account_page(&state, &user, None, Some(problem)).await?;
            page_with_status(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct UpdatesForm {
    csrf_token: String,
    /// Present when ticked.
    #[serde(default)]
    updates: Option<String>,
}

impl CsrfProtected for UpdatesForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /account/updates: whether the secretariat member hears of units' steps.
pub async fn set_updates(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<UpdatesForm>,
) -> Result<HttpResponse> {
    if !user.role.is_secretariat() {
        return Err(Error::NotFound);
    }
    store::set_notify_updates(&state.pool, user.user_id, form.updates.is_some()).await?;
    Ok(see_other("/account?ok=updates"))
}

async fn account_page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<AccountPage> {
    let account = user_admin::find_user(&state.pool, user.user_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(AccountPage {
        chrome: Chrome::for_user(user),
        account,
        notice,
        error,
    })
}

#[derive(Template)]
#[template(path = "account/password.html")]
pub struct PasswordPage {
    pub chrome: Chrome,
    pub error: Option<String>,
}

/// GET /account/password
pub async fn password_form(user: CurrentUser) -> Result<HttpResponse> {
    page(&PasswordPage {
        chrome: Chrome::for_user(&user),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct PasswordChangeForm {
    csrf_token: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

impl CsrfProtected for PasswordChangeForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /account/password: the current password, then the new one twice. On success
/// every other session of the user ends: whoever knew the old password is logged out.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<PasswordChangeForm>,
) -> Result<HttpResponse> {
    match change(&req, &state, &user, form).await? {
        Ok(()) => {
            tracing::info!(user_id = %user.user_id, "password changed");
            Ok(see_other("/account?ok=password"))
        }
        Err(refusal) => page_with_status(
            refusal.status(),
            &PasswordPage {
                chrome: Chrome::for_user(&user),
                error: Some(refusal.message()),
            },
        ),
    }
}

/// Why a password change was refused; each is shown on the form.
enum Refusal {
    Mismatch,
    Rule(PasswordRule),
    WrongCurrent,
    Throttled,
    Busy,
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Mismatch | Refusal::Rule(_) | Refusal::WrongCurrent => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Refusal::Throttled | Refusal::Busy => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Mismatch => "两次输入的新密码不一致。".to_owned(),
            Refusal::Rule(rule) => rule.chinese(),
            Refusal::WrongCurrent => "当前密码不正确，密码未修改。".to_owned(),
            Refusal::Throttled => format!(
                "密码错误次数过多，请 {} 分钟后再试。",
                super::THROTTLE_MINUTES
            ),
            Refusal::Busy => "服务器正忙，请稍后再试。".to_owned(),
        }
    }
}

/// The new password is checked before any work; the current one is checked as a login
/// is (the same throttle, so a stolen session cannot guess it faster than the login form
/// could, and the same bounded gate), then the new hash and the end of the other
/// sessions are one transaction.
async fn change(
    req: &HttpRequest,
    state: &AppState,
    user: &CurrentUser,
    form: PasswordChangeForm,
) -> Result<std::result::Result<(), Refusal>> {
    if form.new != form.confirm {
        return Ok(Err(Refusal::Mismatch));
    }
    if let Err(rule) = check_new_password(&form.new) {
        return Ok(Err(Refusal::Rule(rule)));
    }
    if form.current.len() > MAX_PASSWORD_BYTES {
        return Ok(Err(Refusal::WrongCurrent));
    }
    let login = Login::parse(&user.login).map_err(|e| anyhow::anyhow!("stored login: {e}"))?;
    let client = client_ip(req, &state.http.trusted_proxies);
    let Some(attempt) = login_attempts::admit_attempt(&state.pool, &login, client, LIMITS).await?
    else {
        return Ok(Err(Refusal::Throttled));
    };
    let hash = users::find_password_hash(&state.pool, user.user_id)
        .await?
        .ok_or(Error::Forbidden)?;
    let matches = match state.passwords.verify(form.current, Some(hash)).await {
        Ok(matches) => matches,
        Err(GateError::Busy) => {
            login_attempts::withdraw_attempt(&state.pool, attempt).await?;
            return Ok(Err(Refusal::Busy));
        }
        Err(e) => return Err(anyhow::Error::from(e).into()),
    };
    if !matches {
        return Ok(Err(Refusal::WrongCurrent));
    }
    login_attempts::mark_succeeded(&state.pool, attempt).await?;
    let new_hash = match state.passwords.hash(form.new).await {
        Ok(h) => h,
        Err(GateError::Busy) => return Ok(Err(Refusal::Busy)),
        Err(e) => return Err(anyhow::Error::from(e).into()),
    };
    let mut tx = state.pool.begin().await?;
    users::set_password(&mut *tx, user.user_id, &new_hash).await?;
    sessions::delete_other_sessions(&mut *tx, user.user_id, &user.session_hash).await?;
    tx.commit().await?;
    Ok(Ok(()))
}
