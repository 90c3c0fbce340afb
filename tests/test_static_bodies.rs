//! Rule 12: a variant whose body cannot vary is served from a body rendered once (with
//! the request id and instance spliced in), and that body is byte-identical to what
//! the full renderer writes.
//!
//! Every error here is rendered twice for each built-in format and each request
//! context: as itself (the fixed path, for fixed variants) and through [`Dynamic`], a
//! wrapper that forwards every `ApiError` method except `fixed_bodies`, which forces
//! the full renderer. Status, headers and body must be identical.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http_api_error::{
    ApiError, FieldViolation, FormatKind, RequestContext, RetryAfter, StatusCode, http::Response,
};
use serde_json::Value;

/// `error` with the fixed bodies hidden: renders in full only.
struct Dynamic<'a, E: ?Sized>(&'a E);

impl<E: ApiError + ?Sized> ApiError for Dynamic<'_, E> {
    fn status(&self) -> StatusCode {
        self.0.status()
    }
    fn code(&self) -> &'static str {
        self.0.code()
    }
    fn title(&self) -> &'static str {
        self.0.title()
    }
    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_message(f)
    }
    fn retryable(&self) -> bool {
        self.0.retryable()
    }
    fn docs_url(&self) -> Option<&'static str> {
        self.0.docs_url()
    }
    fn retry_after(&self) -> Option<RetryAfter> {
        self.0.retry_after()
    }
    fn www_authenticate(&self) -> Option<&'static str> {
        self.0.www_authenticate()
    }
    fn errors(&self) -> Option<&[FieldViolation]> {
        self.0.errors()
    }
    fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
        self.0.visit_details(visit);
    }
    fn has_details(&self) -> bool {
        self.0.has_details()
    }
    fn format(&self) -> FormatKind {
        self.0.format()
    }
    // `fixed_bodies` is deliberately not forwarded: the default `None` applies.
}

/// Whether a case is expected to have a fixed body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Body {
    Fixed,
    Varies,
}
use Body::{Fixed, Varies};

/// The response's headers and body with a request id the renderer made (the context
/// had none; the envelope always carries one) written `<generated>`, so that two
/// renderings compare equal.
fn normalized(
    response: &Response<Bytes>,
    context: &RequestContext,
) -> (Vec<(String, String)>, String) {
    let body = String::from_utf8_lossy(response.body()).into_owned();
    let generated = response
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .filter(|_| context.request_id().is_none());
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or_default();
            let value = if Some(value) == generated {
                "<generated>"
            } else {
                value
            };
            (name.as_str().to_owned(), value.to_owned())
        })
        .collect();
    let body = match generated {
        Some(id) => body.replace(id, "<generated>"),
        None => body,
    };
    (headers, body)
}

fn assert_same(
    label: &str,
    context: &RequestContext,
    fast: &Response<Bytes>,
    slow: &Response<Bytes>,
) {
    assert_eq!(fast.status(), slow.status(), "{label}: status");
    let (fast_headers, fast_body) = normalized(fast, context);
    let (slow_headers, slow_body) = normalized(slow, context);
    assert_eq!(fast_headers, slow_headers, "{label}: headers");
    assert_eq!(
        fast_body, slow_body,
        "{label}: body\n static:  {fast_body}\n dynamic: {slow_body}",
    );
}

/// The `message`/`detail` member of a body in `kind`.
fn message_member(kind: FormatKind, body: &Value) -> &Value {
    match kind {
        FormatKind::Simple => &body["message"],
        FormatKind::Problem => &body["detail"],
        FormatKind::Envelope => &body["error"]["detail"],
    }
}

/// The request contexts every case is rendered for: none, each member alone, both, and
/// values that need escaping in JSON.
fn contexts() -> Vec<RequestContext> {
    vec![
        RequestContext::EMPTY,
        RequestContext::new().with_request_id("req_0123456789abcdef"),
        RequestContext::new().with_instance("/v1/links/lnk_1"),
        RequestContext::new()
            .with_request_id("req_0123456789abcdef")
            .with_instance("/v1/links/lnk_1"),
        RequestContext::new()
            .with_request_id(r#"id "quoted" \ back"#)
            .with_instance("/caf\u{e9}/\"x\"\n\u{202e}"),
        RequestContext::new().with_request_id("").with_instance(""),
    ]
}

/// Checks every case in every built-in format and in its default format, for every
/// request context.
fn check<E: ApiError + fmt::Debug>(cases: &[(E, Body)]) {
    for (error, expected) in cases {
        assert_eq!(
            error.fixed_bodies().is_some(),
            *expected == Fixed,
            "{error:?}: fixed_bodies is {}, expected {expected:?}",
            error.fixed_bodies().is_some(),
        );
        for context in contexts() {
            for kind in FormatKind::ALL {
                let label = format!("{error:?} in {} with {context:?}", kind.name());
                let fast = error.render(&kind, &context);
                let slow = Dynamic(error).render(&kind, &context);
                assert_same(&label, &context, &fast, &slow);
                let body: Value = serde_json::from_slice(fast.body())
                    .unwrap_or_else(|e| panic!("{label}: invalid JSON ({e}): {:?}", fast.body()));
                assert_eq!(
                    message_member(kind, &body),
                    &Value::String(error.message()),
                    "{label}: the body carries the public message"
                );
            }
            let label = format!("{error:?} with to_response_with({context:?})");
            assert_same(
                &label,
                &context,
                &error.to_response_with(&context),
                &Dynamic(error).to_response_with(&context),
            );
        }
        let label = format!("{error:?} with to_response()");
        let first = error.to_response();
        assert_same(
            &label,
            &RequestContext::EMPTY,
            &first,
            &Dynamic(error).to_response(),
        );
        // Without a request context a fixed body is served from where it was rendered
        // the first time, never copied; but for the envelope, which makes a request id
        // then.
        if *expected == Fixed && error.format() != FormatKind::Envelope {
            assert_eq!(
                first.body().as_ptr(),
                error.to_response().body().as_ptr(),
                "{label}: the prepared body is served again"
            );
        }
    }
}

/// A unit-less placeholder for `#[source]` fields.
fn io_error() -> std::io::Error {
    std::io::Error::other("connection refused by 10.0.0.7:5432")
}

/// Enum-level docs template, the default (simple) format, and every message shape.
/// Some fields are never read: they only show that unexposed data stays out of bodies.
#[allow(dead_code)]
#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/api/errors#{code}")]
enum Documented {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
    NotFound,
    /// 4xx without a message: the title.
    #[api(status = 400)]
    BadInput,
    /// 5xx without a message: the reason phrase; the source is never sent.
    #[api(status = 500)]
    Internal(#[source] std::io::Error),
    #[api(status = 503, title = "Maintenance", message = "Back soon")]
    Maintenance,
    /// 4xx with a custom title (with quotes) and no message; an unexposed field.
    #[api(status = 409, title = "Conflict with \"existing\" link")]
    Conflict { existing: String },
    #[api(status = 422, message = "Use {{braces}} like {{this}}")]
    Braces,
    #[api(
        status = 400,
        message = "Quote \" backslash \\ slash / tab \t newline \n return \r backspace \u{8} form feed \u{c} control \u{1} \u{1f} delete \u{7f} é ✓ 😀 </script>"
    )]
    Escapes,
    #[api(status = 401, message = "Missing API key")]
    Unauthenticated,
    #[api(status = 401, www_authenticate = "Basic realm=\"api\"")]
    BasicAuth,
    #[api(status = 429, message = "Slow down")]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(status = NOT_FOUND, code = "BY_CONSTANT_NAME")]
    ByConstantName,
    /// A status without a reason phrase: "Client Error".
    #[api(status = 499)]
    ClientClosed,
    /// A status without a reason phrase: "Server Error".
    #[api(status = 599)]
    Unusual,
    /// A variant-level docs URL overrides the enum's template.
    #[api(status = 410, docs = "https://other.example/{code}/help?lang=en&v=2")]
    OwnDocs,
    /// A 5xx with a message with escaped braces and a `source` field.
    #[api(status = 502, message = "Failed to reach {{upstream}}")]
    Upstream { source: std::io::Error },
    /// A tuple variant whose message names no field.
    #[api(status = 403, message = "Forbidden for this key")]
    Forbidden(String, u64),
    #[api(status = 410, message = "Link {id} has been deleted")]
    Gone { id: String },
    #[api(status = 400, message = "Bad value {0:?}")]
    BadValue(String),
    #[api(status = 400, message = "Invalid request")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 402, message = "Quota exceeded")]
    Quota {
        #[api(expose)]
        limit: u32,
    },
    #[api(transparent)]
    Nested(#[from] Problem),
}

#[test]
fn documented_simple_enum() {
    check(&[
        (Documented::NotFound, Fixed),
        (Documented::BadInput, Fixed),
        (Documented::Internal(io_error()), Fixed),
        (Documented::Maintenance, Fixed),
        (
            Documented::Conflict {
                existing: "lnk_1".into(),
            },
            Fixed,
        ),
        (Documented::Braces, Fixed),
        (Documented::Escapes, Fixed),
        (Documented::Unauthenticated, Fixed),
        (Documented::BasicAuth, Fixed),
        (
            Documented::RateLimited {
                wait: Duration::from_millis(1500),
            },
            Fixed,
        ),
        (Documented::ByConstantName, Fixed),
        (Documented::ClientClosed, Fixed),
        (Documented::Unusual, Fixed),
        (Documented::OwnDocs, Fixed),
        (Documented::Upstream { source: io_error() }, Fixed),
        (Documented::Forbidden("key_1".into(), 7), Fixed),
        (
            Documented::Gone {
                id: "lnk_\"quoted\"\\é".into(),
            },
            Varies,
        ),
        (Documented::BadValue("tab\there".into()), Varies),
        (
            Documented::Invalid {
                errors: vec![
                    FieldViolation::new("body.url", "must be a URL").with_fix("Add https://"),
                ],
            },
            Varies,
        ),
        // An empty list is the only varying part: the body is fixed (`"errors":[]`),
        // and a list that is not empty, after it, is still rendered in full.
        (Documented::Invalid { errors: vec![] }, Fixed),
        (
            Documented::Invalid {
                errors: vec![FieldViolation::new("query.limit", "too big")],
            },
            Varies,
        ),
        (Documented::Quota { limit: 100 }, Varies),
        (Documented::Nested(Problem::Teapot), Fixed),
        (
            Documented::Nested(Problem::Held { who: "ops".into() }),
            Varies,
        ),
    ]);
}

/// No docs (`type` is `about:blank`), the problem format, an enum-level default status.
#[derive(Debug, ApiError)]
#[api(format = "problem", status = 500)]
enum Problem {
    #[api(status = 418, message = "I refuse to brew coffee")]
    Teapot,
    /// The enum's default status and its reason phrase.
    Defaulted,
    #[api(status = 404, title = "Link Not Found")]
    Titled,
    #[api(
        status = 400,
        title = "Bad \\ title",
        message = "Message with {{literal}} braces and \"quotes\""
    )]
    Both,
    #[api(status = 401)]
    Unauthenticated,
    #[api(status = 503, message = "Down for maintenance")]
    Unavailable {
        #[api(retry_after)]
        until: u64,
    },
    #[api(status = 423, message = "Held by {who}")]
    Held { who: String },
}

#[test]
fn plain_problem_enum() {
    check(&[
        (Problem::Teapot, Fixed),
        (Problem::Defaulted, Fixed),
        (Problem::Titled, Fixed),
        (Problem::Both, Fixed),
        (Problem::Unauthenticated, Fixed),
        (Problem::Unavailable { until: 120 }, Fixed),
        (
            Problem::Held {
                who: "ops \u{2028} team".into(),
            },
            Varies,
        ),
    ]);
}

/// A fixed docs URL (no `{code}`), the envelope format, an enum-level challenge.
#[derive(Debug, ApiError)]
#[api(
    format = "envelope",
    docs = "https://unkey.example/docs/errors",
    www_authenticate = "Bearer realm=\"unkey\""
)]
enum Envelope {
    #[api(code = "UNAUTHORIZED", status = 401, message = "The key is invalid")]
    Unauthorized,
    #[api(status = 403, title = "Insufficient Permissions")]
    Forbidden,
    #[api(
        status = 500,
        title = "Internal Failure",
        message = "Something went wrong: \"retry\""
    )]
    Failed(#[source] std::io::Error),
    #[api(status = 500)]
    Unknown,
    #[api(status = 404, message = "Key {0} not found")]
    KeyNotFound(String),
}

#[test]
fn envelope_enum() {
    check(&[
        (Envelope::Unauthorized, Fixed),
        (Envelope::Forbidden, Fixed),
        (Envelope::Failed(io_error()), Fixed),
        (Envelope::Unknown, Fixed),
        (Envelope::KeyNotFound("key_1".into()), Varies),
    ]);
}

/// A struct: one error.
#[derive(Debug, ApiError)]
#[api(
    status = 503,
    code = "SERVICE_DOWN",
    title = "Service Down",
    message = "The service is down — retry later",
    docs = "https://docs.example.com/{code}"
)]
struct ServiceDown;

/// A struct whose message interpolates a field.
#[derive(Debug, ApiError)]
#[api(status = 404, message = "No user {name}")]
struct NoUser {
    name: String,
}

#[test]
fn structs() {
    check(&[(ServiceDown, Fixed)]);
    check(&[(NoUser { name: "ada".into() }, Varies)]);
}

/// thiserror's `#[error]` supplies the message of 4xx variants with `expose_display`.
#[derive(Debug, thiserror::Error, ApiError)]
enum WithThiserror {
    #[error("link \"not\" found")]
    #[api(status = 404, expose_display)]
    NotFound,
    /// 5xx without `message`: the reason phrase, never the Display text.
    #[error("database error: {0}")]
    #[api(status = 500)]
    Database(String),
    #[error("public text differs from Display")]
    #[api(status = 400, message = "Public {{text}}")]
    Public,
    #[error("link {id} is gone")]
    #[api(status = 410, expose_display)]
    Gone { id: String },
}

#[test]
fn thiserror_enum() {
    check(&[
        (WithThiserror::NotFound, Fixed),
        (WithThiserror::Database("secret dsn".into()), Fixed),
        (WithThiserror::Public, Fixed),
        (WithThiserror::Gone { id: "lnk_1".into() }, Varies),
    ]);
}
