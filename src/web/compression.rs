//! Response compression: brotli or gzip as the client's Accept-Encoding asks, for text
//! worth compressing. With the embedded default no proxy stands in front of duban, and a
//! county office on a slow line otherwise downloads 120–150 KB per page.
//!
//! actix-web's `Compress` middleware would also compress evidence downloads, xlsx exports
//! (zip files already) and 200-byte answers; this one uses the same encoder (actix-http's)
//! with duban's rule of what is worth it. Cached pages arrive with their content already
//! compressed ([`Framed`], see [`super::encoded`]) and are only framed here.

use std::sync::Arc;

use actix_http::encoding::Encoder;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, Encoding, HeaderMap, HeaderValue,
};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Bytes;

use super::encoded::CachedContent;

/// Bodies smaller than this go as they are: below about a kilobyte, compression saves less
/// than a packet and costs a compressor's set-up.
pub const MIN_COMPRESSED_LEN: u64 = 1024;

/// A cached page's parts, attached to its response by [`super::render::cached_page`]; the
/// response's own body is the same page uncompressed.
pub struct Framed {
    pub head: Bytes,
    pub content: Arc<CachedContent>,
    pub tail: Bytes,
}

/// The middleware (`middleware::from_fn(compression::compress)`).
pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<Encoder<impl MessageBody>, Bytes>>, actix_web::Error> {
    let encoding = negotiate(req.headers());
    let mut res = next.call(req).await?;
    let framed = res.response_mut().extensions_mut().remove::<Framed>();
    Ok(res.map_body(|head, body| {
        if !worth_compressing(head.status, &head.headers, body.size()) {
            return EitherBody::left(Encoder::response(ContentEncoding::Identity, head, body));
        }
        // The representation depends on Accept-Encoding, whichever one this client gets
        // (the encoder says so itself when it encodes).
        match framed.and_then(|f| f.content.framed(&f.head, &f.tail, encoding)) {
            Some(bytes) => {
                head.headers.insert(
                    header::CONTENT_ENCODING,
                    HeaderValue::from_static(encoding.as_str()),
                );
                vary_on_accept_encoding(&mut head.headers);
                EitherBody::right(bytes)
            }
            None => {
                if encoding == ContentEncoding::Identity {
                    vary_on_accept_encoding(&mut head.headers);
                }
                EitherBody::left(Encoder::response(encoding, head, body))
            }
        }
    }))
}

/// Brotli, else gzip, else none, by the request's Accept-Encoding (q-values first).
pub fn negotiate(headers: &HeaderMap) -> ContentEncoding {
    if !headers.contains_key(header::ACCEPT_ENCODING) {
        return ContentEncoding::Identity;
    }
    let Ok(accept) = header::from_comma_delimited(headers.get_all(header::ACCEPT_ENCODING)) else {
        return ContentEncoding::Identity;
    };
    let accept = AcceptEncoding(accept);
    let offered = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
    match accept.negotiate(offered.iter()) {
        Some(Encoding::Known(encoding)) => encoding,
        _ => ContentEncoding::Identity,
    }
}

/// Text of a kilobyte or more (or of unknown length) that is not already encoded.
fn worth_compressing(status: StatusCode, headers: &HeaderMap, size: BodySize) -> bool {
    let big_enough = match size {
        BodySize::Sized(len) => len >= MIN_COMPRESSED_LEN,
        BodySize::Stream => true,
        BodySize::None => false,
    };
    big_enough
        && status != StatusCode::PARTIAL_CONTENT
        && !headers.contains_key(header::CONTENT_ENCODING)
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_compressible)
}

/// Text formats; not zip-based (xlsx, docx), images, or opaque bytes (evidence files).
fn is_compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/json" | "application/javascript" | "application/xml" | "image/svg+xml"
        )
}

fn vary_on_accept_encoding(headers: &mut HeaderMap) {
    let already = headers
        .get_all(header::VARY)
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if !already {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn brotli_is_chosen_over_gzip_unless_the_client_prefers_gzip() {
        let cases = [
            ("gzip, deflate, br, zstd", ContentEncoding::Brotli),
            ("gzip", ContentEncoding::Gzip),
            ("br;q=0.5, gzip", ContentEncoding::Gzip),
            ("deflate", ContentEncoding::Identity),
            ("", ContentEncoding::Identity),
        ];
        for (accept, expected) in cases {
            assert_eq!(
                negotiate(&headers(accept)),
                expected,
                "Accept-Encoding: {accept}"
            );
        }
        assert_eq!(negotiate(&HeaderMap::new()), ContentEncoding::Identity);
    }

    #[test]
    fn only_text_of_a_kilobyte_or_more_is_worth_compressing() {
        let typed = |t: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
            h
        };
        let ok = StatusCode::OK;
        let big = BodySize::Sized(150_000);
        assert!(worth_compressing(
            ok,
            &typed("text/html; charset=utf-8"),
            big
        ));
        assert!(worth_compressing(
            ok,
            &typed("text/csv; charset=utf-8"),
            BodySize::Stream
        ));
        assert!(!worth_compressing(
            ok,
            &typed("text/html"),
            BodySize::Sized(200)
        ));
        assert!(!worth_compressing(
            ok,
            &typed("application/octet-stream"),
            big
        ));
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        assert!(!worth_compressing(ok, &typed(xlsx), big));
        assert!(!worth_compressing(ok, &typed("image/png"), big));
        assert!(!worth_compressing(ok, &HeaderMap::new(), big));
    }
}
