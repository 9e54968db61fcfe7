//! 修改文件信息 (the header fields, with their history) and 删除文件 (while none of its
//! items is published), for the secretariat.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;

use super::csrf::{CsrfProtected, UserForm};
use super::documents::require_secretariat;
use super::error::{refusal, Error, Result};
use super::render::{page, page_with_status, see_other, Chrome};
use super::review_form::{names, parse_date};
use super::session::CurrentUser;
use super::AppState;
use crate::domain::DocumentId;
use crate::format::cn_time;
use crate::store::document_edits::{self, DocumentEvent, Header};
use crate::workflow::{self, WorkflowError};

#[derive(Template)]
#[template(path = "documents/edit.html")]
pub struct DocumentEditPage {
    pub chrome: Chrome,
    pub id: DocumentId,
    pub header: Header,
    /// The version the form is based on.
    pub based_on: String,
    pub history: Vec<DocumentEvent>,
    pub error: Option<String>,
}

impl DocumentEditPage {
    pub fn text<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or_default()
    }
    pub fn date(&self, d: &Option<chrono::NaiveDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_default()
    }
    pub fn time(&self, t: &DateTime<Utc>) -> String {
        cn_time(*t)
    }
}

async fn edit_page(
    state: &AppState,
    user: &CurrentUser,
    id: DocumentId,
    error: Option<String>,
) -> Result<DocumentEditPage> {
    let (header, version) = document_edits::find_header(&state.pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(DocumentEditPage {
        chrome: Chrome::for_user(user),
        id,
        header,
        based_on: version.to_rfc3339_opts(SecondsFormat::Micros, true),
        history: document_edits::list_events(&state.pool, id).await?,
        error,
    })
}

/// GET /documents/{id}/edit
pub async fn edit_form(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    page(&edit_page(&state, &user, path.into_inner(), None).await?)
}

#[derive(Debug, Deserialize)]
pub struct HeaderForm {
    csrf_token: String,
    based_on: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    meeting_date: String,
    #[serde(default)]
    issued_date: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    chair: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    observers: String,
    #[serde(default)]
    recorder: String,
    #[serde(default)]
    signer: String,
}

impl CsrfProtected for HeaderForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl HeaderForm {
    fn header(&self) -> std::result::Result<Header, WorkflowError> {
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let date = |v: &str, what: &str| match v.trim() {
            "" => Ok(None),
            raw => parse_date(raw)
                .map(Some)
                .ok_or_else(|| WorkflowError::Invalid(format!("{what}不是有效日期。"))),
        };
        Ok(Header {
            title: text(&self.title),
            doc_number: text(&self.doc_number),
            org: text(&self.org),
            meeting_date: date(&self.meeting_date, "会议日期")?,
            issued_date: date(&self.issued_date, "印发日期")?,
            place: text(&self.place),
            chair: text(&self.chair),
            attendees: names(&self.attendees),
            observers: names(&self.observers),
            recorder: text(&self.recorder),
            signer: text(&self.signer),
        })
    }
}

/// POST /documents/{id}/edit
pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
    f: UserForm<HeaderForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    require_secretariat(&f.user)?;
    let based_on = DateTime::parse_from_rfc3339(&f.form.based_on)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| WorkflowError::Invalid("表单已过期，请刷新页面。".into()));
    let result = match (based_on, f.form.header()) {
        (Ok(at), Ok(header)) => {
            workflow::edit_document(&state.pool, &f.user.actor(), id, at, &header).await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(format!("/documents/{id}?done=edited"))),
        Err(e) => {
            let (status, message) = refusal(e)?;
            page_with_status(
                status,
                &edit_page(&state, &f.user, id, Some(message)).await?,
            )
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    csrf_token: String,
    #[serde(default)]
    confirm: Option<String>,
}

impl CsrfProtected for DeleteForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /documents/{id}/delete
pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
    f: UserForm<DeleteForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    require_secretariat(&f.user)?;
    let result = if f.form.confirm.is_none() {
        Err(WorkflowError::Invalid(
            "请先勾选「确认删除这份文件及其全部待交办事项」。".into(),
        ))
    } else {
        workflow::delete_document(&state.pool, &f.user.actor(), id).await
    };
    match result {
        Ok(_) => Ok(see_other("/documents?ok=deleted")),
        Err(e) => {
            let (status, message) = refusal(e)?;
            page_with_status(
                status,
                &edit_page(&state, &f.user, id, Some(message)).await?,
            )
        }
    }
}
