//! 我的督办: a user's items grouped by traffic light.

use actix_web::{web, HttpResponse};
use askama::Template;

use super::error::Result;
use super::render::{page, Chrome};
use super::session::CurrentUser;
use super::views::ItemView;
use super::AppState;
use crate::domain::{today_in_china, ItemStatus, Light, Role};
use crate::store::items;

/// A group of items under one light.
pub struct Group {
    pub title: &'static str,
    pub class: &'static str,
    pub items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "my/index.html")]
pub struct MyItemsPage {
    pub chrome: Chrome,
    pub heading: String,
    pub groups: Vec<Group>,
    pub total: usize,
}

/// GET /my
pub async fn my_items(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let (heading, rows) = match (user.role, user.unit_id) {
        (Role::UnitHead, Some(unit)) => (
            format!("我的督办 · {}", user.unit_name.clone().unwrap_or_default()),
            items::list_unit_items(&state.pool, unit).await?,
        ),
        (Role::Leader, _) => (
            "我负责的督办事项".to_owned(),
            items::list_leader_items(&state.pool, user.user_id).await?,
        ),
        _ => (
            "全部督办事项".to_owned(),
            items::list_published_items(&state.pool, 500).await?,
        ),
    };
    let today = today_in_china();
    let total = rows.len();
    let groups = group_by_light(rows.into_iter().map(|i| ItemView::new(i, today)).collect());
    page(&MyItemsPage {
        chrome: Chrome::for_user(&user),
        heading,
        groups,
        total,
    })
}

/// Red, yellow, green, then reported done and closed; empty groups are left out.
pub fn group_by_light(views: Vec<ItemView>) -> Vec<Group> {
    let mut groups = vec![
        Group {
            title: "红灯 · 已逾期",
            class: "red",
            items: Vec::new(),
        },
        Group {
            title: "黄灯 · 7天内到期或受阻",
            class: "yellow",
            items: Vec::new(),
        },
        Group {
            title: "绿灯 · 正常推进",
            class: "green",
            items: Vec::new(),
        },
        Group {
            title: "已完成，待核验",
            class: "done",
            items: Vec::new(),
        },
        Group {
            title: "已办结",
            class: "closed",
            items: Vec::new(),
        },
    ];
    for v in views {
        let slot = match (v.light, v.item.status) {
            (Light::Red, _) => 0,
            (Light::Yellow, _) => 1,
            (Light::Green, _) => 2,
            (Light::Done, ItemStatus::ReportedDone) => 3,
            _ => 4,
        };
        groups[slot].items.push(v);
    }
    groups.retain(|g| !g.items.is_empty());
    groups
}
