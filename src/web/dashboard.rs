//! 督办看板 (`/dashboard`): totals by light and status, charts, the per-unit table, progress
//! per document, deadlines ahead and stale items. Every figure links to the list behind it
//! (`/ledger` with the matching filter), built from the same [`ItemFilter`] the list parses.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{Datelike, Duration};

use super::charts::{self, Chart, Part};
use super::error::Result;
use super::render::cached_page;
use super::session::CachingUser;
use super::AppState;
use crate::dashboard::{Figures, DUE_SOON_DAYS};
use crate::format::{cn_date, cn_date_opt, cn_time};
// A light's name in the query string is also its CSS class.
use crate::domain::filter::{ItemFilter, STALE_DAYS};
use crate::domain::{today_in_china, ItemStatus, Light, UnitRole};
use crate::store::dashboard::{ItemLine, UnitFigures};

const PUBLISHED: [ItemStatus; 5] = ItemStatus::PUBLISHED;
const OPEN: [ItemStatus; 3] = [
    ItemStatus::Assigned,
    ItemStatus::InProgress,
    ItemStatus::Blocked,
];
const LIGHTS: [Light; 4] = [Light::Red, Light::Yellow, Light::Green, Light::Done];

/// A number and the list it counts.
pub struct Figure {
    pub label: String,
    pub count: i64,
    pub href: String,
    /// CSS class, e.g. the light's colour.
    pub class: &'static str,
}

pub struct UnitLine {
    pub name: String,
    pub total: Figure,
    /// 已交办, 推进中, 受阻, 待核验, 已办结, 逾期.
    pub cells: Vec<Figure>,
    /// 按期办结率, or "—" when nothing is closed yet.
    pub on_time_rate: String,
    pub latest: String,
}

pub struct DocumentLine {
    pub title: String,
    pub doc_number: String,
    pub date: String,
    pub total: Figure,
    pub closed: Figure,
    pub overdue: Figure,
}

pub struct WatchLine {
    pub id: i64,
    pub title: String,
    pub units: String,
    pub due: String,
    pub last_news: String,
    pub status: &'static str,
}

pub struct WatchList {
    pub total: Figure,
    pub items: Vec<WatchLine>,
}

#[derive(Template)]
#[template(path = "dashboard/index.html", whitespace = "minimize")]
pub struct DashboardPage {
    pub today: String,
    pub total: Figure,
    pub lights: Vec<Figure>,
    pub statuses: Vec<Figure>,
    pub unit_chart: Chart,
    pub week_chart: Chart,
    pub units: Vec<UnitLine>,
    pub documents: Vec<DocumentLine>,
    pub documents_total: i64,
    pub due_soon: WatchList,
    pub stale: WatchList,
    /// Items missing a periodic report (缺报).
    pub missed: WatchList,
}

/// GET /dashboard: figures of the items the user may see (a leader: the items they answer
/// for; a unit head: their unit's).
#[tracing::instrument(skip_all, fields(user_id = %user.user_id))]
pub async fn show_dashboard(user: CachingUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let today = today_in_china();
    let render = async {
        let figures = state
            .figures
            .get(&state.pool, &user.actor(), user.data_version, today)
            .await?;
        Ok(dashboard_page(&figures).render()?)
    };
    let content = state
        .caches
        .content(&user, "dashboard".into(), today, render)
        .await?;
    cached_page(&user, "督办看板", &content)
}

fn dashboard_page(f: &Figures) -> DashboardPage {
    let published = || ItemFilter {
        statuses: PUBLISHED.to_vec(),
        ..ItemFilter::default()
    };
    DashboardPage {
        today: cn_date(f.today),
        total: figure("督办事项", f.total(), published(), "total"),
        lights: LIGHTS
            .into_iter()
            .map(|l| {
                let n = f.with_light(l.as_str());
                figure(l.label(), n, lit(ItemFilter::default(), l), l.as_str())
            })
            .collect(),
        statuses: PUBLISHED
            .into_iter()
            .map(|s| figure(s.label(), f.with_status(s), status(s), "status"))
            .collect(),
        unit_chart: unit_chart(&f.units),
        week_chart: week_chart(f),
        units: f.units.iter().map(unit_line).collect(),
        documents: f
            .documents
            .iter()
            .map(|d| {
                let of_doc = |statuses: &[ItemStatus]| ItemFilter {
                    document: Some(d.document_id),
                    statuses: statuses.to_vec(),
                    ..ItemFilter::default()
                };
                DocumentLine {
                    title: d.title.clone(),
                    doc_number: d.doc_number.clone().unwrap_or_default(),
                    date: cn_date_opt(d.date),
                    total: figure("项", d.total, of_doc(&PUBLISHED), "total"),
                    closed: figure("办结", d.closed, of_doc(&[ItemStatus::Closed]), "done"),
                    overdue: figure("逾期", d.red, lit(of_doc(&[]), Light::Red), "red"),
                }
            })
            .collect(),
        documents_total: f.documents_total,
        due_soon: WatchList {
            total: figure(
                &format!("{DUE_SOON_DAYS} 天内到期"),
                f.due_soon_total,
                ItemFilter {
                    statuses: OPEN.to_vec(),
                    due_from: Some(f.today),
                    due_to: Some(f.today + Duration::days(DUE_SOON_DAYS)),
                    ..ItemFilter::default()
                },
                "yellow",
            ),
            items: f.due_soon.iter().map(watch_line).collect(),
        },
        stale: WatchList {
            total: figure(
                &format!("{STALE_DAYS} 天以上未报进展"),
                f.stale_total,
                ItemFilter {
                    stale: true,
                    ..ItemFilter::default()
                },
                "stale",
            ),
            items: f.stale.iter().map(watch_line).collect(),
        },
        missed: WatchList {
            total: figure(
                "缺报",
                f.missed_total,
                ItemFilter {
                    missed: true,
                    ..ItemFilter::default()
                },
                "red",
            ),
            items: f.missed.iter().map(watch_line).collect(),
        },
    }
}

fn unit_line(u: &UnitFigures) -> UnitLine {
    let of_unit = |statuses: &[ItemStatus]| ItemFilter {
        unit: Some(u.unit_id),
        unit_role: Some(UnitRole::Lead),
        statuses: statuses.to_vec(),
        ..ItemFilter::default()
    };
    let cell = |s: ItemStatus, n| figure(s.label(), n, of_unit(&[s]), "status");
    UnitLine {
        name: u.name.clone(),
        total: figure("合计", u.total, of_unit(&PUBLISHED), "total"),
        cells: vec![
            cell(ItemStatus::Assigned, u.assigned),
            cell(ItemStatus::InProgress, u.in_progress),
            cell(ItemStatus::Blocked, u.blocked),
            cell(ItemStatus::ReportedDone, u.reported_done),
            cell(ItemStatus::Closed, u.closed),
            figure("逾期", u.red, lit(of_unit(&[]), Light::Red), "red"),
        ],
        on_time_rate: rate(u.closed_on_time, u.closed),
        latest: u.latest.map(cn_time).unwrap_or_default(),
    }
}

/// Per-unit stacked bars by light; each segment opens that unit's items of that light.
fn unit_chart(units: &[UnitFigures]) -> Chart {
    charts::rows(
        units
            .iter()
            .map(|u| {
                let parts = LIGHTS
                    .into_iter()
                    .zip([u.red, u.yellow, u.green, u.done])
                    .map(|(l, n)| Part {
                        value: n,
                        class: l.as_str(),
                        href: ledger_link(&lit(
                            ItemFilter {
                                unit: Some(u.unit_id),
                                unit_role: Some(UnitRole::Lead),
                                ..ItemFilter::default()
                            },
                            l,
                        )),
                        title: format!("{}：{} {n} 项", u.name, l.label()),
                    })
                    .collect();
                (u.name.clone(), parts)
            })
            .collect(),
    )
}

/// Items closed per week, on time at the bottom and late on top; a column opens the week's
/// closed items.
fn week_chart(f: &Figures) -> Chart {
    charts::columns(
        f.weeks
            .iter()
            .map(|w| {
                let sunday = w.monday + Duration::days(6);
                let href = ledger_link(&ItemFilter {
                    statuses: vec![ItemStatus::Closed],
                    closed_from: Some(w.monday),
                    closed_to: Some(sunday),
                    ..ItemFilter::default()
                });
                let late = w.closed - w.on_time;
                // Both segments open the whole week's list, so both name its total.
                let title = format!(
                    "{}–{} 办结 {} 项：按期 {}，逾期 {late}",
                    cn_date(w.monday),
                    cn_date(sunday),
                    w.closed,
                    w.on_time
                );
                let part = |value, class| Part {
                    value,
                    class,
                    href: href.clone(),
                    title: title.clone(),
                };
                let parts = vec![part(w.on_time, "done"), part(late, "red")];
                (format!("{}/{}", w.monday.month(), w.monday.day()), parts)
            })
            .collect(),
    )
}

fn watch_line(item: &ItemLine) -> WatchLine {
    WatchLine {
        id: item.id,
        title: item.title.clone(),
        units: item.lead_units.join("、"),
        due: cn_date_opt(item.due_date),
        last_news: item.last_news.map(cn_time).unwrap_or_default(),
        status: item.status.label(),
    }
}

fn figure(label: &str, count: i64, filter: ItemFilter, class: &'static str) -> Figure {
    Figure {
        label: label.to_owned(),
        count,
        href: ledger_link(&filter),
        class,
    }
}

fn status(s: ItemStatus) -> ItemFilter {
    ItemFilter {
        statuses: vec![s],
        ..ItemFilter::default()
    }
}

fn lit(filter: ItemFilter, light: Light) -> ItemFilter {
    ItemFilter {
        lights: vec![light],
        ..filter
    }
}

fn ledger_link(filter: &ItemFilter) -> String {
    match filter.to_query_string() {
        q if q.is_empty() => "/ledger".to_owned(),
        q => format!("/ledger?{q}"),
    }
}

/// "83%" or "—".
fn rate(part: i64, whole: i64) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{}%", (part * 100 + whole / 2) / whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;

    #[test]
    fn rates_round_to_whole_percent_and_nothing_closed_is_a_dash() {
        assert_eq!(rate(2, 3), "67%");
        assert_eq!(rate(1, 3), "33%");
        assert_eq!(rate(3, 3), "100%");
        assert_eq!(rate(0, 0), "—");
    }

    #[test]
    fn links_carry_the_filter_of_the_figure() {
        let f = lit(
            ItemFilter {
                unit: Some(UnitId(4)),
                unit_role: Some(UnitRole::Lead),
                ..ItemFilter::default()
            },
            Light::Red,
        );
        assert_eq!(ledger_link(&f), "/ledger?unit=4&role=lead&light=red");
        assert_eq!(ledger_link(&ItemFilter::default()), "/ledger");
    }
}
