//! The workflow in a real headless Chromium, driven through Debian's chromedriver:
//! the secretariat imports a sample, corrects an owner and publishes; the unit head reports
//! progress and marks it done; the secretariat closes it; another unit's head cannot open
//! it. The secretariat imports a PDF and a task table through the same form. Screenshots of
//! the main pages go to docs/screenshots/.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{spawn_app, TestApp, PASSWORD};
use duban::domain::Role;
use fantoccini::{Client, ClientBuilder, Locator};

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (bash .ci/install-deps installs chromium-driver)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

async fn open_browser(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000", "--lang=zh-CN",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("headless Chromium starts")
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join(format!("{name}.png")), png).unwrap();
}

async fn log_in(c: &Client, app: &TestApp, login: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Id("login"))
        .await
        .unwrap()
        .send_keys(login)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    click_and_await_load(c, "form[action='/login'] button").await;
    wait_for(c, "a[href='/my']").await;
}

async fn submit(c: &Client, form: &str) {
    click_and_await_load(c, &format!("{form} button[type=submit]")).await;
}

/// Clicks and waits until the browser has left the current page: forms post back to the page
/// they are on, so waiting for an element alone could find it on the old page.
async fn click_and_await_load(c: &Client, css: &str) {
    let old_page = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..150 {
        if old_page.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(c, "failure").await;
    panic!("clicking {css} did not load a new page");
}

/// Waits for an element; on failure saves `failure.png` and shows where the browser is.
async fn wait_for(c: &Client, css: &str) {
    if c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .is_err()
    {
        screenshot(c, "failure").await;
        let url = c.current_url().await.unwrap();
        let text = body_text(c).await;
        panic!("{css} did not appear at {url}; the page says:\n{text}");
    }
}

/// axe-core's serious and critical violations on the page the browser shows, described.
async fn axe_violations(c: &Client) -> Vec<String> {
    let axe =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&axe)
        .expect("axe-core is installed (bash .ci/install-deps runs npm ci in tests/axe)");
    c.execute(&source, vec![]).await.unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.help + ' @ '
                   + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Checks the page with axe-core and saves its screenshot as `name`.
async fn check_page(c: &Client, name: &str) {
    screenshot(c, name).await;
    let violations = axe_violations(c).await;
    let url = c.current_url().await.unwrap();
    assert!(
        violations.is_empty(),
        "{name} ({url}):\n{}",
        violations.join("\n")
    );
}

/// Clicks an element after scrolling it to the middle of the window, clear of the review
/// page's sticky bar.
async fn press(c: &Client, el: fantoccini::elements::Element) {
    let arg = serde_json::to_value(&el).unwrap();
    c.execute(
        "arguments[0].scrollIntoView({ block: 'center' });",
        vec![arg],
    )
    .await
    .unwrap();
    el.click().await.unwrap();
}

/// Whether the page, or a table in it, is wider than its box: something is cut off or
/// must be scrolled sideways to be seen.
async fn cut_off(c: &Client) -> bool {
    let wide = c
        .execute(
            "if (document.documentElement.scrollWidth > window.innerWidth + 1) return true;
             return [...document.querySelectorAll('.tablewrap, .admin-scroll')]
               .some(e => e.scrollWidth > e.clientWidth + 1);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(wide).unwrap()
}

/// Ticks exactly the review page's drafts `ids`.
async fn tick_only(c: &Client, ids: &[i64]) {
    for pick in c
        .find_all(Locator::Css("input[name=item]:checked"))
        .await
        .unwrap()
    {
        press(c, pick).await;
    }
    for id in ids {
        let pick = c.find(Locator::Id(&format!("pick-{id}"))).await.unwrap();
        press(c, pick).await;
    }
}

/// Ticks 「时限已过，仍然交办」 when the page offers it.
async fn confirm_past_due(c: &Client) {
    if let Ok(confirm) = c.find(Locator::Css("input[name=past_due]")).await {
        press(c, confirm).await;
    }
}

/// Desk and phone: the two widths every page must work at.
const DESK: (u32, u32) = (1366, 900);
const PHONE: (u32, u32) = (390, 844);

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_whole_workflow_works_in_a_real_browser() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("zuzhi", Role::UnitHead, Some("组织人事部"))
        .await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = open_browser(&driver, profile.path()).await;
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/seeds/002_5bc6ffdc26148477.txt");

    // The secretariat imports a sample…
    log_in(&c, &app, "office").await;
    c.goto(&app.url("/documents/import")).await.unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(&sample.display().to_string())
        .await
        .unwrap();
    submit(&c, "form[action^='/documents/import?']").await;
    wait_for(&c, ".review").await;
    let review_url = c.current_url().await.unwrap();
    screenshot(&c, "review").await;

    // …corrects the owner of the first task and publishes it.
    let (item_id, title): (i64, String) = sqlx::query_as(
        "SELECT id, title FROM items WHERE kind = 'task' ORDER BY span_start LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let unit_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE name = '组织人事部'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    c.find(Locator::Css(&format!("#card-{item_id} summary")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(&format!(
        "select[name='lead.{item_id}'] option[value='{unit_id}']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    // Date pickers take keystrokes in the browser's locale; set the value as a picker would.
    c.execute(
        &format!("document.getElementById('due-{item_id}').value = '2099-06-30'"),
        vec![],
    )
    .await
    .unwrap();
    click_and_await_load(&c, &format!("button[value='save.{item_id}']")).await;
    wait_for(&c, ".review .notice").await;
    let lead: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM item_units WHERE item_id = $1 AND unit_id = $2 AND role = 'lead'",
    )
    .bind(item_id)
    .bind(unit_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(lead, 1, "the corrected owner is saved");
    assert_eq!(
        c.current_url().await.unwrap().fragment(),
        Some(format!("card-{item_id}").as_str()),
        "the clerk is back at the item saved"
    );
    // Publish only this item.
    tick_only(&c, &[item_id]).await;
    click_and_await_load(&c, "button[value=publish]").await;
    wait_for(&c, ".review").await;
    let status: String = sqlx::query_scalar("SELECT status::text FROM items WHERE id = $1")
        .bind(item_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "assigned");
    assert_eq!(c.current_url().await.unwrap().path(), review_url.path());

    // The unit head finds it in 我的督办, reports progress and marks it done.
    log_in(&c, &app, "zuzhi").await;
    c.goto(&app.url("/my")).await.unwrap();
    assert!(body_text(&c).await.contains(&title), "the item is listed");
    screenshot(&c, "my-items").await;
    c.goto(&app.url(&format!("/items/{item_id}")))
        .await
        .unwrap();
    c.find(Locator::Id("note"))
        .await
        .unwrap()
        .send_keys("已制定宣传教育方案，并于本周组织首场专题讲座。")
        .await
        .unwrap();
    submit(&c, &format!("form[action^='/items/{item_id}/progress?']")).await;
    wait_for(&c, ".notice").await;
    screenshot(&c, "item").await;
    c.find(Locator::Css("#status option[value=reported_done]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(&c, &format!("form[action='/items/{item_id}/status']")).await;
    wait_for(&c, ".notice").await;
    assert!(body_text(&c).await.contains("已完成，待核验"));

    // The secretariat closes it.
    log_in(&c, &app, "office").await;
    c.goto(&app.url(&format!("/items/{item_id}")))
        .await
        .unwrap();
    click_and_await_load(
        &c,
        &format!("form[action='/items/{item_id}/verify'] button[value=close]"),
    )
    .await;
    wait_for(&c, ".notice").await;
    assert!(body_text(&c).await.contains("已办结"));

    // Another unit's head cannot open it.
    log_in(&c, &app, "houqin").await;
    c.goto(&app.url(&format!("/items/{item_id}")))
        .await
        .unwrap();
    assert!(body_text(&c).await.contains("页面不存在"));

    c.close().await.unwrap();
}

#[tokio::test]
async fn the_dashboard_of_the_demo_data_draws_its_charts_and_links_to_the_lists() {
    // Arrange
    let app = spawn_app().await;
    duban::demo::seed(&app.db.pool).await.unwrap();
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = open_browser(&driver, profile.path()).await;
    log_in(&c, &app, "office").await;

    // Act
    c.goto(&app.url("/dashboard")).await.unwrap();
    wait_for(&c, "svg.chart.rows rect.red").await;
    c.set_window_size(1280, 2400).await.unwrap();
    screenshot(&c, "dashboard").await;
    click_and_await_load(&c, "svg.chart.rows a:has(rect.red)").await;

    // Assert
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/ledger");
    assert!(url.query().unwrap_or("").contains("light=red"), "{url}");
    // Every row of the list it leads to is lit red, and there is at least one.
    let rows = c
        .find_all(Locator::Css("table.ledger tbody tr"))
        .await
        .unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let class = row.attr("class").await.unwrap().unwrap_or_default();
        assert_eq!(class, "light-red");
    }

    // The printed ledger numbers its pages and ends with a line for the unit's signature.
    c.goto(&app.url("/ledger/print")).await.unwrap();
    wait_for(&c, "table.ledger").await;
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf).unwrap();
    let text = Command::new("pdftotext")
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext is installed (bash .ci/install-deps installs poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("第 1 页，共"), "{text}");
    assert!(text.contains("填报单位（盖章）"), "{text}");
    c.close().await.unwrap();
}

/// Uploads `file` through the import form and returns the page the browser lands on.
async fn upload(c: &Client, app: &TestApp, file: &Path) {
    c.goto(&app.url("/documents/import")).await.unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    submit(c, "form[action^='/documents/import?']").await;
}

#[tokio::test]
async fn a_pdf_and_a_task_table_imported_through_the_form_reach_review_and_a_locked_pdf_is_refused_in_chinese(
) {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = open_browser(&driver, profile.path()).await;
    let fixture = |path: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path)
    };
    log_in(&c, &app, "office").await;

    // Act and assert: a 公文 PDF (non-embedded Chinese font) reaches its review page.
    upload(&c, &app, &fixture("formats/gongwen.pdf")).await;
    wait_for(&c, ".review").await;
    let page = body_text(&c).await;
    assert!(page.contains("青川市科学技术局党组会议纪要"), "{page}");
    assert!(page.contains("PDF"), "the format is named");
    let pdf_items = c
        .find_all(Locator::Css("article.reviewitem"))
        .await
        .unwrap();
    assert!(pdf_items.len() >= 6, "{} items", pdf_items.len());

    // A 任务分工表 as .xlsx: one task per row, with its lead unit pre-filled.
    upload(&c, &app, &fixture("sheets/task_table.xlsx")).await;
    wait_for(&c, ".review").await;
    screenshot(&c, "review-task-table").await;
    let table_items: Vec<(String, i64)> = sqlx::query_as(
        "SELECT coalesce(i.extracted_basis, ''), count(*) FROM items i \
         JOIN documents d ON d.id = i.document_id AND d.source_format = 'xlsx' \
         GROUP BY i.extracted_basis",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let cards = c
        .find_all(Locator::Css("article.reviewitem"))
        .await
        .unwrap();
    assert!(cards.len() >= 10, "{} items", cards.len());
    assert!(
        table_items
            .iter()
            .any(|(basis, n)| basis == "table" && *n >= 10),
        "{table_items:?}"
    );

    // A PDF behind a password: a Chinese message on the form, nothing stored.
    let documents_before: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    upload(&c, &app, &fixture("formats/encrypted.pdf")).await;
    wait_for(&c, "p.alert").await;
    let page = body_text(&c).await;
    assert!(page.contains("PDF 文件设有打开密码"), "{page}");
    let documents_after: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(documents_after, documents_before, "nothing stored");

    c.close().await.unwrap();
}

#[tokio::test]
async fn a_real_size_document_is_reviewed_published_and_followed_at_desk_and_phone_widths() {
    // Arrange: the secretariat and, later, heads of units the document names.
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = open_browser(&driver, profile.path()).await;
    c.set_window_size(DESK.0, DESK.1).await.unwrap();
    let minutes =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real/ho09_haibowan_2026_02.txt");
    let pool = &app.db.pool;
    log_in(&c, &app, "office").await;

    // A county meeting summary of 30 and more items reaches review.
    upload(&c, &app, &minutes).await;
    wait_for(&c, "form#review").await;
    let cards = c
        .find_all(Locator::Css("article.reviewitem"))
        .await
        .unwrap();
    assert!(cards.len() >= 30, "{} items", cards.len());
    check_page(&c, "review-desk").await;
    let review_url = c.current_url().await.unwrap();
    let document: i64 = review_url
        .path()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // The owners the text names but the directory lacks are created and chosen at once.
    press(
        &c,
        c.find(Locator::Css("input[name=confirm_adopt]"))
            .await
            .unwrap(),
    )
    .await;
    click_and_await_load(&c, "button[value=adopt_all]").await;
    wait_for(&c, "form#review").await;
    let owned: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT i.id) FROM items i JOIN item_units iu ON iu.item_id = i.id \
         AND iu.role = 'lead' WHERE i.document_id = $1",
    )
    .bind(document)
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(owned >= 5, "{owned} items have a lead unit");

    // General exhortations (not trackable) are dismissed together.
    let general: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND NOT trackable AND status = 'draft'",
    )
    .bind(document)
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(!general.is_empty());
    c.goto(&format!(
        "{}?tick=none",
        review_url.as_str().split('?').next().unwrap()
    ))
    .await
    .unwrap();
    wait_for(&c, "form#review").await;
    for id in &general {
        press(
            &c,
            c.find(Locator::Id(&format!("pick-{id}"))).await.unwrap(),
        )
        .await;
    }
    click_and_await_load(&c, "button[value=dismiss_ticked]").await;
    wait_for(&c, "form#review").await;
    let dismissed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM items WHERE document_id = $1 AND status = 'dismissed'",
    )
    .bind(document)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(dismissed as usize, general.len());

    // An edit, then 交办 of an item still without a lead unit: refused, the edit kept and
    // the ticks as they were.
    let (with_lead, without_lead): (Vec<i64>, Vec<i64>) = {
        let rows: Vec<(i64, bool)> = sqlx::query_as(
            "SELECT i.id, EXISTS (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id \
                 AND iu.role = 'lead') FROM items i \
             WHERE i.document_id = $1 AND i.status = 'draft' ORDER BY i.span_start",
        )
        .bind(document)
        .fetch_all(pool)
        .await
        .unwrap();
        let (a, b): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.1);
        (
            a.into_iter().map(|r| r.0).collect(),
            b.into_iter().map(|r| r.0).collect(),
        )
    };
    assert!(!with_lead.is_empty() && !without_lead.is_empty());
    let edited = with_lead[0];
    press(
        &c,
        c.find(Locator::Css(&format!("#card-{edited} summary")))
            .await
            .unwrap(),
    )
    .await;
    let title = c
        .find(Locator::Id(&format!("title-{edited}")))
        .await
        .unwrap();
    title.clear().await.unwrap();
    title
        .send_keys("落实海勃湾区重点工作（已审核）")
        .await
        .unwrap();
    let ticked = [edited, without_lead[0]];
    tick_only(&c, &ticked).await;
    confirm_past_due(&c).await;
    click_and_await_load(&c, "button[value=publish]").await;
    wait_for(&c, "p.alert").await;
    assert!(body_text(&c).await.contains("尚未指定牵头单位"));
    let saved: String = sqlx::query_scalar("SELECT title FROM items WHERE id = $1")
        .bind(edited)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(saved, "落实海勃湾区重点工作（已审核）");
    for id in ticked {
        let pick = c.find(Locator::Id(&format!("pick-{id}"))).await.unwrap();
        assert!(pick.is_selected().await.unwrap(), "item {id} still ticked");
    }

    // The items with a lead unit go, with a leader for all of them set in one batch.
    tick_only(&c, &with_lead).await;
    press(
        &c,
        c.find(Locator::Css("details.batchset summary"))
            .await
            .unwrap(),
    )
    .await;
    c.find(Locator::Id("batch-leader"))
        .await
        .unwrap()
        .send_keys("王副区长")
        .await
        .unwrap();
    click_and_await_load(&c, "button[value=batch]").await;
    wait_for(&c, "form#review").await;
    tick_only(&c, &with_lead).await;
    confirm_past_due(&c).await;
    click_and_await_load(&c, "button[value=publish]").await;
    wait_for(&c, "#publish-result").await;
    assert!(body_text(&c)
        .await
        .contains(&format!("已交办 {} 项", with_lead.len())));
    check_page(&c, "review-published-desk").await;

    // A leader account made in 单位与用户 sees the items naming them.
    c.goto(&app.url("/admin/users/new")).await.unwrap();
    for (id, value) in [
        ("user-login", "wangfq"),
        ("user-name", "王副区长"),
        ("user-password", PASSWORD),
    ] {
        c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    press(
        &c,
        c.find(Locator::Css("#user-role option[value=leader]"))
            .await
            .unwrap(),
    )
    .await;
    submit(&c, "form[action='/admin/users']").await;
    wait_for(&c, ".admin-notice").await;
    c.goto(&app.url("/admin/leaders")).await.unwrap();
    check_page(&c, "leaders-desk").await;

    // Heads of two of the units, and each role's 待办.
    let unit: String = sqlx::query_scalar(
        "SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
         WHERE iu.item_id = $1 AND iu.role = 'lead' LIMIT 1",
    )
    .bind(with_lead[0])
    .fetch_one(pool)
    .await
    .unwrap();
    app.add_user("head", Role::UnitHead, Some(&unit)).await;
    c.goto(&app.url("/")).await.unwrap();
    wait_for(&c, ".todo").await;
    check_page(&c, "home-secretariat-desk").await;
    log_in(&c, &app, "head").await;
    wait_for(&c, ".todolist").await;
    assert!(body_text(&c).await.contains("待签收"));
    check_page(&c, "home-unit-head-desk").await;
    let item = format!("/items/{}", with_lead[0]);
    c.goto(&app.url(&item)).await.unwrap();
    check_page(&c, "item-desk").await;
    log_in(&c, &app, "wangfq").await;
    c.goto(&app.url("/my")).await.unwrap();
    let mine = body_text(&c).await;
    assert!(mine.contains("落实海勃湾区重点工作（已审核）"), "{mine}");
    c.goto(&app.url(&item)).await.unwrap();
    c.find(Locator::Id("instruction"))
        .await
        .unwrap()
        .send_keys("请各单位抓紧推进，月底前报送进展。")
        .await
        .unwrap();
    submit(&c, &format!("form[action='{item}/instruct']")).await;
    wait_for(&c, "section.instructions").await;
    check_page(&c, "item-instruction-desk").await;
    c.goto(&app.url("/")).await.unwrap();
    check_page(&c, "home-leader-desk").await;
    log_in(&c, &app, "office").await;
    for (path, name) in [("/ledger", "ledger"), ("/dashboard", "dashboard")] {
        c.goto(&app.url(path)).await.unwrap();
        check_page(&c, &format!("{name}-desk")).await;
        assert!(!cut_off(&c).await, "{path} is cut off at a desk");
    }
    // The 督办通知单 of the document, a page per unit.
    c.goto(&app.url(&format!("/documents/{document}/slips")))
        .await
        .unwrap();
    wait_for(&c, "section.slip").await;
    check_page(&c, "slips").await;

    // Extensions need the leader's yes too: the office turns that on, the unit head asks,
    // the office agrees, and the leader approves from their 待办.
    c.goto(&app.url("/admin/settings")).await.unwrap();
    press(
        &c,
        c.find(Locator::Css("input[name=leader_approves]"))
            .await
            .unwrap(),
    )
    .await;
    submit(&c, "form[action='/admin/settings']").await;
    wait_for(&c, ".admin-notice").await;
    check_page(&c, "settings-desk").await;
    log_in(&c, &app, "head").await;
    c.goto(&app.url(&item)).await.unwrap();
    c.execute(
        "document.getElementById('new_due').value = '2099-12-31'",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Id("reason"))
        .await
        .unwrap()
        .send_keys("需等待上级批复")
        .await
        .unwrap();
    submit(&c, &format!("form[action='{item}/extension']")).await;
    wait_for(&c, ".notice").await;
    log_in(&c, &app, "office").await;
    c.goto(&app.url(&item)).await.unwrap();
    click_and_await_load(&c, "form[action^='/extensions/'] button[value=approve]").await;
    wait_for(&c, ".notice").await;
    assert!(body_text(&c).await.contains("待责任领导审批"));
    log_in(&c, &app, "wangfq").await;
    wait_for(&c, ".todolist").await;
    assert!(body_text(&c).await.contains("待您审批的延期申请"));
    click_and_await_load(&c, ".todolist a[href$='#extensions']").await;
    click_and_await_load(&c, "form[action^='/extensions/'] button[value=approve]").await;
    wait_for(&c, ".notice").await;
    let due: Option<chrono::NaiveDate> =
        sqlx::query_scalar("SELECT due_date FROM items WHERE id = $1")
            .bind(with_lead[0])
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(due.map(|d| d.to_string()).as_deref(), Some("2099-12-31"));
    log_in(&c, &app, "office").await;
    // Every other page the secretariat uses, at both widths.
    let others = [
        "/my",
        "/documents",
        "/documents/import",
        &format!("/documents/{document}/edit"),
        "/admin/units",
        "/admin/users",
        "/admin/users/new",
        "/mail/outbox",
        "/mail/digests",
        "/account",
        "/account/password",
        "/search?q=%E6%B3%95%E5%BE%8B%E9%A1%BE%E9%97%AE",
    ];
    for (width, height) in [DESK, PHONE] {
        c.set_window_size(width, height).await.unwrap();
        for path in others {
            c.goto(&app.url(path)).await.unwrap();
            if width == DESK.0 {
                assert!(!cut_off(&c).await, "{path} is cut off at {width} px");
            }
            let violations = axe_violations(&c).await;
            assert!(
                violations.is_empty(),
                "{path} at {width} px:\n{}",
                violations.join("\n")
            );
        }
    }
    c.set_window_size(DESK.0, DESK.1).await.unwrap();

    // On a phone: the menu folds behind 菜单, and the same pages work.
    c.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    c.goto(&app.url("/")).await.unwrap();
    let menu = c.find(Locator::Css(".navpanel")).await.unwrap();
    assert!(
        !menu.is_displayed().await.unwrap(),
        "the menu starts folded"
    );
    press(&c, c.find(Locator::Css(".navtoggle-label")).await.unwrap()).await;
    assert!(menu.is_displayed().await.unwrap(), "菜单 unfolds it");
    screenshot(&c, "menu-phone").await;
    check_page(&c, "home-secretariat-phone").await;
    for (path, name) in [
        (review_url.path().to_owned(), "review"),
        (item.clone(), "item"),
        ("/ledger".to_owned(), "ledger"),
        ("/dashboard".to_owned(), "dashboard"),
    ] {
        c.goto(&app.url(&path)).await.unwrap();
        check_page(&c, &format!("{name}-phone")).await;
        let overflow: bool = serde_json::from_value(
            c.execute(
                "return document.documentElement.scrollWidth > window.innerWidth + 1;",
                vec![],
            )
            .await
            .unwrap(),
        )
        .unwrap();
        assert!(!overflow, "{name} is wider than the phone");
    }
    // The ledger's filters fold too, and each row is a card showing its deadline and light.
    c.goto(&app.url("/ledger")).await.unwrap();
    let filters = c.find(Locator::Css("form.ledger-filter")).await.unwrap();
    assert!(
        !filters.is_displayed().await.unwrap(),
        "the filters start folded"
    );
    press(
        &c,
        c.find(Locator::Css(".filtertoggle-label")).await.unwrap(),
    )
    .await;
    assert!(
        filters.is_displayed().await.unwrap(),
        "筛选条件 unfolds them"
    );
    for label in ["完成时限", "亮灯", "状态"] {
        let cell = c
            .find(Locator::Css(&format!(
                "table.ledger td[data-label='{label}']"
            )))
            .await
            .unwrap();
        assert!(
            cell.is_displayed().await.unwrap(),
            "{label} is shown on a phone"
        );
    }

    // The whole loop works by thumb: the secretariat gives a remaining draft a lead unit in
    // one batch and publishes it; the unit head finds it to sign for and signs; the leader
    // sees the red and yellow items.
    let last = without_lead[1];
    c.goto(&app.url(&format!("/documents/{document}?tick=none")))
        .await
        .unwrap();
    wait_for(&c, "form#review").await;
    press(
        &c,
        c.find(Locator::Id(&format!("pick-{last}"))).await.unwrap(),
    )
    .await;
    press(
        &c,
        c.find(Locator::Css("details.batchset summary"))
            .await
            .unwrap(),
    )
    .await;
    let head_unit: i64 = sqlx::query_scalar("SELECT id FROM units WHERE name = $1")
        .bind(&unit)
        .fetch_one(pool)
        .await
        .unwrap();
    press(
        &c,
        c.find(Locator::Css(&format!(
            "#batch-lead option[value='{head_unit}']"
        )))
        .await
        .unwrap(),
    )
    .await;
    click_and_await_load(&c, "button[value=batch]").await;
    wait_for(&c, "form#review").await;
    tick_only(&c, &[last]).await;
    confirm_past_due(&c).await;
    click_and_await_load(&c, "button[value=publish]").await;
    wait_for(&c, "#publish-result").await;
    check_page(&c, "review-published-phone").await;
    log_in(&c, &app, "head").await;
    wait_for(&c, ".todolist").await;
    let todo = body_text(&c).await;
    assert!(todo.contains("待签收"), "{todo}");
    check_page(&c, "home-unit-head-phone").await;
    c.goto(&app.url(&format!("/items/{last}"))).await.unwrap();
    click_and_await_load(&c, &format!("form[action='/items/{last}/ack'] button")).await;
    wait_for(&c, ".notice").await;
    assert!(body_text(&c).await.contains("已签收"));
    log_in(&c, &app, "wangfq").await;
    check_page(&c, "home-leader-phone").await;

    c.close().await.unwrap();
}

/// Sets a form field's value as a user's picker would (date and time inputs take typed
/// keys in the browser's locale format, which a test should not depend on).
async fn set_value(c: &Client, id: &str, value: &str) {
    c.execute(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];",
        vec![id.into(), value.into()],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_office_sets_a_ladder_and_a_reporting_day_splits_an_item_and_finds_a_missed_report() {
    // Arrange: a draft task of 教务处, due in three months.
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    let pool = &app.db.pool;
    let today = duban::domain::today_in_china();
    let document = app.insert_minutes().await;
    let jiaowu = app.unit_id("教务处").await;
    let houqin = app.unit_id("后勤管理处").await;
    let item = app
        .insert_task(
            document,
            "建立教学质量月报制度",
            "draft",
            Some(today + chrono::Duration::days(90)),
            jiaowu,
            "lead",
        )
        .await;
    let driver = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = open_browser(&driver, profile.path()).await;
    c.set_window_size(DESK.0, DESK.1).await.unwrap();
    log_in(&c, &app, "office").await;

    // The ladder: 重点 items are warned 12 days ahead and urged every 2 days once late; no
    // automatic step from 21:00 to 07:30.
    c.goto(&app.url("/admin/settings")).await.unwrap();
    wait_for(&c, "form[action='/admin/settings/supervision']").await;
    for (name, value) in [("key_warn", "12"), ("key_urge", "2")] {
        let field = c
            .find(Locator::Css(&format!("input[name={name}]")))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }
    set_value(&c, "quiet-from", "21:00").await;
    set_value(&c, "quiet-until", "07:30").await;
    submit(&c, "form[action='/admin/settings/supervision']").await;
    wait_for(&c, "#supervision").await;
    c.execute(
        "document.getElementById('supervision').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    check_page(&c, "settings-ladder-desk").await;
    let (warn, every): (i32, i32) =
        sqlx::query_as("SELECT warn_days, urge_every_days FROM ladder_levels WHERE level = 'key'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((warn, every), (12, 2));
    let quiet: (String, String) = sqlx::query_as(
        "SELECT to_char(quiet_from, 'HH24:MI'), to_char(quiet_until, 'HH24:MI') \
         FROM supervision_settings",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(quiet, ("21:00".to_owned(), "07:30".to_owned()));

    // Review: reported monthly by the 28th, 重点, then 交办.
    c.goto(&app.url(&format!("/documents/{document}")))
        .await
        .unwrap();
    wait_for(&c, "form#review").await;
    press(
        &c,
        c.find(Locator::Css(&format!("#card-{item} summary")))
            .await
            .unwrap(),
    )
    .await;
    for option in [
        format!("#rec-{item} option[value=monthly]"),
        format!("#level-{item} option[value=key]"),
    ] {
        press(&c, c.find(Locator::Css(&option)).await.unwrap()).await;
    }
    let day = c.find(Locator::Id(&format!("rday-{item}"))).await.unwrap();
    day.clear().await.unwrap();
    day.send_keys("28").await.unwrap();
    tick_only(&c, &[item]).await;
    click_and_await_load(&c, "button[value=publish]").await;
    wait_for(&c, "#publish-result").await;
    let (recurrence, report_day, level, number): (String, Option<i16>, String, Option<String>) =
        sqlx::query_as(
            "SELECT recurrence::text, report_day, level, register_number FROM items WHERE id = $1",
        )
        .bind(item)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        (recurrence.as_str(), report_day, level.as_str()),
        ("monthly", Some(28), "key")
    );
    assert!(number.is_some());

    // 分解: a part for 后勤管理处, due in a month.
    c.goto(&app.url(&format!("/items/{item}"))).await.unwrap();
    wait_for(&c, "form#split").await;
    assert!(body_text(&c).await.contains("每月28日前报送"));
    c.find(Locator::Id("part-title"))
        .await
        .unwrap()
        .send_keys("改造教学楼监控设施")
        .await
        .unwrap();
    press(
        &c,
        c.find(Locator::Css(&format!(
            "#part-lead option[value='{}']",
            houqin.0
        )))
        .await
        .unwrap(),
    )
    .await;
    set_value(
        &c,
        "part-due",
        &(today + chrono::Duration::days(30)).to_string(),
    )
    .await;
    submit(&c, "form#split").await;
    wait_for(&c, "#parts").await;
    assert!(body_text(&c).await.contains("子任务（1）"));
    c.execute("document.getElementById('parts').scrollIntoView();", vec![])
        .await
        .unwrap();
    check_page(&c, "item-parts-desk").await;
    let part: i64 = sqlx::query_scalar("SELECT id FROM items WHERE parent_id = $1")
        .bind(item)
        .fetch_one(pool)
        .await
        .unwrap();

    // The part's unit reads it with its parent's wording.
    log_in(&c, &app, "houqin").await;
    c.goto(&app.url(&format!("/items/{part}"))).await.unwrap();
    wait_for(&c, ".parentnote").await;
    assert!(body_text(&c).await.contains("建立教学质量月报制度"));
    check_page(&c, "item-part-of-desk").await;

    // Seventy days after 交办 with no report: 缺报, in the ledger's filter and on the item.
    sqlx::query("UPDATE items SET assigned_at = now() - interval '70 days' WHERE id = $1")
        .bind(item)
        .execute(pool)
        .await
        .unwrap();
    log_in(&c, &app, "office").await;
    c.goto(&app.url("/ledger?missed=1")).await.unwrap();
    wait_for(&c, "table").await;
    let ledger = body_text(&c).await;
    assert!(
        ledger.contains("建立教学质量月报制度") && ledger.contains("红灯（缺报）"),
        "{ledger}"
    );
    check_page(&c, "ledger-missed-desk").await;
    c.goto(&app.url(&format!("/items/{item}"))).await.unwrap();
    wait_for(&c, "#periods").await;
    assert!(body_text(&c).await.contains("缺报"));
    check_page(&c, "item-periods-desk").await;

    // On a phone nothing of the new pages is cut off.
    c.set_window_size(PHONE.0, PHONE.1).await.unwrap();
    for (path, name) in [
        (format!("/items/{item}"), "item-periods-phone"),
        ("/admin/settings".to_owned(), "settings-ladder-phone"),
        ("/ledger?missed=1".to_owned(), "ledger-missed-phone"),
    ] {
        c.goto(&app.url(&path)).await.unwrap();
        wait_for(&c, "main").await;
        assert!(!cut_off(&c).await, "{path} is cut off on a phone");
        check_page(&c, name).await;
    }
    c.set_window_size(DESK.0, DESK.1).await.unwrap();

    // The 督办通知单 of the document lists the item for its unit.
    c.goto(&app.url(&format!("/documents/{document}/slips")))
        .await
        .unwrap();
    wait_for(&c, "body").await;
    assert!(body_text(&c).await.contains("建立教学质量月报制度"));
}
