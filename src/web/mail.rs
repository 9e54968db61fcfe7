//! The secretariat's view of mail: the outbox (every message with its status and last
//! error, failed ones can be sent again) and a preview of anyone's digest as it would be
//! sent now. Other roles get 404 for every route here.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::account::OkQuery;
use super::csrf::{CsrfProtected, UserForm};
use super::error::{Error, Result};
use super::render::{page, see_other, Chrome};
use super::session::CurrentUser;
use super::AppState;
use crate::digest::compose::Letter;
use crate::digest::run::mail_for;
use crate::digest::schedule::{Cadence, Period};
use crate::domain::{Delivery, OutboxStatus, UserId};
use crate::format::cn_time;
use crate::store::digest::{self as store, Recipient};
use crate::store::outbox::{self, OutboxCounts, OutboxEntry};

/// Rows the outbox page shows.
const OUTBOX_PAGE_ROWS: i64 = 200;

#[derive(Template)]
#[template(path = "outbox/index.html")]
pub struct OutboxPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub counts: OutboxCounts,
    pub rows: Vec<OutboxEntry>,
}

impl OutboxPage {
    pub fn status_label(&self, row: &OutboxEntry) -> &'static str {
        match (row.status, row.last_error.is_some(), row.delivery) {
            (OutboxStatus::Queued, true, _) => "待重试",
            (OutboxStatus::Sent, _, Some(delivery)) => delivery.label(),
            (status, _, _) => status.label(),
        }
    }

    /// Where a sent message went, to show: the mail server it was handed to; never the
    /// path of a file on the server.
    pub fn server(&self, row: &OutboxEntry) -> Option<String> {
        match row.delivery {
            Some(Delivery::File) => None,
            _ => row.delivered_to.clone(),
        }
    }
    pub fn purpose_label(&self, row: &OutboxEntry) -> &'static str {
        row.purpose.label()
    }
    pub fn time(&self, t: &chrono::DateTime<Utc>) -> String {
        cn_time(*t)
    }
}

/// GET /mail/outbox
pub async fn list_outbox(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<OkQuery>,
) -> Result<HttpResponse> {
    page(&OutboxPage {
        chrome: Chrome::for_user(&user),
        notice: (query.ok.as_deref() == Some("retry")).then_some("已重新排队，稍后自动发送。"),
        counts: outbox::count_outbox(&state.pool).await?,
        rows: outbox::list_outbox(&state.pool, OUTBOX_PAGE_ROWS).await?,
    })
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    csrf_token: String,
}

impl CsrfProtected for ActionForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /mail/outbox/{id}/retry: a failed message goes back in the queue.
pub async fn retry(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    UserForm { user, .. }: UserForm<ActionForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    if !outbox::requeue(&state.pool, id).await? {
        return Err(Error::Invalid("只有发送失败的邮件可以重新发送。".into()));
    }
    tracing::info!(outbox_id = id, actor = %user.user_id, "mail requeued");
    Ok(see_other("/mail/outbox?ok=retry"))
}

#[derive(Template)]
#[template(path = "digest/list.html")]
pub struct DigestListPage {
    pub chrome: Chrome,
    pub readers: Vec<Recipient>,
}

impl DigestListPage {
    pub fn preference_label(&self, r: &Recipient) -> &'static str {
        r.digest.label()
    }
}

/// GET /mail/digests
pub async fn list_digests(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    page(&DigestListPage {
        chrome: Chrome::for_user(&user),
        readers: store::list_all_recipients(&state.pool).await?,
    })
}

#[derive(Template)]
#[template(path = "digest/preview.html")]
pub struct DigestPreviewPage {
    pub chrome: Chrome,
    pub reader: Recipient,
    pub period: String,
    pub mail: Option<Letter>,
}

impl DigestPreviewPage {
    pub fn preference_label(&self) -> &'static str {
        self.reader.digest.label()
    }
}

/// GET /mail/digests/{user_id}: the digest this user would get if it were sent now (by
/// their cadence; weekly for those who turned digests off).
pub async fn preview_digest(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<UserId>,
) -> Result<HttpResponse> {
    let mut conn = state.pool.acquire().await?;
    let reader = store::find_recipient(&mut *conn, path.into_inner())
        .await?
        .ok_or(Error::NotFound)?;
    let cadence = Cadence::of(reader.digest).unwrap_or(Cadence::Weekly);
    let period = Period::current(cadence, Utc::now());
    let mail = mail_for(&mut conn, &reader, &period, &state.http.public_url()).await?;
    let mut response = page(&DigestPreviewPage {
        chrome: Chrome::for_user(&user),
        reader,
        period: period.key,
        mail,
    })?;
    // The mail's HTML, shown in a sandboxed srcdoc frame that inherits this page's policy,
    // is styled inline as mail clients need; scripts stay forbidden.
    response.headers_mut().insert(
        actix_web::http::header::CONTENT_SECURITY_POLICY,
        actix_web::http::header::HeaderValue::from_static(DIGEST_PREVIEW_POLICY),
    );
    Ok(response)
}

/// [`crate::startup::CONTENT_SECURITY_POLICY`] with inline styles allowed.
const DIGEST_PREVIEW_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
