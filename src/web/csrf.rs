//! CSRF protection for every POST. Logged-in forms carry their session's token;
//! the login form, which has no session yet, carries a token that must match a
//! `duban_csrf` cookie (double submit). Uploads carry the token in their URL or a header,
//! so that it is checked before their body is read. All are checked by extractors, so a
//! POST handler cannot take form data without the check.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::Uri;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::error::Error;
use super::session::CurrentUser;
use crate::auth::random_token;

pub const CSRF_COOKIE: &str = "duban_csrf";

/// A form that carries a CSRF token in its `csrf_token` field.
pub trait CsrfProtected {
    fn csrf_token(&self) -> &str;
}

/// A logged-in user's form submission whose token matched the session's.
pub struct UserForm<T> {
    pub user: CurrentUser,
    pub form: T,
}

impl<T: DeserializeOwned + CsrfProtected + 'static> FromRequest for UserForm<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = CurrentUser::from_request(req, payload);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            let form = parse_form::<T>(body.await)?;
            if !constant_time_eq(form.csrf_token(), &user.csrf_token) {
                return Err(Error::BadCsrf);
            }
            Ok(Self { user, form })
        })
    }
}

/// The header an upload's CSRF token may travel in (scripts, tests).
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A logged-in user whose request carries their session's CSRF token in the
/// [`CSRF_HEADER`] header or the `csrf` query parameter (a browser form's `action`). For
/// uploads: the token is checked before the body is read, so the handler can refuse a
/// forged or unauthorised upload without receiving megabytes first. The body is left
/// unread for the handler's [`actix_multipart::Multipart`].
pub struct UploadUser(pub CurrentUser);

#[derive(serde::Deserialize)]
struct UploadToken {
    csrf: Option<String>,
}

impl FromRequest for UploadUser {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = CurrentUser::from_request(req, payload);
        let token = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| {
                serde_html_form::from_str::<UploadToken>(req.query_string())
                    .ok()
                    .and_then(|q| q.csrf)
            });
        Box::pin(async move {
            let user = user.await?;
            match token {
                Some(t) if constant_time_eq(&t, &user.csrf_token) => Ok(Self(user)),
                _ => Err(Error::BadCsrf),
            }
        })
    }
}

/// Moves a request's `csrf` query parameter into the [`CSRF_HEADER`] header before the
/// rest of the app sees the request. A browser's upload form can only carry the token in
/// its `action` URL, and the URL is what the request's log span records; wrapped around
/// everything else, this keeps the token out of the logs. (A reverse proxy's access log
/// still has it: the token is worth only forged uploads for the rest of one session.)
pub async fn token_out_of_url(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some((query, token)) = split_token(req.query_string()) {
        let path = req.path().to_owned();
        let uri = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        if let (Ok(uri), Ok(token)) = (uri.parse::<Uri>(), HeaderValue::from_str(&token)) {
            req.head_mut().uri = uri;
            if !req.headers().contains_key(CSRF_HEADER) {
                req.headers_mut()
                    .insert(HeaderName::from_static("x-csrf-token"), token);
            }
        }
    }
    next.call(req).await
}

/// The query without its first `csrf` parameter, and that parameter's value.
fn split_token(query: &str) -> Option<(String, String)> {
    let mut token = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.strip_prefix("csrf=") {
            Some(t) if token.is_none() => {
                token = Some(t.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    token.map(|t| (rest.join("&"), t))
}

/// An anonymous form submission (the login form) whose token matched the cookie.
pub struct AnonymousForm<T>(pub T);

impl<T: DeserializeOwned + CsrfProtected + 'static> FromRequest for AnonymousForm<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let cookie = req.cookie(CSRF_COOKIE).map(|c| c.value().to_owned());
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let form = parse_form::<T>(body.await)?;
            match cookie {
                Some(c) if !c.is_empty() && constant_time_eq(form.csrf_token(), &c) => {
                    Ok(Self(form))
                }
                _ => Err(Error::BadCsrf),
            }
        })
    }
}

/// What a form with a NUL character gets: no PostgreSQL text column stores one.
pub const NUL_IN_FORM: &str = "表单内容含有无法保存的空字符，请删除后重新提交。";

/// Parses an urlencoded body; repeated keys fill `Vec` fields (unit pickers). A body
/// without a token fails here, which is a CSRF failure as far as the user can tell.
fn parse_form<T: DeserializeOwned + CsrfProtected>(
    body: Result<web::Bytes, actix_web::Error>,
) -> Result<T, Error> {
    let body = body.map_err(|_| Error::Invalid("表单过大或不完整。".into()))?;
    if body.contains(&0) || body.windows(3).any(|w| w == b"%00") {
        return Err(Error::Invalid(NUL_IN_FORM.into()));
    }
    serde_html_form::from_bytes::<T>(&body).map_err(|e| {
        if String::from_utf8_lossy(&body).contains("csrf_token=") {
            Error::Invalid(format!("表单内容有误：{e}"))
        } else {
            Error::BadCsrf
        }
    })
}

/// The anonymous token of this browser, and the cookie to set when it is new.
pub fn anonymous_token(req: &HttpRequest, secure: bool) -> (String, Option<Cookie<'static>>) {
    if let Some(c) = req.cookie(CSRF_COOKIE).filter(|c| !c.value().is_empty()) {
        return (c.value().to_owned(), None);
    }
    let token = random_token();
    let cookie = Cookie::build(CSRF_COOKIE, token.clone())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    (token, Some(cookie))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::split_token;

    #[test]
    fn the_csrf_parameter_is_taken_out_of_the_query_and_the_rest_kept() {
        assert_eq!(
            split_token("csrf=abc-_1"),
            Some((String::new(), "abc-_1".to_owned()))
        );
        assert_eq!(
            split_token("x=1&csrf=abc&y=2"),
            Some(("x=1&y=2".to_owned(), "abc".to_owned()))
        );
        assert_eq!(split_token("x=1&notcsrf=abc"), None);
        assert_eq!(split_token(""), None);
    }
}
