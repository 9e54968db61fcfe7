//! The doors of duban against a hostile client (issue 16): uploads refused before their
//! body is read, evidence quotas, changing one's own password, admin password resets,
//! the absolute session lifetime and the purge, the Content-Security-Policy, and
//! `Secure` cookies behind HTTPS.

mod common;

use std::path::Path;

use base64::Engine;
use common::{spawn_app, spawn_app_with, TestApp};
use duban::domain::Role;
use duban::store::{login_attempts, sessions};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

/// The `Set-Cookie` header of the session cookie in a login's answer.
async fn session_set_cookie(app: &TestApp, login: &str) -> String {
    app.add_user(login, Role::Secretariat, None).await;
    let r = app.post_login(login, common::PASSWORD).await;
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
