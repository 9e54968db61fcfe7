//! 我的督办: a user's items grouped by traffic light, each group cut to its first items with
//! a link to the whole group in the ledger, so that the page stays short and fast however
//! many items a unit has.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use super::error::Result;
use super::render::cached_page;
use super::session::{CachingUser, CurrentUser};
use super::views::ItemView;
use super::AppState;
use crate::domain::filter::{ItemFilter, PAGE_SIZE};
use crate::domain::{today_in_china, ItemStatus, Light, Role};
use crate::store::items::{self, GroupedItem, MyGroup};

/// A group of items under one light.
pub struct Group {
    pub title: &'static str,
    pub class: &'static str,
    pub items: Vec<ItemView>,
    /// Items in the whole group.
    pub total: i64,
    /// The whole group in the ledger, when the page shows only its first items.
    pub more_href: Option<String>,
}

#[derive(Template)]
#[template(path = "my/index.html", whitespace = "minimize")]
pub struct MyItemsPage {
    pub heading: String,
    pub groups: Vec<Group>,
    pub total: i64,
}

/// GET /my
pub async fn my_items(user: CachingUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    let heading = match (user.role, &user.unit_name) {
        (Role::UnitHead, Some(unit)) => format!("我的督办 · {unit}"),
        (Role::Leader, _) => "我负责的督办事项".to_owned(),
        _ => "全部督办事项".to_owned(),
    };
    let today = today_in_china();
    let render = async {
        let rows = items::list_my_items(&state.pool, &user.actor(), today, PAGE_SIZE).await?;
        let groups = groups_of(rows, &user, today);
        let page = MyItemsPage {
            heading,
            total: groups.iter().map(|g| g.total).sum(),
            groups,
        };
        Ok(page.render()?)
    };
    let content = state
        .caches
        .content(&user, "my".into(), today, render)
        .await?;
    cached_page(&user, "督办事项", &content)
}

/// Red, yellow, green, then reported done and closed; empty groups are left out.
fn groups_of(rows: Vec<GroupedItem>, user: &CurrentUser, today: NaiveDate) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for row in rows {
        let group = row.group();
        if groups.last().is_none_or(|g| g.class != class_of(group)) {
            let leader = row.item.leader_id;
            groups.push(Group {
                title: title_of(group),
                class: class_of(group),
                items: Vec::new(),
                total: row.group_total,
                more_href: (row.group_total > PAGE_SIZE).then(|| more_href(group, user, leader)),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.items.push(ItemView::new(row.item, today));
        }
    }
    groups
}

fn title_of(group: MyGroup) -> &'static str {
    match group {
        MyGroup::Red => Light::Red.heading(),
        MyGroup::Yellow => Light::Yellow.heading(),
        MyGroup::Green => Light::Green.heading(),
        MyGroup::ReportedDone => "已完成，待核验",
        MyGroup::Closed => "已办结",
    }
}

fn class_of(group: MyGroup) -> &'static str {
    match group {
        MyGroup::Red => "red",
        MyGroup::Yellow => "yellow",
        MyGroup::Green => "green",
        MyGroup::ReportedDone => "done",
        MyGroup::Closed => "closed",
    }
}

/// The ledger's view of a whole group, within the same scope as the page.
fn more_href(group: MyGroup, user: &CurrentUser, leader: Option<i64>) -> String {
    let mut f = ItemFilter::default();
    match group {
        MyGroup::Red => f.lights = vec![Light::Red],
        MyGroup::Yellow => f.lights = vec![Light::Yellow],
        MyGroup::Green => f.lights = vec![Light::Green],
        MyGroup::ReportedDone => f.statuses = vec![ItemStatus::ReportedDone],
        MyGroup::Closed => f.statuses = vec![ItemStatus::Closed],
    }
    match user.role {
        Role::UnitHead => f.unit = user.unit_id,
        Role::Leader => f.leader = leader,
        _ => {}
    }
    format!("/ledger?{}", f.to_query_string())
}
