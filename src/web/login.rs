//! Logging in and out, with throttling of repeated failures.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::csrf::{anonymous_token, AnonymousForm, CsrfProtected, UserForm};
use super::error::Result;
use super::render::Chrome;
use super::session::{expired_session_cookie, session_cookie, SESSION_COOKIE};
use super::AppState;
use crate::auth::{dummy_hash, random_token, token_hash, verify_password};
use crate::domain::Login;
use crate::store::{login_attempts, sessions, users};

/// Failures within the window after which a login name is refused for a while.
pub const MAX_FAILURES_PER_LOGIN: i64 = 5;
/// Failures from one address within the window after which it is refused.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const THROTTLE_MINUTES: i32 = 15;

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
        if sessions::find_session(&state.pool, &token_hash(token.value()), false)
            .await?
            .is_some()
        {
            return Ok(redirect(&next));
        }
    }
    render_login(&req, &state, StatusCode::OK, String::new(), next, None)
}

/// POST /login
pub async fn log_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    AnonymousForm(form): AnonymousForm<LoginForm>,
) -> Result<HttpResponse> {
    let next = safe_next(Some(&form.next));
    let ip = req.peer_addr().map(|a| a.ip().to_string());
    let (by_login, by_ip) = login_attempts::recent_failures(
        &state.pool,
        form.login.trim(),
        ip.as_deref(),
        THROTTLE_MINUTES,
    )
    .await?;
    if by_login >= MAX_FAILURES_PER_LOGIN || by_ip >= MAX_FAILURES_PER_ADDRESS {
        tracing::warn!(login = %form.login.trim(), "login throttled");
        let msg = format!("登录失败次数过多，请 {THROTTLE_MINUTES} 分钟后再试。");
        return render_login(
            &req,
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            form.login,
            next,
            Some(msg),
        );
    }

    let user = match Login::parse(&form.login) {
        Ok(login) => users::find_user_by_login(&state.pool, &login).await?,
        Err(_) => None,
    };
    let hash = user
        .as_ref()
        .map_or(dummy_hash(), |u| u.password_hash.as_str())
        .to_owned();
    let password = form.password.clone();
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let matches = web::block(move || verify_password(&password, &hash))
        .await
        .map_err(anyhow::Error::from)?;
    let user = user.filter(|u| matches && u.active);
    login_attempts::record_attempt(
        &state.pool,
        form.login.trim(),
        ip.as_deref(),
        user.is_some(),
    )
    .await?;

    let Some(user) = user else {
        let msg = "登录名或密码错误。".to_owned();
        return render_login(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            form.login,
            next,
            Some(msg),
        );
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
    tracing::info!(user_id = user.id, "logged in");
    let mut response = redirect(&next);
    response
        .add_cookie(&session_cookie(token, state.http.secure_cookies))
        .map_err(anyhow::Error::from)?;
    Ok(response)
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
    let (token, new_cookie) = anonymous_token(req, state.http.secure_cookies);
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

/// Only local paths, so a crafted link cannot send a user elsewhere after login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
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
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
