//! Who is logged in: a random token in an HttpOnly cookie, looked up in `sessions`.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, FromRequest, HttpRequest};

use super::error::Error;
use super::AppState;
use crate::auth::token_hash;
use crate::config::HttpSettings;
use crate::domain::Actor;
use crate::store::sessions::{find_session, slide_session, Lifetime, LiveSession, SessionUser};

pub const SESSION_COOKIE: &str = "duban_session";

/// The logged-in user of a request; extracting it redirects anonymous visitors to /login.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    user: SessionUser,
    actor: Actor,
}

impl Deref for CurrentUser {
    type Target = SessionUser;
    fn deref(&self) -> &SessionUser {
        &self.user
    }
}

impl CurrentUser {
    /// The session's user, who must make a valid actor (the users table's CHECK gives
    /// every unit head a unit, so a refusal here means the data is broken).
    fn new(user: SessionUser) -> Result<Self, Error> {
        let actor = Actor::new(user.user_id, user.role, user.unit_id)
            .map_err(|e| anyhow::anyhow!("user {}: {e}", user.user_id))?;
        Ok(Self { user, actor })
    }

    /// Who is acting, as the store and the workflow see them.
    pub fn actor(&self) -> Actor {
        self.actor
    }
}

/// The logged-in user of a page served from the per-instance caches, with the data version
/// the request began at (see [`crate::cache`]), read in the same statement as the session.
#[derive(Debug, Clone)]
pub struct CachingUser {
    pub user: CurrentUser,
    pub data_version: i64,
}

impl Deref for CachingUser {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.user
    }
}

impl FromRequest for CurrentUser {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let lookup = lookup(req, false);
        Box::pin(async move { CurrentUser::new(lookup.await?.user) })
    }
}

impl FromRequest for CachingUser {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let lookup = lookup(req, true);
        Box::pin(async move {
            let session = lookup.await?;
            let data_version = session
                .data_version
                .ok_or_else(|| anyhow::anyhow!("session lookup returned no data version"))?;
            Ok(CachingUser {
                user: CurrentUser::new(session.user)?,
                data_version,
            })
        })
    }
}

/// The live session of the request's cookie, its expiry slid when due; an anonymous or
/// expired one is [`Error::LoginRequired`].
fn lookup(
    req: &HttpRequest,
    with_data_version: bool,
) -> impl Future<Output = Result<LiveSession, Error>> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let next = req
        .uri()
        .path_and_query()
        .map_or("/".into(), |p| p.as_str().to_owned());
    async move {
        let state = state.ok_or_else(|| anyhow::anyhow!("application state missing"))?;
        let Some(token) = token else {
            return Err(Error::LoginRequired { next });
        };
        let hash = token_hash(&token);
        let lifetime = lifetime(&state.http);
        let Some(session) = find_session(&state.pool, &hash, lifetime, with_data_version).await?
        else {
            return Err(Error::LoginRequired { next });
        };
        if session.slide_due {
            slide_session(&state.pool, &hash, lifetime).await?;
        }
        Ok(session)
    }
}

/// The configured lifetime of sessions, in the store's terms.
pub fn lifetime(http: &HttpSettings) -> Lifetime {
    let hours = |h: i64| i32::try_from(h.max(1)).unwrap_or(i32::MAX);
    Lifetime {
        idle_hours: hours(http.session_hours),
        max_hours: hours(http.session_max_hours),
    }
}

/// The session cookie for a new token.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// A cookie that makes the browser forget the session.
pub fn expired_session_cookie() -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, "")
        .path("/")
        .http_only(true)
        .finish();
    c.make_removal();
    c
}
