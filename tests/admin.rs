//! Administration: units (create, rename, aliases, merge) and users (create, edit, reset
//! password, deactivate), for admins and the secretariat only.

mod common;

use common::{new_client, spawn_app, TestApp, PASSWORD};
use duban::domain::{Role, UnitId, UserId};
use reqwest::StatusCode;

/// A fresh app with one logged-in user of that role, login `actor`.
async fn app_logged_in_as(role: Role, unit: Option<&str>) -> (TestApp, UserId) {
    let app = spawn_app().await;
    let id = app.add_user("actor", role, unit).await;
    let response = app.post_login("actor", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "actor logs in");
    (app, id)
}

async fn user_id(app: &TestApp, login: &str) -> UserId {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn aliases_of(app: &TestApp, unit: UnitId) -> Vec<String> {
    sqlx::query_scalar("SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY alias")
        .bind(unit)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn create_unit(app: &TestApp, name: &str) -> UnitId {
    let response = app
        .post_form("/admin/units", "/admin/units", &[("name", name)])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "unit {name} created"
    );
    app.unit_id(name).await
}

/// The text of the page's refusal message.
#[track_caller]
fn alert_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(r#"[role="alert"]"#).unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_else(|| panic!("the page has no alert: {html}"))
}

/// The value of the input with that id.
#[track_caller]
fn value_of(html: &str, id: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("input#{id}")).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_default()
        .to_owned()
}

/// A refused form: 422 with the Chinese message.
async fn refusal(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    response.text().await.unwrap()
}

async fn insert_item(app: &TestApp, title: &str, units: &[(UnitId, &str)]) -> i64 {
    let item: i64 = sqlx::query_scalar(
        "INSERT INTO items (kind, title, body, status) VALUES ('task', $1, $1, 'assigned') RETURNING id",
    )
    .bind(title)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    for (unit, role) in units {
        sqlx::query(
            "INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, $3::unit_role)",
        )
        .bind(item)
        .bind(unit)
        .bind(role)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    item
}

async fn units_of_item(app: &TestApp, item: i64) -> Vec<(UnitId, String)> {
    sqlx::query_as("SELECT unit_id, role::text FROM item_units WHERE item_id = $1 ORDER BY unit_id")
        .bind(item)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn unit_heads_leaders_and_viewers_get_404_on_every_admin_route() {
    // Arrange
    let mut app = spawn_app().await;
    let unit = unit_id_after_add(&app, "教务处").await;
    let target = app.add_user("target", Role::Viewer, None).await;
    let gets = [
        "/admin".to_owned(),
        "/admin/units".to_owned(),
        format!("/admin/units/{unit}"),
        "/admin/users".to_owned(),
        "/admin/users/new".to_owned(),
        format!("/admin/users/{target}"),
    ];
    let posts: [(String, Vec<(&str, &str)>); 11] = [
        ("/admin/units".into(), vec![("name", "新单位")]),
        (format!("/admin/units/{unit}"), vec![("name", "改名")]),
        (
            format!("/admin/units/{unit}/aliases"),
            vec![("alias", "别名")],
        ),
        (
            format!("/admin/units/{unit}/aliases/remove"),
            vec![("alias", "别名")],
        ),
        (
            format!("/admin/units/{unit}/merge"),
            vec![("into", "1"), ("confirm", "on")],
        ),
        (
            "/admin/users".into(),
            vec![
                ("login", "new"),
                ("display_name", "新"),
                ("role", "admin"),
                ("password", "12345678"),
            ],
        ),
        (
            format!("/admin/users/{target}"),
            vec![("display_name", "改"), ("role", "admin")],
        ),
        (
            format!("/admin/users/{target}/password"),
            vec![("password", "12345678")],
        ),
        (format!("/admin/users/{target}/deactivate"), vec![]),
        (format!("/admin/users/{target}/reactivate"), vec![]),
        ("/admin/nothing-here".into(), vec![]),
    ];

    for (login, role, unit) in [
        ("head", Role::UnitHead, Some("教务处")),
        ("leader", Role::Leader, None),
        ("viewer", Role::Viewer, None),
    ] {
        app.add_user(login, role, unit).await;
        app.client = new_client();
        assert_eq!(
            app.post_login(login, PASSWORD).await.status(),
            StatusCode::SEE_OTHER
        );

        // Act + Assert
        for path in &gets {
            let status = app.get(path).await.status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{login}: GET {path}");
        }
        for (path, fields) in &posts {
            let status = app.post_form("/", path, fields).await.status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{login}: POST {path}");
        }
    }

    // Assert: nothing changed.
    let units: i64 = sqlx::query_scalar("SELECT count(*) FROM units")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(units, 1);
    let (name, role, active): (String, String, bool) =
        sqlx::query_as("SELECT display_name, role::text, active FROM users WHERE id = $1")
            .bind(target)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), role.as_str(), active),
        ("测试用户", "viewer", true)
    );
}

async fn unit_id_after_add(app: &TestApp, name: &str) -> UnitId {
    duban::store::units::find_or_insert_unit(&app.db.pool, name)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app.get("/admin/users").await;

    // Assert
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/login?next=/admin/users"),
        "{location}"
    );
}

#[tokio::test]
async fn secretariat_creates_a_unit_adds_an_alias_and_renames_it() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Secretariat, None).await;

    // Act
    let created = app
        .post_form(
            "/admin/units",
            "/admin/units",
            &[
                ("name", " 宣传部 "),
                ("short_name", "宣传"),
                ("is_external", "on"),
            ],
        )
        .await;
    let id = app.unit_id("宣传部").await;
    let page = format!("/admin/units/{id}");
    let aliased = app
        .post_form(
            &page,
            &format!("{page}/aliases"),
            &[("alias", "党委宣传部")],
        )
        .await;
    let renamed = app
        .post_form(
            &page,
            &page,
            &[("name", "宣传统战部"), ("keep_old_name", "on")],
        )
        .await;

    // Assert
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_eq!(aliased.status(), StatusCode::SEE_OTHER);
    assert_eq!(renamed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        renamed.headers()["location"].to_str().unwrap(),
        format!("{page}?ok=unit_updated")
    );
    let (name, short, external): (String, Option<String>, bool) =
        sqlx::query_as("SELECT name, short_name, is_external FROM units WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(name, "宣传统战部");
    assert_eq!(short, None, "the edit form cleared the short name");
    assert!(!external, "the edit form unticked the external flag");
    assert_eq!(aliases_of(&app, id).await, ["党委宣传部", "宣传部"]);
    let html = app.get_html(&format!("{page}?ok=unit_updated")).await;
    assert!(html.contains("单位信息已保存。"), "the outcome is shown");
    let list = app.get_html("/admin/units").await;
    assert!(list.contains("宣传统战部") && list.contains("党委宣传部、宣传部"));
}

#[tokio::test]
async fn an_alias_another_unit_goes_by_is_refused_in_chinese() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Admin, None).await;
    let office = create_unit(&app, "教务处").await;
    let publicity = create_unit(&app, "宣传统战部").await;
    let page = format!("/admin/units/{publicity}");
    app.post_form(&page, &format!("{page}/aliases"), &[("alias", "宣传部")])
        .await;
    let office_page = format!("/admin/units/{office}");

    // Act
    let someone_elses_alias = app
        .post_form(
            &office_page,
            &format!("{office_page}/aliases"),
            &[("alias", "宣传部")],
        )
        .await;
    let someone_elses_name = app
        .post_form(
            &office_page,
            &format!("{office_page}/aliases"),
            &[("alias", "宣传统战部")],
        )
        .await;
    let new_unit_with_that_alias = app
        .post_form("/admin/units", "/admin/units", &[("name", "宣传部")])
        .await;

    // Assert
    let html = refusal(someone_elses_alias).await;
    assert_eq!(
        alert_of(&html),
        "「宣传部」已是「宣传统战部」的别名，不能重复使用。"
    );
    assert_eq!(value_of(&html, "unit-alias"), "宣传部", "the input is kept");
    let html = refusal(someone_elses_name).await;
    assert_eq!(alert_of(&html), "已有名为「宣传统战部」的单位。");
    let html = refusal(new_unit_with_that_alias).await;
    assert_eq!(
        alert_of(&html),
        "「宣传部」已是「宣传统战部」的别名，不能重复使用。"
    );
    assert!(aliases_of(&app, office).await.is_empty());
}

#[tokio::test]
async fn merging_moves_items_users_and_names_and_records_item_events() {
    // Arrange
    let (app, actor) = app_logged_in_as(Role::Secretariat, None).await;
    let from = create_unit(&app, "宣传部").await;
    let into = create_unit(&app, "宣传统战部").await;
    let other = create_unit(&app, "教务处").await;
    let from_page = format!("/admin/units/{from}");
    app.post_form(
        &from_page,
        &format!("{from_page}/aliases"),
        &[("alias", "宣传科")],
    )
    .await;
    let only_from = insert_item(&app, "只有宣传部", &[(from, "lead"), (other, "co")]).await;
    let from_leads = insert_item(&app, "宣传部牵头", &[(from, "lead"), (into, "co")]).await;
    let into_leads = insert_item(&app, "宣传统战部牵头", &[(from, "co"), (into, "lead")]).await;
    let untouched = insert_item(&app, "与宣传部无关", &[(into, "lead")]).await;
    let head = app.add_user("head", Role::UnitHead, Some("宣传部")).await;

    // Act
    let response = app
        .post_form(
            &from_page,
            &format!("{from_page}/merge"),
            &[("into", &into.to_string()), ("confirm", "on")],
        )
        .await;

    // Assert
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        format!("/admin/units/{into}?ok=unit_merged")
    );
    let lead = "lead".to_owned();
    assert_eq!(
        units_of_item(&app, only_from).await,
        [(into, lead.clone()), (other, "co".into())]
    );
    assert_eq!(
        units_of_item(&app, from_leads).await,
        [(into, lead.clone())]
    );
    assert_eq!(
        units_of_item(&app, into_leads).await,
        [(into, lead.clone())]
    );
    assert_eq!(units_of_item(&app, untouched).await, [(into, lead)]);
    let head_unit: Option<UnitId> = sqlx::query_scalar("SELECT unit_id FROM users WHERE id = $1")
        .bind(head)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(head_unit, Some(into));
    assert_eq!(aliases_of(&app, into).await, ["宣传部", "宣传科"]);
    let merged_into: Option<UnitId> =
        sqlx::query_scalar("SELECT merged_into FROM units WHERE id = $1")
            .bind(from)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(merged_into, Some(into), "the merged unit's row is kept");
    let events: Vec<(i64, Option<UserId>, String, String, String)> = sqlx::query_as(
        "SELECT item_id, actor_id, field, before, after FROM item_events \
         WHERE action = 'unit_merged' ORDER BY item_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let expected: Vec<_> = [only_from, from_leads, into_leads]
        .into_iter()
        .map(|item| {
            (
                item,
                Some(actor),
                "units".into(),
                "宣传部".into(),
                "宣传统战部".into(),
            )
        })
        .collect();
    assert_eq!(events, expected);
    // Gone from lists, pickers and its own page.
    let list = app.get_html("/admin/units").await;
    assert!(!list.contains(&format!("/admin/units/{from}\"")));
    assert!(!app.get_html("/admin/users/new").await.contains(">宣传部<"));
    assert_eq!(app.get(&from_page).await.status(), StatusCode::NOT_FOUND);
    // Documents naming the old unit now resolve to the new one.
    let (found, created) = duban::store::units::find_or_insert_unit(&app.db.pool, "宣传部")
        .await
        .unwrap();
    assert_eq!((found, created), (into, false));
}

#[tokio::test]
async fn a_unit_cannot_be_merged_without_confirmation() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Admin, None).await;
    let from = create_unit(&app, "宣传部").await;
    let into = create_unit(&app, "宣传统战部").await;
    let page = format!("/admin/units/{from}");

    // Act
    let response = app
        .post_form(
            &page,
            &format!("{page}/merge"),
            &[("into", &into.to_string())],
        )
        .await;

    // Assert
    let html = refusal(response).await;
    assert_eq!(alert_of(&html), "合并不可撤销，请勾选确认后再提交。");
    assert!(html.contains(&format!("<option value=\"{into}\" selected>")));
    let merged: Option<UnitId> = sqlx::query_scalar("SELECT merged_into FROM units WHERE id = $1")
        .bind(from)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(merged, None);
}

#[tokio::test]
async fn a_user_created_by_the_secretariat_can_log_in() {
    // Arrange
    let (mut app, _) = app_logged_in_as(Role::Secretariat, None).await;
    let unit = create_unit(&app, "教务处").await;

    // Act
    let response = app
        .post_form(
            "/admin/users/new",
            "/admin/users",
            &[
                ("login", "Li.Si"),
                ("display_name", "李四"),
                ("role", "unit_head"),
                ("unit_id", &unit.to_string()),
                ("email", "lisi@example.edu.cn"),
                ("password", "初始密码-2024"),
            ],
        )
        .await;

    // Assert
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = app.get_html("/admin/users").await;
    assert!(list.contains("li.si") && list.contains("李四") && list.contains("部门负责人"));
    assert!(list.contains("lisi@example.edu.cn") && list.contains("每周"));
    app.client = new_client();
    let login = app.post_login("li.si", "初始密码-2024").await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let home = app.get_html("/").await;
    assert!(home.contains("李四"));
}

#[tokio::test]
async fn a_duplicate_login_is_refused_in_chinese() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Admin, None).await;
    app.add_user("zhangsan", Role::Viewer, None).await;

    // Act
    let response = app
        .post_form(
            "/admin/users/new",
            "/admin/users",
            &[
                ("login", "ZhangSan"),
                ("display_name", "另一个张三"),
                ("role", "viewer"),
                ("unit_id", ""),
                ("email", ""),
                ("password", "12345678"),
            ],
        )
        .await;

    // Assert
    let html = refusal(response).await;
    assert_eq!(alert_of(&html), "登录名「zhangsan」已被使用。");
    assert_eq!(
        value_of(&html, "user-name"),
        "另一个张三",
        "the input is kept"
    );
    assert_eq!(
        value_of(&html, "user-password"),
        "",
        "the password is not sent back"
    );
}

#[tokio::test]
async fn a_unit_head_without_a_unit_is_refused_in_chinese() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Secretariat, None).await;
    let viewer = app.add_user("viewer", Role::Viewer, None).await;
    let page = format!("/admin/users/{viewer}");

    // Act
    let created = app
        .post_form(
            "/admin/users/new",
            "/admin/users",
            &[
                ("login", "wangwu"),
                ("display_name", "王五"),
                ("role", "unit_head"),
                ("unit_id", ""),
                ("email", ""),
                ("password", "12345678"),
            ],
        )
        .await;
    let edited = app
        .post_form(
            &page,
            &page,
            &[
                ("display_name", "查阅员"),
                ("role", "unit_head"),
                ("unit_id", ""),
                ("email", ""),
            ],
        )
        .await;

    // Assert
    let html = refusal(created).await;
    assert_eq!(alert_of(&html), "部门负责人必须选择所在单位。");
    let html = refusal(edited).await;
    assert_eq!(alert_of(&html), "部门负责人必须选择所在单位。");
    assert_eq!(value_of(&html, "user-name"), "查阅员", "the input is kept");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE login = 'wangwu'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn the_secretariat_edits_a_users_role_unit_name_and_email() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Secretariat, None).await;
    let unit = create_unit(&app, "教务处").await;
    let viewer = app.add_user("zhaoliu", Role::Viewer, None).await;
    let page = format!("/admin/users/{viewer}");

    // Act
    let response = app
        .post_form(
            &page,
            &page,
            &[
                ("display_name", "赵六"),
                ("role", "unit_head"),
                ("unit_id", &unit.to_string()),
                ("email", "zl@example.cn"),
            ],
        )
        .await;

    // Assert
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let row: (String, String, Option<UnitId>, Option<String>) =
        sqlx::query_as("SELECT display_name, role::text, unit_id, email FROM users WHERE id = $1")
            .bind(viewer)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        row,
        (
            "赵六".into(),
            "unit_head".into(),
            Some(unit),
            Some("zl@example.cn".into())
        )
    );
}

#[tokio::test]
async fn only_an_admin_may_create_an_admin() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Secretariat, None).await;

    // Act
    let response = app
        .post_form(
            "/admin/users/new",
            "/admin/users",
            &[
                ("login", "boss"),
                ("display_name", "老板"),
                ("role", "admin"),
                ("unit_id", ""),
                ("email", ""),
                ("password", "12345678"),
            ],
        )
        .await;

    // Assert
    let html = refusal(response).await;
    assert_eq!(
        alert_of(&html),
        "只有系统管理员可以设置或修改系统管理员账号。"
    );
}

#[tokio::test]
async fn deactivating_a_user_logs_them_out_and_blocks_login() {
    // Arrange
    let (mut app, _) = app_logged_in_as(Role::Admin, None).await;
    let head = app.add_user("head", Role::UnitHead, Some("教务处")).await;
    let admin_client = app.client.clone();
    app.client = new_client();
    app.post_login("head", PASSWORD).await;
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::OK,
        "head is logged in"
    );
    let head_client = std::mem::replace(&mut app.client, admin_client);
    let page = format!("/admin/users/{head}");

    // Act
    let response = app
        .post_form(&page, &format!("{page}/deactivate"), &[])
        .await;

    // Assert
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE user_id = $1")
        .bind(head)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    let after = head_client.get(app.url("/")).send().await.unwrap();
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the head's session is gone"
    );
    app.client = new_client();
    let login = app.post_login("head", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let list = {
        app.client = new_client();
        app.post_login("actor", PASSWORD).await;
        app.get_html("/admin/users").await
    };
    assert!(list.contains("已停用"));

    // Act: reactivate, and the head can log in again.
    let response = app
        .post_form(&page, &format!("{page}/reactivate"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.client = new_client();
    assert_eq!(
        app.post_login("head", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_administrator_cannot_deactivate_their_own_account() {
    // Arrange
    let (app, me) = app_logged_in_as(Role::Admin, None).await;
    let page = format!("/admin/users/{me}");

    // Act
    let response = app
        .post_form("/admin/users", &format!("{page}/deactivate"), &[])
        .await;

    // Assert
    let html = refusal(response).await;
    assert_eq!(alert_of(&html), "不能停用自己的账号。");
}

#[tokio::test]
async fn a_password_reset_by_the_secretariat_replaces_the_old_one() {
    // Arrange
    let (mut app, _) = app_logged_in_as(Role::Secretariat, None).await;
    let viewer = app.add_user("viewer", Role::Viewer, None).await;
    let page = format!("/admin/users/{viewer}");

    // Act
    let short = app
        .post_form(
            &page,
            &format!("{page}/password"),
            &[("password", "1234567")],
        )
        .await;
    let reset = app
        .post_form(
            &page,
            &format!("{page}/password"),
            &[("password", "新的密码 abc")],
        )
        .await;

    // Assert
    assert_eq!(alert_of(&refusal(short).await), "密码至少 8 位。");
    assert_eq!(reset.status(), StatusCode::SEE_OTHER);
    app.client = new_client();
    assert_eq!(
        app.post_login("viewer", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_login("viewer", "新的密码 abc").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(user_id(&app, "viewer").await, viewer);
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused() {
    // Arrange
    let (app, _) = app_logged_in_as(Role::Secretariat, None).await;

    // Act
    let missing = app
        .client
        .post(app.url("/admin/units"))
        .form(&[("name", "教务处")])
        .send()
        .await
        .unwrap();
    let wrong = app
        .client
        .post(app.url("/admin/units"))
        .form(&[("csrf_token", "forged"), ("name", "教务处")])
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let units: i64 = sqlx::query_scalar("SELECT count(*) FROM units")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(units, 0);
}
