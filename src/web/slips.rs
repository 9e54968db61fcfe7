//! GET /documents/{id}/slips and /documents/{id}/slips.docx: the 督办通知单 of a document,
//! one per unit, for the secretariat to print or send.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use askama::Template;

use super::documents::require_secretariat;
use super::error::{Error, Result};
use super::render::page;
use super::session::CurrentUser;
use super::AppState;
use crate::domain::{today_in_china, DocumentId};
use crate::slips::{opening, slips, to_docx, Slip, SlipHeader, COLUMNS};
use crate::store::{documents, register, slips as store};

#[derive(Template)]
#[template(path = "documents/slips.html")]
pub struct SlipsPage {
    pub header: SlipHeader,
    pub slips: Vec<Slip>,
}

impl SlipsPage {
    pub fn columns(&self) -> [&'static str; 6] {
        COLUMNS
    }
    pub fn opening(&self) -> String {
        opening(&self.header)
    }
    pub fn date(&self) -> String {
        crate::format::cn_date(self.header.date)
    }
}

async fn load(state: &AppState, id: DocumentId) -> Result<(SlipHeader, Vec<Slip>)> {
    let document = documents::find_document(&state.pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    let title = document.title.unwrap_or(document.file_name);
    let source = match document.doc_number {
        Some(n) => format!("《{title}》（{n}）"),
        None => format!("《{title}》"),
    };
    let issuer = register::issuer(&state.pool).await?;
    let rows = store::list_slip_rows(&state.pool, id).await?;
    let header = SlipHeader {
        issuer,
        source,
        date: today_in_china(),
    };
    Ok((header, slips(&rows)))
}

/// GET /documents/{id}/slips: A4 pages to print, one per unit.
pub async fn print(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    let (header, slips) = load(&state, path.into_inner()).await?;
    page(&SlipsPage { header, slips })
}

/// GET /documents/{id}/slips.docx
pub async fn docx(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    let id = path.into_inner();
    let (header, slips) = load(&state, id).await?;
    let bytes = to_docx(&slips, &header).map_err(|e| anyhow::anyhow!("writing slips: {e}"))?;
    let name = format!("督办通知单-{id}.docx");
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"slips-{id}.docx\"; filename*=UTF-8''{}",
                percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC)
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
