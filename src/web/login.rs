//! Logging in and out, with throttling of repeated failures.

use std::net::IpAddr;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use percent_encoding::{utf8_percent_encode, CONTROLS};
use serde::Deserialize;

use super::client_addr::client_ip;
use super::csrf::{anonymous_token, AnonymousForm, CsrfProtected, UserForm};
use super::error::Result;
use super::render::Chrome;
use super::session::{expired_session_cookie, session_cookie, SESSION_COOKIE};
use super::AppState;
use crate::auth::{random_token, token_hash, GateError, MAX_PASSWORD_BYTES};
use crate::domain::{DomainError, Login};
use crate::store::login_attempts::{self, Limits};
use crate::store::users::User;
use crate::store::{sessions, users};

/// Failures within the window after which a login name is refused for a while.
pub const MAX_FAILURES_PER_LOGIN: i64 = 5;
/// Failures from one address within the window after which it is refused.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const THROTTLE_MINUTES: i32 = 15;

pub(super) const LIMITS: Limits = Limits {
    per_login: MAX_FAILURES_PER_LOGIN,
    per_address: MAX_FAILURES_PER_ADDRESS,
    minutes: THROTTLE_MINUTES,
};

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub login: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf_token: String,
    login: String,
    password: String,
    #[serde(default)]
    next: String,
}

impl CsrfProtected for LoginForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf_token: String,
}

impl CsrfProtected for LogoutForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// GET /login
pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse> {
    let next = safe_next(query.next.as_deref());
    if let Some(token) = req.cookie(SESSION_COOKIE) {
        let lifetime = super::session::lifetime(&state.http);
        if sessions::find_session(&state.pool, &token_hash(token.value()), lifetime, false)
            .await?
            .is_some()
        {
            return Ok(redirect(&next));
        }
    }
    render_login(&req, &state, StatusCode::OK, String::new(), next, None)
}

/// POST /login: the form is checked before any work, then the throttle admits the attempt
/// (recording it), then the password is checked in the bounded gate.
pub async fn log_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnonymousForm(form): AnonymousForm<LoginForm>,
) -> Result<HttpResponse> {
    let next = safe_next(Some(&form.next));
    let credentials = match Credentials::try_from(&form) {
        Ok(c) => c,
        Err(refusal) => return refuse(&req, &state, &form, next, &refusal),
    };
    let client = client_ip(&req, &state.http.trusted_proxies);
    let user = match authenticate(&state, &credentials, client).await? {
        Ok(user) => user,
        Err(refusal) => return refuse(&req, &state, &form, next, &refusal),
    };
    let token = random_token();
    let expires = state.http.session_expiry();
    sessions::insert_session(
        &state.pool,
        &token_hash(&token),
        user.id,
        &random_token(),
        expires,
    )
    .await?;
    tracing::info!(user_id = %user.id, "logged in");
    let mut response = redirect(&next);
    response
        .add_cookie(&session_cookie(token, state.http.secure_cookies()))
        .map_err(anyhow::Error::from)?;
    Ok(response)
}

/// A login name and password worth checking: the name fits the users.login rule
/// (normalised to lower case) and the password is not absurdly long.
struct Credentials {
    login: Login,
    password: String,
}

impl TryFrom<&LoginForm> for Credentials {
    type Error = Refusal;

    fn try_from(form: &LoginForm) -> std::result::Result<Self, Refusal> {
        let login = Login::parse(&form.login).map_err(Refusal::Malformed)?;
        if form.password.len() > MAX_PASSWORD_BYTES {
            return Err(Refusal::PasswordTooLong);
        }
        Ok(Self {
            login,
            password: form.password.clone(),
        })
    }
}

/// Why a login was refused; each is shown on the login form.
#[derive(Debug)]
enum Refusal {
    Malformed(DomainError),
    PasswordTooLong,
    Throttled,
    Busy,
    WrongCredentials,
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Malformed(_) | Refusal::PasswordTooLong => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Throttled | Refusal::Busy => StatusCode::TOO_MANY_REQUESTS,
            Refusal::WrongCredentials => StatusCode::UNAUTHORIZED,
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Malformed(e) => format!("{e}。"),
            Refusal::PasswordTooLong => {
                format!("密码过长（最多 {MAX_PASSWORD_BYTES} 字节），请检查后重新输入。")
            }
            Refusal::Throttled => format!("登录失败次数过多，请 {THROTTLE_MINUTES} 分钟后再试。"),
            Refusal::Busy => "登录请求过多，请稍后再试。".to_owned(),
            Refusal::WrongCredentials => "登录名或密码错误。".to_owned(),
        }
    }
}

/// The throttle's admission, then the password check; the attempt stays a failure
/// unless the password was right for an active user.
async fn authenticate(
    state: &AppState,
    credentials: &Credentials,
    client: Option<IpAddr>,
) -> Result<std::result::Result<User, Refusal>> {
    let login = &credentials.login;
    let Some(attempt) = login_attempts::admit_attempt(&state.pool, login, client, LIMITS).await?
    else {
        // Validated above, so the name cannot forge a log line.
        tracing::warn!(login = login.as_str(), "login throttled");
        return Ok(Err(Refusal::Throttled));
    };
    let user = users::find_user_by_login(&state.pool, login).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let matches = match state
        .passwords
        .verify(credentials.password.clone(), hash)
        .await
    {
        Ok(matches) => matches,
        Err(GateError::Busy) => {
            login_attempts::withdraw_attempt(&state.pool, attempt).await?;
            return Ok(Err(Refusal::Busy));
        }
        Err(e) => return Err(anyhow::Error::from(e).into()),
    };
    match user.filter(|u| matches && u.active) {
        Some(user) => {
            login_attempts::mark_succeeded(&state.pool, attempt).await?;
            Ok(Ok(user))
        }
        None => Ok(Err(Refusal::WrongCredentials)),
    }
}

/// The login form again with the refusal's message; the name typed is kept when it is
/// short enough to be one.
fn refuse(
    req: &HttpRequest,
    state: &AppState,
    form: &LoginForm,
    next: String,
    refusal: &Refusal,
) -> Result<HttpResponse> {
    let login = if form.login.chars().count() <= 64 {
        form.login.clone()
    } else {
        String::new()
    };
    render_login(
        req,
        state,
        refusal.status(),
        login,
        next,
        Some(refusal.message()),
    )
}

/// POST /logout
pub async fn log_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    _form: UserForm<LogoutForm>,
) -> Result<HttpResponse> {
    if let Some(token) = req.cookie(SESSION_COOKIE) {
        sessions::delete_session(&state.pool, &token_hash(token.value())).await?;
    }
    let mut response = redirect("/login");
    response
        .add_cookie(&expired_session_cookie())
        .map_err(anyhow::Error::from)?;
    Ok(response)
}

fn render_login(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    login: String,
    next: String,
    error: Option<String>,
) -> Result<HttpResponse> {
    let (token, new_cookie) = anonymous_token(req, state.http.secure_cookies());
    let chrome = Chrome {
        csrf_token: token,
        ..Chrome::anonymous()
    };
    let body = LoginPage {
        chrome,
        login,
        next,
        error,
    }
    .render()?;
    let mut response = HttpResponse::build(status);
    if let Some(cookie) = new_cookie {
        response.cookie(cookie);
    }
    Ok(response.content_type("text/html; charset=utf-8").body(body))
}

/// Only a path on this site, so that a crafted link cannot send a user elsewhere after
/// login: one leading `/` (`//host` is another site), no backslash (browsers read `/\host`
/// as `//host`), no control characters or whitespace (browsers drop tabs and newlines
/// from URLs, so `/\t/host` becomes `//host`; CR/LF cannot go in a header at all).
/// Non-ASCII is percent-encoded so the path is a valid Location header.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            utf8_percent_encode(n, CONTROLS).to_string()
        }
        _ => "/".to_owned(),
    }
}

fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/items?x=1")), "/items?x=1");
        assert_eq!(
            safe_next(Some("/search?q=督办")),
            "/search?q=%E7%9D%A3%E5%8A%9E"
        );
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/items\r\nSet-Cookie: x=1",
            "/\u{1b}[31m",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
