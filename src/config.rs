//! Settings, from the command line and `DUBAN_*` environment variables (plus the
//! conventional `DATABASE_URL`); defaults suit a local run.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// PostgreSQL server to use; without it duban runs its own cluster in --data-dir.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub url: Option<String>,
    /// Directory of the embedded PostgreSQL cluster.
    #[arg(long, env = "DUBAN_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Directory with PostgreSQL's initdb and postgres (found automatically when unset).
    #[arg(long, env = "DUBAN_PG_BIN_DIR", global = true)]
    pub pg_bin_dir: Option<PathBuf>,
    /// Connections in the pool of each duban process.
    #[arg(
        long,
        env = "DUBAN_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub max_connections: u32,
}

/// The web server.
#[derive(Debug, Clone, Args)]
pub struct HttpSettings {
    /// Address to listen on.
    #[arg(long, env = "DUBAN_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Mark cookies `Secure` (set when duban is served over HTTPS).
    #[arg(long, env = "DUBAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Hours a login stays valid without activity.
    #[arg(long, env = "DUBAN_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
}

/// Pages that exist only for benchmarks.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct BenchSettings {
    /// Serve TechEmpower's Fortunes page at /bench/fortunes, the yardstick of bench/load.sh.
    #[arg(
        long = "bench-fortunes",
        env = "DUBAN_BENCH_FORTUNES",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub fortunes: bool,
}

/// Log output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}
