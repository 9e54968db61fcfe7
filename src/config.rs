//! Settings, from the command line and `DUBAN_*` environment variables (plus the
//! conventional `DATABASE_URL`); defaults suit a local run.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use clap::Args;
use secrecy::SecretString;

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

/// Reading PDF and Word 97 files through external programs (see `crate::convert`).
#[derive(Debug, Clone, Args)]
pub struct ConvertSettings {
    /// Seconds a document reader (pdftotext, antiword) may run before it is stopped.
    #[arg(
        long = "convert-timeout",
        env = "DUBAN_CONVERT_TIMEOUT",
        default_value_t = 60,
        global = true
    )]
    pub timeout_secs: u64,
    /// Pages of a PDF read at most.
    #[arg(
        long = "pdf-max-pages",
        env = "DUBAN_PDF_MAX_PAGES",
        default_value_t = 200,
        global = true
    )]
    pub pdf_max_pages: u32,
    /// Pages of a scanned PDF read by OCR at most (a few seconds a page).
    #[arg(
        long = "ocr-max-pages",
        env = "DUBAN_OCR_MAX_PAGES",
        default_value_t = 20,
        global = true
    )]
    pub ocr_max_pages: u32,
}

impl Default for ConvertSettings {
    fn default() -> Self {
        Self {
            timeout_secs: 60,
            pdf_max_pages: 200,
            ocr_max_pages: 20,
        }
    }
}

/// The web server.
#[derive(Debug, Clone, Args)]
pub struct HttpSettings {
    /// Address to listen on.
    #[arg(long, env = "DUBAN_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Mark cookies `Secure` (default: when --base-url starts with https://).
    #[arg(
        long,
        env = "DUBAN_SECURE_COOKIES",
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub secure_cookies: Option<bool>,
    /// Hours a login stays valid without activity.
    #[arg(long, env = "DUBAN_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: i64,
    /// Hours a login stays valid at most, however active (a stolen cookie dies with it).
    #[arg(long, env = "DUBAN_SESSION_MAX_HOURS", default_value_t = 168)]
    pub session_max_hours: i64,
    /// Megabytes of evidence files one progress report may carry.
    #[arg(long, env = "DUBAN_EVIDENCE_REPORT_MB", default_value_t = 50)]
    pub evidence_report_mb: u64,
    /// Megabytes of evidence files one unit may have stored in all.
    #[arg(long, env = "DUBAN_EVIDENCE_UNIT_MB", default_value_t = 2048)]
    pub evidence_unit_mb: u64,
    /// The address people open duban at, for links in mail (default: http://BIND).
    #[arg(long, env = "DUBAN_BASE_URL")]
    pub base_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For names the client (comma-separated addresses
    /// or networks, e.g. 127.0.0.1,10.0.0.0/8); from anyone else the header is ignored.
    #[arg(long, env = "DUBAN_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,
}

impl Default for HttpSettings {
    /// The command line's defaults, on port 0 (what tests start from).
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            secure_cookies: None,
            session_hours: 12,
            session_max_hours: 168,
            evidence_report_mb: 50,
            evidence_unit_mb: 2048,
            base_url: None,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

impl HttpSettings {
    /// Whether cookies are marked `Secure`: as configured, else when people open duban
    /// over HTTPS. A browser never sends a `Secure` cookie over plain HTTP, so the default
    /// cannot follow the scheme blindly: a local `http://` run would never stay logged in.
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.base_url
                .as_deref()
                .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
        })
    }

    /// The evidence quotas, in bytes.
    pub fn evidence_quota(&self) -> EvidenceQuota {
        let bytes = |mb: u64| mb.saturating_mul(1024 * 1024);
        EvidenceQuota {
            per_report: bytes(self.evidence_report_mb),
            per_unit: bytes(self.evidence_unit_mb),
        }
    }

    /// The start of every link in mail: `--base-url`, else the listen address.
    pub fn public_url(&self) -> String {
        public_url(self.base_url.as_deref(), self.bind)
    }

    /// When a session started now expires without further activity.
    pub fn session_expiry(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::hours(self.session_hours.min(self.session_max_hours))
    }

    /// [`Self::public_url`] once the listener is bound to `port` (which differs from the
    /// configured one when that is 0).
    pub fn public_url_on(&self, port: u16) -> String {
        public_url(
            self.base_url.as_deref(),
            SocketAddr::new(self.bind.ip(), port),
        )
    }
}

/// How many bytes of evidence files a report may carry, and a unit may store in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceQuota {
    pub per_report: u64,
    pub per_unit: u64,
}

impl Default for EvidenceQuota {
    fn default() -> Self {
        HttpSettings::default().evidence_quota()
    }
}

/// `base_url` without its trailing slash, else `http://` and the listen address.
pub fn public_url(base_url: Option<&str>, bind: SocketAddr) -> String {
    match base_url.map(|u| u.trim().trim_end_matches('/')) {
        Some(u) if !u.is_empty() => u.to_owned(),
        _ => format!("http://{bind}"),
    }
}

/// The reverse proxies allowed to say who the client is. Empty by default: then the
/// client is the peer of the TCP connection, and a forged X-Forwarded-For changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical_ip(ip);
        self.0.iter().any(|net| net.contains(ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// ```
    /// use duban::config::TrustedProxies;
    /// let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
    /// assert!(proxies.contains("10.1.2.3".parse().unwrap()));
    /// assert!(!proxies.contains("192.168.0.1".parse().unwrap()));
    /// assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(IpNet::from_str)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

/// An address or a network (`ADDR/PREFIX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    fn contains(self, ip: IpAddr) -> bool {
        // Both kinds in the top bits of a u128, so one mask of `prefix` bits serves both.
        let bits = |a: IpAddr| match a {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)) << 96, 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        let ((net, net_len), (addr, addr_len)) = (bits(self.addr), bits(ip));
        let mask = u128::MAX
            .checked_shl(u32::from(128 - self.prefix))
            .unwrap_or(0);
        net_len == addr_len && net & mask == addr & mask
    }
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not an IP address or network: {s:?}");
        let (addr, prefix) = s.split_once('/').map_or((s, None), |(a, p)| (a, Some(p)));
        let addr = canonical_ip(addr.trim().parse::<IpAddr>().map_err(|_| bad())?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as a dual-stack listener reports
/// it) is the IPv4 address.
pub fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Outgoing mail. Without an SMTP server, messages are written as .eml files to
/// `--outbox-dir`, so that nothing is lost in a demo.
#[derive(Debug, Clone, Args)]
pub struct MailSettings {
    /// SMTP server as a URL: smtp://host:25 (plain), smtp://user:pass@host:587?tls=required
    /// (STARTTLS), smtps://user:pass@host:465 (TLS). Wins over the --smtp-* settings.
    #[arg(long, env = "DUBAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SecretString>,
    /// SMTP server host name (used when --smtp-url is unset).
    #[arg(long, env = "DUBAN_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port (default: 25 plain, 587 STARTTLS, 465 TLS).
    #[arg(long, env = "DUBAN_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// SMTP user name.
    #[arg(long, env = "DUBAN_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// SMTP password.
    #[arg(long, env = "DUBAN_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<SecretString>,
    /// Connection security: none, starttls or tls.
    #[arg(long, env = "DUBAN_SMTP_TLS", value_enum, default_value = "starttls")]
    pub smtp_tls: SmtpTls,
    /// The From of every message.
    #[arg(
        long,
        env = "DUBAN_MAIL_FROM",
        default_value = "督办系统 <duban@localhost>"
    )]
    pub mail_from: String,
    /// Folder for .eml files when no SMTP server is configured (default: DATA_DIR/outbox).
    #[arg(long, env = "DUBAN_OUTBOX_DIR")]
    pub outbox_dir: Option<PathBuf>,
    /// Seconds to wait for the SMTP server before a delivery counts as failed.
    #[arg(long, env = "DUBAN_SMTP_TIMEOUT_SECS", default_value_t = 30)]
    pub smtp_timeout_secs: u64,
    /// Seconds before the first retry of a failed delivery; each retry waits twice as
    /// long, up to an hour.
    #[arg(
        long = "mail-retry-secs",
        env = "DUBAN_MAIL_RETRY_SECS",
        default_value_t = 60
    )]
    pub retry_secs: u64,
    /// Milliseconds between two looks at the outbox for messages to send.
    #[arg(
        long = "mail-poll-ms",
        env = "DUBAN_MAIL_POLL_MS",
        default_value_t = 5000
    )]
    pub poll_ms: u64,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine or network).
    None,
    /// STARTTLS, required.
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

/// When digests go out, in China Standard Time (UTC+8, no daylight saving), the time of
/// every deadline in duban.
#[derive(Debug, Clone, Args)]
pub struct DigestSettings {
    /// Day of the weekly digest (mon, tue, ... sun).
    #[arg(long, env = "DUBAN_DIGEST_WEEKDAY", default_value = "mon")]
    pub digest_weekday: Weekday,
    /// Time of day of the weekly and daily digests (HH:MM, Beijing time).
    #[arg(long, env = "DUBAN_DIGEST_TIME", default_value = "08:00")]
    pub digest_time: NaiveTime,
    /// Seconds between two checks for a digest that is due.
    #[arg(long, env = "DUBAN_DIGEST_CHECK_SECS", default_value_t = 60)]
    pub digest_check_secs: u64,
}

/// The warning ladder's clock (its rules are 督办设置, in the database).
#[derive(Debug, Clone, Args)]
pub struct LadderSettings {
    /// Seconds between two runs of the warning ladder: a step is taken within this long of
    /// its day starting (or of the quiet hours ending).
    #[arg(long, env = "DUBAN_LADDER_CHECK_SECS", default_value_t = 300)]
    pub ladder_check_secs: u64,
}

/// Log output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::HttpSettings;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        http: HttpSettings,
    }

    fn parsed(args: &[&str]) -> HttpSettings {
        Command::try_parse_from(std::iter::once("duban").chain(args.iter().copied()))
            .unwrap()
            .http
    }

    #[test]
    fn secure_cookies_follow_the_base_urls_scheme_unless_set() {
        assert!(!parsed(&[]).secure_cookies());
        assert!(parsed(&["--base-url", "https://duban.example.edu.cn/"]).secure_cookies());
        assert!(!parsed(&["--base-url", "http://10.0.0.1:8080"]).secure_cookies());
        assert!(parsed(&["--secure-cookies"]).secure_cookies());
        assert!(
            !parsed(&["--base-url", "https://x.cn", "--secure-cookies=false"]).secure_cookies()
        );
    }

    #[test]
    fn a_session_starts_with_the_shorter_of_its_idle_and_absolute_lifetimes() {
        let http = parsed(&["--session-hours", "12", "--session-max-hours", "2"]);
        let left = http.session_expiry() - chrono::Utc::now();
        assert!(left <= chrono::Duration::hours(2), "{left}");
    }
}
