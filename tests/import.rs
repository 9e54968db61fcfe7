//! Importing documents: transactional, deduplicated by content, owners linked to units.

mod common;

use common::TestDb;
use duban::import::{import_document, ImportError, Imported};
use duban::store::units::find_or_insert_unit;

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
