//! Register numbers (立项编号): publishing numbers items within the year, gapless and unique
//! even when two clerks publish at once; the office chooses the format; the number is shown,
//! exported, mailed and searchable.

mod common;

use chrono::Datelike;
use common::{spawn_app, TestApp};
use duban::digest::compose::NoticeMail;
use duban::domain::{today_in_china, Actor, ItemId, Role};
use duban::store::outbox::Letter;
use duban::workflow::{self, ComposeError, Letters, Notice, WorkflowError};
use reqwest::StatusCode;

const LETTERS: NoticeMail<'static> = NoticeMail {
    base_url: "http://127.0.0.1",
};

/// The secretariat, a unit with a head, and `n` drafts led by that unit.
async fn drafts(n: usize) -> (TestApp, Actor, Vec<ItemId>) {
    let app = spawn_app().await;
    let office = app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    let unit = app.unit_id("教务处").await;
    let document = app.insert_minutes().await;
    let mut ids = Vec::new();
    for k in 0..n {
        let id = app
            .insert_task(document, &format!("任务{k}"), "draft", None, unit, "lead")
            .await;
        ids.push(ItemId(id));
    }
    let actor = Actor::new(office, Role::Secretariat, None).unwrap();
    (app, actor, ids)
}

async fn numbers(app: &TestApp) -> Vec<(i64, Option<i32>, Option<String>)> {
    sqlx::query_as("SELECT id, register_seq, register_number FROM items ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

fn this_year() -> i32 {
    today_in_china().year()
}

#[tokio::test]
async fn publishing_numbers_items_in_document_order_and_the_next_publication_goes_on() {
    let (app, office, ids) = drafts(5).await;

    workflow::publish_items(
        &app.db.pool,
        &office,
        &[ids[2], ids[0], ids[1]],
        false,
        &LETTERS,
    )
    .await
    .unwrap();
    workflow::publish_items(&app.db.pool, &office, &ids[3..], false, &LETTERS)
        .await
        .unwrap();

    let y = this_year();
    let got: Vec<Option<String>> = numbers(&app).await.into_iter().map(|r| r.2).collect();
    let want: Vec<Option<String>> = (1..=5).map(|n| Some(format!("督〔{y}〕第{n}号"))).collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn two_clerks_publishing_at_once_get_unique_gapless_numbers() {
    let (app, office, ids) = drafts(40).await;
    let pool = &app.db.pool;

    // Ten rounds of two publications racing, four items each.
    for round in ids.chunks(8) {
        let (a, b) = round.split_at(4);
        let (ra, rb) = tokio::join!(
            workflow::publish_items(pool, &office, a, false, &LETTERS),
            workflow::publish_items(pool, &office, b, false, &LETTERS),
        );
        ra.unwrap();
        rb.unwrap();
    }

    let mut seqs: Vec<i32> = numbers(&app)
        .await
        .into_iter()
        .filter_map(|r| r.1)
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
}

/// Letters that cannot be written, so that 交办 fails after its numbers were taken.
struct Broken;

impl Letters for Broken {
    fn letter(&self, _: &Notice<'_>, _: &str) -> Result<Letter, ComposeError> {
        Err("no template".into())
    }
}

#[tokio::test]
async fn a_publication_that_fails_gives_its_numbers_back() {
    let (app, office, ids) = drafts(3).await;
    sqlx::query("UPDATE users SET email = 'jiaowu@example.edu.cn' WHERE login = 'jiaowu'")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let failed = workflow::publish_items(&app.db.pool, &office, &ids[..2], false, &Broken).await;
    assert!(matches!(failed, Err(WorkflowError::Compose(_))));
    workflow::publish_items(&app.db.pool, &office, &ids[2..], false, &LETTERS)
        .await
        .unwrap();

    let seqs: Vec<Option<i32>> = numbers(&app).await.into_iter().map(|r| r.1).collect();
    assert_eq!(seqs, [None, None, Some(1)]);
}

#[tokio::test]
async fn the_office_chooses_the_format_and_a_format_without_the_sequence_is_refused() {
    let (app, office, ids) = drafts(1).await;
    let clerk = app.browser("office").await;

    let bad = clerk
        .post(
            "/admin/settings",
            &[("register_format", "校督〔{year}〕"), ("issuer", "督查室")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("{n}"));
    let r = clerk
        .post(
            "/admin/settings",
            &[
                ("register_format", "校督字〔{year}〕{n}号"),
                ("issuer", "督查室"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    workflow::publish_items(&app.db.pool, &office, &ids, false, &LETTERS)
        .await
        .unwrap();

    let number = numbers(&app).await[0].2.clone().unwrap();
    assert_eq!(number, format!("校督字〔{}〕1号", this_year()));
    let head = app.browser("jiaowu").await;
    let settings = head.get("/admin/settings").await;
    assert_eq!(settings.status(), StatusCode::NOT_FOUND);
    let post = head
        .post("/admin/settings", &[("register_format", "{year}-{n}")])
        .await;
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_number_is_on_the_item_in_the_ledger_export_in_the_mail_and_found_by_search() {
    let (app, office, ids) = drafts(2).await;
    sqlx::query("UPDATE users SET email = 'jiaowu@example.edu.cn' WHERE login = 'jiaowu'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    workflow::publish_items(&app.db.pool, &office, &ids, false, &LETTERS)
        .await
        .unwrap();
    let second = format!("督〔{}〕第2号", this_year());
    let clerk = app.browser("office").await;

    let item = clerk.get_html(&format!("/items/{}", ids[1])).await;
    assert!(item.contains(&second), "{item}");
    let csv = clerk.get("/ledger.csv").await.text().await.unwrap();
    assert!(csv.contains(&format!("{second},任务1")), "{csv}");
    let mail: String =
        sqlx::query_scalar("SELECT body_text FROM email_outbox WHERE purpose = 'assigned'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(mail.contains(&second), "{mail}");
    let found = clerk
        .get_html(&format!("/search?q={}", urlencoding(&second)))
        .await;
    assert!(found.contains(&format!("/items/{}", ids[1])), "{found}");
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
