//! Email digests and urges, delivered to a real SMTP server: aiosmtpd, started by each
//! test, writing every message it receives to a folder (`tests/support/smtp_sink.py`).
//! What arrives is parsed as a mail reader would parse it.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveTime, Utc};
use common::{duban_command, spawn_app, TestApp};
use duban::config::{DigestSettings, MailSettings, SmtpTls};
use duban::digest::run::{run_due, run_period, RunOutcome};
use duban::digest::schedule::{Cadence, Period, Schedule};
use duban::digest::send::Mailer;
use duban::digest::worker::deliver_due;
use duban::domain::Actor;
use duban::domain::{today_in_china, ItemKind, Role};
use duban::workflow::{self, ItemEdit};
use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

const BASE_URL: &str = "https://duban.example.edu.cn";
const MINUTES: &[u8] = include_bytes!("corpus/seeds/000_1d08707988aae3b8.txt");

// ---------------------------------------------------------------------------------------
// The SMTP server

/// aiosmtpd on a port of its own, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl SmtpServer {
    fn start() -> Self {
        Self::start_on(free_port())
    }

    fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap().keep();
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "smtp_sink.Sink"])
            .arg(&dir)
            .env(
                "PYTHONPATH",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("aiosmtpd exited ({status}); is it installed? run bash .ci/install-deps");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port, dir }
    }

    /// Every message received so far, in order.
    fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files.iter().map(|p| Received::read(p)).collect()
    }

    /// Waits until at least `n` messages have arrived.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} messages, received {}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A received message, as a mail reader sees it.
#[derive(Debug)]
struct Received {
    /// Envelope recipients.
    to: Vec<String>,
    subject: String,
    text: String,
    html: String,
    /// Whether the message has a plain text part and a separate HTML part.
    has_both_parts: bool,
}

impl Received {
    fn read(eml: &Path) -> Self {
        let raw = std::fs::read(eml).unwrap();
        let to = std::fs::read_to_string(eml.with_extension("rcpt")).unwrap();
        let message = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("the message parses");
        let has_both_parts = message.text_body.len() == 1
            && message.html_body.len() == 1
            && message.text_body != message.html_body;
        Self {
            to: to.lines().map(str::to_owned).collect(),
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).unwrap_or_default().into_owned(),
            html: message.body_html(0).unwrap_or_default().into_owned(),
            has_both_parts,
        }
    }
}

fn to<'a>(received: &'a [Received], address: &str) -> Vec<&'a Received> {
    received
        .iter()
        .filter(|m| m.to.iter().any(|t| t == address))
        .collect()
}

// ---------------------------------------------------------------------------------------
// duban's side

fn mail_settings(smtp_port: u16) -> MailSettings {
    MailSettings {
        smtp_url: None,
        smtp_host: Some("127.0.0.1".into()),
        smtp_port: Some(smtp_port),
        smtp_user: None,
        smtp_password: None,
        smtp_tls: SmtpTls::None,
        mail_from: "督办系统 <duban@example.edu.cn>".into(),
        outbox_dir: None,
        smtp_timeout_secs: 5,
        retry_secs: 1,
        poll_ms: 100,
    }
}

fn digest_settings() -> DigestSettings {
    DigestSettings {
        digest_weekday: chrono::Weekday::Mon,
        digest_time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        digest_check_secs: 1,
    }
}

fn mailer(smtp_port: u16) -> Mailer {
    Mailer::from_settings(&mail_settings(smtp_port), Path::new("/nonexistent")).unwrap()
}

#[tokio::test]
async fn an_eml_in_the_outbox_folder_is_readable_by_its_owner_only_and_no_symlink_is_followed() {
    // Arrange: no SMTP server, so mail goes to the folder; a symlink waits at the temporary
    // name of message 7, pointing at another file.
    let outbox = tempfile::tempdir().unwrap();
    let settings = MailSettings {
        smtp_host: None,
        outbox_dir: Some(outbox.path().to_owned()),
        ..mail_settings(25)
    };
    let mailer = Mailer::from_settings(&settings, Path::new("/nonexistent")).unwrap();
    let victim = outbox.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    std::os::unix::fs::symlink(&victim, outbox.path().join(".000007.eml.part")).unwrap();
    let mail = duban::digest::send::Outgoing {
        id: 7,
        to: "head@example.edu.cn",
        subject: "督办周报",
        text: "某处长您好：",
        html: None,
    };

    // Act
    mailer.send(mail).await.unwrap();

    // Assert
    let eml = outbox.path().join("000007.eml");
    let meta = std::fs::symlink_metadata(&eml).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777,
        0o600,
        "mail names people and their work: its owner only may read it"
    );
    assert!(std::fs::read_to_string(&eml)
        .unwrap()
        .contains("To: head@example.edu.cn"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
}

/// One duban instance's background work (mail worker and digest scheduler) on its own
/// connection pool, as `duban serve` runs it.
struct Instance {
    task: tokio::task::JoinHandle<()>,
    pool: PgPool,
}

impl Instance {
    async fn start(db: &PgPool, smtp_port: u16) -> Self {
        let pool = PgPoolOptions::new()
            .max_connections(3)
            .connect_with((*db.connect_options()).clone())
            .await
            .unwrap();
        let background = duban::digest::background(
            pool.clone(),
            &mail_settings(smtp_port),
            &digest_settings(),
            Path::new("/nonexistent"),
            BASE_URL.to_owned(),
        )
        .unwrap();
        Self {
            task: tokio::spawn(background),
            pool,
        }
    }

    /// Stops it wherever it is, as a killed process stops: its connections close.
    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
        self.pool.close().await;
    }
}

async fn outbox_count(pool: &PgPool, status: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM email_outbox WHERE status::text = $1")
        .bind(status)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// 教务处 leads a late item (已逾期) and a new one, both under 陈副院长; 宣传统战部 has
/// nothing, so its head's digest is empty and not sent.
struct Scene {
    app: TestApp,
    late_item: duban::domain::ItemId,
    new_item: duban::domain::ItemId,
    leader_id: duban::domain::UserId,
}

const JIAOWU: &str = "jiaowu@example.edu.cn";
const XUANCHUAN: &str = "xuanchuan@example.edu.cn";
const OFFICE: &str = "office@example.edu.cn";
const LEADER: &str = "leader@example.edu.cn";

async fn scene() -> Scene {
    let app = spawn_app().await;
    let office = app
        .add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("xuanchuan", Role::UnitHead, Some("宣传统战部"))
        .await;
    let leader_id = app.add_user("leader", Role::Leader, None).await;
    let pool = &app.db.pool;
    sqlx::query("INSERT INTO leaders (name, user_id) VALUES ('陈副院长', $1)")
        .bind(leader_id)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET email = login || '@example.edu.cn'")
        .execute(pool)
        .await
        .unwrap();
    let office = Actor::new(office, Role::Secretariat, None).unwrap();
    let document =
        duban::import::import_document(pool, "纪要.txt", MINUTES, Some(office.user_id()), None)
            .await
            .unwrap()
            .document_id();
    let drafts: Vec<duban::domain::ItemId> = sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND kind = 'task' ORDER BY span_start LIMIT 2",
    )
    .bind(document)
    .fetch_all(pool)
    .await
    .unwrap();
    let jiaowu_unit = app.unit_id("教务处").await;
    let today = today_in_china();
    let plans = [
        (drafts[0], "完成迎评材料", today - chrono::Duration::days(3)),
        (
            drafts[1],
            "修订教学管理办法",
            today + chrono::Duration::days(60),
        ),
    ];
    for (item, title, due) in plans {
        let version: i32 = sqlx::query_scalar("SELECT version FROM items WHERE id = $1")
            .bind(item)
            .fetch_one(pool)
            .await
            .unwrap();
        let edit = ItemEdit {
            version,
            kind: ItemKind::Task,
            title: title.into(),
            body: title.into(),
            lead_unit_ids: vec![jiaowu_unit],
            co_unit_ids: vec![],
            leader: Some("陈副院长".into()),
            due_date: Some(due),
            recurrence: None,
            report_day: None,
            level: duban::domain::Level::Normal,
            new_lead_names: vec![],
        };
        workflow::edit_item(pool, &office, item, &edit)
            .await
            .unwrap();
    }
    let letters = duban::digest::compose::NoticeMail {
        base_url: "http://127.0.0.1",
    };
    workflow::publish_items(pool, &office, &drafts, true, &letters)
        .await
        .unwrap();
    // The 交办 notices are workflow.rs's subject; these tests count digests and urges.
    sqlx::query("DELETE FROM email_outbox WHERE purpose = 'assigned'")
        .execute(pool)
        .await
        .unwrap();
    Scene {
        app,
        late_item: drafts[0],
        new_item: drafts[1],
        leader_id,
    }
}

fn this_week() -> Period {
    Period::current(Cadence::Weekly, Utc::now())
}

// ---------------------------------------------------------------------------------------
// What arrives

#[tokio::test]
async fn each_reader_receives_their_digest_with_subject_both_parts_and_links() {
    // Arrange
    let s = scene().await;
    let smtp = SmtpServer::start();
    let pool = &s.app.db.pool;

    // Act
    let queued = run_period(pool, &this_week(), BASE_URL).await.unwrap();
    let pass = deliver_due(pool, &mailer(smtp.port), Duration::from_secs(1))
        .await
        .unwrap();
    let received = smtp.wait_for(3).await;

    // Assert: three digests; the head of a unit with nothing to report gets none.
    assert_eq!(queued, RunOutcome::Queued(3));
    assert_eq!(pass.sent, 3);
    assert_eq!(received.len(), 3);
    assert!(to(&received, XUANCHUAN).is_empty());
    let week = this_week().label();

    let unit = to(&received, JIAOWU);
    assert_eq!(unit.len(), 1);
    let unit = unit[0];
    assert_eq!(
        unit.subject,
        format!("督办周报 · 教务处 · {week}（逾期 1 项）")
    );
    assert!(unit.has_both_parts);
    for part in [&unit.text, &unit.html] {
        assert!(part.contains("已逾期（1 项）"), "{part}");
        assert!(part.contains("完成迎评材料"), "{part}");
        assert!(part.contains("新交办（1 项）"), "{part}");
        assert!(
            part.contains(&format!("{BASE_URL}/items/{}", s.late_item)),
            "{part}"
        );
        assert!(
            part.contains(&format!("{BASE_URL}/items/{}", s.new_item)),
            "{part}"
        );
        assert!(part.contains("您是教务处的部门负责人"), "{part}");
        assert!(part.contains(&format!("{BASE_URL}/account")), "{part}");
    }
    assert!(unit
        .html
        .contains(&format!(r#"href="{BASE_URL}/items/{}""#, s.late_item)));

    let office = to(&received, OFFICE);
    assert_eq!(office.len(), 1);
    assert!(office[0].subject.starts_with("督办周报 · 办公室汇总"));
    assert!(office[0].has_both_parts);
    assert!(office[0]
        .text
        .contains("教务处：在办 2 项（红灯 1，黄灯 0，绿灯 1），待核验 0 项"));

    let leader = to(&received, LEADER);
    assert_eq!(leader.len(), 1);
    assert!(leader[0]
        .subject
        .starts_with("督办周报 · 陈副院长负责的事项"));
    assert!(leader[0].text.contains("红灯 · 逾期或缺报（1 项）"));
    assert!(leader[0].text.contains("绿灯 · 正常推进（1 项）"));

    assert_eq!(outbox_count(pool, "sent").await, 3);
}

#[tokio::test]
async fn an_urge_mails_the_lead_units_head_a_message_rendered_from_the_templates() {
    // Arrange
    let s = scene().await;
    let smtp = SmtpServer::start();
    let office = s.app.browser("office").await;

    // Act
    let r = office
        .post(
            &format!("/items/{}/urge", s.late_item),
            &[("note", "请本周内报送整改情况")],
        )
        .await;
    deliver_due(&s.app.db.pool, &mailer(smtp.port), Duration::from_secs(1))
        .await
        .unwrap();
    let received = smtp.wait_for(1).await;

    // Assert
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(received.len(), 1);
    let urge = &received[0];
    assert_eq!(urge.to, [JIAOWU]);
    assert_eq!(urge.subject, "【催办】完成迎评材料");
    assert!(urge.has_both_parts);
    for part in [&urge.text, &urge.html] {
        assert!(part.contains("请本周内报送整改情况"), "{part}");
        assert!(part.contains("逾期 3 天"), "{part}");
        // The test app's links start at its own address (no base URL configured).
        assert!(
            part.contains(&format!("{}/items/{}", s.app.address, s.late_item)),
            "{part}"
        );
    }
}

// ---------------------------------------------------------------------------------------
/// With no mail server configured, messages are written as .eml files: nobody received
/// them, and the outbox says so, without showing where on the server the files are.
#[tokio::test]
async fn mail_written_to_files_without_a_server_is_not_called_sent_and_no_path_is_shown() {
    // Arrange
    let s = scene().await;
    let pool = &s.app.db.pool;
    let outbox = tempfile::tempdir().unwrap();
    let settings = MailSettings {
        smtp_host: None,
        outbox_dir: Some(outbox.path().to_owned()),
        ..mail_settings(25)
    };
    let to_files = Mailer::from_settings(&settings, Path::new("/nonexistent")).unwrap();
    run_period(pool, &this_week(), BASE_URL).await.unwrap();

    // Act
    let pass = deliver_due(pool, &to_files, Duration::from_secs(1))
        .await
        .unwrap();
    let page = s.app.browser("office").await.get_html("/mail/outbox").await;

    // Assert
    assert_eq!(pass.sent, 3);
    assert!(page.contains("已写入文件（未配置邮件服务器）"), "{page}");
    assert!(page.contains("已发送 <strong>0</strong> 封"), "{page}");
    assert!(!page.contains(".eml"), "no server path: {page}");
    assert!(!page.contains(outbox.path().to_str().unwrap()), "{page}");
}

// Exactly once

#[tokio::test]
async fn mail_queued_while_the_smtp_server_is_down_is_sent_once_when_it_is_back() {
    // Arrange: nothing listens on the port yet. The period queued is the one the worker's
    // own scheduler picks, so that it finds nothing more to queue (`this_week` is another
    // week's name from Monday 00:00 to the Monday slot, China time).
    let s = scene().await;
    let pool = &s.app.db.pool;
    let port = free_port();
    let schedule = Schedule::from(&digest_settings());
    let week = Period::scheduled(Cadence::Weekly, schedule, Utc::now());
    run_period(pool, &week, BASE_URL).await.unwrap();

    // Act: a delivery attempt while the server is down...
    let pass = deliver_due(pool, &mailer(port), Duration::from_secs(1))
        .await
        .unwrap();

    // Assert: nothing lost, every message waits for a retry, and the secretariat sees why.
    assert_eq!((pass.sent, pass.deferred, pass.failed), (0, 3, 0));
    assert_eq!(outbox_count(pool, "queued").await, 3);
    let errors: Vec<(i32, Option<String>)> =
        sqlx::query_as("SELECT attempts, last_error FROM email_outbox")
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(
        errors.iter().all(|(n, e)| *n == 1 && e.is_some()),
        "{errors:?}"
    );
    let page = s.app.browser("office").await.get_html("/mail/outbox").await;
    assert!(page.contains("待重试 <strong>3</strong> 封"), "{page}");
    assert!(page.contains("待重试"), "{page}");
    assert!(page.contains(errors[0].1.as_deref().unwrap()), "{page}");

    // Act: ...then the server comes back while a worker runs.
    let smtp = SmtpServer::start_on(port);
    let worker = Instance::start(pool, port).await;
    let received = smtp.wait_for(3).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    worker.stop().await;

    // Assert: each message arrived once.
    let received_after = smtp.received();
    assert_eq!(received_after.len(), 3, "{received:?}");
    for address in [JIAOWU, OFFICE, LEADER] {
        assert_eq!(to(&received_after, address).len(), 1, "{address}");
    }
    assert_eq!(outbox_count(pool, "sent").await, 3);
}

#[tokio::test]
async fn two_instances_on_one_database_send_each_digest_exactly_once() {
    // Arrange: the leader takes the daily digest, the others the weekly one.
    let s = scene().await;
    let pool = &s.app.db.pool;
    sqlx::query("UPDATE users SET digest = 'daily' WHERE id = $1")
        .bind(s.leader_id)
        .execute(pool)
        .await
        .unwrap();
    let smtp = SmtpServer::start();

    // Act: two instances, each with its scheduler and mail worker.
    let first = Instance::start(pool, smtp.port).await;
    let second = Instance::start(pool, smtp.port).await;
    smtp.wait_for(3).await;
    // Several more checks and polls of both instances.
    tokio::time::sleep(Duration::from_secs(4)).await;
    first.stop().await;
    second.stop().await;

    // Assert
    let received = smtp.received();
    assert_eq!(received.len(), 3, "{received:?}");
    for address in [JIAOWU, OFFICE, LEADER] {
        assert_eq!(to(&received, address).len(), 1, "{address}");
    }
    assert!(to(&received, LEADER)[0].subject.starts_with("督办日报"));
    let runs: Vec<String> = sqlx::query_scalar("SELECT period FROM digest_runs ORDER BY period")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(runs.len(), 2, "one weekly and one daily period: {runs:?}");
    assert_eq!(outbox_count(pool, "sent").await, 3);
}

#[tokio::test]
async fn a_digest_period_already_sent_is_not_sent_again_after_a_restart() {
    // Arrange: an instance sends this period's digests, then stops.
    let s = scene().await;
    let pool = &s.app.db.pool;
    let smtp = SmtpServer::start();
    let before_restart = Instance::start(pool, smtp.port).await;
    smtp.wait_for(3).await;
    before_restart.stop().await;

    // Act: a new instance starts on the same database, and runs its checks.
    let after_restart = Instance::start(pool, smtp.port).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    after_restart.stop().await;
    let again = run_due_when_idle(pool).await;

    // Assert
    assert_eq!(smtp.received().len(), 3);
    assert!(
        again.iter().all(|(_, o)| *o == RunOutcome::AlreadySent),
        "{again:?}"
    );
    assert_eq!(outbox_count(pool, "sent").await, 3);
}

/// The scheduler's check, once no other instance holds the digest lock (a stopped
/// instance's connections may take a moment to close).
async fn run_due_when_idle(pool: &PgPool) -> Vec<(Period, RunOutcome)> {
    let schedule = Schedule::from(&digest_settings());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let outcomes = run_due(pool, schedule, Utc::now(), BASE_URL).await.unwrap();
        if outcomes.iter().all(|(_, o)| *o != RunOutcome::Busy) || Instant::now() > deadline {
            return outcomes;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// ---------------------------------------------------------------------------------------
// Preview, preferences, the command line

#[tokio::test]
async fn the_secretariat_previews_any_digest_and_other_roles_cannot() {
    // Arrange
    let s = scene().await;
    let jiaowu_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'jiaowu'")
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    let office = s.app.browser("office").await;
    let head = s.app.browser("jiaowu").await;

    // Act
    let list = office.get_html("/mail/digests").await;
    let preview = office.get(&format!("/mail/digests/{jiaowu_id}")).await;
    let refused = head.get(&format!("/mail/digests/{jiaowu_id}")).await;

    // Assert
    assert!(list.contains(&format!("/mail/digests/{jiaowu_id}")));
    assert_eq!(preview.status(), StatusCode::OK);
    let html = preview.text().await.unwrap();
    assert!(html.contains("督办周报 · 教务处"), "{html}");
    assert!(html.contains("完成迎评材料"), "{html}");
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        outbox_count(&s.app.db.pool, "queued").await,
        0,
        "a preview sends nothing"
    );
}

#[tokio::test]
async fn a_user_chooses_daily_or_no_digest_on_their_account_page() {
    // Arrange
    let s = scene().await;
    let head = s.app.browser("jiaowu").await;
    let digest_of = |login: &'static str| {
        let pool = s.app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT digest FROM users WHERE login = $1")
                .bind(login)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };

    // Act
    let page = head.get_html("/account").await;
    let daily = head.post("/account/digest", &[("digest", "daily")]).await;
    let after_daily = digest_of("jiaowu").await;
    let bad = head.post("/account/digest", &[("digest", "hourly")]).await;
    let off = head.post("/account/digest", &[("digest", "off")]).await;
    let forged = head
        .client
        .post(head.url("/account/digest"))
        .form(&[("digest", "daily")])
        .send()
        .await
        .unwrap();

    // Assert
    assert!(
        page.contains("督办汇总邮件") && page.contains("每日汇总"),
        "{page}"
    );
    assert_eq!(daily.status(), StatusCode::SEE_OTHER);
    assert_eq!(after_daily, "daily");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("请选择每周、每日或不接收"));
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(digest_of("jiaowu").await, "off");

    // And a head who turned digests off gets none.
    run_period(&s.app.db.pool, &this_week(), BASE_URL)
        .await
        .unwrap();
    let to_head: i64 =
        sqlx::query_scalar("SELECT count(*) FROM email_outbox WHERE to_address = $1")
            .bind(JIAOWU)
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap();
    assert_eq!(to_head, 0);
}

/// `duban digest` run as a child process, as `std::process::Command` output (run it on a
/// blocking thread).
fn duban_digest(database_url: &str, args: &[&str]) -> std::process::Output {
    duban_command()
        .arg("--database-url")
        .arg(database_url)
        .arg("digest")
        .args(["--base-url", BASE_URL])
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_command_line_previews_a_digest_and_sends_a_period_once() {
    // Arrange
    let s = scene().await;
    let url = s.app.db.url();
    let outbox = tempfile::tempdir().unwrap();
    let outbox_dir = outbox.path().to_str().unwrap().to_owned();

    // Act
    let preview = tokio::task::spawn_blocking({
        let url = url.clone();
        move || duban_digest(&url, &["--preview", "--user", "jiaowu"])
    })
    .await
    .unwrap();
    let send = |url: String, dir: String| {
        tokio::task::spawn_blocking(move || duban_digest(&url, &["--send", "--outbox-dir", &dir]))
    };
    let first = send(url.clone(), outbox_dir.clone()).await.unwrap();
    let second = send(url.clone(), outbox_dir.clone()).await.unwrap();

    // Assert: the preview is the text part, and sends nothing.
    let text = String::from_utf8_lossy(&preview.stdout);
    assert!(preview.status.success(), "{preview:?}");
    assert!(text.contains("Subject: 督办周报 · 教务处"), "{text}");
    assert!(
        text.contains(&format!("{BASE_URL}/items/{}", s.late_item)),
        "{text}"
    );
    // Without SMTP, --send writes .eml files; the second --send finds the period sent.
    let first_out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{first:?}");
    assert!(first_out.contains("3 digest(s) queued"), "{first_out}");
    let emls = std::fs::read_dir(outbox.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "eml")
        })
        .count();
    assert_eq!(emls, 3);
    let second_out = String::from_utf8_lossy(&second.stdout);
    assert!(second_out.contains("already sent"), "{second_out}");
    assert_eq!(outbox_count(&s.app.db.pool, "sent").await, 3);
}
