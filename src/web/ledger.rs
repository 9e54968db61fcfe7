//! 督办台账: the filtered item list (`/ledger`), its exports (`/ledger.xlsx`, `/ledger.csv`)
//! and its print view (`/ledger/print`). The routes live under `/ledger` rather than
//! `/items/...` so that they cannot collide with `/items/{id}`, registered first.

mod export;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use super::error::{Error, Result};
use super::render::{cached_page, page};
use super::session::{CachingUser, CurrentUser};
use super::AppState;
use crate::domain::filter::{ItemFilter, SortKey, EXPORT_CAP, PAGE_SIZE, STALE_DAYS};
use crate::domain::Actor;
use crate::domain::{today_in_china, DocumentId, ItemStatus, Light, LightCause, UnitId, UnitRole};
use crate::format::{cn_date, cn_date_opt};
use crate::store::ledger::{self, Choice, LedgerCounts, LedgerRow};

/// The print view shows at most this many rows; larger lists are for the Excel export.
const PRINT_CAP: i64 = 2_000;

/// The document choice offers the latest documents only: a list of thousands is of no use
/// to anyone (older documents are reached from their own page, or by the text filter).
const DOCUMENTS_OFFERED: i64 = 200;

/// One line of the list, the print view and the exports, with its formatting decisions.
pub struct RowView {
    pub row: LedgerRow,
    /// None for drafts and dismissed items, which are not tracked.
    pub light: Option<Light>,
}

impl RowView {
    fn new(row: LedgerRow) -> Self {
        let light = row.cause.map(LightCause::light);
        Self { row, light }
    }
    pub fn light_class(&self) -> &'static str {
        self.light.map_or("none", Light::as_str)
    }
    pub fn light_label(&self) -> String {
        self.row.cause.map(LightCause::describe).unwrap_or_default()
    }
    pub fn status_label(&self) -> &'static str {
        self.row.status.label()
    }
    pub fn due_text(&self) -> String {
        cn_date_opt(self.row.due_date)
    }
    pub fn lead_text(&self) -> String {
        join_or(&self.row.lead_units, "未指定")
    }
    pub fn co_text(&self) -> String {
        self.row.co_units.join("、")
    }
    pub fn leader_text(&self) -> &str {
        self.row.leader_name.as_deref().unwrap_or("")
    }
    pub fn progress_text(&self) -> &str {
        self.row.latest_progress.as_deref().unwrap_or("")
    }
    /// 来源: meeting or document, its number, its date.
    pub fn source_text(&self) -> String {
        let r = &self.row;
        let date = r.document_date.map(cn_date);
        [r.document_title.clone(), r.doc_number.clone(), date]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("，")
    }
}

fn join_or(names: &[String], empty: &str) -> String {
    if names.is_empty() {
        empty.to_owned()
    } else {
        names.join("、")
    }
}

/// An `<option>` or checkbox of the filter form.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A column heading; sortable ones link to the list sorted by them.
pub struct Heading {
    pub label: &'static str,
    pub link: Option<String>,
    /// "ascending" / "descending" when the list is sorted by this column.
    pub aria_sort: &'static str,
}

#[derive(Template)]
#[template(path = "ledger/list.html", whitespace = "minimize")]
pub struct LedgerPage {
    pub rows: Vec<RowView>,
    pub counts: LedgerCounts,
    pub headings: Vec<Heading>,
    pub units: Vec<Opt>,
    pub documents: Vec<Opt>,
    pub leaders: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub lights: Vec<Opt>,
    pub due_from: String,
    pub due_to: String,
    pub roles: Vec<Opt>,
    pub closed_from: String,
    pub closed_to: String,
    pub stale: bool,
    pub stale_days: i64,
    /// Only items missing a periodic report (缺报).
    pub missed: bool,
    pub text: String,
    /// The filters as a query string, for the export and print links.
    pub query: String,
    pub page: u32,
    pub pages: u32,
    pub prev_link: Option<String>,
    pub next_link: Option<String>,
}

#[derive(Template)]
#[template(path = "ledger/print.html")]
pub struct LedgerPrintPage {
    pub rows: Vec<RowView>,
    pub total: i64,
    pub summary: String,
    pub printed_on: String,
}

/// GET /ledger
#[tracing::instrument(skip_all, fields(user_id = %user.user_id))]
pub async fn list_items(
    req: HttpRequest,
    user: CachingUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let filter = filter_of(&req)?;
    require_visible_document(&state, &user.actor(), &filter).await?;
    let today = today_in_china();
    let key = format!("ledger?{}", filter.page_query(filter.page));
    let render = async {
        Ok(list_page(&state, &user.actor(), &filter, today)
            .await?
            .render()?)
    };
    let content = state.caches.content(&user, key, today, render).await?;
    cached_page(&user, "督办台账", &content)
}

async fn list_page(
    state: &AppState,
    viewer: &Actor,
    filter: &ItemFilter,
    today: NaiveDate,
) -> sqlx::Result<LedgerPage> {
    let counts = ledger::count_items(&state.pool, viewer, filter, today).await?;
    let rows = ledger::list_page(&state.pool, viewer, filter, today).await?;
    let choices = Choices::load(state, viewer, filter).await?;
    let pages = u32::try_from(((counts.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)).unwrap_or(1);
    Ok(LedgerPage {
        rows: rows.into_iter().map(RowView::new).collect(),
        counts,
        headings: headings(filter),
        units: options(&choices.units, filter.unit),
        documents: options(&choices.documents, filter.document),
        leaders: options(&choices.leaders, filter.leader),
        statuses: status_options(filter),
        lights: light_options(filter),
        due_from: filter.due_from.map(|d| d.to_string()).unwrap_or_default(),
        due_to: filter.due_to.map(|d| d.to_string()).unwrap_or_default(),
        roles: role_options(filter),
        closed_from: filter
            .closed_from
            .map(|d| d.to_string())
            .unwrap_or_default(),
        closed_to: filter.closed_to.map(|d| d.to_string()).unwrap_or_default(),
        stale: filter.stale,
        stale_days: STALE_DAYS,
        missed: filter.missed,
        text: filter.text.clone().unwrap_or_default(),
        query: filter.to_query_string(),
        page: filter.page,
        pages,
        prev_link: (filter.page > 1).then(|| filter.page_query(filter.page - 1)),
        next_link: (filter.page < pages).then(|| filter.page_query(filter.page + 1)),
    })
}

/// GET /ledger/print
#[tracing::instrument(skip_all, fields(user_id = %user.user_id))]
pub async fn print_items(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let filter = filter_of(&req)?;
    require_visible_document(&state, &user.actor(), &filter).await?;
    let today = today_in_china();
    let (rows, counts) = load_all(&state, &user, &filter, today, PRINT_CAP).await?;
    let summary = summary_of(
        &filter,
        &Choices::load(&state, &user.actor(), &filter).await?,
    );
    page(&LedgerPrintPage {
        rows,
        total: counts.total,
        summary,
        printed_on: cn_date(today),
    })
}

/// GET /ledger.xlsx
#[tracing::instrument(skip_all, fields(user_id = %user.user_id))]
pub async fn export_xlsx(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let filter = filter_of(&req)?;
    require_visible_document(&state, &user.actor(), &filter).await?;
    let today = today_in_china();
    let (rows, _) = load_all(&state, &user, &filter, today, EXPORT_CAP).await?;
    let summary = summary_of(
        &filter,
        &Choices::load(&state, &user.actor(), &filter).await?,
    );
    let bytes = export::xlsx(&rows, &summary, today).map_err(anyhow::Error::from)?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("督办台账-{today}.xlsx"),
    ))
}

/// GET /ledger.csv
#[tracing::instrument(skip_all, fields(user_id = %user.user_id))]
pub async fn export_csv(
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let filter = filter_of(&req)?;
    require_visible_document(&state, &user.actor(), &filter).await?;
    let today = today_in_china();
    let (rows, _) = load_all(&state, &user, &filter, today, EXPORT_CAP).await?;
    let bytes = export::csv(&rows).map_err(anyhow::Error::from)?;
    Ok(attachment(
        bytes,
        "text/csv; charset=utf-8",
        &format!("督办台账-{today}.csv"),
    ))
}

/// The filter of the request's query string; a bad value is the user's mistake (422).
fn filter_of(req: &HttpRequest) -> Result<ItemFilter> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(req.query_string())
        .map_err(|_| Error::Invalid("筛选条件无法识别，请从督办台账页面重新筛选。".into()))?;
    ItemFilter::from_pairs(pairs).map_err(|e| Error::Invalid(e.to_string()))
}

/// A `document` filter naming a document the viewer may not see is answered as one that
/// does not exist (404), as an item of another unit is: its title must not reach them in the
/// filter summary, and whether it exists is not theirs to learn either.
async fn require_visible_document(
    state: &AppState,
    viewer: &Actor,
    filter: &ItemFilter,
) -> Result<()> {
    match filter.document {
        Some(id) if !ledger::document_visible(&state.pool, viewer, id).await? => {
            Err(Error::NotFound)
        }
        _ => Ok(()),
    }
}

async fn load_all(
    state: &AppState,
    user: &CurrentUser,
    filter: &ItemFilter,
    today: NaiveDate,
    limit: i64,
) -> Result<(Vec<RowView>, LedgerCounts)> {
    let viewer = user.actor();
    let counts = ledger::count_items(&state.pool, &viewer, filter, today).await?;
    let rows = ledger::list_all(&state.pool, &viewer, filter, today, limit).await?;
    let rows = rows.into_iter().map(RowView::new).collect();
    Ok((rows, counts))
}

/// A download with its Chinese file name (RFC 6266 / RFC 5987 `filename*`), plus an ASCII
/// `filename` for clients that know no better.
fn attachment(bytes: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let ascii = format!("ledger{}", ascii.trim_start_matches('_'));
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        rfc5987(name)
    );
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes)
}

/// Percent-encodes all but RFC 5987's `attr-char`s.
fn rfc5987(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The choices of the filter form.
struct Choices {
    units: Vec<Choice<UnitId>>,
    documents: Vec<Choice<DocumentId>>,
    leaders: Vec<Choice>,
}

impl Choices {
    /// The choices, with the filter's document among the documents offered; the documents
    /// are those `viewer` may see.
    async fn load(state: &AppState, viewer: &Actor, filter: &ItemFilter) -> sqlx::Result<Self> {
        Ok(Self {
            units: ledger::list_unit_choices(&state.pool).await?,
            documents: ledger::list_document_choices(
                &state.pool,
                viewer,
                DOCUMENTS_OFFERED,
                filter.document,
            )
            .await?,
            leaders: ledger::list_leader_choices(&state.pool).await?,
        })
    }
}

fn options<Id: PartialEq + Copy + std::fmt::Display>(
    choices: &[Choice<Id>],
    selected: Option<Id>,
) -> Vec<Opt> {
    choices
        .iter()
        .map(|c| Opt {
            value: c.id.to_string(),
            label: c.label.clone(),
            selected: selected == Some(c.id),
        })
        .collect()
}

/// The options of a fixed choice, ticked where the filter has them.
fn fixed_options<T: Copy>(
    all: impl IntoIterator<Item = T>,
    value: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    selected: impl Fn(T) -> bool,
) -> Vec<Opt> {
    all.into_iter()
        .map(|x| Opt {
            value: value(x).to_owned(),
            label: label(x),
            selected: selected(x),
        })
        .collect()
}

fn status_options(f: &ItemFilter) -> Vec<Opt> {
    fixed_options(
        ItemStatus::ALL,
        ItemStatus::as_str,
        |s| s.label().to_owned(),
        |s| f.statuses.contains(&s),
    )
}

fn role_options(f: &ItemFilter) -> Vec<Opt> {
    fixed_options(
        UnitRole::ALL,
        UnitRole::as_str,
        |r| format!("仅{}", r.label()),
        |r| f.unit_role == Some(r),
    )
}

fn light_options(f: &ItemFilter) -> Vec<Opt> {
    fixed_options(
        Light::ALL,
        Light::as_str,
        |l| l.label().to_owned(),
        |l| f.lights.contains(&l),
    )
}

fn headings(f: &ItemFilter) -> Vec<Heading> {
    let sortable = |label, key: Option<SortKey>| {
        let active = key.is_some() && key == Some(f.sort);
        Heading {
            label,
            link: key.map(|k| format!("?{}", f.sort_query(k))),
            aria_sort: match (active, f.dir.as_str()) {
                (false, _) => "",
                (true, "asc") => "ascending",
                (true, _) => "descending",
            },
        }
    };
    vec![
        sortable("序号", None),
        sortable("督办事项", None),
        sortable("牵头单位", Some(SortKey::Unit)),
        sortable("完成时限", Some(SortKey::Due)),
        sortable("状态", Some(SortKey::Status)),
        sortable("亮灯", None),
        sortable("最新进展", Some(SortKey::Updated)),
    ]
}

/// The filter in words, for the print view and the spreadsheet's second row.
fn summary_of(f: &ItemFilter, c: &Choices) -> String {
    fn name<Id: PartialEq + std::fmt::Display>(list: &[Choice<Id>], id: Id) -> String {
        list.iter()
            .find(|x| x.id == id)
            .map_or_else(|| format!("#{id}"), |x| x.label.clone())
    }
    let mut parts = Vec::new();
    if let Some(id) = f.unit {
        let role = f
            .unit_role
            .map_or(String::new(), |r| format!("（{}）", r.label()));
        parts.push(format!("单位：{}{role}", name(&c.units, id)));
    }
    if f.statuses.is_empty() {
        parts.push("已交办的事项（不含待交办、不予督办）".to_owned());
    } else {
        let labels: Vec<_> = f.statuses.iter().map(|s| s.label()).collect();
        parts.push(format!("状态：{}", labels.join("、")));
    }
    if !f.lights.is_empty() {
        let labels: Vec<_> = f.lights.iter().map(|l| l.label()).collect();
        parts.push(format!("亮灯：{}", labels.join("、")));
    }
    if let Some(id) = f.document {
        parts.push(format!("来源：{}", name(&c.documents, id)));
    }
    if let Some(id) = f.leader {
        parts.push(format!("责任领导：{}", name(&c.leaders, id)));
    }
    match (f.due_from, f.due_to) {
        (None, None) => {}
        (from, to) => parts.push(format!(
            "完成时限：{} 至 {}",
            from.map_or("不限".into(), cn_date),
            to.map_or("不限".into(), cn_date)
        )),
    }
    match (f.closed_from, f.closed_to) {
        (None, None) => {}
        (from, to) => parts.push(format!(
            "办结日期：{} 至 {}",
            from.map_or("不限".into(), cn_date),
            to.map_or("不限".into(), cn_date)
        )),
    }
    if f.stale {
        parts.push(format!("{STALE_DAYS} 天以上未报进展"));
    }
    if f.missed {
        parts.push("缺报（未按周期报送进展）".to_owned());
    }
    if let Some(t) = &f.text {
        parts.push(format!("包含文字：{t}"));
    }
    if parts.is_empty() {
        "全部事项".to_owned()
    } else {
        parts.join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_are_percent_encoded_as_utf8() {
        assert_eq!(
            rfc5987("督办台账-2026-11-23.xlsx"),
            "%E7%9D%A3%E5%8A%9E%E5%8F%B0%E8%B4%A6-2026-11-23.xlsx"
        );
    }
}
