use bytes::Bytes;
use http::header::{
    CONTENT_LANGUAGE, CONTENT_TYPE, HeaderName, RETRY_AFTER, VARY, WWW_AUTHENTICATE,
};
use http::{HeaderValue, Response, StatusCode};

use crate::format::{Localized, render_body};
use crate::request_id::valid_request_id;
use crate::{ApiError, ErrorView, Format, RenderedError, RequestContext};

/// The `x-request-id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Builds the response: the status, the body (a fixed variant's prepared body with the
/// request's id and instance spliced in, else rendered now), the singleton headers,
/// each set once, and the [`RenderedError`] extension; and (feature `tracing`) emits
/// the response's one log event. Every path from an error to a response comes here
/// once, so every error response is logged exactly once.
// Inlined into each error type's `to_response`: the response is then built in the
// caller's place instead of being copied out (144 bytes), which is 4 % of the
// instructions of a fixed body's response (benches/instructions.sh: 867 -> 832).
#[inline]
pub(crate) fn render(
    error: &dyn ApiError,
    format: &dyn Format,
    context: &RequestContext,
) -> Response<Bytes> {
    let status = error.status();
    // A format whose bodies always carry a request id gets a new one where the context
    // has none: the same id then goes into the body, the header and the log.
    let generated;
    let context = if context.request_id().is_none() && format.requires_request_id() {
        generated = context
            .clone()
            .with_request_id(crate::request_id::generate_request_id());
        &generated
    } else {
        context
    };
    #[cfg(feature = "i18n")]
    let localized = context.localize(error);
    #[cfg(not(feature = "i18n"))]
    let localized: Option<crate::format::Localized> = None;
    let view = ErrorView::new(error, context).localized(localized.as_ref());
    // A translated body is rendered now; the prepared ones are in the declared text.
    let fixed = format
        .builtin()
        .zip(error.fixed_bodies())
        .filter(|_| !localized.as_ref().is_some_and(Localized::translates))
        .and_then(|(kind, fixed)| fixed.body(kind, error, context));
    let body = match fixed {
        Some(body) => body,
        None => render_body(format, &view),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, format.content_type(&view));
    if let Some(localized) = &localized {
        if let Ok(language) = HeaderValue::from_str(localized.language) {
            headers.insert(CONTENT_LANGUAGE, language);
        }
        headers.append(VARY, HeaderValue::from_static("accept-language"));
    }
    if status == StatusCode::UNAUTHORIZED {
        let challenge = error.www_authenticate().and_then(static_header);
        headers.insert(
            WWW_AUTHENTICATE,
            challenge.unwrap_or(HeaderValue::from_static("Bearer")),
        );
    }
    if let Some(retry_after) = error.retry_after() {
        headers.insert(RETRY_AFTER, retry_after.header_value());
    }
    // The same rule as the framework middleware: only a well-formed id is reflected
    // (checked when the context was made, for the common case).
    let id = context
        .plain_request_id()
        .or_else(|| context.request_id().filter(|id| valid_request_id(id)));
    if let Some(id) = id.and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert(X_REQUEST_ID, id);
    }
    response
        .extensions_mut()
        .insert(RenderedError::new(error.code(), status, error.retryable()));
    #[cfg(feature = "tracing")]
    crate::log::emit(error, status, context);
    response
}

/// The response in the error's own format, or in the one the context negotiated, with
/// `Vary: Accept` where the body depends on the request's `Accept` header.
pub(crate) fn negotiated(error: &dyn ApiError, context: &RequestContext) -> Response<Bytes> {
    let (format, vary) = context.negotiate(error.body_format(), error.alternative_formats());
    let mut response = render(error, format, context);
    if vary {
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("accept"));
    }
    response
}

/// A header value borrowing `value`, or `None` when it holds a byte a header value
/// cannot (the check `HeaderValue::from_static` would otherwise panic on).
fn static_header(value: &'static str) -> Option<HeaderValue> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    valid.then(|| HeaderValue::from_static(value))
}
