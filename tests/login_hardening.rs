//! The login against a hostile client: bounded password hashing, names and passwords
//! checked before any work, an atomic throttle keyed on the normalised name, the client
//! address behind trusted proxies only, `next` as a same-site path, no forged log lines.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::{csrf_token_of, new_client, spawn_app, spawn_app_with, TestApp, PASSWORD};
use duban::domain::Role;
use duban::web::{MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_LOGIN};
use futures_util::future::join_all;
use reqwest::StatusCode;

/// One login form submission, as a browser with the login page's cookie sends it.
struct Attempt<'a> {
    login: &'a str,
    password: &'a str,
    next: &'a str,
    forwarded_for: Option<&'a str>,
}

impl<'a> Attempt<'a> {
    fn new(login: &'a str, password: &'a str) -> Self {
        Self {
            login,
            password,
            next: "/",
            forwarded_for: None,
        }
    }

    fn next(self, next: &'a str) -> Self {
        Self { next, ..self }
    }

    fn from(self, forwarded_for: &'a str) -> Self {
        Self {
            forwarded_for: Some(forwarded_for),
            ..self
        }
    }
}

/// A client that has opened the login page, and its CSRF token.
async fn login_page(app: &TestApp) -> (reqwest::Client, String) {
    let client = new_client();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (client, csrf_token_of(&page))
}

async fn post_attempt(
    app: &TestApp,
    (client, token): &(reqwest::Client, String),
    attempt: &Attempt<'_>,
) -> (StatusCode, String, Option<String>) {
    let mut request = client.post(app.url("/login")).form(&[
        ("csrf_token", token.as_str()),
        ("login", attempt.login),
        ("password", attempt.password),
        ("next", attempt.next),
    ]);
    if let Some(ip) = attempt.forwarded_for {
        request = request.header("x-forwarded-for", ip);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), location)
}

async fn recorded_attempts(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM login_attempts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn recorded_failures_of(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM login_attempts WHERE login = $1 AND NOT succeeded")
        .bind(login)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

fn behind_local_proxy(http: &mut duban::config::HttpSettings) {
    http.trusted_proxies = "127.0.0.1".parse().unwrap();
}

#[tokio::test]
async fn parallel_logins_never_run_more_password_checks_at_once_than_the_gate_allows() {
    // Arrange: many clients behind the proxy, each guessing a name of its own, so neither
    // throttle stops them before the password check.
    let app = spawn_app_with(behind_local_proxy).await;
    let page = login_page(&app).await;
    let logins: Vec<String> = (0..120).map(|i| format!("guest{i}")).collect();
    let addresses: Vec<String> = (0..120).map(|i| format!("198.51.100.{i}")).collect();

    // Act
    let responses =
        join_all(
            logins.iter().zip(&addresses).map(|(login, ip)| {
                let page = &page;
                let app = &app;
                async move {
                    post_attempt(app, page, &Attempt::new(login, "wrong-password").from(ip)).await
                }
            }),
        )
        .await;

    // Assert
    let gate = &app.passwords;
    assert!(gate.peak() >= 1, "passwords were checked");
    assert!(
        gate.peak() <= gate.size(),
        "{} checks ran at once, the gate allows {}",
        gate.peak(),
        gate.size()
    );
    let mut refused_as_busy = 0;
    for (status, body, _) in &responses {
        match *status {
            StatusCode::UNAUTHORIZED => assert!(body.contains("登录名或密码错误"), "{body}"),
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(body.contains("登录请求过多，请稍后再试"), "{body}");
                refused_as_busy += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(
        recorded_attempts(&app).await,
        120 - refused_as_busy,
        "an attempt refused as busy was never a guess and is not counted"
    );
    assert_eq!(gate.checked(), 120 - refused_as_busy as u64);
}

#[tokio::test]
async fn a_login_longer_than_the_rule_allows_is_refused_before_any_work() {
    // Arrange
    let app = spawn_app().await;
    let page = login_page(&app).await;
    let long = "a".repeat(3000);

    // Act
    let (status, body, _) = post_attempt(&app, &page, &Attempt::new(&long, "whatever-pw")).await;

    // Assert
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("登录名须为 2–64 位字母、数字或 _ . @ -"),
        "{body}"
    );
    assert!(
        !body.contains(&long),
        "the overlong name is not echoed back"
    );
    assert_eq!(app.passwords.checked(), 0, "no password was hashed");
    assert_eq!(recorded_attempts(&app).await, 0, "no attempt was recorded");
}

#[tokio::test]
async fn a_password_longer_than_1024_bytes_is_refused_before_hashing() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("zhangsan", Role::Viewer, None).await;
    let page = login_page(&app).await;
    let long = "p".repeat(duban::auth::MAX_PASSWORD_BYTES + 1);

    // Act
    let (status, body, _) = post_attempt(&app, &page, &Attempt::new("zhangsan", &long)).await;

    // Assert
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("密码过长"), "{body}");
    assert_eq!(app.passwords.checked(), 0, "no password was hashed");
    assert_eq!(recorded_attempts(&app).await, 0, "no attempt was recorded");
}

#[tokio::test]
async fn every_malformed_login_name_gets_a_chinese_answer_and_never_a_server_error() {
    // Arrange
    let app = spawn_app().await;
    let page = login_page(&app).await;
    let huge = "x".repeat(100_000);
    let names = [
        "a".repeat(2800),
        huge,
        "张三".to_owned(),
        "zhang san".to_owned(),
        "a".to_owned(),
        "root\u{0}".to_owned(),
        "line\r\nbreak".to_owned(),
    ];

    for name in &names {
        // Act
        let (status, body, _) = post_attempt(&app, &page, &Attempt::new(name, "wrong-pw")).await;

        // Assert
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:.40?}");
        // A NUL is refused for any form before its fields are read.
        let message = if name.contains('\0') {
            "空字符"
        } else {
            "登录名须为"
        };
        assert!(body.contains(message), "{name:.40?}: {body}");
    }
    assert_eq!(recorded_attempts(&app).await, 0);
}

#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_guesses_than_the_limit() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    let page = login_page(&app).await;

    // Act
    let responses = join_all((0..40).map(|i| {
        let (app, page) = (&app, &page);
        async move {
            let guess = format!("guess-number-{i}");
            post_attempt(app, page, &Attempt::new("jiaowu", &guess)).await
        }
    }))
    .await;

    // Assert
    let guesses = responses
        .iter()
        .filter(|(status, _, _)| *status == StatusCode::UNAUTHORIZED)
        .count() as i64;
    assert!(
        guesses <= MAX_FAILURES_PER_LOGIN,
        "{guesses} passwords were tried, the limit is {MAX_FAILURES_PER_LOGIN}"
    );
    for (status, body, _) in &responses {
        assert!(
            *status == StatusCode::UNAUTHORIZED || *status == StatusCode::TOO_MANY_REQUESTS,
            "{status}: {body}"
        );
    }
    assert_eq!(recorded_failures_of(&app, "jiaowu").await, guesses);
}

#[tokio::test]
async fn a_login_locked_in_lower_case_is_locked_in_any_case() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    let page = login_page(&app).await;
    for wrong in ["jiaowu", " JiaoWu ", "JIAOWU", "jiaoWU", "Jiaowu"]
        .into_iter()
        .take(MAX_FAILURES_PER_LOGIN as usize)
    {
        let (status, _, _) = post_attempt(&app, &page, &Attempt::new(wrong, "wrong-pw")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
    }

    // Act
    let (status, body, _) = post_attempt(&app, &page, &Attempt::new("JIAOWU", PASSWORD)).await;

    // Assert
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("登录失败次数过多"), "{body}");
    assert_eq!(
        recorded_failures_of(&app, "jiaowu").await,
        MAX_FAILURES_PER_LOGIN,
        "every spelling counted under the one name"
    );
}

#[tokio::test]
async fn a_successful_login_is_not_counted_as_a_failure() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("zuzhi", Role::UnitHead, Some("组织人事部"))
        .await;
    let page = login_page(&app).await;

    // Act
    for _ in 0..MAX_FAILURES_PER_LOGIN + 1 {
        let (status, _, _) = post_attempt(&app, &page, &Attempt::new("zuzhi", PASSWORD)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }

    // Assert
    assert_eq!(recorded_failures_of(&app, "zuzhi").await, 0);
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_the_others() {
    // Arrange: one client behind the proxy fails as often as an address may.
    let app = spawn_app_with(behind_local_proxy).await;
    app.add_user("xuanchuan", Role::UnitHead, Some("宣传部"))
        .await;
    let page = login_page(&app).await;
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        let login = format!("nobody{i}");
        let attempt = Attempt::new(&login, "wrong-pw").from("198.51.100.1");
        let (status, _, _) = post_attempt(&app, &page, &attempt).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    // Act
    let locked = Attempt::new("xuanchuan", PASSWORD).from("198.51.100.1");
    let (locked, _, _) = post_attempt(&app, &page, &locked).await;
    let other = Attempt::new("xuanchuan", PASSWORD).from("203.0.113.7");
    let (other, _, _) = post_attempt(&app, &page, &other).await;

    // Assert
    assert_eq!(
        locked,
        StatusCode::TOO_MANY_REQUESTS,
        "that client is locked"
    );
    assert_eq!(other, StatusCode::SEE_OTHER, "another client logs in");
}

#[tokio::test]
async fn without_trusted_proxies_a_forged_forwarded_for_changes_nothing() {
    // Arrange: a client fails as often as an address may, claiming a new address each time.
    let app = spawn_app().await;
    app.add_user("xuanchuan", Role::UnitHead, Some("宣传部"))
        .await;
    let page = login_page(&app).await;
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        let (login, ip) = (format!("nobody{i}"), format!("198.51.100.{i}"));
        let attempt = Attempt::new(&login, "wrong-pw").from(&ip);
        let (status, _, _) = post_attempt(&app, &page, &attempt).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    // Act
    let attempt = Attempt::new("xuanchuan", PASSWORD).from("203.0.113.7");
    let (status, _, _) = post_attempt(&app, &page, &attempt).await;

    // Assert
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "still the same address"
    );
}

const HOSTILE_NEXT: [&str; 10] = [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "evil.example",
    "/\n/evil.example",
    "/items\r\nSet-Cookie: duban_session=x",
    "/\r/evil.example",
    "/\u{1b}[31mred",
    "/\u{7f}",
];

#[tokio::test]
async fn hostile_next_values_fall_back_to_the_home_page_and_never_a_500() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("zuzhi", Role::UnitHead, Some("组织人事部"))
        .await;
    let page = login_page(&app).await;

    for next in HOSTILE_NEXT {
        // Act
        let attempt = Attempt::new("zuzhi", PASSWORD).next(next);
        let (status, body, location) = post_attempt(&app, &page, &attempt).await;

        // Assert
        assert_eq!(status, StatusCode::SEE_OTHER, "{next:?}: {body}");
        assert_eq!(location.as_deref(), Some("/"), "{next:?}");
    }
}

#[tokio::test]
async fn hostile_next_values_on_the_login_page_are_never_followed() {
    // Arrange: once logged in, the login page sends the browser on to `next`.
    let app = spawn_app().await;
    app.add_user("zuzhi", Role::UnitHead, Some("组织人事部"))
        .await;
    let anonymous = new_client();
    let browser = app.browser("zuzhi").await;

    for next in HOSTILE_NEXT {
        // Act
        let fresh = anonymous
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        let logged_in = browser
            .client
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();

        // Assert
        assert_eq!(fresh.status(), StatusCode::OK, "{next:?}");
        let form = fresh.text().await.unwrap();
        assert!(
            form.contains(r#"name="next" value="/""#),
            "{next:?}: {form}"
        );
        assert_eq!(logged_in.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(logged_in.headers()["location"], "/", "{next:?}");
    }
}

#[tokio::test]
async fn a_same_site_next_is_followed_after_login_even_with_chinese_in_it() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("zuzhi", Role::UnitHead, Some("组织人事部"))
        .await;
    let page = login_page(&app).await;

    // Act
    let attempt = Attempt::new("zuzhi", PASSWORD).next("/search?q=督办");
    let (status, body, location) = post_attempt(&app, &page, &attempt).await;

    // Assert
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some("/search?q=%E7%9D%A3%E5%8A%9E"));
}

/// Everything logged by this test binary, without colours.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || Capture(sink.clone()))
            .try_init()
            .expect("the only subscriber of this test binary");
        logs
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_login_name_cannot_forge_a_log_line() {
    // Arrange
    let logs = captured_logs();
    let app = spawn_app().await;
    let page = login_page(&app).await;
    let forged = "x\n2026-12-06T00:00:00.000000Z  INFO duban: admin logged in \u{1b}[2J";

    // Act: enough failures to reach the throttle, which logs the name.
    for _ in 0..=MAX_FAILURES_PER_LOGIN {
        post_attempt(&app, &page, &Attempt::new(forged, "wrong-pw")).await;
    }

    // Assert
    let logs = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(
        !logs
            .lines()
            .any(|l| l.starts_with("2026-12-06T00:00:00.000000Z")),
        "{logs}"
    );
    assert!(!logs.contains('\u{1b}'), "no terminal escapes: {logs}");
}
