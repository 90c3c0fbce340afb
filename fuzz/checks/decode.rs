//! `RemoteError::decode` on arbitrary responses: any status, `Content-Type`,
//! `Retry-After`, request-id header and body. It never panics, and what it reports is
//! consistent with the input.

use arbitrary::Arbitrary;
use http_api_error::client::RemoteError;
use http_api_error::{HeaderMap, HeaderValue, StatusCode};

#[derive(Arbitrary, Debug)]
pub struct Input<'a> {
    status: u16,
    content_type: ContentType,
    retry_after: Option<&'a [u8]>,
    request_id: Option<&'a [u8]>,
    body: &'a [u8],
}

#[derive(Arbitrary, Debug)]
enum ContentType {
    None,
    Json,
    Problem,
    Other,
}

/// The checks of one fuzz input; the fuzz target and `tests/fuzz_replay.rs` both run them.
pub fn check(input: Input<'_>) {
    let status = StatusCode::from_u16(input.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = HeaderMap::new();
    let content_type = match input.content_type {
        ContentType::None => None,
        ContentType::Json => Some("application/json"),
        ContentType::Problem => Some("application/problem+json"),
        ContentType::Other => Some("text/html; charset=utf-8"),
    };
    if let Some(content_type) = content_type {
        headers.insert("content-type", HeaderValue::from_static(content_type));
    }
    for (name, value) in [
        ("retry-after", input.retry_after),
        ("x-request-id", input.request_id),
    ] {
        if let Some(value) = value.and_then(|bytes| HeaderValue::from_bytes(bytes).ok()) {
            headers.insert(name, value);
        }
    }
    let error = RemoteError::decode(status, &headers, input.body);
    assert_eq!(error.status(), status);
    let _ = error.retry_after_delay();
    let _ = error.retryable();
    let _ = error.to_string();
    let _ = format!("{error:?}");
    // At most 512 bytes of the body, each byte giving at most six characters (a
    // control byte escaped as `\u{1b}`; an invalid sequence becomes one U+FFFD), plus
    // `…` for a cut; nothing that could forge or reorder a log line stays raw.
    if let Some(excerpt) = error.body_excerpt() {
        assert!(excerpt.chars().count() <= 6 * 512 + 1, "{excerpt:?}");
        assert!(
            !excerpt.chars().any(|c| c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{excerpt:?}"
        );
    }
}
