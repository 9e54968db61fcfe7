//! Importing documents: transactional, deduplicated by content, owners linked to units,
//! a task table's responsible leader linked to the one leader of that name.

mod common;

use common::{spawn_app, Browser, TestApp, TestDb};
use duban::domain::{DocumentId, Role};
use duban::import::{import_document, ImportError, Imported};
use duban::store::units::find_or_insert_unit;
use scraper::{Html, Selector};

const MINUTES: &[u8] = include_bytes!("corpus/seeds/000_1d08707988aae3b8.txt");
/// A report whose list gives a job to 组织人事部 and 宣传统战部.
const REPORT: &[u8] = include_bytes!("corpus/seeds/002_5bc6ffdc26148477.txt");

async fn count(db: &TestDb, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_imported_document_is_stored_with_its_sections_and_draft_items() {
    let db = TestDb::new().await;

    let imported = import_document(&db.pool, "minutes.txt", MINUTES, None, None)
        .await
        .unwrap();

    let Imported::New { document_id, items } = imported else {
        panic!("expected a new document")
    };
    assert!(items > 0);
    let (original, body): (Vec<u8>, String) =
        sqlx::query_as("SELECT original, body FROM documents WHERE id = $1")
            .bind(document_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(original, MINUTES, "the original bytes are kept");
    assert_eq!(body, std::str::from_utf8(MINUTES).unwrap());
    assert_eq!(
        count(&db, "items WHERE status = 'draft'").await,
        items as i64
    );
    assert_eq!(
        count(&db, "item_events WHERE action = 'extracted'").await,
        items as i64
    );
    // Every item's span points at its own wording in the stored text.
    let spans: Vec<(String, i32, i32)> =
        sqlx::query_as("SELECT body, span_start, span_end FROM items")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let chars: Vec<char> = body.chars().collect();
    for (text, start, end) in spans {
        let quoted: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(quoted, text);
    }
}

#[tokio::test]
async fn importing_the_same_bytes_again_opens_the_existing_document() {
    let db = TestDb::new().await;
    let first = import_document(&db.pool, "a.txt", MINUTES, None, None)
        .await
        .unwrap();
    let items = count(&db, "items").await;

    let second = import_document(&db.pool, "renamed.txt", MINUTES, None, None)
        .await
        .unwrap();

    assert_eq!(
        second,
        Imported::Existing {
            document_id: first.document_id()
        }
    );
    assert_eq!(count(&db, "documents").await, 1);
    assert_eq!(count(&db, "items").await, items);
}

#[tokio::test]
async fn a_file_that_cannot_be_read_stores_nothing() {
    let db = TestDb::new().await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    let result = import_document(&db.pool, "photo.txt", png, None, None).await;

    assert!(
        matches!(result, Err(ImportError::Unreadable(_))),
        "{result:?}"
    );
    assert_eq!(count(&db, "documents").await, 0);
    assert_eq!(count(&db, "items").await, 0);
}

#[tokio::test]
async fn extracted_owners_that_name_known_units_become_their_lead_units() {
    let db = TestDb::new().await;
    find_or_insert_unit(&db.pool, "宣传统战部").await.unwrap();

    import_document(&db.pool, "report.txt", REPORT, None, None)
        .await
        .unwrap();

    let linked: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.name, iu.role::text FROM item_units iu JOIN units u ON u.id = iu.unit_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(
        linked.contains(&("宣传统战部".to_owned(), "lead".to_owned())),
        "{linked:?}"
    );
}

#[tokio::test]
async fn each_item_links_a_unit_once_by_name_or_alias_leading_before_helping() {
    // Arrange: 教务处, also known as 教学处, and 人事处.
    let db = TestDb::new().await;
    let (jiaowu, _) = find_or_insert_unit(&db.pool, "教务处").await.unwrap();
    find_or_insert_unit(&db.pool, "人事处").await.unwrap();
    sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ('教学处', $1)")
        .bind(jiaowu)
        .execute(&db.pool)
        .await
        .unwrap();
    let text = "关于教学工作的院长办公会会议纪要\n\
        2026年11月20日，院长主持召开院长办公会。\n\
        一、关于教师考核\n\
        会议要求：一是由教学处牵头，人事处、教务处配合，于2026年12月底前修订教师考核办法；\
        二是由人事处负责，2027年1月底前完成年度考核。\n";

    // Act
    import_document(&db.pool, "minutes.txt", text.as_bytes(), None, None)
        .await
        .unwrap();

    // Assert: items in document order, each unit once, 教务处 leading the first although
    // also named as helping; every item searchable by its lead unit.
    let links: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT i.body, u.name, iu.role::text FROM items i \
         JOIN item_units iu ON iu.item_id = i.id JOIN units u ON u.id = iu.unit_id \
         ORDER BY i.id, iu.role, u.name",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let roles: Vec<(&str, &str)> = links
        .iter()
        .map(|(_, u, r)| (u.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        roles,
        [("教务处", "lead"), ("人事处", "co"), ("人事处", "lead")],
        "{links:?}"
    );
    assert!(links[0].0.contains("修订教师考核办法"), "{links:?}");
    // The unit names are indexed with weight C: only where the unit leads.
    let leading: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM items WHERE search_vector @@ to_tsquery('simple', '人事处:C')",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(leading.len(), 1, "{leading:?}");
    assert!(leading[0].contains("完成年度考核"), "{leading:?}");
    let by_text: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM items WHERE search_vector @@ to_tsquery('simple', '人事处')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(by_text, 2, "人事处 is in both items' text");
    let events: i64 =
        sqlx::query_scalar("SELECT count(*) FROM item_events WHERE action = 'extracted'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(events, 2);
}

#[tokio::test]
async fn a_pdf_copy_with_nul_characters_is_stored_with_each_as_a_replacement_character() {
    // PDF copying leaves NUL (and other controls) where a page number's glyphs were; no
    // PostgreSQL text column stores NUL.
    let db = TestDb::new().await;
    let page = "会议要求，一是县应急管理局要在2026年6月底前完成全县防汛预案修订工作；\
        二是县水利局要于汛期前完成水库安全隐患排查。\n";
    let text = format!("— \u{0} —\n某县人民政府常务会议纪要\n{page}— \u{1} —\n{page}");

    let imported = import_document(&db.pool, "pdf.txt", text.as_bytes(), None, None)
        .await
        .unwrap();

    let (body,): (String,) = sqlx::query_as("SELECT body FROM documents WHERE id = $1")
        .bind(imported.document_id())
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(body, text.replace('\0', "\u{FFFD}"));
    let spans: Vec<(String, i32, i32)> =
        sqlx::query_as("SELECT body, span_start, span_end FROM items")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert!(!spans.is_empty());
    let chars: Vec<char> = body.chars().collect();
    for (quoted, start, end) in spans {
        let at: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(at, quoted);
    }
}

#[tokio::test]
async fn a_pdf_and_a_doc_are_stored_with_their_source_format_and_their_items() {
    let db = TestDb::new().await;
    let pdf = include_bytes!("fixtures/formats/gongwen.pdf");
    let doc = include_bytes!("fixtures/formats/minutes.doc");

    let from_pdf = import_document(&db.pool, "纪要.pdf", pdf, None, None)
        .await
        .unwrap();
    let from_doc = import_document(&db.pool, "纪要.doc", doc, None, None)
        .await
        .unwrap();

    // Eight items from the text, two from the rows of its task table.
    for (imported, format, expected) in [(from_pdf, "pdf", 10), (from_doc, "doc", 10)] {
        let Imported::New { document_id, items } = imported else {
            panic!("expected a new document")
        };
        assert_eq!(items, expected, "{format}");
        let (stored,): (String,) =
            sqlx::query_as("SELECT source_format FROM documents WHERE id = $1")
                .bind(document_id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(stored, format);
    }
}

#[tokio::test]
async fn a_password_protected_pdf_stores_nothing() {
    let db = TestDb::new().await;
    let pdf = include_bytes!("fixtures/formats/encrypted.pdf");

    let result = import_document(&db.pool, "加密.pdf", pdf, None, None).await;

    assert!(
        matches!(
            result,
            Err(ImportError::Unreadable(
                duban::extract::DecodeError::PdfEncrypted
            ))
        ),
        "{result:?}"
    );
    assert_eq!(count(&db, "documents").await, 0);
}

/// A notice whose task table gives its first row to 王建国 and its second to 李明华 (责任领导).
const TASK_TABLE: &str = "关于印发2026年重点工作任务分工的通知\n\n各部门：\n\
    现将2026年重点工作任务分工印发给你们，请认真落实。\n\n\
    序号\t重点任务\t牵头单位\t配合单位\t完成时限\t责任领导\n\
    1\t修订人才培养方案\t教务处\t学生处\t2026年6月30日\t王建国\n\
    2\t建设在线开放课程\t教务处\t信息中心\t2026年12月31日\t李明华\n";

/// Each item of `document` in document order: its wording, what the document named as its
/// leader, and the name of the leader it is linked to.
async fn leaders_of(
    db: &TestDb,
    document: DocumentId,
) -> Vec<(String, Option<String>, Option<String>)> {
    sqlx::query_as(
        "SELECT i.body, i.extracted_leader, l.name FROM items i \
         LEFT JOIN leaders l ON l.id = i.leader_id WHERE i.document_id = $1 ORDER BY i.id",
    )
    .bind(document)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

/// Each item's leader as the document names it and as linked in `leaders`.
fn named(
    leaders: &[(String, Option<String>, Option<String>)],
) -> Vec<(Option<&str>, Option<&str>)> {
    leaders
        .iter()
        .map(|(_, extracted, linked)| (extracted.as_deref(), linked.as_deref()))
        .collect()
}

async fn insert_leader(db: &TestDb, name: &str) -> i64 {
    sqlx::query_scalar("INSERT INTO leaders (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn import_task_table(db: &TestDb) -> DocumentId {
    import_document(&db.pool, "分工.txt", TASK_TABLE.as_bytes(), None, None)
        .await
        .unwrap()
        .document_id()
}

/// The secretariat's browser on an app whose database holds the task table's notice.
async fn review_scene(app: &TestApp) -> (Browser, DocumentId) {
    app.add_user("office", Role::Secretariat, None).await;
    let office = app.browser("office").await;
    (office, import_task_table(&app.db).await)
}

/// The value of the leader field of item `item` on a review page, and the hint beside it.
fn leader_field(html: &str, item: i64) -> (String, Option<String>) {
    let page = Html::parse_document(html);
    let input = Selector::parse(&format!("#leader-{item}")).unwrap();
    let hint = Selector::parse(&format!("#leaderhint-{item}")).unwrap();
    let value = page
        .select(&input)
        .next()
        .unwrap_or_else(|| panic!("item {item} has a leader field"))
        .value()
        .attr("value")
        .unwrap_or("")
        .to_owned();
    let hint = page
        .select(&hint)
        .next()
        .map(|h| h.text().collect::<String>());
    (value, hint)
}

async fn item_ids(db: &TestDb, document: DocumentId) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM items WHERE document_id = $1 ORDER BY id")
        .bind(document)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_task_tables_leader_found_once_in_the_leaders_becomes_the_drafts_leader_from_its_creation(
) {
    // Arrange: 王建国 is a leader, 李明华 is not.
    let app = spawn_app().await;
    let wang = insert_leader(&app.db, "王建国").await;
    let (office, document) = review_scene(&app).await;

    // Act
    let html = office.get_html(&format!("/documents/{document}")).await;

    // Assert: the first row's item is linked to 王建国 from its creation: one history row
    // (the extraction), version 1.
    let items = item_ids(&app.db, document).await;
    let first: (Option<i64>, Option<String>, i32) =
        sqlx::query_as("SELECT leader_id, extracted_leader, version FROM items WHERE id = $1")
            .bind(items[0])
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(first, (Some(wang), Some("王建国".to_owned()), 1));
    let history: Vec<String> =
        sqlx::query_scalar("SELECT action FROM item_events WHERE item_id = $1 ORDER BY id")
            .bind(items[0])
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(history, ["extracted"]);
    // The review page shows the leader in the field, with no hint.
    assert_eq!(leader_field(&html, items[0]), ("王建国".to_owned(), None));
}

/// The clerk saves item `item`'s review form, from its current version, with `leader`.
async fn save_leader(
    app: &TestApp,
    office: &Browser,
    item: i64,
    leader: &str,
) -> reqwest::Response {
    let version: i32 = sqlx::query_scalar("SELECT version FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let version = version.to_string();
    let fields = [
        ("version", version.as_str()),
        ("kind", "task"),
        ("title", "修订人才培养方案"),
        ("body", "修订人才培养方案"),
        ("leader", leader),
        ("due", "2026-06-30"),
    ];
    office.post(&format!("/items/{item}/edit"), &fields).await
}

#[tokio::test]
async fn a_leader_set_at_import_changes_in_the_history_as_any_leader_does() {
    // Arrange
    let app = spawn_app().await;
    insert_leader(&app.db, "王建国").await;
    let (office, document) = review_scene(&app).await;
    let item = item_ids(&app.db, document).await[0];

    // Act: saved once with the leader as imported, then with another.
    let kept = save_leader(&app, &office, item, "王建国").await;
    let changed = save_leader(&app, &office, item, "李明华").await;

    // Assert
    assert_eq!(kept.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(changed.status(), reqwest::StatusCode::SEE_OTHER);
    let leader_changes: Vec<(String, String)> = sqlx::query_as(
        "SELECT before, after FROM item_events WHERE item_id = $1 AND field = 'leader' \
         ORDER BY id",
    )
    .bind(item)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        leader_changes,
        [("王建国".to_owned(), "李明华".to_owned())],
        "the imported leader is the item's from its creation, not a change"
    );
}

#[tokio::test]
async fn a_task_tables_leader_who_is_not_among_the_leaders_is_kept_and_shown_beside_the_field() {
    // Arrange: no leaders at all.
    let app = spawn_app().await;
    let (office, document) = review_scene(&app).await;

    // Act
    let html = office.get_html(&format!("/documents/{document}")).await;

    // Assert
    let leaders = leaders_of(&app.db, document).await;
    let named = named(&leaders);
    assert_eq!(
        named,
        [(Some("王建国"), None), (Some("李明华"), None)],
        "{leaders:?}"
    );
    let no_leader_made: i64 = sqlx::query_scalar("SELECT count(*) FROM leaders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(no_leader_made, 0);
    let items = item_ids(&app.db, document).await;
    let (value, hint) = leader_field(&html, items[1]);
    assert_eq!(
        value, "",
        "nothing is filled in for the clerk to save by mistake"
    );
    let hint = hint.expect("the document's name is shown beside the leader field");
    assert!(hint.contains("文中责任领导：李明华"), "{hint}");
    assert!(hint.contains("领导名录中没有此人"), "{hint}");
}

#[tokio::test]
async fn a_leader_name_two_leaders_answer_to_is_not_guessed_between() {
    // Arrange: two rows that are 王建国 once white space is set aside (leaders.name is
    // unique as written), and one 李明华 written with spaces around.
    let db = TestDb::new().await;
    insert_leader(&db, "王建国").await;
    insert_leader(&db, "王建国 ").await;
    let li = insert_leader(&db, " 李明华 ").await;

    // Act
    let document = import_task_table(&db).await;

    // Assert
    let leaders = leaders_of(&db, document).await;
    let named = named(&leaders);
    assert_eq!(
        named,
        [(Some("王建国"), None), (Some("李明华"), Some(" 李明华 "))],
        "{leaders:?}"
    );
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT leader_id FROM items WHERE extracted_leader = '李明华'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(linked, Some(li));
}

#[tokio::test]
async fn items_from_prose_name_no_leader() {
    let db = TestDb::new().await;
    insert_leader(&db, "王建国").await;

    let document = import_document(&db.pool, "minutes.txt", MINUTES, None, None)
        .await
        .unwrap()
        .document_id();

    let leaders = leaders_of(&db, document).await;
    assert!(!leaders.is_empty());
    assert!(
        leaders.iter().all(|(_, e, l)| e.is_none() && l.is_none()),
        "{leaders:?}"
    );
}
