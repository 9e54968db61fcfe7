//! The web skeleton: schema, login, sessions, CSRF, throttling, health and error pages.

mod common;

use common::{csrf_token_of, spawn_app, TestDb, PASSWORD};
use duban::db::MIGRATOR;
use duban::domain::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn migrations_build_the_whole_schema_on_an_empty_database() {
    // Arrange
    let db = TestDb::empty().await;

    // Act
    MIGRATOR
        .run(&db.pool)
        .await
        .expect("migrations apply to an empty database");

    // Assert
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for expected in [
        "acknowledgements",
        "attachments",
        "documents",
        "email_outbox",
        "extension_requests",
        "item_events",
        "item_units",
        "items",
        "leaders",
        "login_attempts",
        "progress_reports",
        "sections",
        "sessions",
        "unit_aliases",
        "units",
        "users",
    ] {
        assert!(
            tables.iter().any(|t| t == expected),
            "table {expected} is missing: {tables:?}"
        );
    }
    // Running them again changes nothing.
    MIGRATOR
        .run(&db.pool)
        .await
        .expect("migrations are idempotent");
}

#[tokio::test]
async fn a_published_items_history_is_append_only() {
    let db = TestDb::new().await;
    let item: i64 = sqlx::query_scalar(
        "INSERT INTO items (kind, title, body, status) VALUES ('task', '测试', '测试', 'assigned') \
         RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO item_events (item_id, action) VALUES ($1, 'extracted')")
        .bind(item)
        .execute(&db.pool)
        .await
        .unwrap();

    let update = sqlx::query("UPDATE item_events SET note = 'rewritten'")
        .execute(&db.pool)
        .await;
    let delete = sqlx::query("DELETE FROM item_events")
        .execute(&db.pool)
        .await;

    assert!(
        update.is_err() && delete.is_err(),
        "history rows must not change"
    );
}

#[tokio::test]
async fn the_login_page_is_in_chinese_and_carries_a_csrf_token() {
    let app = spawn_app().await;

    let response = app.get("/login").await;

    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("登录名") && html.contains("密码"));
    assert!(!csrf_token_of(&html).is_empty());
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = spawn_app().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/login?next=/");
}

#[tokio::test]
async fn the_right_password_logs_in_with_an_httponly_lax_session_cookie() {
    let app = spawn_app().await;
    app.add_user("zhangsan", Role::UnitHead, Some("教务处"))
        .await;

    let response = app.post_login("zhangsan", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("duban_session="))
        .expect("a session cookie is set");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let home = app.get_html("/").await;
    assert!(home.contains("工作台") && home.contains("教务处"), "{home}");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_login_is_refused_with_one_message() {
    let app = spawn_app().await;
    app.add_user("lisi", Role::Viewer, None).await;

    let wrong = app.post_login("lisi", "not-the-password").await;
    let unknown = app.post_login("nobody", PASSWORD).await;

    for response in [wrong, unknown] {
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.text().await.unwrap().contains("登录名或密码错误"));
    }
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::SEE_OTHER,
        "still logged out"
    );
}

#[tokio::test]
async fn a_deactivated_user_cannot_log_in() {
    let app = spawn_app().await;
    let id = app.add_user("wangwu", Role::Leader, None).await;
    sqlx::query("UPDATE users SET active = false WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let response = app.post_login("wangwu", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.add_user("zhaoliu", Role::Secretariat, None).await;
    let _ = app.get("/login").await; // the browser has its CSRF cookie

    let missing = app
        .client
        .post(app.url("/login"))
        .form(&[("login", "zhaoliu"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let forged = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", "forged"),
            ("login", "zhaoliu"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();

    for response in [missing, forged] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.text().await.unwrap().contains("页面已过期"));
    }

    // Logged in, logging out still needs the session's token.
    assert_eq!(
        app.post_login("zhaoliu", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let logout = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::OK,
        "still logged in"
    );
}

#[tokio::test]
async fn a_session_in_use_slides_its_expiry_at_most_once_a_minute() {
    let app = spawn_app().await;
    app.add_user("zhaoliu", Role::Viewer, None).await;
    app.post_login("zhaoliu", PASSWORD).await;
    // As if the session had last been seen two minutes ago and were about to expire.
    sqlx::query(
        "UPDATE sessions SET last_seen_at = now() - interval '2 minutes', \
                             expires_at = now() + interval '1 minute'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    assert_eq!(app.get("/").await.status(), StatusCode::OK);

    let (slid, seen_now): (bool, bool) = sqlx::query_as(
        "SELECT expires_at > now() + interval '1 hour', last_seen_at > now() - interval '1 minute' \
         FROM sessions",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(
        slid && seen_now,
        "the expiry moved on and the session counts as seen"
    );

    // Within the minute a request reads the session without writing it.
    sqlx::query("UPDATE sessions SET expires_at = now() + interval '1 minute'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    let slid_again: bool =
        sqlx::query_scalar("SELECT expires_at > now() + interval '1 hour' FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(!slid_again);
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    app.add_user("sunqi", Role::Viewer, None).await;
    app.post_login("sunqi", PASSWORD).await;

    let response = app.post_form("/", "/logout", &[]).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    assert_eq!(app.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn repeated_failures_throttle_the_login_even_with_the_right_password() {
    let app = spawn_app().await;
    app.add_user("zhouba", Role::Viewer, None).await;
    for _ in 0..duban::web::MAX_FAILURES_PER_LOGIN {
        assert_eq!(
            app.post_login("zhouba", "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }

    let response = app.post_login("zhouba", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.text().await.unwrap().contains("登录失败次数过多"));
    assert_eq!(
        app.get("/").await.status(),
        StatusCode::SEE_OTHER,
        "not logged in"
    );
}

#[tokio::test]
async fn the_health_check_reports_the_database() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn an_unknown_page_gets_a_chinese_404() {
    let app = spawn_app().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("页面不存在"));
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_binary() {
    let app = spawn_app().await;

    let response = app.get("/static/css/duban.css?v=1").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}

#[tokio::test]
async fn a_database_outage_gives_a_chinese_503_not_a_hang() {
    let app = spawn_app().await;
    app.add_user("wujiu", Role::Viewer, None).await;
    app.post_login("wujiu", PASSWORD).await;

    app.db.pool.close().await;
    let response = app.get("/").await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("服务暂时不可用"));
}

#[tokio::test]
async fn the_health_check_during_an_outage_says_unavailable_and_names_no_cause() {
    let app = spawn_app().await;

    app.db.pool.close().await;
    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"status": "unavailable", "database": "unavailable"})
    );
}

#[tokio::test]
async fn a_malformed_id_in_a_link_gets_the_chinese_404() {
    let app = spawn_app().await;
    app.add_user("zhengshi", Role::Viewer, None).await;
    app.post_login("zhengshi", PASSWORD).await;

    let response = app.get("/items/not-a-number").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("页面不存在"));
}
