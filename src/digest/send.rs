//! Delivering one message: over SMTP (lettre; plain, STARTTLS or TLS, with credentials),
//! or, with no SMTP server configured, as an .eml file in the outbox folder so that
//! nothing is lost in a demo.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailSettings, SmtpTls};
use crate::domain::Delivery;

/// A message as it leaves the outbox.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The outbox row, which names the .eml file.
    pub id: i64,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
}

/// Why a delivery failed, which decides whether to try again.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The server is down, slow or said "try later" (4xx): retry with backoff.
    #[error("{0}")]
    Transient(String),
    /// The message can never go out as it is (bad address, a 5xx refusal).
    #[error("{0}")]
    Permanent(String),
}

/// Where messages go.
pub struct Mailer {
    from: Mailbox,
    route: Route,
}

enum Route {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// host:port, for the outbox page and logs; never the credentials.
        server: String,
    },
    Folder(PathBuf),
}

impl Mailer {
    /// SMTP when a server is configured, else the outbox folder (`data_dir/outbox` unless
    /// set).
    pub fn from_settings(mail: &MailSettings, data_dir: &Path) -> anyhow::Result<Self> {
        let from: Mailbox = mail
            .mail_from
            .parse()
            .with_context(|| format!("DUBAN_MAIL_FROM is not an address: {}", mail.mail_from))?;
        let timeout = Some(Duration::from_secs(mail.smtp_timeout_secs.max(1)));
        let builder = if let Some(url) = &mail.smtp_url {
            Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("DUBAN_SMTP_URL is not a valid SMTP URL")?,
            )
        } else if let Some(host) = &mail.smtp_host {
            Some(smtp_from_parts(mail, host)?)
        } else {
            None
        };
        let route = match builder {
            Some(builder) => {
                let transport = builder.timeout(timeout).build();
                let server = format!("smtp {}", server_name(mail));
                Route::Smtp { transport, server }
            }
            None => Route::Folder(
                mail.outbox_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("outbox")),
            ),
        };
        Ok(Self { from, route })
    }

    /// Where messages go, for logs and the command line.
    pub fn describe(&self) -> String {
        match &self.route {
            Route::Smtp { server, .. } => server.clone(),
            Route::Folder(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// Delivers one message; returns how, and where it went (the server, or the file).
    pub async fn send(&self, mail: Outgoing<'_>) -> Result<(Delivery, String), SendError> {
        let message = build_message(&self.from, mail)?;
        match &self.route {
            Route::Smtp { transport, server } => transport
                .send(message)
                .await
                .map(|_| (Delivery::Smtp, server.clone()))
                .map_err(|e| {
                    if e.is_permanent() {
                        SendError::Permanent(error_chain(&e))
                    } else {
                        SendError::Transient(error_chain(&e))
                    }
                }),
            Route::Folder(dir) => write_eml(dir, mail.id, &message.formatted())
                .await
                .map(|path| (Delivery::File, path))
                .map_err(|e| SendError::Transient(format!("{e:#}"))),
        }
    }
}

fn smtp_from_parts(
    mail: &MailSettings,
    host: &str,
) -> anyhow::Result<lettre::transport::smtp::AsyncSmtpTransportBuilder> {
    let mut builder = match mail.smtp_tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(25),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
    };
    if let Some(port) = mail.smtp_port {
        builder = builder.port(port);
    }
    if let Some(user) = &mail.smtp_user {
        let password = mail
            .smtp_password
            .as_ref()
            .map(|p| p.expose_secret().to_owned())
            .unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder)
}

/// host:port of the configured server, without credentials.
fn server_name(mail: &MailSettings) -> String {
    if let Some(url) = &mail.smtp_url {
        // Everything after the credentials, if any: scheme://[user:pass@]host[:port][?...].
        let url = url.expose_secret();
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
        return rest.split(['?', '/']).next().unwrap_or(rest).to_owned();
    }
    let port = mail.smtp_port.unwrap_or(match mail.smtp_tls {
        SmtpTls::None => 25,
        SmtpTls::Starttls => 587,
        SmtpTls::Tls => 465,
    });
    format!("{}:{port}", mail.smtp_host.as_deref().unwrap_or(""))
}

/// The message as sent: multipart/alternative with the plain text first, so that mail
/// readers showing HTML pick the HTML; headers such as the Chinese subject are encoded by
/// lettre (RFC 2047).
pub fn build_message(from: &Mailbox, mail: Outgoing<'_>) -> Result<Message, SendError> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| SendError::Permanent(format!("收件地址无效（{}）：{e}", mail.to)))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject);
    let built = match mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            crlf(mail.text),
            crlf(html),
        )),
        None => builder.singlepart(SinglePart::plain(crlf(mail.text))),
    };
    built.map_err(|e| SendError::Permanent(format!("邮件无法生成：{e}")))
}

/// The text with CRLF line ends, as mail wants them. lettre converts bare LFs itself, but
/// by inserting into the string one at a time, which takes minutes on a long digest.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Writes the file whole or not at all (a temporary name, then a rename), named by the
/// outbox row so that a retry overwrites rather than duplicates.
async fn write_eml(dir: &Path, id: i64, bytes: &[u8]) -> anyhow::Result<String> {
    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("creating the outbox folder {}", dir.display()))?;
    let path = dir.join(format!("{id:06}.eml"));
    let partial = dir.join(format!(".{id:06}.eml.part"));
    write_private(&partial, bytes)
        .await
        .with_context(|| format!("writing {}", partial.display()))?;
    tokio::fs::rename(&partial, &path)
        .await
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(format!("file {}", path.display()))
}

/// Writes `bytes` to a new file only its owner may read: mail names people and their work.
/// A leftover of a crashed write (or a symlink planted at the name) is removed, not
/// followed, and `create_new` refuses anything that reappears there meanwhile.
async fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    match tokio::fs::remove_file(path).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .await?;
    file.write_all(bytes).await?;
    file.flush().await
}

/// The error and its causes on one line: lettre's own message is often just "network
/// error".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing<'a>(to: &'a str, html: Option<&'a str>) -> Outgoing<'a> {
        Outgoing {
            id: 1,
            to,
            subject: "督办周报 · 教务处",
            text: "孙处长您好：",
            html,
        }
    }

    fn from() -> Mailbox {
        "督办系统 <duban@example.edu.cn>".parse().unwrap()
    }

    #[test]
    fn the_chinese_subject_is_encoded_and_both_parts_are_alternatives() {
        let message =
            build_message(&from(), outgoing("a@example.edu.cn", Some("<p>您好</p>"))).unwrap();

        let raw = String::from_utf8(message.formatted()).unwrap();

        assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("text/plain") && raw.contains("text/html"),
            "{raw}"
        );
        assert!(raw.is_ascii(), "headers and bodies are transfer-encoded");
    }

    #[test]
    fn a_bad_address_is_a_permanent_failure() {
        let err = build_message(&from(), outgoing("not an address", None)).unwrap_err();

        assert!(matches!(err, SendError::Permanent(_)), "{err}");
    }

    #[test]
    fn the_server_name_never_shows_credentials() {
        let mut settings = crate::config::MailSettings {
            smtp_url: Some("smtps://user:s3cret@mail.example.cn:465?x=1".into()),
            smtp_host: None,
            smtp_port: None,
            smtp_user: None,
            smtp_password: None,
            smtp_tls: SmtpTls::Starttls,
            mail_from: String::new(),
            outbox_dir: None,
            smtp_timeout_secs: 1,
            retry_secs: 1,
            poll_ms: 1,
        };
        assert_eq!(server_name(&settings), "mail.example.cn:465");

        settings.smtp_url = None;
        settings.smtp_host = Some("mail.example.cn".into());
        assert_eq!(server_name(&settings), "mail.example.cn:587");
    }
}
