//! The start page after login (工作台): what waits for this user (待办), per role, each
//! entry linking to where it is done; then the few figures of their scope, from the
//! dashboard's cached figures.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{Duration, NaiveDate};

use super::error::Result;
use super::render::{page, Chrome};
use super::session::CachingUser;
use super::AppState;
use crate::domain::{today_in_china, ItemStatus, Role, SOON_DAYS};
use crate::format::{cn_date, days_left};
use crate::store::outbox;
use crate::store::todo::{self, TodoRow};

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub todo: Vec<TodoList>,
    pub documents: i64,
    pub open_items: i64,
    pub overdue_items: i64,
    /// Shown to the secretariat only: verifying is theirs.
    pub awaiting_verification: Option<i64>,
}

impl HomePage {
    pub fn nothing_to_do(&self) -> bool {
        self.todo.iter().all(|l| l.count == 0)
    }
}

/// One kind of thing to do: how many, the first few, and where all of them are.
pub struct TodoList {
    pub title: &'static str,
    pub count: i64,
    pub entries: Vec<TodoEntry>,
    pub all_url: Option<&'static str>,
}

pub struct TodoEntry {
    pub title: String,
    pub url: String,
    pub facts: String,
}

fn list(
    title: &'static str,
    rows: Vec<TodoRow>,
    all_url: Option<&'static str>,
    entry: impl Fn(&TodoRow) -> TodoEntry,
) -> TodoList {
    TodoList {
        title,
        count: rows.first().map_or(0, |r| r.total),
        entries: rows.iter().map(entry).collect(),
        all_url,
    }
}

fn item_url(r: &TodoRow) -> String {
    format!("/items/{}", r.id)
}

fn due_facts(r: &TodoRow, today: NaiveDate) -> String {
    match r.date {
        Some(d) => {
            let left = days_left(Some(d), today);
            if left.is_empty() {
                format!("时限 {}", cn_date(d))
            } else {
                format!("时限 {}（{left}）", cn_date(d))
            }
        }
        None => "时限未定".to_owned(),
    }
}

/// A pending extension request, linked to where it is answered.
fn extension_entry(r: &TodoRow) -> TodoEntry {
    TodoEntry {
        title: r.title.clone(),
        url: format!("{}#extensions", item_url(r)),
        facts: with_note(
            r.date
                .map_or_else(String::new, |d| format!("申请延至 {}", cn_date(d))),
            r,
        ),
    }
}

fn with_note(facts: String, r: &TodoRow) -> String {
    match r.note.as_deref().filter(|n| !n.is_empty()) {
        Some(note) => format!("{note} · {facts}"),
        None => facts,
    }
}

async fn todo_lists(
    state: &AppState,
    user: &CachingUser,
    today: NaiveDate,
) -> Result<Vec<TodoList>> {
    let pool = &state.pool;
    let soon = today + Duration::days(SOON_DAYS);
    let item = move |r: &TodoRow| TodoEntry {
        title: r.title.clone(),
        url: item_url(r),
        facts: with_note(due_facts(r, today), r),
    };
    Ok(match user.role {
        Role::Admin | Role::Secretariat => {
            let failed = outbox::count_outbox(pool).await?.failed;
            vec![
                list(
                    "待审核交办的文件",
                    todo::documents_to_review(pool).await?,
                    Some("/documents"),
                    |r| TodoEntry {
                        title: r.title.clone(),
                        url: format!("/documents/{}", r.id),
                        facts: format!("{} 项待交办", r.note.as_deref().unwrap_or("0")),
                    },
                ),
                list(
                    "待核验（单位报告已完成）",
                    todo::awaiting_verification(pool).await?,
                    Some("/ledger?status=reported_done"),
                    item,
                ),
                list(
                    "待审批的延期申请",
                    todo::pending_extensions(pool).await?,
                    None,
                    extension_entry,
                ),
                list(
                    "逾期且一周内未催办",
                    todo::overdue_not_urged(pool, today).await?,
                    Some("/ledger?light=red"),
                    item,
                ),
                TodoList {
                    title: "发送失败的邮件",
                    count: failed,
                    entries: Vec::new(),
                    all_url: (failed > 0).then_some("/mail"),
                },
            ]
        }
        Role::UnitHead => match user.unit_id {
            Some(unit) => vec![
                list(
                    "待签收",
                    todo::unit_to_acknowledge(pool, unit).await?,
                    Some("/my"),
                    item,
                ),
                list(
                    "被退回，需重新办理",
                    todo::unit_returned(pool, unit).await?,
                    Some("/my"),
                    move |r| TodoEntry {
                        title: r.title.clone(),
                        url: item_url(r),
                        facts: match r.note.as_deref().filter(|n| !n.is_empty()) {
                            Some(reason) => format!("退回理由：{reason}"),
                            None => due_facts(r, today),
                        },
                    },
                ),
                list(
                    "七日内到期或已逾期（牵头）",
                    todo::unit_due_soon(pool, unit, soon).await?,
                    Some("/my"),
                    item,
                ),
                list(
                    "延期申请的答复",
                    todo::unit_extension_answers(pool, unit).await?,
                    None,
                    |r| TodoEntry {
                        title: r.title.clone(),
                        url: item_url(r),
                        facts: format!(
                            "{}（申请延至 {}）",
                            r.note.as_deref().unwrap_or_default(),
                            r.date.map(cn_date).unwrap_or_default()
                        ),
                    },
                ),
            ],
            None => Vec::new(),
        },
        Role::Leader => vec![
            list(
                "待您审批的延期申请",
                todo::leader_extensions(pool, user.user_id).await?,
                None,
                extension_entry,
            ),
            list(
                "红灯、黄灯事项（逾期、临期或受阻）",
                todo::leader_lit(pool, &user.actor(), today).await?,
                Some("/my"),
                item,
            ),
        ],
        Role::Viewer => Vec::new(),
    })
}

/// GET /
pub async fn home(user: CachingUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let viewer = user.actor();
    let today = today_in_china();
    let f = state
        .figures
        .get(&state.pool, &viewer, user.data_version, today)
        .await?;
    let open = [
        ItemStatus::Assigned,
        ItemStatus::InProgress,
        ItemStatus::Blocked,
    ];
    page(&HomePage {
        chrome: Chrome::for_user(&user),
        todo: todo_lists(&state, &user, today).await?,
        documents: f.documents_total,
        open_items: open.into_iter().map(|s| f.with_status(s)).sum(),
        overdue_items: f.with_light("red"),
        awaiting_verification: user
            .role
            .is_secretariat()
            .then(|| f.with_status(ItemStatus::ReportedDone)),
    })
}
