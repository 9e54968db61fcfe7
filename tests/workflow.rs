//! The 督办 workflow over HTTP: import and review, publish, the unit head's work, the
//! secretariat's verification, history, concurrency and authorization.

mod common;

use common::{spawn_app, Browser, TestApp};
use duban::domain::Role;
use reqwest::StatusCode;
use scraper::{Html, Selector};

const MINUTES: &[u8] = include_bytes!("corpus/seeds/000_1d08707988aae3b8.txt");

/// A published task led by 教务处 and helped by 宣传统战部, with a user per role.
struct Scene {
    app: TestApp,
    office: Browser,
    lead_head: Browser,
    helper_head: Browser,
    other_head: Browser,
    leader: Browser,
    document_id: i64,
    item_id: i64,
}

impl Scene {
    /// `who` moves the item to `to`, from the version it has now.
    async fn change_status(&self, who: &Browser, to: &str) -> reqwest::Response {
        let v = version(&self.app, self.item_id).await;
        let path = format!("/items/{}/status", self.item_id);
        who.post(&path, &[("version", &v), ("status", to)]).await
    }

    /// `who` reports progress on the item with `note` and no evidence.
    async fn report(&self, who: &Browser, note: &str) -> reqwest::Response {
        let path = format!("/items/{}/progress", self.item_id);
        who.post_multipart(&path, &[("note", note)], vec![]).await
    }

    /// The lead unit's head asks for the deadline 2099-12-31.
    async fn request_extension(&self) -> reqwest::Response {
        let path = format!("/items/{}/extension", self.item_id);
        let fields = [("new_due", "2099-12-31"), ("reason", "需等待上级批复")];
        self.lead_head.post(&path, &fields).await
    }

    /// The secretariat's verdict on the item reported done, from the version it has now.
    async fn verify(&self, verdict: &str, note: &str) -> reqwest::Response {
        let v = version(&self.app, self.item_id).await;
        let path = format!("/items/{}/verify", self.item_id);
        let fields = [
            ("version", v.as_str()),
            ("verdict", verdict),
            ("note", note),
        ];
        self.office.post(&path, &fields).await
    }
}

async fn version(app: &TestApp, item: i64) -> String {
    let v: i32 = sqlx::query_scalar("SELECT version FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    v.to_string()
}

async fn status(app: &TestApp, item: i64) -> String {
    sqlx::query_scalar("SELECT status::text FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn events(app: &TestApp, item: i64, action: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM item_events WHERE item_id = $1 AND action = $2")
        .bind(item)
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("xuanchuan", Role::UnitHead, Some("宣传统战部"))
        .await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let leader_user = app.add_user("leader", Role::Leader, None).await;
    sqlx::query("INSERT INTO leaders (name, user_id) VALUES ('陈副院长', $1)")
        .bind(leader_user)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET email = login || '@example.edu.cn'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let office = app.browser("office").await;

    // Arrange a document through the upload form.
    let r = office
        .post_multipart(
            "/documents/import",
            &[],
            vec![("file", "纪要.txt", MINUTES.to_vec())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let document_id: i64 = r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let item_id: i64 = sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND kind = 'task' ORDER BY span_start LIMIT 1",
    )
    .bind(document_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    let (lead, co) = (
        app.unit_id("教务处").await.to_string(),
        app.unit_id("宣传统战部").await.to_string(),
    );
    let v = version(&app, item_id).await;
    let r = office
        .post(
            &format!("/items/{item_id}/edit"),
            &[
                ("version", &v),
                ("kind", "task"),
                ("title", "深刻领会会议精神"),
                ("body", "一要提高政治站位"),
                ("lead", &lead),
                ("co", &co),
                ("leader", "陈副院长"),
                ("due", "2099-06-30"),
                ("recurrence", "monthly"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let r = office
        .post(
            &format!("/documents/{document_id}/review"),
            &[("do", "publish"), ("item", &item_id.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    Scene {
        lead_head: app.browser("jiaowu").await,
        helper_head: app.browser("xuanchuan").await,
        other_head: app.browser("houqin").await,
        leader: app.browser("leader").await,
        office,
        document_id,
        item_id,
        app,
    }
}

#[tokio::test]
async fn publishing_assigns_the_item_to_its_units_and_records_every_change() {
    let s = scene().await;

    assert_eq!(status(&s.app, s.item_id).await, "assigned");
    for action in ["extracted", "edited", "status"] {
        assert!(
            events(&s.app, s.item_id, action).await >= 1,
            "{action} recorded"
        );
    }
    let page = s.lead_head.get_html(&format!("/items/{}", s.item_id)).await;
    assert!(
        page.contains("深刻领会会议精神")
            && page.contains("2099年6月30日")
            && page.contains("陈副院长"),
        "{page}"
    );
    assert!(
        page.contains(&format!("/documents/{}#item-{}", s.document_id, s.item_id)),
        "links to its sentence"
    );
    let history = s.office.get_html(&format!("/items/{}", s.item_id)).await;
    assert!(
        history.contains("修改牵头单位") && history.contains("教务处"),
        "the timeline shows before → after"
    );
}

#[tokio::test]
async fn a_reimport_of_the_same_file_opens_the_existing_document() {
    let s = scene().await;

    let r = s
        .office
        .post_multipart(
            "/documents/import",
            &[],
            vec![("file", "另一个名字.txt", MINUTES.to_vec())],
        )
        .await;

    assert_eq!(
        r.headers()["location"],
        format!("/documents/{}", s.document_id).as_str()
    );
    let docs: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(docs, 1);
}

#[tokio::test]
async fn an_unreadable_upload_gets_a_chinese_message_and_stores_nothing() {
    let s = scene().await;

    let r = s
        .office
        .post_multipart(
            "/documents/import",
            &[],
            vec![(
                "file",
                "scan.pdf",
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
            )],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("无法导入"));
    let docs: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(docs, 1, "only the scene's document");
}

#[tokio::test]
async fn pasted_text_is_imported_like_a_file() {
    let s = scene().await;

    let r = s
        .office
        .post_multipart(
            "/documents/import",
            &[(
                "text",
                "会议决定：同意新建图书馆。由后勤管理处负责，2030年底前完成。",
            )],
            vec![],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s
        .office
        .get_html(r.headers()["location"].to_str().unwrap())
        .await;
    assert!(page.contains("新建图书馆"));
}

#[tokio::test]
async fn the_review_shows_why_each_item_was_found_and_pre_ticks_only_trackable_ones() {
    let s = scene().await;
    let text = "会议要求：一是由后勤管理处负责，2030年6月底前完成新图书馆的设计方案。\
        二是全体教职工要进一步提高认识、增强责任感。";

    let r = s
        .office
        .post_multipart("/documents/import", &[("text", text)], vec![])
        .await;
    let page = s
        .office
        .get_html(r.headers()["location"].to_str().unwrap())
        .await;

    let ids: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT id, trackable FROM items WHERE body LIKE '%图书馆%' OR body LIKE '%全体教职工%' \
         ORDER BY span_start",
    )
    .fetch_all(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let doc = Html::parse_document(&page);
    let ticked = |id: i64| {
        let pick = Selector::parse(&format!("input#pick-{id}")).unwrap();
        let input = doc.select(&pick).next().expect("a checkbox per draft");
        input.value().attr("checked").is_some()
    };
    assert!(ids[0].1 && ticked(ids[0].0));
    assert!(!ids[1].1 && !ticked(ids[1].0));
    assert!(page.contains("提取依据：列举事项“一是”"), "{page}");
    assert!(page.contains("提取依据：列举事项“二是”"));
    assert!(page.contains("默认不勾选"));
}

#[tokio::test]
async fn a_task_without_a_lead_unit_cannot_be_published() {
    let s = scene().await;
    let draft: i64 = sqlx::query_scalar("SELECT id FROM items WHERE status = 'draft' AND NOT EXISTS (SELECT 1 FROM item_units WHERE item_id = items.id) AND kind = 'task' LIMIT 1")
        .fetch_one(&s.app.db.pool).await.unwrap();

    let r = s
        .office
        .post(
            &format!("/documents/{}/review", s.document_id),
            &[("do", "publish"), ("item", &draft.to_string())],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("尚未指定牵头单位"));
    assert_eq!(status(&s.app, draft).await, "draft");
}

#[tokio::test]
async fn the_clerk_can_add_an_item_the_extractor_missed_from_a_passage() {
    let s = scene().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM items")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();

    let r = s
        .office
        .post(
            &format!("/documents/{}/items", s.document_id),
            &[("kind", "task"), ("title", ""), ("passage", "记录：张鹏")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM items")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(after, before + 1);
    let missing = s
        .office
        .post(
            &format!("/documents/{}/items", s.document_id),
            &[("kind", "task"), ("passage", "原文里没有这句话")],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_unit_head_acknowledges_reports_progress_with_evidence_and_marks_done() {
    let s = scene().await;
    let item = s.item_id;

    let my = s.lead_head.get_html("/my").await;
    assert!(my.contains("深刻领会会议精神"), "the item is in 我的督办");
    assert_eq!(
        s.lead_head
            .post(&format!("/items/{item}/ack"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let empty = s
        .lead_head
        .post_multipart(
            &format!("/items/{item}/progress"),
            &[("note", "  ")],
            vec![],
        )
        .await;
    assert_eq!(
        empty.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a note is required"
    );
    let r = s
        .lead_head
        .post_multipart(
            &format!("/items/{item}/progress"),
            &[("note", "已组织专题学习两次")],
            vec![(
                "evidence",
                "照片.jpg",
                vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
            )],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status(&s.app, item).await,
        "in_progress",
        "the first report starts the work"
    );
    let latest: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT action, after FROM item_events WHERE item_id = $1 ORDER BY id DESC LIMIT 2",
    )
    .bind(item)
    .fetch_all(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        latest,
        [
            ("status".to_owned(), Some("推进中".to_owned())),
            ("progress".to_owned(), None)
        ],
        "the history shows the report, then the move it made"
    );
    let r = s.change_status(&s.lead_head, "reported_done").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    assert_eq!(status(&s.app, item).await, "reported_done");
    let attachment: i64 = sqlx::query_scalar("SELECT id FROM attachments")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    let download = s.lead_head.get(&format!("/attachments/{attachment}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.bytes().await.unwrap().as_ref(),
        &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
    );
    assert_eq!(
        s.office
            .get(&format!("/attachments/{attachment}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        s.other_head
            .get(&format!("/attachments/{attachment}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let page = s.lead_head.get_html(&format!("/items/{item}")).await;
    assert!(page.contains("已组织专题学习两次") && page.contains("签收"));
    assert!(
        page.contains(&format!("href=\"/attachments/{attachment}\">照片.jpg</a>")),
        "the evidence is listed: {page}"
    );
}

#[tokio::test]
async fn the_secretariat_closes_or_returns_an_item_reported_done() {
    let s = scene().await;
    let item = s.item_id;
    s.lead_head
        .post_multipart(
            &format!("/items/{item}/progress"),
            &[("note", "完成")],
            vec![],
        )
        .await;
    s.change_status(&s.lead_head, "reported_done").await;

    let no_reason = s.verify("return", "").await;
    assert_eq!(
        no_reason.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "returning needs a reason"
    );
    let returned = s.verify("return", "缺少佐证材料").await;
    assert_eq!(returned.status(), StatusCode::SEE_OTHER);
    assert_eq!(status(&s.app, item).await, "in_progress");

    s.change_status(&s.lead_head, "reported_done").await;
    let closed = s.verify("close", "").await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(status(&s.app, item).await, "closed");
}

#[tokio::test]
async fn an_extension_request_moves_the_deadline_once_approved() {
    let s = scene().await;
    let item = s.item_id;

    let r = s.request_extension().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let twice = s
        .lead_head
        .post(
            &format!("/items/{item}/extension"),
            &[("new_due", "2099-12-30"), ("reason", "再次申请")],
        )
        .await;
    assert_eq!(
        twice.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "one pending request at a time"
    );
    let request: i64 = sqlx::query_scalar("SELECT id FROM extension_requests")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    let r = s
        .office
        .post(
            &format!("/extensions/{request}/decide"),
            &[
                ("item_id", &item.to_string()),
                ("decision", "approve"),
                ("note", "同意"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let due: chrono::NaiveDate = sqlx::query_scalar("SELECT due_date FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(due.to_string(), "2099-12-31");
    assert_eq!(events(&s.app, item, "extension_approved").await, 1);
    let page = s.lead_head.get_html(&format!("/items/{item}")).await;
    assert!(
        page.contains("已同意") && page.contains("申请延期至 2099年12月31日：需等待上级批复"),
        "the request is shown with its outcome: {page}"
    );
}

#[tokio::test]
async fn urging_queues_a_mail_to_the_lead_units_head_and_is_recorded() {
    let s = scene().await;

    let r = s
        .office
        .post(
            &format!("/items/{}/urge", s.item_id),
            &[("note", "请于本周内报送进展")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mails: Vec<(String, String)> =
        sqlx::query_as("SELECT to_address, subject FROM email_outbox WHERE purpose = 'urge'")
            .fetch_all(&s.app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        mails,
        vec![(
            "jiaowu@example.edu.cn".to_owned(),
            "【催办】深刻领会会议精神".to_owned()
        )]
    );
    assert_eq!(events(&s.app, s.item_id, "urged").await, 1);
}

/// An urge that would reach nobody (the lead unit has no active head with an address) is
/// refused with a message saying why, and neither queued nor recorded.
#[tokio::test]
async fn urging_a_unit_without_a_head_to_receive_it_is_refused_and_not_recorded() {
    let s = scene().await;
    sqlx::query("UPDATE users SET email = NULL WHERE login = 'jiaowu'")
        .execute(&s.app.db.pool)
        .await
        .unwrap();

    let r = s
        .office
        .post(
            &format!("/items/{}/urge", s.item_id),
            &[("note", "请于本周内报送进展")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("催办未发出"), "{page}");
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox WHERE purpose = 'urge'")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(mails, 0);
    assert_eq!(events(&s.app, s.item_id, "urged").await, 0);
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused_and_changes_nothing() {
    let s = scene().await;
    let stale = version(&s.app, s.item_id).await;
    s.change_status(&s.lead_head, "in_progress").await;

    let r = s
        .office
        .post(
            &format!("/items/{}/edit", s.item_id),
            &[
                ("version", &stale),
                ("kind", "task"),
                ("title", "被覆盖的标题"),
                ("body", "x"),
                ("due", ""),
            ],
        )
        .await;

    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("已被他人修改") && page.contains("深刻领会会议精神"),
        "the current values are shown"
    );
    let title: String = sqlx::query_scalar("SELECT title FROM items WHERE id = $1")
        .bind(s.item_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(title, "深刻领会会议精神");
}

#[tokio::test]
async fn a_nul_character_in_a_form_gets_a_chinese_message_and_changes_nothing() {
    let s = scene().await;
    let current = version(&s.app, s.item_id).await;

    let edit = s
        .office
        .post(
            &format!("/items/{}/edit", s.item_id),
            &[
                ("version", &current),
                ("kind", "task"),
                ("title", "带有\0空字符的标题"),
                ("body", "x"),
                ("due", ""),
            ],
        )
        .await;
    let paste = s
        .office
        .post_multipart(
            "/documents/import",
            &[("text", "会议决定\0：同意。")],
            vec![],
        )
        .await;

    for r in [edit, paste] {
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("空字符"));
    }
    let title: String = sqlx::query_scalar("SELECT title FROM items WHERE id = $1")
        .bind(s.item_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(title, "深刻领会会议精神");
}

#[tokio::test]
async fn evidence_is_served_as_a_download_whatever_type_its_uploader_claimed() {
    let s = scene().await;
    let uploader: i64 = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    let page = b"<script>alert(document.cookie)</script>";
    let attachment: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (item_id, file_name, content_type, size_bytes, sha256, \
             content, uploaded_by) \
         VALUES ($1, '说明.html', 'text/html', $2, sha256($3), $3, $4) RETURNING id",
    )
    .bind(s.item_id)
    .bind(page.len() as i32)
    .bind(page.as_slice())
    .bind(uploader)
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();

    let r = s.office.get(&format!("/attachments/{attachment}")).await;

    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers();
    assert_eq!(h["content-type"], "application/octet-stream");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
}

/// 最新进展 is the latest word on an item: a progress report, or the note given when the
/// unit marks it done (or the secretariat closes it), whichever came last; in the ledger,
/// its export and 我的督办 alike.
#[tokio::test]
async fn the_latest_progress_is_the_note_given_with_done_when_it_came_after_the_last_report() {
    // Arrange: an assigned item, a progress report, then done with a note.
    let s = scene().await;
    let item = s.item_id;
    let r = s.report(&s.lead_head, "已组织专题学习两次").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v = version(&s.app, item).await;
    let r = s
        .lead_head
        .post(
            &format!("/items/{item}/status"),
            &[
                ("version", v.as_str()),
                ("status", "reported_done"),
                ("note", "学习计划已全部落实，材料已归档"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Act
    let csv = s.office.get("/ledger.csv").await.text().await.unwrap();
    let my = s.lead_head.get_html("/my").await;

    // Assert
    let row = csv
        .lines()
        .find(|l| l.contains("深刻领会会议精神"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.contains("学习计划已全部落实，材料已归档"), "{row}");
    assert!(!row.contains("已组织专题学习两次"), "{row}");
    assert!(my.contains("学习计划已全部落实，材料已归档"), "{my}");
}

#[tokio::test]
async fn a_status_change_based_on_an_old_version_is_refused_and_changes_nothing() {
    let s = scene().await;
    let stale = version(&s.app, s.item_id).await;
    s.change_status(&s.lead_head, "in_progress").await;

    let r = s
        .lead_head
        .post(
            &format!("/items/{}/status", s.item_id),
            &[("version", &stale), ("status", "reported_done")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("已被他人修改"), "{page}");
    assert_eq!(status(&s.app, s.item_id).await, "in_progress");
}

#[tokio::test]
async fn a_report_on_an_item_no_longer_open_is_refused_and_records_nothing() {
    let s = scene().await;
    let item = s.item_id;
    s.change_status(&s.lead_head, "in_progress").await;
    s.change_status(&s.lead_head, "reported_done").await;
    let reports_before = events(&s.app, item, "progress").await;

    let r = s
        .lead_head
        .post_multipart(
            &format!("/items/{item}/progress"),
            &[("note", "补充一条进展")],
            vec![("evidence", "补充.pdf", b"%PDF-1.4".to_vec())],
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("不能再报送进展"), "{page}");
    assert_eq!(events(&s.app, item, "progress").await, reports_before);
    let files: i64 = sqlx::query_scalar("SELECT count(*) FROM attachments WHERE item_id = $1")
        .bind(item)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(files, 0, "no evidence is kept without its report");
}

#[tokio::test]
async fn a_helping_unit_reports_progress_but_only_the_lead_unit_changes_status() {
    let s = scene().await;
    let item = s.item_id;

    let progress = s.report(&s.helper_head, "已配合完成宣传").await;
    let status_change = s.change_status(&s.helper_head, "reported_done").await;

    assert_eq!(progress.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_change.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_ne!(status(&s.app, item).await, "reported_done");
}

#[tokio::test]
async fn a_unit_head_of_another_unit_gets_404_on_every_item_route() {
    let s = scene().await;
    let item = s.item_id;
    let v = version(&s.app, item).await;

    let gets = [
        format!("/items/{item}"),
        format!("/documents/{}", s.document_id),
    ];
    for path in &gets {
        assert_eq!(
            s.other_head.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "GET {path}"
        );
    }
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (format!("/items/{item}/ack"), vec![]),
        (
            format!("/items/{item}/status"),
            vec![("version", &v), ("status", "reported_done")],
        ),
        (
            format!("/items/{item}/extension"),
            vec![("new_due", "2099-12-31"), ("reason", "x")],
        ),
        (
            format!("/items/{item}/edit"),
            vec![
                ("version", &v),
                ("kind", "task"),
                ("title", "x"),
                ("body", "x"),
            ],
        ),
        (
            format!("/items/{item}/verify"),
            vec![("version", &v), ("verdict", "close")],
        ),
        (format!("/items/{item}/urge"), vec![]),
        (
            format!("/documents/{}/review", s.document_id),
            vec![("do", "publish"), ("item", "1")],
        ),
        (
            format!("/documents/{}/items", s.document_id),
            vec![("kind", "task"), ("passage", "会议")],
        ),
    ];
    for (path, fields) in &posts {
        let status = s.other_head.post(path, fields).await.status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
            "POST {path}: {status}"
        );
        if path.starts_with("/items/")
            && !path.ends_with("edit")
            && !path.ends_with("verify")
            && !path.ends_with("urge")
            && !path.ends_with("dismiss")
        {
            assert_eq!(status, StatusCode::NOT_FOUND, "POST {path}");
        }
    }
    let progress = s
        .other_head
        .post_multipart(&format!("/items/{item}/progress"), &[("note", "x")], vec![])
        .await;
    assert_eq!(progress.status(), StatusCode::NOT_FOUND);
    assert!(!s
        .other_head
        .get_html("/my")
        .await
        .contains("深刻领会会议精神"));
    assert_eq!(
        s.other_head.get("/documents/import").await.status(),
        StatusCode::NOT_FOUND,
        "only the secretariat imports"
    );
    assert_eq!(status(&s.app, item).await, "assigned", "nothing changed");
}

#[tokio::test]
async fn a_leader_reads_their_items_but_cannot_write() {
    let s = scene().await;
    let item = s.item_id;
    let v = version(&s.app, item).await;

    let my = s.leader.get_html("/my").await;
    let page = s.leader.get(&format!("/items/{item}")).await;
    let write = s
        .leader
        .post(
            &format!("/items/{item}/status"),
            &[("version", &v), ("status", "reported_done")],
        )
        .await;
    let publish = s
        .leader
        .post(
            &format!("/documents/{}/review", s.document_id),
            &[("do", "publish"), ("item", &item.to_string())],
        )
        .await;

    assert!(my.contains("深刻领会会议精神"));
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    assert_eq!(publish.status(), StatusCode::NOT_FOUND);
    assert_eq!(status(&s.app, item).await, "assigned");
}

#[tokio::test]
async fn every_post_without_the_session_csrf_token_is_refused() {
    let s = scene().await;
    let item = s.item_id;

    for path in [
        format!("/items/{item}/ack"),
        format!("/items/{item}/urge"),
        format!("/documents/{}/review", s.document_id),
    ] {
        let r = s
            .office
            .client
            .post(s.office.url(&path))
            .form(&[("csrf_token", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let r = s
        .office
        .client
        .post(s.office.url(&format!("/items/{item}/progress")))
        .multipart(reqwest::multipart::Form::new().text("note", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_long_history_shows_its_latest_fifty_events_and_offers_the_whole() {
    // Arrange: sixty progress notes on top of the item's history so far.
    let s = scene().await;
    sqlx::query(
        "INSERT INTO item_events (item_id, action, note, created_at) \
         SELECT $1, 'progress', '第' || n || '次进展', now() + n * interval '1 second' \
         FROM generate_series(1, 60) n",
    )
    .bind(s.item_id)
    .execute(&s.app.db.pool)
    .await
    .unwrap();
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM item_events WHERE item_id = $1")
        .bind(s.item_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    let timeline = Selector::parse("ol.timeline > li").unwrap();

    // Act
    let page = Html::parse_document(&s.lead_head.get_html(&format!("/items/{}", s.item_id)).await);
    let whole = Html::parse_document(
        &s.lead_head
            .get_html(&format!("/items/{}?history=all", s.item_id))
            .await,
    );

    // Assert
    let shown: Vec<String> = page
        .select(&timeline)
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(shown.len(), 50);
    assert!(
        shown[0].contains("第60次进展"),
        "newest first: {}",
        shown[0]
    );
    let text: String = page.root_element().text().collect();
    assert!(text.contains("显示全部办理记录"), "{text}");
    let whole_text: String = whole.root_element().text().collect();
    assert!(!whole_text.contains("显示全部办理记录"), "{whole_text}");
    assert_eq!(whole.select(&timeline).count() as i64, total);
}

// ---------------------------------------------------------------------------------------
// Notices: who hears of what, through the outbox.

/// (address, subject) of the queued messages of `purpose`, by address.
async fn mails(app: &TestApp, purpose: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT to_address, subject FROM email_outbox WHERE purpose = $1 ORDER BY to_address, id",
    )
    .bind(purpose)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

/// The body of the one message to `address` of `purpose`.
async fn mail_text(app: &TestApp, purpose: &str, address: &str) -> String {
    sqlx::query_scalar("SELECT body_text FROM email_outbox WHERE purpose = $1 AND to_address = $2")
        .bind(purpose)
        .bind(address)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn publishing_queues_one_message_for_exactly_the_heads_of_the_items_units() {
    let s = scene().await;

    // The scene published one item led by 教务处 and helped by 宣传统战部; 后勤管理处's head
    // and the secretariat hear nothing.
    assert_eq!(
        mails(&s.app, "assigned").await,
        vec![
            (
                "jiaowu@example.edu.cn".to_owned(),
                "【交办】深刻领会会议精神".to_owned()
            ),
            (
                "xuanchuan@example.edu.cn".to_owned(),
                "【交办】深刻领会会议精神".to_owned()
            ),
        ]
    );
    let lead = mail_text(&s.app, "assigned", "jiaowu@example.edu.cn").await;
    assert!(lead.contains("牵头 · 完成时限：2099年6月30日"), "{lead}");
    let helper = mail_text(&s.app, "assigned", "xuanchuan@example.edu.cn").await;
    assert!(helper.contains("配合 · 完成时限"), "{helper}");
    assert!(
        helper.contains(&format!("/items/{}", s.item_id)),
        "{helper}"
    );
}

/// Ids of the document's draft tasks, in text order.
async fn draft_tasks(s: &Scene) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND status = 'draft' ORDER BY span_start",
    )
    .bind(s.document_id)
    .fetch_all(&s.app.db.pool)
    .await
    .unwrap()
}

async fn set_lead_and_due(s: &Scene, item: i64, lead: &str, due: &str) {
    let v = version(&s.app, item).await;
    let lead = s.app.unit_id(lead).await.to_string();
    let r = s
        .office
        .post(
            &format!("/items/{item}/edit"),
            &[
                ("version", &v),
                ("kind", "task"),
                ("title", &format!("事项{item}")),
                ("body", "内容"),
                ("lead", &lead),
                ("due", due),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_refused_publication_names_every_problem_keeps_the_ticks_and_publishes_nothing() {
    let s = scene().await;
    let drafts = draft_tasks(&s).await;
    let (no_lead, past_due, fine) = (drafts[0], drafts[1], drafts[2]);
    set_lead_and_due(&s, past_due, "教务处", "2020-01-31").await;
    set_lead_and_due(&s, fine, "教务处", "2099-01-31").await;
    let path = format!("/documents/{}/review", s.document_id);
    let ticked = [no_lead, past_due, fine].map(|i| i.to_string());

    let r = s
        .office
        .post(
            &path,
            &std::iter::once(("do", "publish"))
                .chain(ticked.iter().map(|i| ("item", i.as_str())))
                .collect::<Vec<_>>(),
        )
        .await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("未交办任何事项"), "{page}");
    assert!(page.contains("以下 1 项尚未指定牵头单位"), "{page}");
    assert!(
        page.contains(&format!(
            "以下 1 项的完成时限已过：「事项{past_due}」（2020年1月31日）"
        )),
        "{page}"
    );
    let doc = Html::parse_document(&page);
    let checked: Vec<String> = doc
        .select(&Selector::parse("input[name=item][checked]").unwrap())
        .map(|e| e.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(checked, ticked.to_vec(), "the clerk's ticks are kept");
    for item in [no_lead, past_due, fine] {
        assert_eq!(status(&s.app, item).await, "draft");
    }

    // Confirming the past deadline and leaving out the item without a lead unit publishes
    // the rest, and the page names what was published.
    let r = s
        .office
        .post(
            &path,
            &[
                ("do", "publish"),
                ("item", &past_due.to_string()),
                ("item", &fine.to_string()),
                ("past_due", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let page = s.office.get_html(&to).await;
    assert!(
        page.contains("已交办 2 项，已通知 1 位单位负责人"),
        "{page}"
    );
    assert!(page.contains(&format!("<li>事项{fine}</li>")), "{page}");
    assert_eq!(status(&s.app, fine).await, "assigned");
}

#[tokio::test]
async fn the_review_page_flags_a_unit_whose_head_would_not_hear_of_its_items() {
    let s = scene().await;
    let drafts = draft_tasks(&s).await;
    // 后勤管理处 has a head without an address; 基建处 has no head at all.
    sqlx::query("UPDATE users SET email = NULL WHERE login = 'houqin'")
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    set_lead_and_due(&s, drafts[0], "后勤管理处", "2099-01-31").await;
    set_lead_and_due(&s, drafts[1], "教务处", "2099-01-31").await;

    let page = s
        .office
        .get_html(&format!("/documents/{}", s.document_id))
        .await;

    let warned: Vec<String> = Html::parse_document(&page)
        .select(&Selector::parse(".hint.warn").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].starts_with("后勤管理处没有在用且填有邮箱的部门负责人"));
}

#[tokio::test]
async fn the_secretariat_hears_when_a_unit_reports_done_or_asks_for_time_unless_it_opted_out() {
    let s = scene().await;
    s.app.add_user("office2", Role::Secretariat, None).await;
    sqlx::query("UPDATE users SET email = 'office2@example.edu.cn' WHERE login = 'office2'")
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    // office2 turns the notices off on their account page.
    let office2 = s.app.browser("office2").await;
    let r = office2.post("/account/updates", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = s.request_extension().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    s.change_status(&s.lead_head, "reported_done").await;

    assert_eq!(
        mails(&s.app, "update").await,
        vec![
            (
                "office@example.edu.cn".to_owned(),
                "【延期申请】教务处：深刻领会会议精神".to_owned()
            ),
            (
                "office@example.edu.cn".to_owned(),
                "【待核验】教务处报告已完成：深刻领会会议精神".to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn only_the_secretariat_may_choose_to_hear_of_units_steps() {
    let s = scene().await;
    for who in [&s.lead_head, &s.leader] {
        let r = who.post("/account/updates", &[("updates", "1")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

// ---------------------------------------------------------------------------------------
// Leaders: the directory, their accounts, 批示.

#[tokio::test]
async fn a_leader_account_created_in_admin_sees_exactly_the_items_naming_them() {
    let s = scene().await;
    // The scene's item answers to 陈副院长 (linked to the scene's leader); a second item
    // answers to 王书记, a name only, until an account of that name is created.
    let drafts = draft_tasks(&s).await;
    let v = version(&s.app, drafts[0]).await;
    let lead = s.app.unit_id("教务处").await.to_string();
    s.office
        .post(
            &format!("/items/{}/edit", drafts[0]),
            &[
                ("version", &v),
                ("kind", "task"),
                ("title", "推进新校区建设"),
                ("body", "内容"),
                ("lead", &lead),
                ("leader", "王书记"),
                ("due", "2099-01-31"),
            ],
        )
        .await;
    s.office
        .post(
            &format!("/documents/{}/review", s.document_id),
            &[("do", "publish"), ("item", &drafts[0].to_string())],
        )
        .await;

    let r = s
        .office
        .post(
            "/admin/users",
            &[
                ("login", "wang"),
                ("display_name", "王书记"),
                ("role", "leader"),
                ("unit_id", ""),
                ("email", ""),
                ("password", common::PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let wang = s.app.browser("wang").await;

    let my = wang.get_html("/my").await;
    assert!(my.contains("推进新校区建设"), "{my}");
    assert!(
        !my.contains("深刻领会会议精神"),
        "another leader's item: {my}"
    );
    let r = wang.get(&format!("/items/{}", drafts[0])).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = wang.get(&format!("/items/{}", s.item_id)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let directory = s.office.get_html("/admin/leaders").await;
    assert!(directory.contains("王书记（wang）"), "{directory}");
}

#[tokio::test]
async fn the_leaders_directory_is_the_secretariats() {
    let s = scene().await;
    for who in [&s.lead_head, &s.leader] {
        assert_eq!(
            who.get("/admin/leaders").await.status(),
            StatusCode::NOT_FOUND
        );
        let r = who.post("/admin/leaders", &[("name", "李院长")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = who
            .post("/admin/leaders/1/account", &[("user_id", "")])
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let r = s
        .office
        .post("/admin/leaders", &[("name", "李院长"), ("title", "副院长")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s.office.get_html("/admin/leaders").await;
    assert!(page.contains("李院长") && page.contains("副院长"), "{page}");
}

#[tokio::test]
async fn a_leaders_instruction_tops_the_item_joins_its_history_and_goes_to_its_units() {
    let s = scene().await;

    let r = s
        .leader
        .post(
            &format!("/items/{}/instruct", s.item_id),
            &[("text", "请抓紧推进，月底前见成效。")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(events(&s.app, s.item_id, "instructed").await, 1);
    let page = s.lead_head.get_html(&format!("/items/{}", s.item_id)).await;
    let doc = Html::parse_document(&page);
    let top: String = doc
        .select(&Selector::parse("section.instructions blockquote p").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(top, "请抓紧推进，月底前见成效。");
    let sent: Vec<String> = mails(&s.app, "instruction")
        .await
        .into_iter()
        .map(|(to, _)| to)
        .collect();
    assert_eq!(sent, ["jiaowu@example.edu.cn", "xuanchuan@example.edu.cn"]);
    let text = mail_text(&s.app, "instruction", "jiaowu@example.edu.cn").await;
    assert!(text.contains("批示：请抓紧推进，月底前见成效。"), "{text}");
}

#[tokio::test]
async fn only_the_leader_the_item_answers_to_may_write_an_instruction() {
    let s = scene().await;
    s.app.add_leader("other_leader", "李院长").await;
    let other_leader = s.app.browser("other_leader").await;
    let path = format!("/items/{}/instruct", s.item_id);

    for (who, expected) in [
        (&s.office, StatusCode::FORBIDDEN),
        (&s.lead_head, StatusCode::FORBIDDEN),
        (&other_leader, StatusCode::NOT_FOUND),
    ] {
        let r = who.post(&path, &[("text", "批示")]).await;
        assert_eq!(r.status(), expected);
    }
    assert_eq!(events(&s.app, s.item_id, "instructed").await, 0);
}

// ---------------------------------------------------------------------------------------
// 待办: what waits for each role on the home page.

/// The 待办 lists of the home page: (title, count, entry links).
async fn todo_of(who: &Browser) -> Vec<(String, String, Vec<String>)> {
    let page = who.get_html("/").await;
    let doc = Html::parse_document(&page);
    let list = Selector::parse(".todolist").unwrap();
    let h3 = Selector::parse("h3").unwrap();
    let count = Selector::parse(".count").unwrap();
    let link = Selector::parse("li a").unwrap();
    doc.select(&list)
        .map(|l| {
            let title = l
                .select(&h3)
                .next()
                .unwrap()
                .text()
                .next()
                .unwrap()
                .trim()
                .to_owned();
            let n = l.select(&count).next().unwrap().text().collect();
            let links = l
                .select(&link)
                .map(|a| a.value().attr("href").unwrap().to_owned())
                .collect();
            (title, n, links)
        })
        .collect()
}

#[tokio::test]
async fn each_role_sees_what_waits_for_it_linked_to_where_it_is_done() {
    let s = scene().await;
    let item = format!("/items/{}", s.item_id);
    let document = format!("/documents/{}", s.document_id);

    // Just published: the units have it to sign for; the document still has drafts.
    let office = todo_of(&s.office).await;
    assert_eq!(office[0].0, "待审核交办的文件");
    assert_eq!(office[0].2, [document]);
    assert_eq!(
        todo_of(&s.lead_head).await[0],
        ("待签收".to_owned(), "1".to_owned(), vec![item.clone()])
    );
    assert_eq!(todo_of(&s.helper_head).await[0].0, "待签收");
    assert!(
        todo_of(&s.other_head).await.is_empty(),
        "nothing for another unit"
    );

    // Asked for more time and reported done: the secretariat has both to answer.
    s.lead_head.post(&format!("{item}/ack"), &[]).await;
    s.request_extension().await;
    s.change_status(&s.lead_head, "reported_done").await;
    let titles: Vec<String> = todo_of(&s.office).await.into_iter().map(|l| l.0).collect();
    assert_eq!(
        titles,
        [
            "待审核交办的文件",
            "待核验（单位报告已完成）",
            "待审批的延期申请"
        ]
    );
    let office = todo_of(&s.office).await;
    assert_eq!(office[1].2, [item.as_str()]);
    assert_eq!(office[2].2, [format!("{item}#extensions")]);
    assert!(
        todo_of(&s.lead_head).await.is_empty(),
        "signed for and done"
    );

    // Overdue: red for the leader, and not yet urged for the secretariat.
    sqlx::query(
        "UPDATE items SET due_date = current_date - 3, status = 'in_progress' WHERE id = $1",
    )
    .bind(s.item_id)
    .execute(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        todo_of(&s.leader).await,
        [(
            "红灯、黄灯事项（逾期、临期或受阻）".to_owned(),
            "1".to_owned(),
            vec![item.clone()]
        )]
    );
    assert!(todo_of(&s.office)
        .await
        .iter()
        .any(|l| l.0 == "逾期且一周内未催办" && l.2 == [item.clone()]));
    assert_eq!(
        todo_of(&s.lead_head).await[0].0,
        "七日内到期或已逾期（牵头）"
    );
}

// ---------------------------------------------------------------------------------------
// The review page's one form: every change saved whatever the button, batch actions,
// unknown units adopted in one click.

/// The review form's fields of `item` as the page shows them now.
async fn review_fields(s: &Scene, item: i64) -> Vec<(String, String)> {
    let page = s
        .office
        .get_html(&format!("/documents/{}", s.document_id))
        .await;
    let doc = Html::parse_document(&page);
    let suffix = format!(".{item}");
    let mut fields = Vec::new();
    for el in doc.select(
        &Selector::parse("form#review input, form#review textarea, form#review select").unwrap(),
    ) {
        let v = el.value();
        let Some(name) = v.attr("name").filter(|n| n.ends_with(&suffix)) else {
            continue;
        };
        let value = match v.name() {
            "textarea" => el.text().collect(),
            "select" => el
                .select(&Selector::parse("option[selected]").unwrap())
                .next()
                .and_then(|o| o.value().attr("value"))
                .unwrap_or_default()
                .to_owned(),
            _ if v.attr("type") == Some("checkbox") && v.attr("checked").is_none() => continue,
            _ => v.attr("value").unwrap_or_default().to_owned(),
        };
        fields.push((name.to_owned(), value));
    }
    fields
}

async fn post_review(s: &Scene, fields: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    s.office
        .post(&format!("/documents/{}/review", s.document_id), &pairs)
        .await
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

async fn title_of(s: &Scene, item: i64) -> String {
    sqlx::query_scalar("SELECT title FROM items WHERE id = $1")
        .bind(item)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refused_publication_keeps_the_edits_made_on_the_page() {
    let s = scene().await;
    let drafts = draft_tasks(&s).await;
    let (edited, without_lead) = (drafts[0], drafts[1]);
    let mut fields = review_fields(&s, edited).await;
    set(&mut fields, &format!("title.{edited}"), "改过的名称");
    fields.push(("do".into(), "publish".into()));
    fields.push(("item".into(), without_lead.to_string()));

    let r = post_review(&s, &fields).await;

    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("尚未指定牵头单位"));
    assert_eq!(
        title_of(&s, edited).await,
        "改过的名称",
        "the edit was saved"
    );
    assert_eq!(status(&s.app, without_lead).await, "draft");
}

#[tokio::test]
async fn saving_an_item_returns_to_it_and_an_unchanged_item_keeps_its_version() {
    let s = scene().await;
    let drafts = draft_tasks(&s).await;
    let mut fields = review_fields(&s, drafts[0]).await;
    fields.extend(review_fields(&s, drafts[1]).await);
    set(&mut fields, &format!("title.{}", drafts[0]), "新名称");
    let untouched = version(&s.app, drafts[1]).await;
    fields.push(("do".into(), format!("save.{}", drafts[0])));

    let r = post_review(&s, &fields).await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!(
            "/documents/{}?saved={}#card-{}",
            s.document_id, drafts[0], drafts[0]
        )
        .as_str()
    );
    assert_eq!(title_of(&s, drafts[0]).await, "新名称");
    assert_eq!(version(&s.app, drafts[1]).await, untouched);
}

#[tokio::test]
async fn ticked_items_are_dismissed_or_given_a_lead_unit_deadline_and_leader_at_once() {
    let s = scene().await;
    let drafts = draft_tasks(&s).await;
    let tick = |ids: &[i64]| {
        ids.iter()
            .map(|i| ("item".to_owned(), i.to_string()))
            .collect::<Vec<_>>()
    };

    let mut fields = tick(&drafts[..2]);
    fields.push(("do".into(), "dismiss_ticked".into()));
    let r = post_review(&s, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for &item in &drafts[..2] {
        assert_eq!(status(&s.app, item).await, "dismissed");
    }

    let lead = s.app.unit_id("后勤管理处").await.to_string();
    let mut fields = tick(&drafts[2..4]);
    fields.extend([
        ("do".to_owned(), "batch".to_owned()),
        ("batch_lead".to_owned(), lead),
        ("batch_due".to_owned(), "2099-03-31".to_owned()),
        ("batch_leader".to_owned(), "陈副院长".to_owned()),
    ]);
    let r = post_review(&s, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for &item in &drafts[2..4] {
        let (unit, due, leader): (String, chrono::NaiveDate, String) = sqlx::query_as(
            "SELECT u.name, i.due_date, l.name FROM items i \
             JOIN item_units iu ON iu.item_id = i.id AND iu.role = 'lead' \
             JOIN units u ON u.id = iu.unit_id JOIN leaders l ON l.id = i.leader_id \
             WHERE i.id = $1",
        )
        .bind(item)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (unit.as_str(), due.to_string().as_str(), leader.as_str()),
            ("后勤管理处", "2099-03-31", "陈副院长")
        );
        assert!(
            events(&s.app, item, "edited").await >= 3,
            "each change in history"
        );
    }
    assert_eq!(
        status(&s.app, drafts[4]).await,
        "draft",
        "unticked items untouched"
    );
}

#[tokio::test]
async fn an_owner_the_directory_lacks_is_created_and_chosen_for_every_draft_naming_it() {
    let s = scene().await;
    let text = "会议要求：一是由区住建局牵头，2030年6月底前完成老旧小区改造方案。\
        二是由区住建局负责，区财政局配合，2030年9月底前完成资金测算。";
    let r = s
        .office
        .post_multipart("/documents/import", &[("text", text)], vec![])
        .await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let page = s.office.get_html(&location).await;
    assert!(page.contains("新建并选用「区住建局」"), "{page}");
    assert!(page.contains("新建并选用「区财政局」"), "{page}");
    let document: i64 = location.rsplit('/').next().unwrap().parse().unwrap();

    let r = s
        .office
        .post(
            &format!("/documents/{document}/review"),
            &[("do", "adopt_all")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "needs confirming"
    );
    let r = s
        .office
        .post(
            &format!("/documents/{document}/review"),
            &[("do", "adopt_all"), ("confirm_adopt", "1")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.name, iu.role::text FROM items i JOIN item_units iu ON iu.item_id = i.id \
         JOIN units u ON u.id = iu.unit_id WHERE i.document_id = $1 ORDER BY i.span_start, iu.role",
    )
    .bind(document)
    .fetch_all(&s.app.db.pool)
    .await
    .unwrap();
    let links: Vec<(&str, &str)> = links
        .iter()
        .map(|(u, r)| (u.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("区住建局", "lead"),
            ("区住建局", "lead"),
            ("区财政局", "co")
        ]
    );
    let page = s.office.get_html(&format!("/documents/{document}")).await;
    assert!(!page.contains("新建并选用"), "nothing left unknown");
}

#[tokio::test]
async fn enter_in_a_field_saves_and_never_publishes() {
    let s = scene().await;
    let page = s
        .office
        .get_html(&format!("/documents/{}", s.document_id))
        .await;
    let doc = Html::parse_document(&page);
    let first = doc
        .select(&Selector::parse("form#review button[type=submit]").unwrap())
        .next()
        .unwrap();
    assert_eq!(first.value().attr("value"), Some("save"));
}

#[tokio::test]
async fn only_the_secretariat_may_use_the_review_form() {
    let s = scene().await;
    let path = format!("/documents/{}/review", s.document_id);
    for who in [&s.lead_head, &s.leader] {
        let r = who
            .post(
                &path,
                &[("do", "dismiss_ticked"), ("item", &s.item_id.to_string())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

// ---------------------------------------------------------------------------------------
// Documents: header corrected with history; deleted only while nothing is published.

async fn header_form(s: &Scene, document: i64) -> Vec<(String, String)> {
    let page = s
        .office
        .get_html(&format!("/documents/{document}/edit"))
        .await;
    let doc = Html::parse_document(&page);
    let mut fields = Vec::new();
    let form = Selector::parse(&format!("form[action='/documents/{document}/edit'] input, form[action='/documents/{document}/edit'] textarea")).unwrap();
    for el in doc.select(&form) {
        let v = el.value();
        let name = v.attr("name").unwrap().to_owned();
        if name == "csrf_token" {
            continue;
        }
        let value = if v.name() == "textarea" {
            el.text().collect()
        } else {
            v.attr("value").unwrap_or_default().to_owned()
        };
        fields.push((name, value));
    }
    fields
}

#[tokio::test]
async fn a_documents_header_is_corrected_with_its_history_and_a_stale_form_is_refused() {
    let s = scene().await;
    let path = format!("/documents/{}/edit", s.document_id);
    let mut fields = header_form(&s, s.document_id).await;
    let stale = fields.clone();
    set(&mut fields, "title", "学院党委会议纪要（修订）");
    set(&mut fields, "doc_number", "院党纪〔2026〕3号");
    let pairs = |f: &[(String, String)]| {
        f.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };

    let f = pairs(&fields);
    let r = s
        .office
        .post(
            &path,
            &f.iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = s.office.get_html(&path).await;
    assert!(page.contains("修改标题"), "{page}");
    assert!(page.contains("<ins>院党纪〔2026〕3号</ins>"), "{page}");
    let item = s.lead_head.get_html(&format!("/items/{}", s.item_id)).await;
    assert!(
        item.contains("学院党委会议纪要（修订）"),
        "the source follows: {item}"
    );

    // A form from before that change changes nothing.
    let mut old = pairs(&stale);
    set(&mut old, "title", "另一个名称");
    let r = s
        .office
        .post(
            &path,
            &old.iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("已被他人修改"));
    let title: String = sqlx::query_scalar("SELECT title FROM documents WHERE id = $1")
        .bind(s.document_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(title, "学院党委会议纪要（修订）");
}

#[tokio::test]
async fn a_document_is_deleted_only_while_none_of_its_items_is_published() {
    let s = scene().await;
    let r = s
        .office
        .post(
            &format!("/documents/{}/delete", s.document_id),
            &[("confirm", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能删除"));

    let r = s
        .office
        .post_multipart(
            "/documents/import",
            &[(
                "text",
                "会议决定：一是由后勤管理处负责，2030年6月底前完成新图书馆的设计方案。",
            )],
            vec![],
        )
        .await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let mistaken: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let unconfirmed = s
        .office
        .post(&format!("/documents/{mistaken}/delete"), &[])
        .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = s
        .office
        .post(
            &format!("/documents/{mistaken}/delete"),
            &[("confirm", "1")],
        )
        .await;

    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let left: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM documents WHERE id = $1), \
                (SELECT count(*) FROM items WHERE document_id = $1)",
    )
    .bind(mistaken)
    .fetch_one(&s.app.db.pool)
    .await
    .unwrap();
    assert_eq!(left, (0, 0));
    assert_eq!(
        status(&s.app, s.item_id).await,
        "assigned",
        "the other document stays"
    );
}

#[tokio::test]
async fn only_the_secretariat_may_correct_or_delete_a_document() {
    let s = scene().await;
    let doc = s.document_id;
    for who in [&s.lead_head, &s.leader] {
        assert_eq!(
            who.get(&format!("/documents/{doc}/edit")).await.status(),
            StatusCode::NOT_FOUND
        );
        let r = who
            .post(
                &format!("/documents/{doc}/edit"),
                &[("based_on", "x"), ("title", "x")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = who
            .post(&format!("/documents/{doc}/delete"), &[("confirm", "1")])
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

// ---------------------------------------------------------------------------------------
// Extensions approved by the secretariat and then, when the office asks for it, the leader.

async fn pending_request(s: &Scene) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM extension_requests WHERE item_id = $1")
        .bind(s.item_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    id.to_string()
}

/// `who` answers the extension request `request` of the scene's item.
async fn decide(s: &Scene, who: &Browser, request: &str, decision: &str) -> reqwest::Response {
    let item = s.item_id.to_string();
    let fields = [
        ("item_id", item.as_str()),
        ("decision", decision),
        ("note", "同意"),
    ];
    who.post(&format!("/extensions/{request}/decide"), &fields)
        .await
}

async fn due_of(s: &Scene) -> String {
    let due: chrono::NaiveDate = sqlx::query_scalar("SELECT due_date FROM items WHERE id = $1")
        .bind(s.item_id)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    due.to_string()
}

#[tokio::test]
async fn with_the_setting_on_an_extension_the_secretariat_approves_waits_for_the_leader() {
    let s = scene().await;
    let r = s
        .office
        .post(
            "/admin/settings",
            &[
                ("register_format", "督〔{year}〕第{n}号"),
                ("issuer", "督查室"),
                ("leader_approves", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    s.request_extension().await;
    let request = pending_request(&s).await;

    // The leader cannot answer before the secretariat.
    let early = decide(&s, &s.leader, &request, "approve").await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = decide(&s, &s.office, &request, "approve").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(due_of(&s).await, "2099-06-30", "not moved yet");
    assert_eq!(events(&s.app, s.item_id, "extension_forwarded").await, 1);
    let again = decide(&s, &s.office, &request, "approve").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let home = s.leader.get_html("/").await;
    assert!(home.contains("待您审批的延期申请"), "{home}");
    let page = s.lead_head.get_html(&format!("/items/{}", s.item_id)).await;
    assert!(page.contains("待责任领导审批"), "{page}");

    let r = decide(&s, &s.leader, &request, "approve").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(due_of(&s).await, "2099-12-31");
    assert_eq!(events(&s.app, s.item_id, "extension_approved").await, 1);
}

#[tokio::test]
async fn without_the_setting_the_secretariats_answer_is_final_and_a_leader_has_none() {
    let s = scene().await;
    s.request_extension().await;
    let request = pending_request(&s).await;

    let by_leader = decide(&s, &s.leader, &request, "approve").await;
    assert_eq!(by_leader.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let by_head = decide(&s, &s.lead_head, &request, "approve").await;
    assert_eq!(by_head.status(), StatusCode::FORBIDDEN);
    let r = decide(&s, &s.office, &request, "approve").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(due_of(&s).await, "2099-12-31");
}
