//! 分解 and 序时进度: an item split into parts with their own units and deadlines, whose
//! light and progress its parent follows; and progress stated in per cent against the share
//! of time elapsed.

mod common;

use chrono::{Duration, NaiveDate};
use common::{spawn_app, Browser, TestApp};
use duban::domain::{today_in_china, LightCause, Role};
use duban::store::light::cause_of;

struct Scene {
    app: TestApp,
    office: Browser,
    /// Head of 教务处, the parent's lead unit.
    lead_head: Browser,
    /// Head of 后勤管理处, which gets a part.
    part_head: Browser,
    parent: i64,
    today: NaiveDate,
}

/// An item of 教务处, published 40 days ago and due in 40 days.
async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    sqlx::query("UPDATE users SET email = login || '@example.edu.cn'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let today = today_in_china();
    let document = app.insert_minutes().await;
    let jiaowu = app.unit_id("教务处").await;
    let parent = app
        .insert_task(
            document,
            "推进新校区建设",
            "in_progress",
            Some(today + Duration::days(40)),
            jiaowu,
            "lead",
        )
        .await;
    published_days_ago(&app, parent, 40).await;
    Scene {
        office: app.browser("office").await,
        lead_head: app.browser("jiaowu").await,
        part_head: app.browser("houqin").await,
        app,
        parent,
        today,
    }
}

async fn published_days_ago(app: &TestApp, item: i64, days: i64) {
    sqlx::query("UPDATE items SET assigned_at = now() - make_interval(days => $2) WHERE id = $1")
        .bind(item)
        .bind(i32::try_from(days).unwrap())
        .execute(&app.db.pool)
        .await
        .unwrap();
}

async fn split(
    by: &Browser,
    app: &TestApp,
    parent: i64,
    title: &str,
    unit: &str,
    due: NaiveDate,
) -> reqwest::Response {
    let unit = app.unit_id(unit).await.0.to_string();
    by.post(
        &format!("/items/{parent}/parts"),
        &[
            ("title", title),
            ("lead", unit.as_str()),
            ("due", due.to_string().as_str()),
        ],
    )
    .await
}

async fn part_ids(app: &TestApp, parent: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM items WHERE parent_id = $1 ORDER BY id")
        .bind(parent)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn cause(app: &TestApp, item: i64, today: NaiveDate) -> Option<LightCause> {
    cause_of(&app.db.pool, duban::domain::ItemId(item), today)
        .await
        .unwrap()
}

async fn set(app: &TestApp, sql: &str, item: i64) {
    sqlx::query(sql)
        .bind(item)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_secretariat_splits_an_item_and_the_part_goes_to_its_own_unit_with_the_parents_wording()
{
    let s = scene().await;

    let r = split(
        &s.office,
        &s.app,
        s.parent,
        "完成校区道路工程",
        "后勤管理处",
        s.today + Duration::days(30),
    )
    .await;

    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("ok=split"));
    let parts = part_ids(&s.app, s.parent).await;
    assert_eq!(parts.len(), 1);
    let part = parts[0];
    let (status, lead): (String, String) = sqlx::query_as(
        "SELECT i.status::text, u.name FROM items i JOIN item_units iu ON iu.item_id = i.id \
         JOIN units u ON u.id = iu.unit_id WHERE i.id = $1 AND iu.role = 'lead'",
    )
    .bind(part)
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), lead.as_str()), ("assigned", "后勤管理处"));
    let told: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM email_outbox WHERE purpose = 'assigned' AND to_address = 'houqin@example.edu.cn'",
    )
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(told, 1, "the part's unit is told of it");
    let splits: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM item_events WHERE action = 'split' AND item_id IN ($1, $2)",
    )
    .bind(s.parent)
    .bind(part)
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(splits, 2, "both items record the split");

    let part_page = s.part_head.get_html(&format!("/items/{part}")).await;
    assert!(part_page.contains("完成校区道路工程"), "{part_page}");
    assert!(
        part_page.contains("推进新校区建设") && part_page.contains("分解出的子任务"),
        "the part's unit reads its parent's wording"
    );
    assert_eq!(
        s.part_head
            .get(&format!("/items/{}", s.parent))
            .await
            .status(),
        404,
        "but not the parent itself"
    );
    let parent_page = s.office.get_html(&format!("/items/{}", s.parent)).await;
    assert!(
        parent_page.contains("子任务（1）") && parent_page.contains("后勤管理处"),
        "{parent_page}"
    );
}

#[tokio::test]
async fn a_part_may_not_outlast_its_parent_nor_be_split_again_nor_come_from_a_finished_item() {
    let s = scene().await;

    let late = split(
        &s.office,
        &s.app,
        s.parent,
        "延后的子任务",
        "后勤管理处",
        s.today + Duration::days(41),
    )
    .await;
    assert_eq!(late.status(), 422);
    assert!(late
        .text()
        .await
        .unwrap()
        .contains("子任务的完成时限不能晚于事项的完成时限"));

    split(
        &s.office,
        &s.app,
        s.parent,
        "子任务一",
        "后勤管理处",
        s.today + Duration::days(10),
    )
    .await;
    let part = part_ids(&s.app, s.parent).await[0];
    let again = split(
        &s.office,
        &s.app,
        part,
        "孙任务",
        "教务处",
        s.today + Duration::days(5),
    )
    .await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("子任务不能再分解。"));

    set(
        &s.app,
        "UPDATE items SET status = 'closed', closed_at = now() WHERE id = $1",
        s.parent,
    )
    .await;
    let closed = split(
        &s.office,
        &s.app,
        s.parent,
        "子任务二",
        "教务处",
        s.today + Duration::days(5),
    )
    .await;
    assert_eq!(closed.status(), 422);
    assert_eq!(part_ids(&s.app, s.parent).await.len(), 1);
}

#[tokio::test]
async fn only_the_secretariat_splits_unless_the_office_lets_the_lead_unit_split_its_own_items() {
    let s = scene().await;
    s.app.add_user("viewer", Role::Viewer, None).await;
    s.app.add_leader("leader", "陈副院长").await;
    let due = s.today + Duration::days(10);

    for login in ["viewer", "leader"] {
        let who = s.app.browser(login).await;
        let r = split(&who, &s.app, s.parent, "越权分解", "教务处", due).await;
        assert!(
            matches!(r.status().as_u16(), 403 | 404),
            "{login}: {}",
            r.status()
        );
    }
    let other = split(&s.part_head, &s.app, s.parent, "越权分解", "教务处", due).await;
    assert_eq!(
        other.status(),
        404,
        "a unit not on the item does not see it"
    );
    let lead_page = s.lead_head.get_html(&format!("/items/{}", s.parent)).await;
    assert!(
        !lead_page.contains("分解并交办"),
        "no form while the office keeps splitting"
    );
    let lead = split(
        &s.lead_head,
        &s.app,
        s.parent,
        "牵头单位分解",
        "后勤管理处",
        due,
    )
    .await;
    assert_eq!(lead.status(), 422);
    assert!(part_ids(&s.app, s.parent).await.is_empty());

    sqlx::query("UPDATE supervision_settings SET parts_by_lead = true")
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    let lead_page = s.lead_head.get_html(&format!("/items/{}", s.parent)).await;
    assert!(lead_page.contains("分解并交办"));
    let lead = split(
        &s.lead_head,
        &s.app,
        s.parent,
        "牵头单位分解",
        "后勤管理处",
        due,
    )
    .await;
    assert_eq!(lead.status(), 303);
    assert_eq!(part_ids(&s.app, s.parent).await.len(), 1);
}

#[tokio::test]
async fn a_parent_turns_red_when_a_part_is_late_and_its_progress_is_its_parts_average() {
    let s = scene().await;
    let today = s.today;
    split(
        &s.office,
        &s.app,
        s.parent,
        "子任务一",
        "后勤管理处",
        today + Duration::days(20),
    )
    .await;
    split(
        &s.office,
        &s.app,
        s.parent,
        "子任务二",
        "教务处",
        today + Duration::days(30),
    )
    .await;
    let parts = part_ids(&s.app, s.parent).await;
    assert_eq!(
        cause(&s.app, s.parent, today).await,
        Some(LightCause::OnTrack)
    );

    // 子任务一 reaches its deadline: the parent, due much later, is red for it.
    assert_eq!(
        cause(&s.app, parts[0], today + Duration::days(21)).await,
        Some(LightCause::Overdue)
    );
    assert_eq!(
        cause(&s.app, s.parent, today + Duration::days(21)).await,
        Some(LightCause::PartLate)
    );
    // Within its warning days a part makes its parent yellow.
    assert_eq!(
        cause(&s.app, s.parent, today + Duration::days(15)).await,
        Some(LightCause::PartWarn)
    );
    // A finished part no longer lights its parent.
    set(
        &s.app,
        "UPDATE items SET status = 'closed', closed_at = now() WHERE id = $1",
        parts[0],
    )
    .await;
    assert_eq!(
        cause(&s.app, s.parent, today + Duration::days(21)).await,
        Some(LightCause::OnTrack),
        "子任务二 has nine days left, more than its seven days of warning"
    );
    assert_eq!(
        cause(&s.app, s.parent, today + Duration::days(23)).await,
        Some(LightCause::PartWarn)
    );

    set(
        &s.app,
        "UPDATE items SET progress_percent = 50 WHERE id = $1",
        parts[1],
    )
    .await;
    let page = s.office.get_html(&format!("/items/{}", s.parent)).await;
    assert!(page.contains("75%（按子任务平均）"), "(100 + 50) / 2");
}

#[tokio::test]
async fn progress_behind_the_share_of_time_elapsed_by_more_than_the_margin_is_yellow() {
    let s = scene().await;
    let (today, item) = (s.today, s.parent);
    // Published 40 days ago, due in 40: half the time has passed, the plan is 50%.
    assert_eq!(
        cause(&s.app, item, today).await,
        Some(LightCause::OnTrack),
        "no progress stated, nothing to compare"
    );
    set(
        &s.app,
        "UPDATE items SET progress_percent = 30 WHERE id = $1",
        item,
    )
    .await;
    assert_eq!(
        cause(&s.app, item, today).await,
        Some(LightCause::OnTrack),
        "20 points behind is within the default margin of 20"
    );
    set(
        &s.app,
        "UPDATE items SET progress_percent = 29 WHERE id = $1",
        item,
    )
    .await;
    assert_eq!(cause(&s.app, item, today).await, Some(LightCause::Behind));
    assert_eq!(
        cause(&s.app, item, today - Duration::days(2)).await,
        Some(LightCause::OnTrack),
        "two days earlier the plan was 47%"
    );
    sqlx::query("UPDATE supervision_settings SET behind_margin = 30")
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(cause(&s.app, item, today).await, Some(LightCause::OnTrack));

    // A parent's plan is its parts' average plan.
    sqlx::query("UPDATE supervision_settings SET behind_margin = 20")
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    split(
        &s.office,
        &s.app,
        item,
        "子任务",
        "后勤管理处",
        today + Duration::days(40),
    )
    .await;
    let part = part_ids(&s.app, item).await[0];
    published_days_ago(&s.app, part, 40).await;
    set(
        &s.app,
        "UPDATE items SET progress_percent = 25 WHERE id = $1",
        part,
    )
    .await;
    assert_eq!(
        cause(&s.app, item, today).await,
        Some(LightCause::Behind),
        "the part is 25 points behind, and so is the parent"
    );
}

#[tokio::test]
async fn a_lead_unit_states_its_progress_in_per_cent_with_its_report() {
    let s = scene().await;

    let r = s
        .lead_head
        .post_multipart(
            &format!("/items/{}/progress", s.parent),
            &[("note", "完成征地手续。"), ("percent", "60")],
            vec![],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (percent, reported): (Option<i16>, bool) = sqlx::query_as(
        "SELECT progress_percent, last_report_at IS NOT NULL FROM items WHERE id = $1",
    )
    .bind(s.parent)
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!((percent, reported), (Some(60), true));
    let page = s.office.get_html(&format!("/items/{}", s.parent)).await;
    assert!(page.contains("60%"), "{page}");

    let bad = s
        .lead_head
        .post_multipart(
            &format!("/items/{}/progress", s.parent),
            &[("note", "又有进展。"), ("percent", "120")],
            vec![],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("完成进度须为 0 到 100 之间的整数"));
}

#[tokio::test]
async fn a_split_item_is_closed_only_once_its_parts_are() {
    let s = scene().await;
    split(
        &s.office,
        &s.app,
        s.parent,
        "子任务",
        "后勤管理处",
        s.today + Duration::days(10),
    )
    .await;
    let part = part_ids(&s.app, s.parent).await[0];
    set(
        &s.app,
        "UPDATE items SET status = 'reported_done', reported_done_at = now() WHERE id = $1",
        s.parent,
    )
    .await;
    let version = || async {
        sqlx::query_scalar::<_, i32>("SELECT version FROM items WHERE id = $1")
            .bind(s.parent)
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap()
            .to_string()
    };

    let early = s
        .office
        .post(
            &format!("/items/{}/verify", s.parent),
            &[("version", version().await.as_str()), ("verdict", "close")],
        )
        .await;

    assert_eq!(early.status(), 422);
    assert!(early
        .text()
        .await
        .unwrap()
        .contains("尚有 1 项子任务未办结"));
    set(
        &s.app,
        "UPDATE items SET status = 'closed', closed_at = now() WHERE id = $1",
        part,
    )
    .await;
    let closed = s
        .office
        .post(
            &format!("/items/{}/verify", s.parent),
            &[("version", version().await.as_str()), ("verdict", "close")],
        )
        .await;
    assert_eq!(closed.status(), 303);
}
