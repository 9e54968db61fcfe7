//! Hostile documents and nosy readers (issue 16): documents whose titles must not reach
//! readers who may not see them, through the ledger's document filter, its print view or
//! its exports.

mod common;

use common::{spawn_app, Browser, TestApp};
use duban::domain::Role;
use reqwest::StatusCode;
use scraper::{Html, Selector};

/// A document row with its own bytes' hash, title and number.
async fn insert_document(app: &TestApp, title: &str, number: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO documents (file_name, original, sha256, encoding, source_format, \
             title, doc_number, meeting_date, body) \
         VALUES ('minutes.txt', '', sha256(convert_to($1, 'UTF8')), 'utf-8', 'text', \
             $1, $2, '2026-11-20', '') \
         RETURNING id",
    )
    .bind(title)
    .bind(number)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// Three documents: one with a published item of 教务处 that 陈副院长 answers for, one with
/// only a draft (of 教务处 and 陈副院长 too, so only its status hides it), one with a
/// published item of 后勤管理处; and a reader of every role.
struct Scene {
    app: TestApp,
    jiaowu_doc: i64,
    draft_doc: i64,
    houqin_doc: i64,
}

const JIAOWU_TITLE: &str = "教务工作专题会议";
const DRAFT_TITLE: &str = "干部调整酝酿会议";
const DRAFT_NUMBER: &str = "党办〔2026〕9号";
const HOUQIN_TITLE: &str = "后勤保障专题会议";

async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    app.add_user("guest", Role::Viewer, None).await;
    let leader_user = app.add_user("lingdao", Role::Leader, None).await;
    let leader: i64 = sqlx::query_scalar(
        "INSERT INTO leaders (name, user_id) VALUES ('陈副院长', $1) RETURNING id",
    )
    .bind(leader_user)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let (jiaowu, houqin) = (app.unit_id("教务处").await, app.unit_id("后勤管理处").await);
    let jiaowu_doc = insert_document(&app, JIAOWU_TITLE, "教〔2026〕1号").await;
    let draft_doc = insert_document(&app, DRAFT_TITLE, DRAFT_NUMBER).await;
    let houqin_doc = insert_document(&app, HOUQIN_TITLE, "后〔2026〕3号").await;
    let published = app
        .insert_task(jiaowu_doc, "完善排课系统", "assigned", None, jiaowu, "lead")
        .await;
    let draft = app
        .insert_task(draft_doc, "研究干部调整方案", "draft", None, jiaowu, "lead")
        .await;
    app.insert_task(houqin_doc, "食堂改造", "assigned", None, houqin, "lead")
        .await;
    sqlx::query("UPDATE items SET leader_id = $1 WHERE id = ANY($2)")
        .bind(leader)
        .bind(vec![published, draft])
        .execute(&app.db.pool)
        .await
        .unwrap();
    Scene {
        app,
        jiaowu_doc,
        draft_doc,
        houqin_doc,
    }
}

/// The labels of the ledger's 来源文件 choice.
fn document_choices(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(r#"select[name="document"] option[value]"#).unwrap();
    doc.select(&sel)
        .filter(|o| !o.value().attr("value").unwrap_or("").is_empty())
        .map(|o| o.text().collect::<String>().trim().to_owned())
        .collect()
}

impl Scene {
    /// Each reader other than the secretariat, with the documents they may and may not see.
    async fn readers(&self) -> Vec<(&'static str, Browser, Vec<&'static str>, Vec<i64>)> {
        let mut readers = Vec::new();
        for (login, seen, hidden) in [
            // A unit head: their unit's published document; not their unit's draft.
            (
                "jiaowu",
                vec![JIAOWU_TITLE],
                vec![self.draft_doc, self.houqin_doc],
            ),
            // The head of another unit.
            (
                "houqin",
                vec![HOUQIN_TITLE],
                vec![self.draft_doc, self.jiaowu_doc],
            ),
            // A leader: what they answer for, published.
            (
                "lingdao",
                vec![JIAOWU_TITLE],
                vec![self.draft_doc, self.houqin_doc],
            ),
            // A viewer: every published document, no draft.
            (
                "guest",
                vec![HOUQIN_TITLE, JIAOWU_TITLE],
                vec![self.draft_doc],
            ),
        ] {
            readers.push((login, self.app.browser(login).await, seen, hidden));
        }
        readers
    }
}

#[tokio::test]
async fn the_ledger_offers_each_reader_only_the_published_documents_they_have_items_in() {
    // Arrange
    let s = scene().await;

    for (login, browser, seen, _) in s.readers().await {
        // Act
        let html = browser.get_html("/ledger").await;

        // Assert
        let mut choices = document_choices(&html);
        choices.sort();
        let mut expected: Vec<String> = seen
            .iter()
            .map(|t| {
                let number = if *t == JIAOWU_TITLE {
                    "教〔2026〕1号"
                } else {
                    "后〔2026〕3号"
                };
                format!("{t}（{number}）")
            })
            .collect();
        expected.sort();
        assert_eq!(choices, expected, "{login}");
        assert!(!html.contains(DRAFT_TITLE), "{login}");
        assert!(!html.contains(DRAFT_NUMBER), "{login}");
    }
    let office = s.app.browser("office").await;
    let choices = document_choices(&office.get_html("/ledger").await);
    assert_eq!(choices.len(), 3, "the secretariat sees drafts: {choices:?}");
}

/// GETs `path` with `?document=id` as `browser`, expecting it answered like a document that
/// does not exist: 404 without the document's title or number.
async fn assert_not_found(browser: &Browser, path: &str, id: i64, who: &str) {
    let r = browser.get(&format!("{path}?document={id}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who}: {path} {id}");
    let body = r.text().await.unwrap();
    for secret in [DRAFT_TITLE, DRAFT_NUMBER, JIAOWU_TITLE, HOUQIN_TITLE] {
        assert!(!body.contains(secret), "{who}: {path} {id}");
    }
}

#[tokio::test]
async fn the_ledger_filtered_by_a_document_the_reader_cannot_see_is_not_found() {
    let s = scene().await;
    for (login, browser, _, hidden) in s.readers().await {
        for id in hidden.into_iter().chain([999_999]) {
            assert_not_found(&browser, "/ledger", id, login).await;
        }
    }
}

#[tokio::test]
async fn the_print_view_of_a_document_the_reader_cannot_see_is_not_found() {
    let s = scene().await;
    for (login, browser, _, hidden) in s.readers().await {
        for id in hidden.into_iter().chain([999_999]) {
            assert_not_found(&browser, "/ledger/print", id, login).await;
        }
    }
}

#[tokio::test]
async fn the_exports_of_a_document_the_reader_cannot_see_are_not_found() {
    let s = scene().await;
    for (login, browser, _, hidden) in s.readers().await {
        for id in hidden.into_iter().chain([999_999]) {
            assert_not_found(&browser, "/ledger.xlsx", id, login).await;
            assert_not_found(&browser, "/ledger.csv", id, login).await;
        }
    }
}

#[tokio::test]
async fn a_reader_still_filters_and_prints_by_a_document_they_can_see_and_the_secretariat_by_any() {
    // Arrange
    let s = scene().await;
    let jiaowu = s.app.browser("jiaowu").await;
    let office = s.app.browser("office").await;

    // Act
    let own = jiaowu
        .get(&format!("/ledger/print?document={}", s.jiaowu_doc))
        .await;
    let own_xlsx = jiaowu
        .get(&format!("/ledger.xlsx?document={}", s.jiaowu_doc))
        .await;
    let draft = office
        .get(&format!("/ledger/print?document={}", s.draft_doc))
        .await;

    // Assert
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.text().await.unwrap().contains(JIAOWU_TITLE));
    assert_eq!(own_xlsx.status(), StatusCode::OK);
    assert_eq!(draft.status(), StatusCode::OK);
    assert!(draft.text().await.unwrap().contains(DRAFT_TITLE));
}
