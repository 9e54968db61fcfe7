//! 全文检索: `GET /search?q=…` over the items the user may see and, for the secretariat,
//! the documents. Words are segmented by jieba (see [`crate::search`]).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::error::Result;
use super::render::cached_page;
use super::session::CachingUser;
use super::AppState;
use crate::domain::Actor;
use crate::domain::{today_in_china, DocumentId, ItemId};
use crate::format::cn_date;
use crate::search::{query_terms, segment, Snippet};
use crate::store::search::{self, DocumentHit, ItemHit};

/// Results per kind; a search is refined, not paged.
const LIMIT: i64 = 50;
/// Queries are short; longer input is cut rather than refused.
const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search/index.html", whitespace = "minimize")]
pub struct SearchPage {
    pub query: String,
    /// False for an empty query: the page shows only the box.
    pub searched: bool,
    pub results: SearchResults,
}

/// What a query found, as shown.
#[derive(Default)]
pub struct SearchResults {
    pub items: Vec<ItemResult>,
    pub documents: Vec<DocumentResult>,
}

impl SearchPage {
    pub fn is_empty(&self) -> bool {
        self.results.items.is_empty() && self.results.documents.is_empty()
    }
}

/// An item hit as the page shows it.
pub struct ItemResult {
    pub id: ItemId,
    pub title: Snippet,
    pub snippet: Snippet,
    pub status_label: &'static str,
    /// `None` for drafts and dismissed items, which are not lit.
    pub light: Option<(&'static str, String)>,
    pub source: String,
    pub document_id: Option<DocumentId>,
    pub lead: String,
}

impl ItemResult {
    fn new(hit: ItemHit, terms: &[String]) -> Self {
        let light = hit.cause.map(|c| (c.light().as_str(), c.describe()));
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
    pub id: DocumentId,
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
    user: CachingUser,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse> {
    let query: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let today = today_in_china();
    let key = format!("search?{query}");
    let render = async {
        let segmented = segment(&query);
        let searched = !segmented.is_empty();
        let results = if searched {
            find(&state, &user.actor(), &query, &segmented).await?
        } else {
            SearchResults::default()
        };
        let page = SearchPage {
            query: query.clone(),
            searched,
            results,
        };
        Ok(page.render()?)
    };
    let content = state.caches.content(&user, key, today, render).await?;
    cached_page(&user, "全文检索", &content)
}

async fn find(
    state: &AppState,
    viewer: &Actor,
    query: &str,
    segmented: &str,
) -> sqlx::Result<SearchResults> {
    let terms = query_terms(query);
    Ok(SearchResults {
        items: search::search_items(&state.pool, viewer, (query, segmented), LIMIT)
            .await?
            .into_iter()
            .map(|hit| ItemResult::new(hit, &terms))
            .collect(),
        documents: search::search_documents(&state.pool, viewer, segmented, LIMIT)
            .await?
            .into_iter()
            .map(|hit| DocumentResult::new(hit, &terms))
            .collect(),
    })
}
