//! 全文检索: `GET /search?q=…` over the items the user may see and, for the secretariat,
//! the documents. Words are segmented by jieba (see [`crate::search`]).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::error::Result;
use super::format::{cn_date, light_class};
use super::items::viewer_of;
use super::render::{page, Chrome};
use super::session::CurrentUser;
use super::AppState;
use crate::domain::{today_in_china, ItemStatus, Light};
use crate::search::{query_terms, segment, Snippet};
use crate::store::search::{self, DocumentHit, ItemHit};

/// Results per kind; a search is refined, not paged.
const LIMIT: i64 = 50;
/// Queries are short; longer input is cut rather than refused.
const MAX_QUERY_CHARS: usize = 100;

/// Routes of this page area.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/search", web::get().to(search_page));
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search/index.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub query: String,
    /// False for an empty query: the page shows only the box.
    pub searched: bool,
    pub items: Vec<ItemResult>,
    pub documents: Vec<DocumentResult>,
}

impl SearchPage {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.documents.is_empty()
    }
}

/// An item hit as the page shows it.
pub struct ItemResult {
    pub id: i64,
    pub title: Snippet,
    pub snippet: Snippet,
    pub status_label: &'static str,
    /// `None` for drafts and dismissed items, which are not lit.
    pub light: Option<(&'static str, &'static str)>,
    pub source: String,
    pub document_id: Option<i64>,
    pub lead: String,
}

impl ItemResult {
    fn new(hit: ItemHit, terms: &[String], today: chrono::NaiveDate) -> Self {
        let light = (!matches!(hit.status, ItemStatus::Draft | ItemStatus::Dismissed)).then(|| {
            let light = Light::of(hit.status, hit.due_date, today);
            (light_class(light), light.label())
        });
        let source = [hit.document_title, hit.doc_number]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        Self {
            id: hit.id,
            title: Snippet::whole(&hit.title, terms),
            snippet: Snippet::fragments(&hit.body, terms),
            status_label: hit.status.label(),
            light,
            source,
            document_id: hit.document_id,
            lead: hit.lead_units.join("、"),
        }
    }
}

/// A document hit as the page shows it.
pub struct DocumentResult {
    pub id: i64,
    pub title: Snippet,
    pub snippet: Snippet,
    pub meta: String,
}

impl DocumentResult {
    fn new(hit: DocumentHit, terms: &[String]) -> Self {
        let date = hit.date.map(cn_date);
        let meta = [hit.org, hit.doc_number, date]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        Self {
            id: hit.id,
            title: Snippet::whole(&hit.title, terms),
            snippet: Snippet::fragments(&hit.body, terms),
            meta,
        }
    }
}

/// GET /search
#[tracing::instrument(skip_all)]
pub async fn search_page(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse> {
    let query: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let segmented = segment(&query);
    let mut page_data = SearchPage {
        chrome: Chrome::for_user(&user),
        query,
        searched: !segmented.is_empty(),
        items: Vec::new(),
        documents: Vec::new(),
    };
    if page_data.searched {
        let viewer = viewer_of(&user);
        let terms = query_terms(&page_data.query);
        let today = today_in_china();
        page_data.items = search::search_items(&state.pool, &viewer, &segmented, LIMIT)
            .await?
            .into_iter()
            .map(|hit| ItemResult::new(hit, &terms, today))
            .collect();
        page_data.documents = search::search_documents(&state.pool, &viewer, &segmented, LIMIT)
            .await?
            .into_iter()
            .map(|hit| DocumentResult::new(hit, &terms))
            .collect();
    }
    page(&page_data)
}
