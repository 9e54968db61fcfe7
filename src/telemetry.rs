//! Tracing subscriber: human-readable locally, JSON in production; and what a request's
//! end says in the log.

use std::io::IsTerminal;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,actix_server=warn"));
    // Colour codes only for a person at a terminal, not into a log file or a journal.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The request span of [`tracing_actix_web`], with an event at the request's end that
/// weighs what happened: a client's mistake is a warning, and a response that only sends
/// the browser elsewhere (to the login page) is information. A server error is logged
/// once, with its causes, where it becomes a page (`web::error`), not again here. (The
/// crate's own event, off with its `emit_event_on_error` feature, calls everything that is
/// not a 4xx an error.)
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        DefaultRootSpanBuilder::on_request_start(request)
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let failed = match outcome {
            Ok(response) => response
                .response()
                .error()
                .map(|e| (response.status(), e.to_string())),
            Err(e) => Some((e.as_response_error().status_code(), e.to_string())),
        };
        DefaultRootSpanBuilder::on_request_end(span.clone(), outcome);
        let Some((status, message)) = failed else {
            return;
        };
        let status = status.as_u16();
        span.in_scope(|| match status {
            500.. => {}
            400..=499 => tracing::warn!(status, "{message}"),
            _ => tracing::info!(status, "{message}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What the log says when a request ends with `error`.
    fn logged(error: crate::web::error::Error) -> String {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Writer(sink.clone()))
            .finish();
        let request = actix_web::test::TestRequest::default().to_srv_request();
        let response = ServiceResponse::from_err(error, request.request().clone());
        tracing::subscriber::with_default(subscriber, || {
            RequestSpan::on_request_end(Span::none(), &Ok(response));
        });
        let bytes = buffer.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    struct Writer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Writer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_redirect_to_the_login_page_is_information_and_a_failure_is_not_logged_twice() {
        use crate::web::error::Error;
        let login = logged(Error::LoginRequired {
            next: "/ledger".into(),
        });
        assert!(
            login.contains(" INFO ") && login.contains("status=303"),
            "{login}"
        );
        let missing = logged(Error::NotFound);
        assert!(missing.contains(" WARN "), "{missing}");
        // Logged where it becomes a page (`Error::error_response`), with its causes.
        let failed = logged(Error::Unexpected(anyhow::anyhow!("disk full")));
        assert!(failed.is_empty(), "{failed}");
    }
}
