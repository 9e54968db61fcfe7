//! The page frame shared by every page, and rendering a page into a response.

use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use askama::Template;

use super::compression::Framed;
use super::encoded::{CachedContent, Parts};
use super::error::{Error, Result};
use super::session::CurrentUser;

/// What the base layout needs: who is logged in, and the token for its logout form.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub user: Option<ChromeUser>,
    pub csrf_token: String,
    /// Whether the secretariat's menu entries are shown.
    pub is_secretariat: bool,
}

#[derive(Debug, Clone)]
pub struct ChromeUser {
    pub display_name: String,
    pub role_label: &'static str,
    pub unit_name: Option<String>,
}

impl Chrome {
    pub fn anonymous() -> Self {
        Self {
            user: None,
            csrf_token: String::new(),
            is_secretariat: false,
        }
    }

    pub fn for_user(user: &CurrentUser) -> Self {
        Self {
            user: Some(ChromeUser {
                display_name: user.display_name.clone(),
                role_label: user.role.label(),
                unit_name: user.unit_name.clone(),
            }),
            csrf_token: user.csrf_token.clone(),
            is_secretariat: user.role.is_secretariat(),
        }
    }
}

/// A page whose content was rendered earlier, once per viewer scope, data version and day
/// (see [`super::PageCaches::content`]): only the frame around it is rendered per request.
///
/// The content templates (我的督办, the dashboard, the ledger, search) are derived with
/// `whitespace = "minimize"`: the indentation around their loops' tags, repeated for every
/// row, was up to a seventh of these 50–150 KB pages, copied and sent on every request.
#[derive(Template)]
#[template(path = "cached.html")]
pub struct CachedPage<'a> {
    pub chrome: Chrome,
    pub title: &'a str,
    pub content: &'a str,
}

/// Where the content goes in the rendered frame. A comment no escaped value can produce
/// (askama turns every `<` of data into `&#60;`), so the first one is the content's place.
const CONTENT_PLACE: &str = "<!--content-->";

/// The page of `content` for `user`. The frame is rendered around a placeholder and sent in
/// parts, so that the content is never copied, nor compressed again: the compression
/// middleware joins the parts' compressed forms ([`Framed`]).
pub fn cached_page(
    user: &CurrentUser,
    title: &str,
    content: &Arc<CachedContent>,
) -> Result<HttpResponse> {
    let frame = CachedPage {
        chrome: Chrome::for_user(user),
        title,
        content: CONTENT_PLACE,
    }
    .render()?;
    let place = frame
        .find(CONTENT_PLACE)
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("cached.html places no content")))?;
    let frame = Bytes::from(frame);
    let head = frame.slice(..place);
    let tail = frame.slice(place + CONTENT_PLACE.len()..);
    let body = Parts::new(head.clone(), content.text().clone(), tail.clone());
    let mut response = HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body);
    response.extensions_mut().insert(Framed {
        head,
        content: content.clone(),
        tail,
    });
    Ok(response)
}

/// Renders a page as an HTML response.
pub fn page(template: &impl Template) -> Result<HttpResponse> {
    page_with_status(StatusCode::OK, template)
}

/// Renders a page with another status, e.g. a form shown again with its problem.
pub fn page_with_status(status: StatusCode, template: &impl Template) -> Result<HttpResponse> {
    Ok(html_response(status, template.render()?))
}

fn html_response(status: StatusCode, html: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// The redirect after a successful POST (POST, 303, GET).
pub fn see_other(to: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.into()))
        .finish()
}
