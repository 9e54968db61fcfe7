//! Faults, as they happen in production: PostgreSQL stopped under load (requests fail fast
//! with the Chinese 503 page, none hangs, and service resumes by itself when it is back),
//! and `duban import` killed in the middle of a document (nothing partial is stored).

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{csrf_token_of, duban_on, scratch_dir, TestDb};
use duban::config::{DatabaseSettings, HttpSettings};
use duban::db::embedded::{Cluster, Layout};
use duban::db::{Database, Ownership, ACQUIRE_TIMEOUT};
use duban::startup::Application;
use sqlx::PgPool;

async fn start_cluster(layout: &Layout) -> Cluster {
    let layout = layout.clone();
    tokio::task::spawn_blocking(move || Cluster::start(&layout, None))
        .await
        .unwrap()
        .expect("the private cluster starts")
}

async fn stop_cluster(cluster: Cluster) {
    tokio::task::spawn_blocking(move || cluster.stop())
        .await
        .unwrap();
}

/// One request as the load saw it.
struct Outcome {
    started: Instant,
    took: Duration,
    status: u16,
    unavailable_page: bool,
}

/// Clients asking for 我的督办 in a loop until `stop` is set.
fn load(
    client: reqwest::Client,
    url: String,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Vec<Outcome>> {
    tokio::spawn(async move {
        let mut seen = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let started = Instant::now();
            let response = client
                .get(&url)
                .send()
                .await
                .expect("no request hangs (30 s)");
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            seen.push(Outcome {
                started,
                took: started.elapsed(),
                status,
                unavailable_page: body.contains("服务暂时不可用"),
            });
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        seen
    })
}

#[tokio::test]
async fn postgresql_stopped_under_load_gives_fast_chinese_503s_and_service_resumes_by_itself() {
    // Arrange: a private cluster this test may stop, and the app on it with a logged-in head.
    let dir = scratch_dir("duban-faults");
    let layout = Layout::new(&dir).unwrap();
    let cluster = start_cluster(&layout).await;
    let settings = DatabaseSettings {
        url: None,
        data_dir: dir.clone(),
        pg_bin_dir: None,
        max_connections: 10,
    };
    let db = Database::open(&settings, Ownership::Shared).await.unwrap();
    add_unit_head(&db.pool).await;
    let http = HttpSettings::default();
    let app = Application::build(http, db.pool.clone()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run());
    let client = logged_in(&base, "faulthead").await;
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|_| load(client.clone(), format!("{base}/my"), stop.clone()))
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Act: stop PostgreSQL under load, leave it down, start it again.
    stop_cluster(cluster).await;
    let down = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let restarting = Instant::now();
    let cluster = start_cluster(&layout).await;
    let up = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Relaxed);
    let mut outcomes = Vec::new();
    for c in clients {
        outcomes.extend(c.await.unwrap());
    }

    // Assert
    let slowest = outcomes.iter().map(|o| o.took).max().unwrap();
    assert!(
        slowest <= ACQUIRE_TIMEOUT + Duration::from_secs(2),
        "a request took {slowest:?}"
    );
    let statuses: std::collections::BTreeSet<u16> = outcomes.iter().map(|o| o.status).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "only pages or 503s: {statuses:?}"
    );
    let during: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started > down && o.started + o.took < restarting)
        .collect();
    assert!(during.len() > 10, "the load ran while PostgreSQL was down");
    assert!(
        during.iter().all(|o| o.status == 503 && o.unavailable_page),
        "every request while down got the Chinese 503 page"
    );
    let recovered = outcomes
        .iter()
        .filter(|o| o.started > up && o.status == 200)
        .map(|o| o.started - up)
        .min()
        .expect("pages are served again after PostgreSQL is back");
    assert!(
        recovered < Duration::from_secs(3),
        "recovered after {recovered:?}"
    );

    db.close().await;
    stop_cluster(cluster).await;
    std::fs::remove_dir_all(&dir).ok();
}

async fn add_unit_head(pool: &PgPool) {
    let (unit_id, _) = duban::store::units::find_or_insert_unit(pool, "组织人事部")
        .await
        .unwrap();
    let login = duban::domain::Login::parse("faulthead").unwrap();
    let hash = duban::auth::hash_password(common::PASSWORD).unwrap();
    let user = duban::store::users::NewUser {
        login: &login,
        display_name: "李部长",
        role: duban::domain::Role::UnitHead,
        unit_id: Some(unit_id),
        password_hash: &hash,
    };
    duban::store::users::insert_user(pool, &user).await.unwrap();
}

async fn logged_in(base: &str, login: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_token_of(&page);
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("login", login),
            ("password", common::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    client
}

/// A minutes document with `tasks` numbered tasks: its import is one long transaction.
/// Minutes with `tasks` tasks (at most the cap on items per document), each long enough
/// that storing them all takes a while.
fn long_minutes(tasks: usize) -> String {
    let mut text = String::from(
        "江城市人民政府常务会议纪要\n\n2026年3月5日，市长主持召开市政府常务会议。现纪要如下：\n\
         一、关于重点工作任务分解\n会议议定：\n",
    );
    for n in 1..=tasks {
        let detail: String = (0..12)
            .map(|k| format!("梳理第{n}类第{k}号事项的办理流程、责任分工和时限要求，"))
            .collect();
        text.push_str(&format!(
            "{n}. 由市教育局负责完成第{n}项制度修订工作，{detail}{}月底前完成。\n",
            n % 12 + 1
        ));
    }
    text
}

/// (documents, sections, items, item_units, item_events) in a database.
async fn rows(pool: &PgPool) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "documents",
        "sections",
        "items",
        "item_units",
        "item_events",
    ] {
        out.push(
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(pool)
                .await
                .unwrap(),
        );
    }
    out
}

async fn writing_transactions(pool: &PgPool) -> bool {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() \
             AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL)",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_import_killed_mid_document_leaves_the_finished_documents_whole_and_no_part_of_the_last()
{
    // Arrange: two small documents, then one whose import takes long.
    let files = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/seeds");
    let small = ["001_067ee195c98f81a7.txt", "002_5bc6ffdc26148477.txt"];
    for name in small {
        std::fs::copy(seeds.join(name), files.path().join(name)).unwrap();
    }
    std::fs::write(
        files.path().join("long.txt"),
        long_minutes(duban::import::MAX_ITEMS_PER_DOCUMENT),
    )
    .unwrap();
    let db = TestDb::new().await;
    let options: sqlx::postgres::PgConnectOptions = db.url().parse().unwrap();
    let watcher = PgPool::connect_with(options.application_name("faults-test"))
        .await
        .unwrap();
    let mut child = tokio::process::Command::from(duban_on(&db))
        .arg("import")
        .args(small.iter().map(|n| files.path().join(n)))
        .arg(files.path().join("long.txt"))
        .kill_on_drop(true)
        .spawn()
        .unwrap();

    // Act: kill -9 once the small ones are committed and the long one is being written.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let committed = rows(&watcher).await[0];
        if committed == 2 && writing_transactions(&watcher).await {
            break;
        }
        assert!(Instant::now() < deadline, "the long import never started");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before the kill"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while writing_transactions(&watcher).await {
        assert!(
            Instant::now() < deadline,
            "the killed import's session never ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Assert: exactly what an uninterrupted import of the two small documents stores.
    let clean = TestDb::new().await;
    let today = chrono::Local::now().date_naive();
    for name in small {
        let bytes = std::fs::read(seeds.join(name)).unwrap();
        duban::import::import_document(&clean.pool, name, &bytes, None, Some(today))
            .await
            .unwrap();
    }
    assert_eq!(rows(&watcher).await, rows(&clean.pool).await);
    // Files are imported a few at a time, so they may commit in any order.
    let names: Vec<String> =
        sqlx::query_scalar("SELECT file_name FROM documents ORDER BY file_name")
            .fetch_all(&watcher)
            .await
            .unwrap();
    assert_eq!(names, small);
    watcher.close().await;
}
