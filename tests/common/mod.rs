//! The test harness: a PostgreSQL server for the whole test binary (the embedded cluster,
//! or `DATABASE_URL`'s server), a fresh migrated database per test cloned from a template,
//! and `TestApp`, the real server on port 0 with one helper per route.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};

use duban::auth::{hash_password, PasswordGate};
use duban::config::HttpSettings;
use duban::db::embedded::{Cluster, Layout};
use duban::db::MIGRATOR;
use duban::domain::{Login, Role, UnitId, UserId};
use duban::startup::Application;
use duban::store::{units, users};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

pub const PASSWORD: &str = "correct-horse-battery";

struct TestServer {
    admin: PgConnectOptions,
    template: String,
    _cluster: Option<Cluster>,
}

static SERVER: OnceLock<TestServer> = OnceLock::new();

fn server() -> &'static TestServer {
    // Set up on a thread of its own: the runtime used here must not be a test's runtime.
    SERVER.get_or_init(|| {
        std::thread::spawn(start_server)
            .join()
            .expect("test server starts")
    })
}

fn start_server() -> TestServer {
    let (admin, cluster) = match std::env::var("DATABASE_URL") {
        Ok(url) => (
            url.parse::<PgConnectOptions>()
                .expect("DATABASE_URL parses"),
            None,
        ),
        Err(_) => {
            let dir = scratch_dir("duban-test-pg");
            let layout = Layout::new(&dir).expect("data dir");
            let cluster = Cluster::start(&layout, None).expect("embedded cluster starts");
            clean_up_after_exit(&dir);
            (layout.connect_options("postgres"), Some(cluster))
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let template = runtime.block_on(make_template(&admin));
    TestServer {
        admin,
        template,
        _cluster: cluster,
    }
}

/// A directory under /tmp that the `postgres` account can enter (when tests run as root).
/// The `duban` binary as a child process, with none of the outer shell's database or mail
/// settings and quiet logs: each test says where it points the command.
pub fn duban_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_duban"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("DUBAN_SMTP_URL")
        .env_remove("DUBAN_SMTP_HOST")
        .env("RUST_LOG", "warn");
    cmd
}

/// `duban` on a test's database.
pub fn duban_on(db: &TestDb) -> Command {
    let mut cmd = duban_command();
    cmd.env("DATABASE_URL", db.url());
    cmd
}

/// `duban` with an embedded cluster of its own in `data_dir`.
pub fn duban_in(data_dir: &std::path::Path) -> Command {
    let mut cmd = duban_command();
    cmd.arg("--data-dir").arg(data_dir);
    cmd
}

pub fn scratch_dir(prefix: &str) -> std::path::PathBuf {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .unwrap()
        .keep();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Statics are never dropped, so a watcher stops the cluster and removes its directory
/// once this test process has exited, leaving no server or data behind.
// The watcher must outlive this process, so it is deliberately never waited for.
#[allow(clippy::zombie_processes)]
fn clean_up_after_exit(dir: &std::path::Path) {
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.2; done; \
         pm=$(head -n1 '{d}/pgdata/postmaster.pid' 2>/dev/null); \
         if [ -n \"$pm\" ]; then kill -INT \"$pm\" 2>/dev/null; \
           for i in $(seq 1 100); do kill -0 \"$pm\" 2>/dev/null || break; sleep 0.1; done; \
           kill -QUIT \"$pm\" 2>/dev/null; fi; rm -rf '{d}'",
        pid = std::process::id(),
        d = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("cleanup watcher starts");
}

use std::os::unix::process::CommandExt;

/// One template per schema version, made once under an advisory lock so that parallel test
/// processes against one server do not race.
async fn make_template(admin: &PgConnectOptions) -> String {
    let version: i64 = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    // Every migration's checksum, so that editing any of them makes a new template.
    let mut hasher = std::hash::DefaultHasher::new();
    for m in MIGRATOR.iter() {
        std::hash::Hash::hash(&*m.checksum, &mut hasher);
    }
    let name = format!(
        "duban_tpl_{version}_{:016x}",
        std::hash::Hasher::finish(&hasher)
    );
    let mut conn = PgConnection::connect_with(admin)
        .await
        .expect("connect as admin");
    sqlx::query("SELECT pg_advisory_lock(8123001)")
        .execute(&mut conn)
        .await
        .unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if !exists {
        // Built under another name and renamed when complete: a template whose migrations
        // failed must not be found by the next run.
        let building = format!("{name}_building");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {building}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let mut tpl = PgConnection::connect_with(&admin.clone().database(&building))
            .await
            .unwrap();
        MIGRATOR.run(&mut tpl).await.expect("migrations apply");
        tpl.close().await.unwrap();
        sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query("SELECT pg_advisory_unlock(8123001)")
        .execute(&mut conn)
        .await
        .unwrap();
    name
}

/// A fresh, migrated database for one test; dropped when the test ends.
pub struct TestDb {
    pub pool: PgPool,
    pub name: String,
}

impl TestDb {
    pub async fn new() -> Self {
        let server = server();
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect_with(&server.admin).await.unwrap();
        sqlx::query(&format!(
            "CREATE DATABASE {name} TEMPLATE {}",
            server.template
        ))
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        Self::connect(name).await
    }

    /// An empty database with no schema at all.
    pub async fn empty() -> Self {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect_with(&server().admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        Self::connect(name).await
    }

    /// This database as a URL, for a `duban` child process's `DATABASE_URL`.
    pub fn url(&self) -> String {
        use sqlx::ConnectOptions;
        server()
            .admin
            .clone()
            .database(&self.name)
            .to_url_lossy()
            .to_string()
    }

    async fn connect(name: String) -> Self {
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .connect_with(server().admin.clone().database(&name))
            .await
            .unwrap();
        Self { pool, name }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin = server().admin.clone();
        // Drop runs inside the test's runtime; do the async work on a thread of its own.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnection::connect_with(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join()
        .ok();
    }
}

/// The real application on a random port, with a browser-like client (cookies kept,
/// redirects not followed, so tests see them).
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub client: reqwest::Client,
    /// The server's gate of password checks, to see how many ran at once.
    pub passwords: Arc<PasswordGate>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with settings changed by `configure` (the bind address stays port 0).
pub async fn spawn_app_with(configure: impl FnOnce(&mut HttpSettings)) -> TestApp {
    let db = TestDb::new().await;
    let mut http = HttpSettings::default();
    configure(&mut http);
    let app = Application::build(http, db.pool.clone()).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let passwords = app.password_gate();
    tokio::spawn(app.run());
    TestApp {
        address,
        db,
        client: new_client(),
        passwords,
    }
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `csrf_token` field of a page.
pub fn csrf_token_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(r#"input[name="csrf_token"]"#).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("the page has a csrf_token field")
        .to_owned()
}

impl TestApp {
    /// The id of a unit of the seeded unit list, by its full name.
    pub async fn unit_id(&self, name: &str) -> UnitId {
        sqlx::query_scalar("SELECT id FROM units WHERE name = $1")
            .bind(name)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// A document row for items to come from: minutes of 2023年第11次党委（扩大）会议.
    pub async fn insert_minutes(&self) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO documents (file_name, original, sha256, encoding, source_format, \
                 title, doc_number, meeting_date, body) \
             VALUES ('minutes.txt', '', sha256('minutes'::bytea), 'utf-8', 'text', \
                 '2023年第11次党委（扩大）会议', '院党委〔2023〕11号', '2023-06-01', '') \
             RETURNING id",
        )
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
    }

    /// A task of `document` with `status` and deadline `due`, linked to `unit` as `role`
    /// ("lead" or "co"); its title is also its text.
    pub async fn insert_task(
        &self,
        document: i64,
        title: &str,
        status: &str,
        due: Option<chrono::NaiveDate>,
        unit: UnitId,
        role: &str,
    ) -> i64 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO items (document_id, kind, title, body, due_date, status) \
             VALUES ($1, 'task', $2, $2, $3, $4::item_status) RETURNING id",
        )
        .bind(document)
        .bind(title)
        .bind(due)
        .bind(status)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, $3::unit_role)",
        )
        .bind(id)
        .bind(unit)
        .bind(role)
        .execute(&self.db.pool)
        .await
        .unwrap();
        id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// Creates a user with [`PASSWORD`]; `unit` is created when new.
    pub async fn add_user(&self, login: &str, role: Role, unit: Option<&str>) -> UserId {
        let unit_id = match unit {
            Some(u) => Some(
                units::find_or_insert_unit(&self.db.pool, u)
                    .await
                    .unwrap()
                    .0,
            ),
            None => None,
        };
        let login = Login::parse(login).unwrap();
        let hash = hash_password(PASSWORD).unwrap();
        let new = users::NewUser {
            login: &login,
            display_name: "测试用户",
            role,
            unit_id,
            password_hash: &hash,
        };
        users::insert_user(&self.db.pool, &new).await.unwrap()
    }

    /// A leader's account, `login`, who answers for items as `name` (责任领导); returns the
    /// user's id and the leader's.
    pub async fn add_leader(&self, login: &str, name: &str) -> (UserId, i64) {
        let user = self.add_user(login, Role::Leader, None).await;
        let leader =
            sqlx::query_scalar("INSERT INTO leaders (name, user_id) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(user)
                .fetch_one(&self.db.pool)
                .await
                .unwrap();
        (user, leader)
    }

    /// Fetches the login page for its CSRF token, then posts the form.
    pub async fn post_login(&self, login: &str, password: &str) -> reqwest::Response {
        let token = csrf_token_of(&self.get_html("/login").await);
        self.client
            .post(self.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", login),
                ("password", password),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Posts a form with the CSRF token of the page at `form_page`.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = csrf_token_of(&self.get_html(form_page).await);
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .unwrap()
    }
}

/// A logged-in browser of one user, with its own cookies.
pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
}

impl TestApp {
    /// Logs `login` in (created beforehand with [`PASSWORD`]) in a browser of its own.
    pub async fn browser(&self, login: &str) -> Browser {
        let b = Browser {
            address: self.address.clone(),
            client: new_client(),
        };
        let page = b.get("/login").await.text().await.unwrap();
        let token = csrf_token_of(&page);
        let r = b
            .client
            .post(b.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", login),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            reqwest::StatusCode::SEE_OTHER,
            "{login} logs in"
        );
        b
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// The session's CSRF token, read from a page every logged-in user can open.
    pub async fn csrf(&self) -> String {
        csrf_token_of(&self.get_html("/").await)
    }

    /// Posts an urlencoded form with the session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        let body = serde_html_form::to_string(&all).unwrap();
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts a multipart form with files `(field, name, bytes)`, the session's CSRF token
    /// in the `X-CSRF-Token` header (uploads are checked before their body is read).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: Vec<(&str, &str, Vec<u8>)>,
    ) -> reqwest::Response {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
            form = form.part(field.to_owned(), part);
        }
        self.client
            .post(self.url(path))
            .header("X-CSRF-Token", token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}
