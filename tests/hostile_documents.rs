//! Hostile documents and nosy readers (issue 16): files that expand to more text or more
//! items than any document holds are refused whole, with a reason in Chinese on the web and
//! in English on the command line, while long real documents still import; and documents
//! whose titles must not reach readers who may not see them, through the ledger's document
//! filter, its print view or its exports.

mod common;

use std::io::Write;

use common::{duban_on, spawn_app, Browser, TestApp, TestDb};
use duban::domain::Role;
use duban::import::{import_document, ImportError, Imported, MAX_ITEMS_PER_DOCUMENT};
use reqwest::StatusCode;
use scraper::{Html, Selector};

// ---------------------------------------------------------------------------------------
// Documents that expand past the limits

/// A .docx (deflated, as Word writes it) whose body is `count` paragraphs of `paragraph`.
fn docx_of(paragraph: &str, count: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    )
    .unwrap();
    let p = format!("<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>");
    for _ in 0..count {
        zip.write_all(p.as_bytes()).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// A .docx of under 100 KB whose text is about 5 MB: past the 4 MB text limit, though its
/// XML (12 MB) is well within the 64 MB a part may have uncompressed.
fn expanding_docx() -> Vec<u8> {
    let bytes = docx_of("会议要求各单位认真抓好落实，确保各项工作按期完成。", 70_000);
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    bytes
}

/// Minutes whose numbered list gives `n` jobs to 教务处, one item each.
fn minutes_with_items(n: usize) -> String {
    let mut text = "某局局务会议纪要\n会议议定事项如下：\n".to_owned();
    for i in 1..=n {
        text.push_str(&format!(
            "{i}. 由教务处负责完成第{i}项工作，12月31日前完成。\n"
        ));
    }
    text
}

/// Every real and seed document of the corpus joined into one long text (about 150 KB,
/// hundreds of items): far longer than any one of them, as a long plan would be.
fn long_real_document() -> String {
    let mut text = String::new();
    for dir in ["tests/corpus/real", "tests/corpus/seeds"] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            text.push_str(&std::fs::read_to_string(f).unwrap());
            text.push_str("\n\n");
        }
    }
    text
}

async fn count(pool: &sqlx::PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Nothing of any document is stored.
async fn assert_nothing_stored(pool: &sqlx::PgPool) {
    for table in ["documents", "sections", "items", "item_events"] {
        assert_eq!(count(pool, table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn a_docx_whose_text_expands_past_the_limit_is_refused_before_anything_is_stored() {
    // Arrange
    let db = TestDb::new().await;

    // Act
    let result = import_document(&db.pool, "纪要.docx", &expanding_docx(), None, None).await;

    // Assert
    assert!(
        matches!(
            result,
            Err(ImportError::Unreadable(
                duban::extract::DecodeError::TextTooLarge
            ))
        ),
        "{result:?}"
    );
    assert_nothing_stored(&db.pool).await;
}

#[tokio::test]
async fn a_document_with_more_items_than_the_cap_is_refused_and_nothing_is_stored() {
    // Arrange
    let db = TestDb::new().await;
    let text = minutes_with_items(MAX_ITEMS_PER_DOCUMENT + 1);

    // Act
    let result = import_document(&db.pool, "纪要.txt", text.as_bytes(), None, None).await;

    // Assert
    assert!(
        matches!(
            result,
            Err(ImportError::TooManyItems { items }) if items == MAX_ITEMS_PER_DOCUMENT + 1
        ),
        "{result:?}"
    );
    assert_nothing_stored(&db.pool).await;
}

#[tokio::test]
async fn a_document_with_as_many_items_as_the_cap_imports_all_of_them() {
    let db = TestDb::new().await;
    let text = minutes_with_items(MAX_ITEMS_PER_DOCUMENT);

    let result = import_document(&db.pool, "纪要.txt", text.as_bytes(), None, None).await;

    assert!(
        matches!(result, Ok(Imported::New { items, .. }) if items == MAX_ITEMS_PER_DOCUMENT),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_long_real_document_still_imports_with_all_its_items() {
    // Arrange
    let db = TestDb::new().await;
    let text = long_real_document();
    assert!(text.len() > 100_000);

    // Act
    let result = import_document(&db.pool, "汇编.txt", text.as_bytes(), None, None).await;

    // Assert
    let Ok(Imported::New { items, .. }) = result else {
        panic!("{result:?}")
    };
    assert!(items > 100, "{items} items");
    assert_eq!(count(&db.pool, "items").await, items as i64);
}

#[tokio::test]
async fn the_clerk_is_told_in_chinese_why_an_expanding_docx_or_too_many_items_were_refused() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let office = app.browser("office").await;
    let many = minutes_with_items(MAX_ITEMS_PER_DOCUMENT + 1);

    // Act
    let docx = office
        .post_multipart(
            "/documents/import",
            &[],
            vec![("file", "纪要.docx", expanding_docx())],
        )
        .await;
    let docx_status = docx.status();
    let docx_page = docx.text().await.unwrap();
    let pasted = office
        .post_multipart("/documents/import", &[("text", &many)], vec![])
        .await;
    let pasted_status = pasted.status();
    let pasted_page = pasted.text().await.unwrap();

    // Assert
    let alert = |html: &str| {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(r#"[role="alert"]"#).unwrap();
        doc.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect::<String>()
    };
    assert_eq!(docx_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        alert(&docx_page).contains("解码后的文字超过 4 MB"),
        "{}",
        alert(&docx_page)
    );
    assert_eq!(pasted_status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = alert(&pasted_page);
    assert!(
        message.contains("识别出 1001 项督办事项，超过单份文件 1000 项的上限"),
        "{message}"
    );
    assert!(message.contains("未保存任何内容"), "{message}");
    assert_nothing_stored(&app.db.pool).await;
}

#[tokio::test]
async fn the_command_line_refuses_an_expanding_docx_and_too_many_items_in_english() {
    // Arrange
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("expanding.docx");
    std::fs::write(&docx, expanding_docx()).unwrap();
    let many = dir.path().join("many.txt");
    std::fs::write(&many, minutes_with_items(MAX_ITEMS_PER_DOCUMENT + 1)).unwrap();
    let run = |args: &[&std::path::Path], command: &str| {
        duban_on(&db).arg(command).args(args).output().unwrap()
    };

    // Act
    let import = run(&[&docx, &many], "import");
    let extract = run(&[&docx, &many], "extract");

    // Assert
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(!import.status.success());
    assert!(
        stderr
            .contains("expanding.docx: cannot read the file: the file's text is larger than 4 MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("many.txt: the document yields 1001 items, more than the 1000"),
        "{stderr}"
    );
    let stderr = String::from_utf8_lossy(&extract.stderr);
    assert_eq!(extract.status.code(), Some(2));
    assert!(stderr.contains("larger than 4 MB"), "{stderr}");
    assert!(
        stderr.contains("1001 items; `duban import` refuses a document with more than 1000"),
        "{stderr}"
    );
    assert_nothing_stored(&db.pool).await;
}

/// `n` distinct tokens such as `k3f9a1c2d0`, from a fixed-seed generator.
fn distinct_tokens(n: usize) -> Vec<String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            format!("k{:09x}{i}", state & 0xf_ffff_ffff)
        })
        .collect()
}

#[tokio::test]
async fn a_document_of_many_distinct_words_imports_and_is_found_by_its_leading_text() {
    // Arrange: one job whose text carries 150,000 distinct tokens (about 2 MB), past what a
    // PostgreSQL tsvector may hold (1 MB), both in the document and in its item.
    let db = TestDb::new().await;
    let tokens = distinct_tokens(150_000);
    let text = format!(
        "某局局务会议纪要\n会议议定事项如下：\n1. 由教务处负责核对以下编码：{}。\n",
        tokens.join(" ")
    );
    let office = duban::domain::Actor::office();
    let first = duban::search::segment(&tokens[0]);

    // Act
    let result = import_document(&db.pool, "编码表.txt", text.as_bytes(), None, None).await;

    // Assert
    let Ok(Imported::New { document_id, items }) = result else {
        panic!("{result:?}")
    };
    assert_eq!(items, 1);
    let documents = duban::store::search::search_documents(&db.pool, &office, &first, 10)
        .await
        .unwrap();
    assert_eq!(
        documents.iter().map(|d| d.id).collect::<Vec<_>>(),
        [document_id]
    );
    let found = duban::store::search::search_items(&db.pool, &office, (&first, &first), 10)
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "the item is found by its leading text");
}

// ---------------------------------------------------------------------------------------
// Document titles stay with those who may see the documents

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
    let (_, leader) = app.add_leader("lingdao", "陈副院长").await;
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
