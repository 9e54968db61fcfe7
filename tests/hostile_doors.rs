//! The doors of duban against a hostile client (issue 16): uploads refused before their
//! body is read, evidence quotas, changing one's own password, admin password resets,
//! the absolute session lifetime and the purge, the Content-Security-Policy, and
//! `Secure` cookies behind HTTPS.

mod common;

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use common::{csrf_token_of, spawn_app, spawn_app_with, TestApp, PASSWORD};
use duban::domain::Role;
use duban::store::{login_attempts, sessions};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The `Set-Cookie` header of the session cookie in a login's answer.
async fn session_set_cookie(app: &TestApp, login: &str) -> String {
    app.add_user(login, Role::Secretariat, None).await;
    let r = app.post_login(login, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("duban_session="))
        .expect("a session cookie is set")
}

// ---- Sessions -------------------------------------------------------------------------

#[tokio::test]
async fn a_session_older_than_its_absolute_lifetime_is_refused_even_while_in_use() {
    // Arrange: a session begun eight days ago, used a moment ago, idle expiry ahead.
    let app = spawn_app().await;
    app.add_user("longlived", Role::Secretariat, None).await;
    let browser = app.browser("longlived").await;
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);
    sqlx::query(
        "UPDATE sessions SET created_at = now() - interval '8 days', last_seen_at = now(), \
             expires_at = now() + interval '12 hours'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    // Act
    let r = browser.get("/").await;

    // Assert
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login"));
}

#[tokio::test]
async fn sliding_a_session_never_moves_its_expiry_past_the_absolute_lifetime() {
    // Arrange: a lifetime of 24 hours, a session begun 23 hours ago, last slid long ago.
    let app = spawn_app_with(|http| http.session_max_hours = 24).await;
    app.add_user("slider", Role::Secretariat, None).await;
    let browser = app.browser("slider").await;
    sqlx::query(
        "UPDATE sessions SET created_at = now() - interval '23 hours', \
             last_seen_at = now() - interval '2 hours'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    // Act
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);

    // Assert: an hour left, not the 12 of an idle slide.
    let left: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM expires_at - now())::float8 / 3600 FROM sessions",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!((0.9..1.1).contains(&left), "{left} hours left");
}

#[tokio::test]
async fn the_purge_deletes_expired_sessions_and_old_login_attempts_and_nothing_else() {
    // Arrange: one live and one expired session; one fresh and one old attempt.
    let app = spawn_app().await;
    app.add_user("purged", Role::Secretariat, None).await;
    let _live = app.browser("purged").await;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) \
         SELECT 'expired'::bytea, id, 'x', now() - interval '1 minute' FROM users",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO login_attempts (login, succeeded, attempted_at) \
         VALUES ('old', false, now() - interval '91 days'), ('fresh', false, now())",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();

    // Act: twice, as two instances might.
    for _ in 0..2 {
        sessions::purge_sessions(&app.db.pool).await.unwrap();
        login_attempts::purge_attempts(&app.db.pool, 90)
            .await
            .unwrap();
    }

    // Assert
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_ne!(sessions[0], b"expired");
    let logins: Vec<String> = sqlx::query_scalar("SELECT login FROM login_attempts ORDER BY login")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(!logins.contains(&"old".to_owned()), "{logins:?}");
    assert!(logins.contains(&"fresh".to_owned()), "{logins:?}");
}

// ---- Cookies --------------------------------------------------------------------------

#[tokio::test]
async fn cookies_are_secure_by_default_when_the_base_url_is_https() {
    let app =
        spawn_app_with(|http| http.base_url = Some("https://duban.example.edu.cn".into())).await;

    let cookie = session_set_cookie(&app, "httpsuser").await;

    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn cookies_are_not_secure_by_default_over_plain_http() {
    let app = spawn_app().await;

    let cookie = session_set_cookie(&app, "httpuser").await;

    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn an_explicit_secure_cookies_setting_wins_over_the_base_urls_scheme() {
    let off = spawn_app_with(|http| {
        http.base_url = Some("https://duban.example.edu.cn".into());
        http.secure_cookies = Some(false);
    })
    .await;
    let on = spawn_app_with(|http| http.secure_cookies = Some(true)).await;

    let off_cookie = session_set_cookie(&off, "offuser").await;
    let on_cookie = session_set_cookie(&on, "onuser").await;

    assert!(!off_cookie.contains("Secure"), "{off_cookie}");
    assert!(on_cookie.contains("Secure"), "{on_cookie}");
}

// ---- Content-Security-Policy -----------------------------------------------------------

#[tokio::test]
async fn every_response_carries_a_policy_that_forbids_inline_script_and_framing() {
    let app = spawn_app().await;
    app.add_user("cspuser", Role::Secretariat, None).await;
    let browser = app.browser("cspuser").await;

    for r in [
        app.get("/login").await,
        app.get("/no-such-page").await,
        app.get("/").await,
        browser.get("/").await,
        browser.get("/account").await,
        browser.get("/static/css/duban.css").await,
    ] {
        let url = r.url().to_string();
        let csp = r
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{url} has no policy"))
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "default-src 'self'",
            "script-src 'self';",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{url}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{url}: {csp}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(r.headers()["x-frame-options"], "DENY", "{url}");
    }
}

#[tokio::test]
async fn only_the_digest_preview_allows_inline_styles_and_still_no_inline_script() {
    let app = spawn_app().await;
    let reader = app.add_user("reader", Role::Viewer, None).await;
    app.add_user("office", Role::Secretariat, None).await;
    let office = app.browser("office").await;

    let r = office.get(&format!("/mail/digests/{reader}")).await;

    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

fn templates(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            templates(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn no_template_has_an_inline_script_an_event_handler_or_an_unlisted_inline_style() {
    let mut all = Vec::new();
    templates(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut all,
    );
    assert!(all.len() > 10);
    let script = regex::Regex::new(r"(?is)<script\b([^>]*)>(.*?)</script>").unwrap();
    let handler = regex::Regex::new(r#"(?i)<[^>]*\son[a-z]+\s*="#).unwrap();
    let style = regex::Regex::new(r"(?is)<style\b[^>]*>(.*?)</style>").unwrap();
    for (path, text) in &all {
        for s in script.captures_iter(text) {
            assert!(s[1].contains("src="), "{path}: inline script {}", &s[0]);
            assert!(
                s[2].trim().is_empty(),
                "{path}: script with a body {}",
                &s[0]
            );
        }
        assert!(!handler.is_match(text), "{path}: event handler attribute");
        assert!(!text.contains("javascript:"), "{path}: javascript: URL");
        // Mail is read in mail clients (and previewed under a policy of its own).
        if !path.contains("/templates/mail/") {
            for s in style.captures_iter(text) {
                let hash = base64::engine::general_purpose::STANDARD
                    .encode(Sha256::digest(s[1].as_bytes()));
                assert!(
                    duban::startup::CONTENT_SECURITY_POLICY.contains(&format!("'sha256-{hash}'")),
                    "{path}: inline style not allowed by the policy: {}",
                    &s[1]
                );
            }
            assert!(!text.contains(" style=\""), "{path}: style attribute");
        }
    }
}

// ---- Uploads: refused before their body is read -----------------------------------------

/// A client of its own, without a cookie store: its session cookie (`duban_session=…`)
/// and CSRF token, to write raw requests with.
async fn raw_session(app: &TestApp, login: &str) -> (String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie_of = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {name} cookie"))
    };
    let r = client.get(app.url("/login")).send().await.unwrap();
    let csrf_cookie = cookie_of(&r, "duban_csrf");
    let token = csrf_token_of(&r.text().await.unwrap());
    let r = client
        .post(app.url("/login"))
        .header("cookie", &csrf_cookie)
        .form(&[
            ("csrf_token", token.as_str()),
            ("login", login),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} logs in");
    let session = cookie_of(&r, "duban_session");
    let home = client
        .get(app.url("/"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (session, csrf_token_of(&home))
}

/// Posts the headers of a multipart upload declaring 100 MB, then 64 KB of it, and
/// never the rest; the answer (status and body) must come anyway, within five seconds.
async fn answer_to_unfinished_upload(
    app: &TestApp,
    path: &str,
    cookie: &str,
    extra_headers: &str,
) -> (u16, String) {
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n{extra_headers}\
         Content-Type: multipart/form-data; boundary=XyZzY\r\nContent-Length: 104857600\r\n\r\n\
         --XyZzY\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"big.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&vec![b'x'; 64 * 1024]).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), read_answer(&mut stream))
        .await
        .unwrap_or_else(|_| panic!("{path}: no answer while the body was unfinished"));
    // The rest of the declared body never comes: the socket just closes.
    drop(stream);
    answer
}

/// One HTTP/1.1 answer with a Content-Length: its status and body.
async fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed without an answer");
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let status: u16 = head[9..12].parse().unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        if buf.len() >= end + 4 + length {
            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).into_owned();
            return (status, body);
        }
    }
}

/// A unit head of 教务处 with an assigned item their unit leads, and that item.
async fn unit_head_with_item(app: &TestApp, login: &str) -> i64 {
    app.add_user(login, Role::UnitHead, Some("教务处")).await;
    let unit = app.unit_id("教务处").await;
    let document = app.insert_minutes().await;
    app.insert_task(document, "修订本科培养方案", "assigned", None, unit, "lead")
        .await
}

#[tokio::test]
async fn a_leaders_evidence_upload_is_refused_before_its_body_arrives() {
    let app = spawn_app().await;
    let item = unit_head_with_item(&app, "jwhead").await;
    app.add_user("leader", Role::Leader, None).await;
    let (cookie, token) = raw_session(&app, "leader").await;

    let (status, body) = answer_to_unfinished_upload(
        &app,
        &format!("/items/{item}/progress?csrf={token}"),
        &cookie,
        "",
    )
    .await;

    assert_eq!(status, 403, "{body}");
    assert!(body.contains("无权操作"), "{body}");
}

#[tokio::test]
async fn an_evidence_upload_to_an_item_of_another_unit_is_refused_before_its_body_arrives() {
    let app = spawn_app().await;
    let item = unit_head_with_item(&app, "jwhead").await;
    app.add_user("other", Role::UnitHead, Some("后勤管理处"))
        .await;
    let (cookie, token) = raw_session(&app, "other").await;

    let (status, _) = answer_to_unfinished_upload(
        &app,
        &format!("/items/{item}/progress"),
        &cookie,
        &format!("X-CSRF-Token: {token}\r\n"),
    )
    .await;

    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_upload_without_the_sessions_token_in_its_url_or_header_is_refused_before_its_body() {
    let app = spawn_app().await;
    let item = unit_head_with_item(&app, "jwhead").await;
    app.add_user("office", Role::Secretariat, None).await;
    let (office, _) = raw_session(&app, "office").await;
    let (head, _) = raw_session(&app, "jwhead").await;

    for (path, cookie, headers) in [
        ("/documents/import".to_owned(), &office, String::new()),
        (
            "/documents/import?csrf=forged".to_owned(),
            &office,
            String::new(),
        ),
        (
            "/documents/import".to_owned(),
            &office,
            "X-CSRF-Token: forged\r\n".to_owned(),
        ),
        (format!("/items/{item}/progress"), &head, String::new()),
    ] {
        let (status, body) = answer_to_unfinished_upload(&app, &path, cookie, &headers).await;
        assert_eq!(status, 403, "{path}");
        assert!(body.contains("页面已过期"), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_non_secretariat_import_is_refused_before_its_body_arrives() {
    let app = spawn_app().await;
    unit_head_with_item(&app, "jwhead").await;
    let (cookie, token) = raw_session(&app, "jwhead").await;

    let (status, _) = answer_to_unfinished_upload(
        &app,
        &format!("/documents/import?csrf={token}"),
        &cookie,
        "",
    )
    .await;

    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_upload_forms_carry_the_token_in_their_action_and_uploads_with_it_succeed() {
    // Arrange
    let app = spawn_app().await;
    let item = unit_head_with_item(&app, "jwhead").await;
    app.add_user("office", Role::Secretariat, None).await;
    let office = app.browser("office").await;
    let head = app.browser("jwhead").await;
    let import_action = form_action(
        &office.get_html("/documents/import").await,
        "/documents/import",
    );
    let report_action = form_action(
        &head.get_html(&format!("/items/{item}")).await,
        &format!("/items/{item}/progress"),
    );
    assert!(import_action.contains("?csrf="), "{import_action}");
    assert!(report_action.contains("?csrf="), "{report_action}");

    // Act: as a browser submits them, the token only in the action.
    let import = office
        .client
        .post(office.url(&import_action))
        .multipart(reqwest::multipart::Form::new().text(
            "text",
            "会议要求：由后勤管理处负责，2030年6月底前完成新图书馆的设计方案。",
        ))
        .send()
        .await
        .unwrap();
    let report = head
        .client
        .post(head.url(&report_action))
        .multipart(
            reqwest::multipart::Form::new()
                .text("note", "已完成初稿。")
                .part(
                    "evidence",
                    reqwest::multipart::Part::bytes(b"photo".to_vec()).file_name("现场.jpg"),
                ),
        )
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(import.status(), StatusCode::SEE_OTHER);
    assert_eq!(report.status(), StatusCode::SEE_OTHER);
    let files: i64 = sqlx::query_scalar("SELECT count(*) FROM attachments WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(files, 1);
}

/// The action of the page's form that posts to `path` (with its query).
fn form_action(html: &str, path: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("form[action]").unwrap();
    doc.select(&sel)
        .filter_map(|f| f.value().attr("action"))
        .find(|a| a.starts_with(path))
        .unwrap_or_else(|| panic!("no form posts to {path}"))
        .to_owned()
}

// ---- Evidence quotas --------------------------------------------------------------------

async fn stored_reports_and_files(app: &TestApp, item: i64) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM progress_reports WHERE item_id = $1), \
                (SELECT count(*) FROM attachments WHERE item_id = $1)",
    )
    .bind(item)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_report_whose_files_exceed_the_per_report_quota_is_refused_and_nothing_is_stored() {
    let app = spawn_app_with(|http| http.evidence_report_mb = 1).await;
    let item = unit_head_with_item(&app, "jwhead").await;
    let head = app.browser("jwhead").await;

    let r = head
        .post_multipart(
            &format!("/items/{item}/progress"),
            &[("note", "两份材料。")],
            vec![
                ("evidence", "a.pdf", vec![1u8; 600 * 1024]),
                ("evidence", "b.pdf", vec![2u8; 600 * 1024]),
            ],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("合计不能超过 1 MB"), "{page}");
    assert_eq!(stored_reports_and_files(&app, item).await, (0, 0));
}

#[tokio::test]
async fn a_report_that_would_take_its_unit_over_the_unit_quota_is_refused_and_nothing_is_stored() {
    // Arrange: a 1 MB quota per unit, 700 KB of it already used.
    let app = spawn_app_with(|http| http.evidence_unit_mb = 1).await;
    let item = unit_head_with_item(&app, "jwhead").await;
    let head = app.browser("jwhead").await;
    let path = format!("/items/{item}/progress");
    let first = head
        .post_multipart(
            &path,
            &[("note", "第一次。")],
            vec![("evidence", "a.pdf", vec![1u8; 700 * 1024])],
        )
        .await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);

    // Act
    let second = head
        .post_multipart(
            &path,
            &[("note", "第二次。")],
            vec![("evidence", "b.pdf", vec![2u8; 700 * 1024])],
        )
        .await;

    // Assert
    assert_eq!(second.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = second.text().await.unwrap();
    assert!(page.contains("超过 1 MB 的上限"), "{page}");
    assert_eq!(stored_reports_and_files(&app, item).await, (1, 1));
    // A report without files still goes through.
    let note_only = head
        .post_multipart(&path, &[("note", "第三次。")], vec![])
        .await;
    assert_eq!(note_only.status(), StatusCode::SEE_OTHER);
}

// ---- Changing one's own password --------------------------------------------------------

const NEW_PASSWORD: &str = "a-new-password-2026";

/// The status of a login with `password` in a browser of its own.
async fn login_status(app: &TestApp, login: &str, password: &str) -> StatusCode {
    let client = common::new_client();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    client
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", csrf_token_of(&page).as_str()),
            ("login", login),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_user_changes_their_own_password_and_their_other_sessions_end() {
    // Arrange: the same user in two browsers.
    let app = spawn_app().await;
    app.add_user("changer", Role::Viewer, None).await;
    let here = app.browser("changer").await;
    let elsewhere = app.browser("changer").await;
    assert!(here
        .get_html("/account")
        .await
        .contains("/account/password"));

    // Act
    let r = here
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;

    // Assert
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/account?ok=password");
    assert!(here
        .get_html("/account?ok=password")
        .await
        .contains("密码已修改"));
    assert_eq!(elsewhere.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login_status(&app, "changer", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_status(&app, "changer", NEW_PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_wrong_current_password_or_a_new_password_outside_the_rules_changes_nothing() {
    let app = spawn_app().await;
    app.add_user("careful", Role::UnitHead, Some("教务处"))
        .await;
    let here = app.browser("careful").await;
    let elsewhere = app.browser("careful").await;
    let too_long = "a".repeat(1025);

    for (current, new, confirm, says) in [
        (
            "wrong-password",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "当前密码不正确",
        ),
        (
            PASSWORD,
            NEW_PASSWORD,
            "a-different-one",
            "两次输入的新密码不一致",
        ),
        (PASSWORD, "short", "short", "密码至少 8 位"),
        (PASSWORD, &too_long, &too_long, "最多 1024 字节"),
    ] {
        let r = here
            .post(
                "/account/password",
                &[("current", current), ("new", new), ("confirm", confirm)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        let page = r.text().await.unwrap();
        assert!(page.contains(says), "{says}: {page}");
    }

    assert_eq!(elsewhere.get("/").await.status(), StatusCode::OK);
    assert_eq!(
        login_status(&app, "careful", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

/// A change from the test password to [`NEW_PASSWORD`], posted with `csrf_token`.
async fn post_password_change(
    client: &reqwest::Client,
    url: String,
    csrf_token: &str,
) -> reqwest::Response {
    client
        .post(url)
        .form(&[
            ("csrf_token", csrf_token),
            ("current", PASSWORD),
            ("new", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_anonymous_request_cannot_see_or_use_the_password_change() {
    let app = spawn_app().await;
    app.add_user("target", Role::Secretariat, None).await;

    let page = app.get("/account/password").await;
    let post = post_password_change(&app.client, app.url("/account/password"), "x").await;

    for r in [page, post] {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login"));
    }
    assert_eq!(
        login_status(&app, "target", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_password_change_without_the_sessions_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.add_user("forgedpw", Role::Leader, None).await;
    let b = app.browser("forgedpw").await;

    let r = post_password_change(&b.client, b.url("/account/password"), "forged").await;

    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        login_status(&app, "forgedpw", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_login_throttle() {
    let app = spawn_app().await;
    app.add_user("guessed", Role::Viewer, None).await;
    let thief = app.browser("guessed").await;

    let mut statuses = Vec::new();
    for _ in 0..duban::web::MAX_FAILURES_PER_LOGIN + 1 {
        let r = thief
            .post(
                "/account/password",
                &[
                    ("current", "a-guess-1234"),
                    ("new", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        statuses.push(r.status());
    }

    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

// ---- Admin password resets ---------------------------------------------------------------

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
        .bind(login)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_resetting_their_own_password_keeps_only_the_session_in_use() {
    let app = spawn_app().await;
    app.add_user("root", Role::Admin, None).await;
    let here = app.browser("root").await;
    let elsewhere = app.browser("root").await;
    let id = user_id(&app, "root").await;
    let checked = app.passwords.checked();

    let r = here
        .post(
            &format!("/admin/users/{id}/password"),
            &[("password", NEW_PASSWORD)],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(here.get("/admin/users").await.status(), StatusCode::OK);
    assert_eq!(elsewhere.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.passwords.checked(), checked + 1, "hashed in the gate");
}

#[tokio::test]
async fn resetting_another_users_password_ends_all_their_sessions_through_the_gate() {
    let app = spawn_app().await;
    app.add_user("root", Role::Admin, None).await;
    app.add_user("clerk", Role::Secretariat, None).await;
    let admin = app.browser("root").await;
    let clerk = app.browser("clerk").await;
    let id = user_id(&app, "clerk").await;
    let checked = app.passwords.checked();

    let r = admin
        .post(
            &format!("/admin/users/{id}/password"),
            &[("password", NEW_PASSWORD)],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(clerk.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
    assert_eq!(app.passwords.checked(), checked + 1, "hashed in the gate");
    assert_eq!(
        login_status(&app, "clerk", NEW_PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_admin_password_over_1024_bytes_is_refused_before_hashing() {
    let app = spawn_app().await;
    app.add_user("root", Role::Admin, None).await;
    app.add_user("clerk", Role::Secretariat, None).await;
    let admin = app.browser("root").await;
    let id = user_id(&app, "clerk").await;
    let checked = app.passwords.checked();

    let r = admin
        .post(
            &format!("/admin/users/{id}/password"),
            &[("password", &"密".repeat(400))],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("最多 1024 字节"));
    assert_eq!(app.passwords.checked(), checked);
}

#[test]
fn user_add_refuses_a_password_over_1024_bytes_in_english_before_opening_the_database() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let dir = common::scratch_dir("duban-cli-password");
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["--database-url", "postgres://nobody@127.0.0.1:1/none"])
        .args(["user", "add", "--login", "longpw", "--name", "测试"])
        .args(["--role", "admin", "--password-stdin"])
        .env("DUBAN_DATA_DIR", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = "a".repeat(1025);
    input.push('\n');
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();

    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("at most 1024 bytes"), "{stderr}");
}
