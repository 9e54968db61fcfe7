//! duban's private PostgreSQL cluster, run from the machine's PostgreSQL binaries.
//!
//! Layout under the data directory:
//! `pgdata/` (the cluster), `run/` (its Unix socket; no TCP), `postgres.log`, and
//! `duban.lock`, an exclusive `flock` held by the process that owns the running cluster.
//! PostgreSQL refuses to run as root, so as root the cluster runs as Debian's `postgres`
//! account, which then owns `pgdata/` and `run/`.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{chown, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::fcntl::{Flock, FlockArg};
use nix::sys::signal::{kill, Signal};
use nix::unistd::{Pid, Uid, User};
use sqlx::postgres::PgConnectOptions;
use thiserror::Error;

/// PostgreSQL's default port; with TCP off it only names the socket file.
const PORT: u16 = 5432;
/// The cluster's superuser and the application database.
pub const DB_USER: &str = "duban";
pub const DB_NAME: &str = "duban";
/// Unix socket paths are limited to 107 bytes by the kernel.
const MAX_SOCKET_PATH: usize = 107;

#[derive(Debug, Error)]
pub enum ClusterError {
    #[error(
        "PostgreSQL server binaries (initdb, postgres) were not found{searched}. Install them with \
         `sudo apt-get install -y postgresql` (Debian/Ubuntu), point DUBAN_PG_BIN_DIR at their \
         directory, or set DATABASE_URL to use an existing PostgreSQL server"
    )]
    BinariesMissing { searched: String },
    #[error(
        "the data directory {0} is in use by another `duban serve` (its PostgreSQL is running); \
         stop that one first or choose another --data-dir"
    )]
    InUse(PathBuf),
    #[error(
        "duban runs as root and PostgreSQL refuses to, but there is no `postgres` account to run \
         it as: install Debian's postgresql package (`apt-get install -y postgresql`) or run duban \
         as an ordinary user"
    )]
    NoUnprivilegedAccount,
    #[error("the socket path {0} is too long for a Unix socket; choose a shorter --data-dir")]
    SocketPathTooLong(PathBuf),
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("PostgreSQL did not start within {0:?}; its log says:\n{1}")]
    StartTimeout(Duration, String),
    #[error("PostgreSQL exited while starting; its log says:\n{0}")]
    StartFailed(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> ClusterError {
    let context = context.into();
    move |source| ClusterError::Io { context, source }
}

/// Where the server binaries are.
#[derive(Debug, Clone)]
pub struct Binaries {
    pub dir: PathBuf,
}

impl Binaries {
    /// `DUBAN_PG_BIN_DIR` if set (and then only there), else `pg_config --bindir`, else the
    /// newest `/usr/lib/postgresql/*/bin`, else `PATH`.
    pub fn find(explicit: Option<&Path>) -> Result<Self, ClusterError> {
        let has_server = |d: &Path| d.join("postgres").is_file() && d.join("initdb").is_file();
        if let Some(dir) = explicit {
            return if has_server(dir) {
                Ok(Self {
                    dir: dir.to_owned(),
                })
            } else {
                Err(ClusterError::BinariesMissing {
                    searched: format!(" in {}", dir.display()),
                })
            };
        }
        let mut candidates = Vec::new();
        if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
            if out.status.success() {
                candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
            }
        }
        let mut versioned: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                Some((version, e.path().join("bin")))
            })
            .collect();
        versioned.sort_by_key(|v| std::cmp::Reverse(v.0));
        candidates.extend(versioned.into_iter().map(|(_, p)| p));
        if let Some(path) = std::env::var_os("PATH") {
            candidates.extend(std::env::split_paths(&path));
        }
        candidates
            .into_iter()
            .find(|d| has_server(d))
            .map(|dir| Self { dir })
            .ok_or(ClusterError::BinariesMissing {
                searched: " (looked at pg_config --bindir, /usr/lib/postgresql/*/bin and PATH)"
                    .into(),
            })
    }

    fn tool(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// The account the cluster runs as: the current user, or `postgres` when we are root.
#[derive(Debug, Clone)]
struct Account {
    switch_to: Option<User>,
}

impl Account {
    fn for_cluster() -> Result<Self, ClusterError> {
        if !Uid::effective().is_root() {
            return Ok(Self { switch_to: None });
        }
        match User::from_name("postgres") {
            Ok(Some(user)) => Ok(Self {
                switch_to: Some(user),
            }),
            _ => Err(ClusterError::NoUnprivilegedAccount),
        }
    }

    fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        if let Some(user) = &self.switch_to {
            cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
            cmd.env("HOME", &user.dir).env("USER", &user.name);
        }
        cmd
    }

    fn own(&self, path: &Path) -> Result<(), ClusterError> {
        if let Some(user) = &self.switch_to {
            chown(path, Some(user.uid.as_raw()), Some(user.gid.as_raw())).map_err(io(format!(
                "giving {} to the postgres account",
                path.display()
            )))?;
        }
        Ok(())
    }
}

/// Paths inside a data directory.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn new(root: &Path) -> Result<Self, ClusterError> {
        fs::create_dir_all(root).map_err(io(format!("creating {}", root.display())))?;
        let root = root
            .canonicalize()
            .map_err(io(format!("resolving {}", root.display())))?;
        Ok(Self { root })
    }
    pub fn pgdata(&self) -> PathBuf {
        self.root.join("pgdata")
    }
    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("run")
    }
    fn log_file(&self) -> PathBuf {
        self.root.join("postgres.log")
    }
    fn lock_file(&self) -> PathBuf {
        self.root.join("duban.lock")
    }
    fn socket_file(&self) -> PathBuf {
        self.socket_dir().join(format!(".s.PGSQL.{PORT}"))
    }

    /// Connection options for the cluster's socket.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .port(PORT)
            .username(DB_USER)
            .database(database)
    }

    /// Whether a postmaster is running on this data directory (its pid file names a live
    /// process and its socket exists).
    pub fn is_running(&self) -> bool {
        postmaster_pid(&self.pgdata()).is_some_and(|pid| kill(pid, None).is_ok())
            && self.socket_file().exists()
    }
}

fn postmaster_pid(pgdata: &Path) -> Option<Pid> {
    let text = fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    text.lines()
        .next()?
        .trim()
        .parse::<i32>()
        .ok()
        .map(Pid::from_raw)
}

/// The exclusive claim on a data directory, held for as long as we run its cluster.
pub struct DirLock {
    _lock: Flock<File>,
}

impl DirLock {
    /// Takes the lock, or reports [`ClusterError::InUse`] when another process holds it.
    pub fn acquire(layout: &Layout) -> Result<Self, ClusterError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(layout.lock_file())
            .map_err(io("opening the data directory lock"))?;
        Flock::lock(file, FlockArg::LockExclusiveNonblock)
            .map(|lock| Self { _lock: lock })
            .map_err(|_| ClusterError::InUse(layout.root.clone()))
    }
}

/// A running cluster that this process started and will stop.
pub struct Cluster {
    layout: Layout,
    child: Child,
    _lock: DirLock,
}

impl Cluster {
    /// Initialises the cluster on first use and starts it. Fails with
    /// [`ClusterError::InUse`] when another process owns the data directory.
    pub fn start(layout: &Layout, bin_dir: Option<&Path>) -> Result<Self, ClusterError> {
        let lock = DirLock::acquire(layout)?;
        let binaries = Binaries::find(bin_dir)?;
        let account = Account::for_cluster()?;
        if let Some(user) = &account.switch_to {
            tracing::info!(
                account = %user.name,
                "running as root: the embedded PostgreSQL cluster runs as the `{}` account, which owns {}",
                user.name,
                layout.pgdata().display()
            );
        }
        let socket = layout.socket_file();
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(ClusterError::SocketPathTooLong(socket));
        }
        prepare_dirs(layout, &account)?;
        if !layout.pgdata().join("PG_VERSION").exists() {
            initdb(layout, &binaries, &account)?;
        }
        // We hold the lock, so a live postmaster here was left by a duban that was killed
        // without a chance to stop it; stop it cleanly and start our own.
        if postmaster_pid(&layout.pgdata()).is_some_and(|pid| kill(pid, None).is_ok()) {
            tracing::warn!("stopping a PostgreSQL left running by an earlier duban");
            let _ = account
                .command(&binaries.tool("pg_ctl"))
                .args(["stop", "-m", "fast", "-w", "-D"])
                .arg(layout.pgdata())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let child = spawn_postgres(layout, &binaries, &account)?;
        let mut cluster = Self {
            layout: layout.clone(),
            child,
            _lock: lock,
        };
        cluster.wait_until_ready(Duration::from_secs(60))?;
        tracing::info!(data_dir = %layout.root.display(), "embedded PostgreSQL is running");
        Ok(cluster)
    }

    fn wait_until_ready(&mut self, limit: Duration) -> Result<(), ClusterError> {
        let start = Instant::now();
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Err(ClusterError::StartFailed(log_tail(&self.layout)));
            }
            // The pid file's 8th line reads "ready" once the postmaster accepts connections.
            let ready = fs::read_to_string(self.layout.pgdata().join("postmaster.pid"))
                .map(|t| t.lines().nth(7).is_some_and(|l| l.trim() == "ready"))
                .unwrap_or(false);
            if ready && self.layout.socket_file().exists() {
                return Ok(());
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                return Err(ClusterError::StartTimeout(limit, log_tail(&self.layout)));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Fast shutdown: open sessions are ended, data is flushed, the postmaster exits.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = Pid::from_raw(self.child.id() as i32);
        let _ = kill(pid, Signal::SIGINT);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                tracing::info!("embedded PostgreSQL stopped");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = kill(pid, Signal::SIGQUIT);
        let _ = self.child.wait();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn prepare_dirs(layout: &Layout, account: &Account) -> Result<(), ClusterError> {
    // The postgres account must be able to reach its directories through ours.
    if account.switch_to.is_some() {
        fs::set_permissions(&layout.root, fs::Permissions::from_mode(0o755))
            .map_err(io("opening the data directory to the postgres account"))?;
    }
    for dir in [layout.pgdata(), layout.socket_dir()] {
        fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))
            .map_err(io(format!("restricting {}", dir.display())))?;
        account.own(&dir)?;
    }
    Ok(())
}

fn initdb(layout: &Layout, binaries: &Binaries, account: &Account) -> Result<(), ClusterError> {
    tracing::info!(pgdata = %layout.pgdata().display(), "creating the PostgreSQL cluster (initdb)");
    // ICU's Chinese collation sorts by pinyin; fall back to the C.UTF-8 locale where the
    // binaries lack ICU.
    let attempts: [&[&str]; 2] = [
        &[
            "--locale=C.UTF-8",
            "--locale-provider=icu",
            "--icu-locale=zh-Hans-CN",
        ],
        &["--locale=C.UTF-8"],
    ];
    let mut last_error = String::new();
    for locale_args in attempts {
        let out = account
            .command(&binaries.tool("initdb"))
            .arg("-D")
            .arg(layout.pgdata())
            .args([
                "-U",
                DB_USER,
                "-E",
                "UTF8",
                "--auth=trust",
                "--no-instructions",
            ])
            .args(locale_args)
            .current_dir(&layout.root)
            .output()
            .map_err(io("running initdb"))?;
        if out.status.success() {
            return Ok(());
        }
        last_error = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        // A failed attempt may leave files behind; initdb needs an empty directory.
        for entry in fs::read_dir(layout.pgdata())
            .map_err(io("clearing pgdata"))?
            .flatten()
        {
            let _ = fs::remove_dir_all(entry.path()).or_else(|_| fs::remove_file(entry.path()));
        }
    }
    Err(ClusterError::Command {
        what: "initdb".into(),
        detail: last_error,
    })
}

fn spawn_postgres(
    layout: &Layout,
    binaries: &Binaries,
    account: &Account,
) -> Result<Child, ClusterError> {
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(layout.log_file())
        .map_err(io("opening postgres.log"))?;
    let log_err = log.try_clone().map_err(io("opening postgres.log"))?;
    let mut cmd = account.command(&binaries.tool("postgres"));
    cmd.arg("-D")
        .arg(layout.pgdata())
        .arg("-k")
        .arg(layout.socket_dir())
        .args([
            "-p",
            &PORT.to_string(),
            "-c",
            "listen_addresses=",
            "-c",
            "unix_socket_permissions=0700",
        ])
        .args(["-c", "max_connections=200", "-c", "shared_buffers=128MB"])
        // Local storage with the working set in memory: at the default of 4 the planner
        // sorted an item's whole history for its latest fifty events, where reading the
        // index backwards stops after fifty.
        .args(["-c", "random_page_cost=1.1"])
        .current_dir(&layout.root)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    // Its own process group: a Ctrl-C in the terminal reaches duban, which then stops
    // PostgreSQL in order, instead of both racing.
    cmd.process_group(0);
    cmd.spawn().map_err(io("starting postgres"))
}

fn log_tail(layout: &Layout) -> String {
    let mut text = String::new();
    if let Ok(mut f) = File::open(layout.log_file()) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(2000)));
        let _ = f.read_to_string(&mut text);
    }
    text
}
