//! The rendering cases shared by the runtime benchmark (`benches/render.rs`) and the
//! allocation test (`tests/test_allocations.rs`), so both measure the same code.
//!
//! Every case builds a complete `http::Response` from an error value that already
//! exists (as in a handler returning `Err(..)`), in three ways:
//!
//! - `http-api-error`: `to_response()` of a derived error, in each built-in format;
//! - the axum idiom: `(StatusCode, Json(json!({...}))).into_response()`;
//! - `http-api-problem`: an `HttpApiProblem` with the same members, turned into a
//!   response with its own `IntoResponse`.
//!
//! plus the physical limit: a hand-built `Response<Bytes>` with a static body and one
//! header, which no error library can beat.

use std::time::Duration;

use axum::Json;
use axum::response::IntoResponse;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, Response, StatusCode};
use http_api_error::{ApiError, FieldViolation};
use http_api_problem::HttpApiProblem;
use serde_json::json;

/// The id interpolated into the `Gone` message.
pub const LINK_ID: &str = "lnk_8f3a2b91c4d7";

/// The `Retry-After` delay of the 429.
pub const WAIT: Duration = Duration::from_secs(30);

/// The body of the physical limit: what the simple format renders for `NotFound`.
pub const NOT_FOUND_BODY: &[u8] = br#"{"error":"LINK_NOT_FOUND","message":"Link not found"}"#;

macro_rules! link_error {
    ($(#[$doc:meta])* $name:ident, $format:tt) => {
        $(#[$doc])*
        #[derive(Debug, ApiError)]
        #[api(format = $format)]
        pub enum $name {
            /// Fixed body: rendered once, on first use.
            #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
            NotFound,
            /// Interpolated message: serialized at run time.
            #[api(code = "LINK_GONE", status = 410, message = "Link {id} has been deleted")]
            Gone { id: String },
            /// 401: fixed body, `WWW-Authenticate: Bearer` and `Content-Type`.
            #[api(code = "UNAUTHENTICATED", status = 401, message = "Missing or invalid API key")]
            Unauthenticated,
            /// 429: fixed body and a `Retry-After` header.
            #[api(status = 429, message = "Rate limit exceeded. Wait and retry with exponential backoff.")]
            RateLimited {
                #[api(retry_after)]
                wait: Duration,
            },
            /// 400 with an `errors` array: serialized at run time.
            #[api(code = "VALIDATION_FAILED", status = 400, message = "Request validation failed")]
            Invalid {
                #[api(errors)]
                errors: Vec<FieldViolation>,
            },
        }
    };
}

link_error!(
    /// The cases in the simple format (`{"error", "message"}`).
    SimpleError,
    "simple"
);
link_error!(
    /// The cases in the RFC 9457 problem format.
    ProblemError,
    "problem"
);
link_error!(
    /// The cases in the envelope format.
    EnvelopeError,
    "envelope"
);

/// Three violations, each with a fix, as a validation layer would report them.
pub fn violations() -> Vec<FieldViolation> {
    vec![
        FieldViolation::new("body.url", "must be an absolute http(s) URL")
            .with_fix("Send a URL such as https://example.com/page"),
        FieldViolation::new("body.slug", "must be at most 64 characters long")
            .with_fix("Shorten the slug"),
        FieldViolation::new("query.limit", "must be between 1 and 100").with_fix("Use limit=100"),
    ]
}

/// The five cases, as one error type's values.
pub struct Errors<E> {
    pub fixed: E,
    pub interpolated: E,
    pub unauthorized: E,
    pub rate_limited: E,
    pub validation: E,
}

macro_rules! errors_of {
    ($name:ident) => {
        Errors {
            fixed: $name::NotFound,
            interpolated: $name::Gone {
                id: LINK_ID.to_owned(),
            },
            unauthorized: $name::Unauthenticated,
            rate_limited: $name::RateLimited { wait: WAIT },
            validation: $name::Invalid {
                errors: violations(),
            },
        }
    };
}

/// The five cases in each built-in format.
pub struct AllFormats {
    pub simple: Errors<SimpleError>,
    pub problem: Errors<ProblemError>,
    pub envelope: Errors<EnvelopeError>,
}

/// The errors of every case in every format.
pub fn all_formats() -> AllFormats {
    AllFormats {
        simple: errors_of!(SimpleError),
        problem: errors_of!(ProblemError),
        envelope: errors_of!(EnvelopeError),
    }
}

/// The inputs the comparators build their bodies from (the same data the errors hold).
pub struct Inputs {
    pub id: String,
    pub wait: Duration,
    pub violations: Vec<FieldViolation>,
}

/// The comparators' inputs.
pub fn inputs() -> Inputs {
    Inputs {
        id: LINK_ID.to_owned(),
        wait: WAIT,
        violations: violations(),
    }
}

/// The physical limit: a static body, a status and one header.
/// The request id and path the request-id middleware would put in the context.
pub const REQUEST_ID: &str = "req_7d0c1e4b9a2f4e6b8c3d5a7f9e1b2c4d";
pub const INSTANCE: &str = "/v1/links/lnk_8f3a2b91c4d7";

/// The context every framework integration renders in, behind its request-id
/// middleware.
pub fn context() -> http_api_error::RequestContext {
    http_api_error::RequestContext::new()
        .with_request_id(REQUEST_ID)
        .with_instance(INSTANCE)
}

/// The limit behind the middleware: the fixed body with the request id spliced in,
/// built by hand into a vector of the exact size, with `content-type` and
/// `x-request-id`. Byte-identical to `SimpleError::NotFound.to_response_with(&context())`
/// (`tests/test_allocations.rs` checks it).
pub fn limit_with_id(request_id: &str) -> Response<Bytes> {
    const HEAD: &[u8] = br#"{"error":"LINK_NOT_FOUND","message":"Link not found","request_id":""#;
    const TAIL: &[u8] = br#""}"#;
    let mut body = Vec::with_capacity(HEAD.len() + request_id.len() + TAIL.len());
    body.extend_from_slice(HEAD);
    body.extend_from_slice(request_id.as_bytes());
    body.extend_from_slice(TAIL);
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = StatusCode::NOT_FOUND;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert(http_api_error::X_REQUEST_ID, id);
    }
    mark(&mut response);
    response
}

pub fn limit() -> Response<Bytes> {
    let mut response = Response::new(Bytes::from_static(NOT_FOUND_BODY));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    mark(&mut response);
    response
}

/// The `RenderedError` every error response carries for tower layers: part of the
/// work, so the limits do it too.
fn mark(response: &mut Response<Bytes>) {
    response
        .extensions_mut()
        .insert(http_api_error::RenderedError::new(
            "LINK_NOT_FOUND",
            StatusCode::NOT_FOUND,
            false,
        ));
}

/// The axum idiom, building the simple format's body with `json!`.
pub mod idiom {
    use super::*;

    pub fn fixed(_: &Inputs) -> axum::response::Response {
        (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "LINK_NOT_FOUND", "message": "Link not found"})),
        )
            .into_response()
    }

    pub fn interpolated(inputs: &Inputs) -> axum::response::Response {
        (
            StatusCode::GONE,
            Json(json!({
                "error": "LINK_GONE",
                "message": format!("Link {} has been deleted", inputs.id),
            })),
        )
            .into_response()
    }

    pub fn unauthorized(_: &Inputs) -> axum::response::Response {
        (
            StatusCode::UNAUTHORIZED,
            [(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            Json(json!({"error": "UNAUTHENTICATED", "message": "Missing or invalid API key"})),
        )
            .into_response()
    }

    pub fn rate_limited(inputs: &Inputs) -> axum::response::Response {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(RETRY_AFTER, HeaderValue::from(inputs.wait.as_secs()))],
            Json(json!({
                "error": "RATE_LIMITED",
                "message": "Rate limit exceeded. Wait and retry with exponential backoff.",
            })),
        )
            .into_response()
    }

    pub fn validation(inputs: &Inputs) -> axum::response::Response {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({
                "error": "VALIDATION_FAILED",
                "message": "Request validation failed",
                "errors": inputs.violations,
            })),
        )
            .into_response()
    }
}

/// http-api-problem, building the problem format's members.
pub mod problem {
    use super::*;

    fn problem(status: StatusCode, code: &str, detail: impl Into<String>) -> HttpApiProblem {
        HttpApiProblem::with_title(status)
            .type_url("about:blank")
            .detail(detail)
            .value("code", &code)
    }

    pub fn fixed(_: &Inputs) -> axum::response::Response {
        problem(StatusCode::NOT_FOUND, "LINK_NOT_FOUND", "Link not found").into_response()
    }

    pub fn interpolated(inputs: &Inputs) -> axum::response::Response {
        problem(
            StatusCode::GONE,
            "LINK_GONE",
            format!("Link {} has been deleted", inputs.id),
        )
        .into_response()
    }

    pub fn unauthorized(_: &Inputs) -> axum::response::Response {
        let mut response = problem(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "Missing or invalid API key",
        )
        .into_response();
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        response
    }

    pub fn rate_limited(inputs: &Inputs) -> axum::response::Response {
        let mut response = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            "Rate limit exceeded. Wait and retry with exponential backoff.",
        )
        .into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(inputs.wait.as_secs()));
        response
    }

    pub fn validation(inputs: &Inputs) -> axum::response::Response {
        problem(
            StatusCode::BAD_REQUEST,
            "VALIDATION_FAILED",
            "Request validation failed",
        )
        .value("errors", &inputs.violations)
        .into_response()
    }
}
