//! Chinese full-text search: jieba-segmented vectors, ranking, highlighting, and the same
//! visibility rules as every other page.

mod common;

use common::{spawn_app, Browser, TestApp};
use duban::domain::DocumentId;
use duban::domain::Role;
use duban::import::{import_document, Imported};
use reqwest::StatusCode;
use scraper::{Html, Selector};

const QINGXU: &[u8] = include_bytes!("corpus/seeds/000_1d08707988aae3b8.txt");
const TASKS_2022: &[u8] = include_bytes!("corpus/seeds/002_5bc6ffdc26148477.txt");
const OTHERS: [&[u8]; 3] = [
    include_bytes!("corpus/seeds/001_067ee195c98f81a7.txt"),
    include_bytes!("corpus/seeds/003_6c0452b3eb4df4e5.txt"),
    include_bytes!("corpus/seeds/004_547bee0a6f9a3551.txt"),
];

async fn import(app: &TestApp, name: &str, bytes: &[u8]) -> duban::domain::DocumentId {
    match import_document(&app.db.pool, name, bytes, None, None)
        .await
        .unwrap()
    {
        Imported::New { document_id, .. } | Imported::Existing { document_id } => document_id,
    }
}

/// Every seed imported; returns the ids of seeds 000 and 002.
async fn import_seeds(app: &TestApp) -> (DocumentId, DocumentId) {
    let qingxu = import(app, "000.txt", QINGXU).await;
    let tasks = import(app, "002.txt", TASKS_2022).await;
    for (n, bytes) in OTHERS.iter().enumerate() {
        import(app, &format!("other{n}.txt"), bytes).await;
    }
    (qingxu, tasks)
}

async fn item_with(app: &TestApp, needle: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM items WHERE body LIKE '%' || $1 || '%' ORDER BY id LIMIT 1")
        .bind(needle)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Edits an item through the review form, as the clerk does.
async fn edit(app: &TestApp, office: &Browser, item: i64, title: &str, lead: Option<&str>) {
    let version: i32 = sqlx::query_scalar("SELECT version FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let lead = match lead {
        Some(name) => app.unit_id(name).await.to_string(),
        None => String::new(),
    };
    let mut fields = vec![
        ("version", version.to_string()),
        ("kind", "task".to_owned()),
        ("title", title.to_owned()),
        ("body", body),
        ("due", "2099-06-30".to_owned()),
    ];
    if !lead.is_empty() {
        fields.push(("lead", lead));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = office.post(&format!("/items/{item}/edit"), &fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

async fn publish(office: &Browser, document: DocumentId, item: i64) {
    let r = office
        .post(
            &format!("/documents/{document}/review"),
            &[("do", "publish"), ("item", &item.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// `(href, text)` of the result titles of one kind ("item" or "document"), in page order.
fn results(html: &str, kind: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(&format!("li.hit.{kind} > a.title")).unwrap();
    doc.select(&sel)
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_owned(),
                a.text().collect(),
            )
        })
        .collect()
}

fn marks(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("li.hit mark").unwrap();
    doc.select(&sel).map(|m| m.text().collect()).collect()
}

fn q(words: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/search").unwrap();
    url.query_pairs_mut().append_pair("q", words);
    format!("/search?{}", url.query().unwrap())
}

#[tokio::test]
async fn searching_xinxiaoqu_finds_the_qingxu_decision_first() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    let (qingxu_doc, _) = import_seeds(&app).await;
    let qingxu = item_with(&app, "清徐县").await;
    let office = app.browser("office").await;

    // Act
    let html = office.get_html(&q("新校区")).await;

    // Assert
    let items = results(&html, "item");
    assert!(items.len() >= 2, "{items:?}");
    assert_eq!(items[0].0, format!("/items/{qingxu}"), "{items:?}");
    let docs = results(&html, "document");
    assert_eq!(
        docs.first().map(|d| d.0.clone()),
        Some(format!("/documents/{qingxu_doc}"))
    );
}

#[tokio::test]
async fn searching_yiqing_fangkong_finds_the_2022_tasks() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    let (_, tasks_doc) = import_seeds(&app).await;
    let office = app.browser("office").await;
    let expected: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND body LIKE '%疫情防控%' ORDER BY id",
    )
    .bind(tasks_doc)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(!expected.is_empty());

    // Act
    let html = office.get_html(&q("疫情防控")).await;

    // Assert
    let found: Vec<String> = results(&html, "item").into_iter().map(|r| r.0).collect();
    for id in expected {
        assert!(
            found.contains(&format!("/items/{id}")),
            "{id} not in {found:?}"
        );
    }
    let docs: Vec<String> = results(&html, "document")
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert!(
        docs.contains(&format!("/documents/{tasks_doc}")),
        "{docs:?}"
    );
}

#[tokio::test]
async fn results_are_highlighted_and_stored_text_is_escaped() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    import_seeds(&app).await;
    let office = app.browser("office").await;
    let item = item_with(&app, "清徐县").await;
    edit(&app, &office, item, "<b>新校区</b>框架协议", None).await;

    // Act
    let html = office.get_html(&q("新校区")).await;

    // Assert
    let marks = marks(&html);
    assert!(marks.iter().any(|m| m == "新校区"), "{marks:?}");
    let doc = Html::parse_document(&html);
    let titles: Vec<String> = doc
        .select(&Selector::parse("li.hit a.title").unwrap())
        .map(|a| a.text().collect())
        .collect();
    assert!(
        titles.iter().any(|t| t == "<b>新校区</b>框架协议"),
        "stored markup is shown as text: {titles:?}"
    );
    assert_eq!(doc.select(&Selector::parse("li.hit b").unwrap()).count(), 0);
}

#[tokio::test]
async fn a_unit_head_finds_only_their_units_published_items_and_no_documents() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let (qingxu_doc, _) = import_seeds(&app).await;
    let office = app.browser("office").await;
    let mine = item_with(&app, "清徐县").await;
    let theirs = item_with(&app, "开工仪式").await;
    edit(&app, &office, mine, "与清徐县共建新校区", Some("教务处")).await;
    edit(&app, &office, theirs, "新校区开工仪式", Some("后勤管理处")).await;
    publish(&office, qingxu_doc, mine).await;
    publish(&office, qingxu_doc, theirs).await;
    let head = app.browser("jiaowu").await;

    // Act
    let html = head.get_html(&q("新校区")).await;

    // Assert
    let items: Vec<String> = results(&html, "item").into_iter().map(|r| r.0).collect();
    assert_eq!(items, vec![format!("/items/{mine}")]);
    assert!(results(&html, "document").is_empty());
    let none = head.get_html(&q("疫情防控")).await;
    assert!(results(&none, "item").is_empty());
    assert!(none.contains("没有找到"));
}

#[tokio::test]
async fn an_edited_title_is_found_by_its_new_words() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    import_seeds(&app).await;
    let office = app.browser("office").await;
    let item = item_with(&app, "清徐县").await;
    assert!(results(&office.get_html(&q("数字孪生")).await, "item").is_empty());

    // Act
    edit(&app, &office, item, "建设数字孪生校园平台", None).await;

    // Assert
    let html = office.get_html(&q("数字孪生")).await;
    let items = results(&html, "item");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].0, format!("/items/{item}"));
}

#[tokio::test]
async fn an_empty_query_shows_only_the_box() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, None).await;
    import_seeds(&app).await;
    let office = app.browser("office").await;

    // Act
    let html = office.get_html("/search?q=+%E3%80%82").await;

    // Assert
    // The page's own search box (not only the top bar's), ready for the next query.
    assert!(html.contains(r#"aria-label="检索关键词""#));
    assert!(results(&html, "item").is_empty());
    assert!(!html.contains("没有找到"));
}

#[tokio::test]
async fn vectors_missing_from_before_the_migration_are_filled_at_start() {
    // Arrange
    let app = spawn_app().await;
    import_seeds(&app).await;
    let before: (i64, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("SELECT count(*), max(updated_at) FROM items")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE items SET search_vector = NULL")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE documents SET search_vector = NULL")
        .execute(&app.db.pool)
        .await
        .unwrap();

    // Act
    let filled = duban::store::search::reindex_all(&app.db.pool)
        .await
        .unwrap();

    // Assert
    assert_eq!(filled, before.0 as u64 + 5);
    let after: (i64, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE search_vector IS NULL), max(updated_at) FROM items",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(after.0, 0);
    assert_eq!(after.1, before.1, "reindexing is not an edit");
    assert_eq!(
        duban::store::search::reindex_all(&app.db.pool)
            .await
            .unwrap(),
        0
    );
}
