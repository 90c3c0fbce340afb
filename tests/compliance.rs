//! HTTP and RFC 9457 compliance of every response a large error enum can produce: every
//! variant (every status 400..=599 the derive accepts, and variants using every
//! attribute), in every format, with and without a request context.
//!
//! Checked for each response:
//! - the body is JSON with no member twice; `status` members equal the HTTP status;
//! - `Content-Type` is `application/problem+json` for the problem format only;
//! - `type` is an absolute URI or `about:blank`, and with `about:blank` the problem
//!   `title` is the reason phrase; titles are constant per code;
//! - extension member names follow RFC 9457 (letters, digits, `_`, 3+ characters);
//! - every 401 carries `WWW-Authenticate`; `Retry-After` is delay-seconds (never 0) or
//!   an IMF-fixdate; no header appears twice;
//! - the known values (code, message, challenge, Retry-After, request id, instance,
//!   docs, exposed fields) are exact;
//! - codes are AIP-193 style, at most 63 characters and unique in the nested catalog.
//!
//! The 405 `Allow` header is the router's to send: checked on an axum server.

mod reliability;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::{Duration, SystemTime};

use http_api_error::{
    ApiError, Bytes, Catalog, FieldViolation, FormatKind, RequestContext, Response, RetryAfter,
    StatusCode, default_retryable, default_title,
};
use reliability::{
    body_json, is_absolute_uri, is_code, is_extension_member_name, is_imf_fixdate, is_retry_after,
};
use serde_json::{Value, json};

/// A source error, never sent.
#[derive(Debug)]
struct DbError(&'static str);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "database: {}", self.0)
    }
}

impl std::error::Error for DbError {}

/// Nested transparently, with its own docs template and challenge.
#[derive(Debug, ApiError)]
#[api(
    status = 401,
    www_authenticate = "Bearer realm=\"api\"",
    docs = "https://docs.example.com/auth#{code}",
    category = "Authentication errors"
)]
enum AuthError {
    #[api(
        code = "API_KEY_REQUIRED",
        message = "API key is required. Include it as Authorization: Bearer <your-api-key>."
    )]
    ApiKeyRequired,
    #[api(
        code = "API_KEY_EXPIRED",
        www_authenticate = "Bearer realm=\"api\", error=\"invalid_token\"",
        message = "API key has expired"
    )]
    ApiKeyExpired,
    #[api(code = "API_KEY_DISABLED", status = 403, title = "Key Disabled")]
    ApiKeyDisabled,
    #[api(
        code = "AUTH_THROTTLED",
        status = 429,
        message = "Too many sign-in attempts"
    )]
    Throttled {
        #[api(retry_after)]
        wait: Duration,
    },
}

/// The second level of nesting: a transparent variant inside a transparent variant.
#[derive(Debug, ApiError)]
#[api(status = 404, docs = "https://docs.example.com/projects/{code}")]
enum Middle {
    #[api(code = "PROJECT_NOT_FOUND", message = "Project {name} not found")]
    ProjectNotFound {
        #[api(expose)]
        name: String,
    },
    #[api(transparent)]
    Leaf(#[from] Leaf),
}

#[derive(Debug, ApiError)]
#[api(format = "envelope")]
enum Leaf {
    #[api(status = 507, code = "STORAGE_FULL", message = "Storage is full")]
    StorageFull,
    #[api(
        status = 451,
        code = "LEGAL_HOLD",
        title = "Legal Hold",
        message = "Unavailable for legal reasons"
    )]
    LegalHold,
    #[api(status = 503, code = "LEAF_BUSY")]
    Busy {
        #[api(retry_after)]
        wait: Duration,
        #[source]
        cause: std::io::Error,
    },
}

/// A struct is one error: nested transparently too.
#[derive(Debug, ApiError)]
#[api(
    status = 423,
    code = "QUOTA_LOCKED",
    message = "Quota is locked by {holder}"
)]
struct QuotaLocked {
    holder: String,
}

/// What a sample is expected to send, where it is known exactly.
#[derive(Clone, Debug, Default)]
struct Expect {
    /// The public message (`message` / `detail`).
    message: Option<String>,
    /// The `Retry-After` value; `None` means no header.
    retry_after: Option<String>,
    /// The challenge of a 401, when it is not the type's default.
    challenge: Option<String>,
    /// The exposed fields, as the simple format's `details`.
    details: Option<Value>,
    /// The `errors` array.
    errors: Option<Value>,
}

fn expect() -> Expect {
    Expect::default()
}

impl Expect {
    fn message(mut self, message: &str) -> Self {
        self.message = Some(message.to_owned());
        self
    }
    fn retry_after(mut self, value: &str) -> Self {
        self.retry_after = Some(value.to_owned());
        self
    }
    fn challenge(mut self, value: &str) -> Self {
        self.challenge = Some(value.to_owned());
        self
    }
    fn details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }
    fn errors(mut self, errors: Value) -> Self {
        self.errors = Some(errors);
        self
    }
}

/// 1994-11-06 08:49:37 UTC, the RFC's example date.
fn rfc_date() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
}

/// Declares an enum with a unit variant per listed status and one variant per
/// attribute combination, plus `samples()`: values of every variant with what each
/// is expected to send.
macro_rules! compliance_error {
    (
        $name:ident,
        format: $format:expr,
        challenge: $challenge:literal,
        docs: $docs:expr,
        keys: { $($keys:tt)* };
        $($unit:ident = $status:literal),* $(,)?
    ) => {
        #[derive(Debug, ApiError)]
        #[api($($keys)*)]
        #[allow(dead_code)] // `internal_note` and `host` are never sent, nor read
        enum $name {
            $(
                #[api(status = $status)]
                $unit,
            )*
            /// The enum's default status.
            UsesDefault,
            #[api(status = TOO_MANY_REQUESTS, message = "Slow down")]
            ByConstantName,
            #[api(
                code = "LINK_GONE",
                status = 410,
                title = "Link Gone",
                message = "Link {id} has been deleted"
            )]
            Gone { id: String },
            #[api(status = 404, message = "Link {id:?} not found in {workspace}")]
            LinkMissing {
                #[api(expose)]
                workspace: String,
                id: u64,
            },
            #[api(status = 409, message = "Slug {0} is taken ({{reserved}})")]
            SlugTaken(String),
            #[api(
                code = "CONFLICTING_VERSION",
                status = 409,
                title = "Version Conflict",
                retry = true,
                message = "Resource {resource} changed"
            )]
            Conflict {
                #[api(expose)]
                resource: String,
                #[api(expose)]
                version: u32,
                #[api(expose)]
                labels: Vec<String>,
                #[api(expose)]
                owner: Option<String>,
                internal_note: String,
            },
            #[api(
                code = "VALIDATION_FAILED",
                status = 400,
                message = "Request validation failed"
            )]
            Invalid {
                #[api(errors)]
                errors: Vec<FieldViolation>,
            },
            #[api(status = 401, message = "API key is required")]
            KeyRequired,
            #[api(
                status = 401,
                www_authenticate = "Basic realm=\"admin\", charset=\"UTF-8\"",
                message = "Admin login required"
            )]
            AdminLogin,
            #[api(status = 429, message = "Rate limit exceeded")]
            WaitDuration {
                #[api(retry_after)]
                wait: Duration,
            },
            #[api(status = 429)]
            WaitSeconds {
                #[api(retry_after)]
                seconds: u64,
            },
            #[api(status = 503, retry = false, message = "Down for maintenance")]
            Maintenance {
                #[api(retry_after)]
                until: SystemTime,
            },
            #[api(status = 503)]
            MaybeLater {
                #[api(retry_after)]
                wait: Option<Duration>,
            },
            #[api(status = 413, message = "Upload too large; retry later")]
            UploadTooLarge(#[api(retry_after)] u32),
            #[api(status = 503)]
            Explicit {
                #[api(retry_after)]
                after: RetryAfter,
            },
            #[api(status = 500, message = "Failed to create link")]
            CreateFailed(#[source] std::io::Error),
            #[api(status = 502)]
            Upstream { source: std::io::Error, host: String },
            #[api(status = 500, code = "DATABASE_UNAVAILABLE")]
            Database(#[from] DbError),
            #[api(
                status = 402,
                docs = "https://billing.example.com/errors/payment-required",
                title = "Payment Required",
                category = "Billing",
                message = "Plan {plan} requires payment"
            )]
            PaymentRequired { plan: String },
            #[api(transparent)]
            Auth(#[from] AuthError),
            #[api(transparent)]
            Deep { inner: Middle },
            #[api(transparent)]
            Quota(#[from] QuotaLocked),
        }

        impl $name {
            const FORMAT: FormatKind = $format;
            /// The challenge of a 401 without one of its own.
            const CHALLENGE: &str = $challenge;
            /// Whether the enum has a docs template.
            const DOCS: bool = $docs;

            fn samples() -> Vec<(Self, Expect)> {
                let io = |text: &str| std::io::Error::other(text.to_owned());
                let mut samples = vec![$(($name::$unit, expect()),)*];
                samples.extend([
                    ($name::UsesDefault, expect()),
                    (
                        $name::ByConstantName,
                        expect().message("Slow down"),
                    ),
                    (
                        $name::Gone { id: "lnk_1".into() },
                        expect().message("Link lnk_1 has been deleted"),
                    ),
                    (
                        $name::LinkMissing { workspace: "ws_demo".into(), id: 7 },
                        expect()
                            .message("Link 7 not found in ws_demo")
                            .details(json!({"workspace": "ws_demo"})),
                    ),
                    (
                        $name::SlugTaken("promo".into()),
                        expect().message("Slug promo is taken ({reserved})"),
                    ),
                    (
                        $name::Conflict {
                            resource: "link".into(),
                            version: 3,
                            labels: vec!["a".into(), "b".into()],
                            owner: None,
                            internal_note: "row lock held by worker 4".into(),
                        },
                        expect()
                            .message("Resource link changed")
                            .details(json!({"resource": "link", "version": 3, "labels": ["a", "b"], "owner": null})),
                    ),
                    (
                        $name::Invalid {
                            errors: vec![
                                FieldViolation::new("body.url", "must be an absolute URL")
                                    .with_fix("send https://example.com"),
                                FieldViolation::new("query.limit", "must be at most 100"),
                            ],
                        },
                        expect().message("Request validation failed").errors(json!([
                            {"location": "body.url", "message": "must be an absolute URL", "fix": "send https://example.com"},
                            {"location": "query.limit", "message": "must be at most 100"}
                        ])),
                    ),
                    (
                        $name::Invalid { errors: Vec::new() },
                        expect().message("Request validation failed").errors(json!([])),
                    ),
                    (
                        $name::KeyRequired,
                        expect().message("API key is required"),
                    ),
                    (
                        $name::AdminLogin,
                        expect()
                            .message("Admin login required")
                            .challenge("Basic realm=\"admin\", charset=\"UTF-8\""),
                    ),
                    (
                        $name::WaitDuration { wait: Duration::from_millis(1500) },
                        expect().message("Rate limit exceeded").retry_after("2"),
                    ),
                    (
                        $name::WaitDuration { wait: Duration::ZERO },
                        expect().retry_after("1"),
                    ),
                    (
                        $name::WaitDuration { wait: Duration::from_nanos(1) },
                        expect().retry_after("1"),
                    ),
                    (
                        $name::WaitDuration { wait: Duration::from_secs(u64::MAX) },
                        expect().retry_after("18446744073709551615"),
                    ),
                    (
                        $name::WaitSeconds { seconds: 0 },
                        expect().message("Too Many Requests").retry_after("1"),
                    ),
                    (
                        $name::WaitSeconds { seconds: 120 },
                        expect().retry_after("120"),
                    ),
                    (
                        $name::WaitSeconds { seconds: u64::MAX },
                        expect().retry_after("18446744073709551615"),
                    ),
                    (
                        $name::Maintenance { until: rfc_date() },
                        expect()
                            .message("Down for maintenance")
                            .retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
                    ),
                    (
                        $name::Maintenance { until: SystemTime::UNIX_EPOCH },
                        expect().retry_after("Thu, 01 Jan 1970 00:00:00 GMT"),
                    ),
                    (
                        $name::MaybeLater { wait: None },
                        expect().message("Service Unavailable"),
                    ),
                    (
                        $name::MaybeLater { wait: Some(Duration::from_secs(30)) },
                        expect().retry_after("30"),
                    ),
                    (
                        $name::UploadTooLarge(0),
                        expect().message("Upload too large; retry later").retry_after("1"),
                    ),
                    (
                        $name::UploadTooLarge(3600),
                        expect().retry_after("3600"),
                    ),
                    (
                        $name::Explicit { after: RetryAfter::Seconds(0) },
                        expect().retry_after("1"),
                    ),
                    (
                        $name::Explicit { after: RetryAfter::At(rfc_date()) },
                        expect().retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
                    ),
                    (
                        $name::CreateFailed(io("disk full on /var/lib/db")),
                        expect().message("Failed to create link"),
                    ),
                    (
                        $name::Upstream { source: io("connect refused"), host: "10.0.0.7".into() },
                        expect().message("Bad Gateway"),
                    ),
                    (
                        $name::Database(DbError("pool exhausted")),
                        expect().message("Internal Server Error"),
                    ),
                    (
                        $name::PaymentRequired { plan: "pro".into() },
                        expect().message("Plan pro requires payment"),
                    ),
                    (
                        $name::Auth(AuthError::ApiKeyRequired),
                        expect()
                            .message("API key is required. Include it as Authorization: Bearer <your-api-key>.")
                            .challenge("Bearer realm=\"api\""),
                    ),
                    (
                        $name::Auth(AuthError::ApiKeyExpired),
                        expect()
                            .message("API key has expired")
                            .challenge("Bearer realm=\"api\", error=\"invalid_token\""),
                    ),
                    (
                        $name::Auth(AuthError::ApiKeyDisabled),
                        expect().message("Key Disabled"),
                    ),
                    (
                        $name::Auth(AuthError::Throttled { wait: Duration::from_secs(5) }),
                        expect().message("Too many sign-in attempts").retry_after("5"),
                    ),
                    (
                        $name::Deep { inner: Middle::ProjectNotFound { name: "apollo".into() } },
                        expect()
                            .message("Project apollo not found")
                            .details(json!({"name": "apollo"})),
                    ),
                    (
                        $name::Deep { inner: Middle::Leaf(Leaf::StorageFull) },
                        expect().message("Storage is full"),
                    ),
                    (
                        $name::Deep { inner: Middle::Leaf(Leaf::LegalHold) },
                        expect().message("Unavailable for legal reasons"),
                    ),
                    (
                        $name::Deep {
                            inner: Middle::Leaf(Leaf::Busy {
                                wait: Duration::from_millis(2001),
                                cause: io("replica lag"),
                            }),
                        },
                        expect().message("Service Unavailable").retry_after("3"),
                    ),
                    (
                        $name::Quota(QuotaLocked { holder: "billing".into() }),
                        expect().message("Quota is locked by billing"),
                    ),
                ]);
                samples
            }
        }
    };
}

/// Calls `$callback!` with its arguments followed by one `Variant = status` per status
/// the derive accepts: every registered 4xx and 5xx, and unregistered ones.
macro_rules! with_statuses {
    ($callback:ident ! ($($args:tt)*)) => {
        $callback! {
            $($args)*
            Status400 = 400, Status401 = 401, Status402 = 402, Status403 = 403,
            Status404 = 404, Status405 = 405, Status406 = 406, Status407 = 407,
            Status408 = 408, Status409 = 409, Status410 = 410, Status411 = 411,
            Status412 = 412, Status413 = 413, Status414 = 414, Status415 = 415,
            Status416 = 416, Status417 = 417, Status418 = 418, Status421 = 421,
            Status422 = 422, Status423 = 423, Status424 = 424, Status426 = 426,
            Status428 = 428, Status429 = 429, Status431 = 431, Status451 = 451,
            Status500 = 500, Status501 = 501, Status502 = 502, Status503 = 503,
            Status504 = 504, Status505 = 505, Status506 = 506, Status507 = 507,
            Status508 = 508, Status510 = 510, Status511 = 511,
            // Without a registered reason phrase.
            Status420 = 420, Status430 = 430, Status499 = 499, Status520 = 520,
            Status599 = 599,
        }
    };
}

/// Counts `Variant = status` pairs.
macro_rules! count {
    ($($unit:ident = $status:literal),* $(,)?) => {
        [$($status),*].len()
    };
}

with_statuses!(compliance_error!(
    Plain,
    format: FormatKind::Simple,
    challenge: "Bearer",
    docs: false,
    keys: { status = 400 };
));

with_statuses!(compliance_error!(
    Documented,
    format: FormatKind::Problem,
    challenge: "Bearer realm=\"links\"",
    docs: true,
    keys: {
        format = "problem",
        status = 422,
        docs = "https://docs.example.com/errors#{code}",
        www_authenticate = "Bearer realm=\"links\"",
        category = "Links"
    };
));

with_statuses!(compliance_error!(
    Enveloped,
    format: FormatKind::Envelope,
    challenge: "Bearer",
    docs: false,
    keys: { format = "envelope", status = 404, retry = true };
));

/// The codes of the nested (transparent) types.
const NESTED: [&str; 9] = [
    "API_KEY_REQUIRED",
    "API_KEY_EXPIRED",
    "API_KEY_DISABLED",
    "AUTH_THROTTLED",
    "PROJECT_NOT_FOUND",
    "STORAGE_FULL",
    "LEGAL_HOLD",
    "LEAF_BUSY",
    "QUOTA_LOCKED",
];

/// The request contexts each error is rendered with.
fn contexts() -> [RequestContext; 4] {
    [
        RequestContext::new(),
        RequestContext::new().with_request_id("req_2c9a0jf23l4k567"),
        RequestContext::new().with_instance("/v1/links/lnk_1"),
        RequestContext::new()
            .with_request_id("req_2c9a0jf23l4k567")
            .with_instance("/v1/links/lnk_1"),
    ]
}

/// The first value of a header, as text.
fn header<'a>(response: &'a Response<Bytes>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("header value is text"))
}

/// Titles seen per (format, code): they must not change between occurrences.
type Titles = BTreeMap<(&'static str, String), String>;

/// The body, with a request id the renderer generated (the context had none) blanked
/// out: two renderings then compare equal.
fn with_id_blanked(response: &Response<Bytes>, context: &RequestContext) -> String {
    let body = String::from_utf8(response.body().to_vec()).expect("UTF-8");
    match (context.request_id(), header(response, "x-request-id")) {
        (None, Some(generated)) => body.replace(generated, "<generated>"),
        _ => body,
    }
}

/// Checks one response of `error` rendered in `kind` with `context`.
#[allow(clippy::too_many_lines)]
fn check_response(
    response: &Response<Bytes>,
    error: &dyn ApiError,
    kind: FormatKind,
    context: &RequestContext,
    expect: &Expect,
    challenge: &str,
    titles: &mut Titles,
) {
    let what = format!("{} in {}, {context:?}", error.code(), kind.name());
    let status = response.status();
    assert_eq!(status, error.status(), "{what}: status");
    assert!(
        status.is_client_error() || status.is_server_error(),
        "{what}"
    );

    // Headers: none twice; each singleton exactly as expected.
    for name in response.headers().keys() {
        assert_eq!(
            response.headers().get_all(name).iter().count(),
            1,
            "{what}: header {name} appears twice"
        );
    }
    // The envelope labels a 429 `application/problem+json`, as Unkey sends it.
    let content_type = match kind {
        FormatKind::Problem => "application/problem+json",
        FormatKind::Envelope if status == StatusCode::TOO_MANY_REQUESTS => {
            "application/problem+json"
        }
        FormatKind::Simple | FormatKind::Envelope => "application/json",
    };
    assert_eq!(
        header(response, "content-type"),
        Some(content_type),
        "{what}"
    );
    if status == StatusCode::UNAUTHORIZED {
        let expected = expect.challenge.as_deref().unwrap_or(challenge);
        assert_eq!(
            header(response, "www-authenticate"),
            Some(expected),
            "{what}: 401 without its challenge"
        );
    } else {
        assert_eq!(header(response, "www-authenticate"), None, "{what}");
    }
    let retry_after = header(response, "retry-after");
    assert_eq!(
        retry_after,
        expect.retry_after.as_deref(),
        "{what}: Retry-After"
    );
    if let Some(value) = retry_after {
        assert!(is_retry_after(value), "{what}: Retry-After {value:?}");
    }
    // The context's request id; the envelope, whose bodies always carry one, gets a
    // new one (`req_` and 32 hex digits) when the context has none.
    let request_id = match (context.request_id(), kind) {
        (Some(id), _) => Some(id.to_owned()),
        (None, FormatKind::Envelope) => {
            let id = header(response, "x-request-id").expect("the envelope always has an id");
            assert!(
                id.len() == 36
                    && id.starts_with("req_")
                    && id[4..].bytes().all(|b| b.is_ascii_hexdigit()),
                "{what}: generated id {id}"
            );
            Some(id.to_owned())
        }
        (None, _) => None,
    };
    let request_id = request_id.as_deref();
    assert_eq!(
        header(response, "x-request-id"),
        request_id,
        "{what}: x-request-id"
    );
    // `Vary: Accept` where a server negotiated the format: never on the problem
    // format, which negotiation cannot change.
    if let Some(vary) = header(response, "vary") {
        assert_eq!(vary, "accept", "{what}: vary");
        assert_ne!(
            kind,
            FormatKind::Problem,
            "{what}: vary on the problem format"
        );
    }
    let allowed = [
        "content-type",
        "www-authenticate",
        "retry-after",
        "x-request-id",
        "vary",
    ];
    for name in response.headers().keys() {
        assert!(
            allowed.contains(&name.as_str()),
            "{what}: unexpected header {name}"
        );
    }

    // Body.
    let body = body_json(response);
    let message = error.message();
    if let Some(expected) = &expect.message {
        assert_eq!(&message, expected, "{what}: message");
    } else if !has_own_message(error) {
        assert_eq!(message, default_message(error), "{what}: default message");
    }
    let docs = error.docs_url();
    if let Some(docs) = docs {
        assert!(is_absolute_uri(docs), "{what}: docs {docs}");
    }
    let type_uri = docs.unwrap_or("about:blank");
    let (object, title) = match kind {
        FormatKind::Simple => {
            let object = body.as_object().expect("an object");
            assert_eq!(object["error"], error.code(), "{what}");
            assert_eq!(object["message"], message.as_str(), "{what}");
            assert_eq!(
                object.get("docs").and_then(Value::as_str),
                docs,
                "{what}: docs"
            );
            assert_eq!(
                object.get("request_id").and_then(Value::as_str),
                context.request_id(),
                "{what}"
            );
            assert_eq!(object.get("details"), expect.details.as_ref(), "{what}");
            let mut members: BTreeSet<&str> = ["error", "message"].into();
            members.extend(docs.map(|_| "docs"));
            members.extend(context.request_id().map(|_| "request_id"));
            members.extend(expect.errors.as_ref().map(|_| "errors"));
            members.extend(expect.details.as_ref().map(|_| "details"));
            assert_eq!(
                object.keys().map(String::as_str).collect::<BTreeSet<_>>(),
                members,
                "{what}: members"
            );
            (object, None)
        }
        FormatKind::Problem => {
            let object = body.as_object().expect("an object");
            assert_eq!(object["status"], status.as_u16(), "{what}: status member");
            let body_type = object["type"].as_str().expect("type is a string");
            assert_eq!(body_type, type_uri, "{what}: type");
            assert!(
                body_type == "about:blank" || is_absolute_uri(body_type),
                "{what}: type {body_type}"
            );
            let title = object["title"].as_str().expect("title is a string");
            if body_type == "about:blank" {
                assert_eq!(title, default_title(status), "{what}: about:blank title");
                if let Some(reason) = status.canonical_reason() {
                    assert_eq!(title, reason, "{what}");
                }
            } else {
                assert_eq!(title, error.title(), "{what}: title");
            }
            assert_eq!(object["detail"], message.as_str(), "{what}");
            assert_eq!(
                object.get("instance").and_then(Value::as_str),
                context.instance(),
                "{what}"
            );
            assert_eq!(object["code"], error.code(), "{what}");
            assert_eq!(
                object.get("request_id").and_then(Value::as_str),
                context.request_id(),
                "{what}"
            );
            // Extension members: the exposed fields beside the library's own.
            let standard = ["type", "title", "status", "detail", "instance"];
            let mut extensions = serde_json::Map::new();
            for (name, value) in object {
                if standard.contains(&name.as_str()) {
                    continue;
                }
                assert!(
                    is_extension_member_name(name),
                    "{what}: extension member name {name:?}"
                );
                if !["code", "request_id", "errors"].contains(&name.as_str()) {
                    extensions.insert(name.clone(), value.clone());
                }
            }
            let details = expect.details.clone().unwrap_or_else(|| json!({}));
            assert_eq!(Value::Object(extensions), details, "{what}: exposed fields");
            (object, Some(title.to_owned()))
        }
        FormatKind::Envelope => {
            let meta = body["meta"].as_object().expect("meta is always present");
            assert_eq!(
                meta.get("requestId").and_then(Value::as_str),
                request_id,
                "{what}"
            );
            assert_eq!(meta.len(), 1, "{what}: meta holds the request id alone");
            assert_eq!(body.as_object().map(serde_json::Map::len), Some(2));
            let object = body["error"].as_object().expect("error is an object");
            assert_eq!(object["status"], status.as_u16(), "{what}: status member");
            let body_type = object["type"].as_str().expect("type is a string");
            assert_eq!(body_type, type_uri, "{what}: type");
            assert!(body_type == "about:blank" || is_absolute_uri(body_type));
            let title = object["title"].as_str().expect("title is a string");
            assert_eq!(title, error.title(), "{what}: title");
            assert_eq!(object["detail"], message.as_str(), "{what}");
            assert_eq!(object["code"], error.code(), "{what}");
            assert_eq!(object.get("details"), expect.details.as_ref(), "{what}");
            (object, Some(title.to_owned()))
        }
    };
    // Every 400 in the envelope carries `errors`, empty when the error has none.
    let errors = match (&expect.errors, kind) {
        (None, FormatKind::Envelope) if status == StatusCode::BAD_REQUEST => Some(json!([])),
        (errors, _) => errors.clone(),
    };
    assert_eq!(object.get("errors"), errors.as_ref(), "{what}: errors");
    if let Some(title) = title {
        let key = (kind.name(), error.code().to_owned());
        let first = titles.entry(key).or_insert_with(|| title.clone());
        assert_eq!(*first, title, "{what}: title changed between occurrences");
    }
}

/// Whether the error's message differs from its default (title for 4xx, reason
/// phrase for 5xx); unit variants of the status table have no message of their own.
fn has_own_message(error: &dyn ApiError) -> bool {
    !error.code().starts_with("STATUS") && error.code() != "USES_DEFAULT"
}

fn default_message(error: &dyn ApiError) -> String {
    if error.status().is_server_error() {
        default_title(error.status()).to_owned()
    } else {
        error.title().to_owned()
    }
}

/// Renders `error` every way the API offers and checks each response.
fn check_error(
    error: &dyn ApiError,
    expect: &Expect,
    declared: FormatKind,
    challenge: &str,
    titles: &mut Titles,
) {
    assert_eq!(error.format(), declared, "{}: format", error.code());
    for context in contexts() {
        // The default format, through both entry points.
        let response = if context.is_empty() {
            error.to_response()
        } else {
            error.to_response_with(&context)
        };
        check_response(
            &response, error, declared, &context, expect, challenge, titles,
        );
        let rendered = error.render(&declared, &context);
        assert_eq!(
            with_id_blanked(&response, &context),
            with_id_blanked(&rendered, &context),
            "{}",
            error.code()
        );
        for kind in FormatKind::ALL {
            let response = error.render(&kind, &context);
            check_response(&response, error, kind, &context, expect, challenge, titles);
        }
    }
}

/// Checks every sample of `E` and the catalog of `E` against them.
fn check_type<E: ApiError + serde::Serialize>(
    samples: Vec<(E, Expect)>,
    declared: FormatKind,
    challenge: &str,
    docs: bool,
) {
    let catalog = E::catalog();
    check_catalog(&catalog);
    let mut titles = Titles::new();
    let mut seen = BTreeSet::new();
    for (error, expect) in &samples {
        check_error(error, expect, declared, challenge, &mut titles);
        seen.insert(error.code());
        // The catalog entry agrees with the error.
        let entry = catalog
            .get(error.code())
            .unwrap_or_else(|| panic!("{} is not in the catalog", error.code()));
        assert_eq!(entry.status, error.status().as_u16(), "{}", error.code());
        assert_eq!(entry.title, error.title(), "{}", error.code());
        assert_eq!(entry.retryable, error.retryable(), "{}", error.code());
        assert_eq!(entry.docs_url, error.docs_url(), "{}", error.code());
        // Serialize is the default body without a request context; it is no response,
        // so the envelope's id, which a response gets made for it, is not there.
        let serialized: Value = serde_json::to_value(error).expect("serializes");
        let mut body = body_json(&error.to_response());
        if declared == FormatKind::Envelope {
            let meta = body["meta"].as_object_mut().expect("meta");
            assert!(meta.remove("requestId").is_some(), "{}", error.code());
        }
        assert_eq!(serialized, body, "{}", error.code());
        // The type's docs template applies to its own codes; nested types and a
        // variant's `docs` keep theirs.
        if !NESTED.contains(&error.code()) && error.code() != "PAYMENT_REQUIRED" {
            let expected =
                docs.then(|| format!("https://docs.example.com/errors#{}", error.code()));
            assert_eq!(
                error.docs_url().map(str::to_owned),
                expected,
                "{}",
                error.code()
            );
        }
    }
    // Every code in the catalog has a sample.
    let listed: BTreeSet<&str> = catalog.entries().iter().map(|entry| entry.code).collect();
    assert_eq!(listed, seen, "codes without samples, or samples not listed");
}

/// Codes are well-formed and unique across the nested (transparent) tree.
fn check_catalog(catalog: &Catalog) {
    let mut seen = BTreeSet::new();
    for entry in catalog {
        assert!(is_code(entry.code), "code {:?}", entry.code);
        assert!(entry.code.len() <= 63);
        assert!(seen.insert(entry.code), "code {} appears twice", entry.code);
        assert!((400..=599).contains(&entry.status), "{}", entry.code);
        if let Some(docs) = entry.docs_url {
            assert!(is_absolute_uri(docs), "{docs}");
        }
    }
}

#[test]
fn every_variant_of_the_plain_enum_in_every_format() {
    check_type(
        Plain::samples(),
        Plain::FORMAT,
        Plain::CHALLENGE,
        Plain::DOCS,
    );
}

#[test]
fn every_variant_of_the_documented_enum_in_every_format() {
    check_type(
        Documented::samples(),
        Documented::FORMAT,
        Documented::CHALLENGE,
        Documented::DOCS,
    );
}

#[test]
fn every_variant_of_the_enveloped_enum_in_every_format() {
    check_type(
        Enveloped::samples(),
        Enveloped::FORMAT,
        Enveloped::CHALLENGE,
        Enveloped::DOCS,
    );
}

#[test]
fn the_catalogs_list_every_variant_and_the_nested_ones() {
    let expected = with_statuses!(count!()) + 28;
    for catalog in [
        Plain::catalog(),
        Documented::catalog(),
        Enveloped::catalog(),
    ] {
        check_catalog(&catalog);
        assert_eq!(catalog.len(), expected);
        for nested in NESTED {
            assert!(catalog.get(nested).is_some(), "{nested}");
        }
    }
}

#[test]
fn docs_titles_and_retry_rules_match_the_attributes() {
    // Enum-level docs template, variant-level override, nested types keep their own;
    // a nested code without docs takes the nearest outer template.
    assert_eq!(
        Documented::Status404.docs_url(),
        Some("https://docs.example.com/errors#STATUS404")
    );
    assert_eq!(
        Documented::PaymentRequired { plan: "x".into() }.docs_url(),
        Some("https://billing.example.com/errors/payment-required")
    );
    assert_eq!(
        Plain::PaymentRequired { plan: "x".into() }.docs_url(),
        Some("https://billing.example.com/errors/payment-required")
    );
    assert_eq!(Plain::Status404.docs_url(), None);
    assert_eq!(
        Plain::Auth(AuthError::ApiKeyRequired).docs_url(),
        Some("https://docs.example.com/auth#API_KEY_REQUIRED")
    );
    assert_eq!(
        Documented::Deep {
            inner: Middle::Leaf(Leaf::StorageFull)
        }
        .docs_url(),
        Some("https://docs.example.com/projects/STORAGE_FULL")
    );
    assert_eq!(Leaf::StorageFull.docs_url(), None);
    // Titles: the attribute, else the reason phrase, else a generic phrase.
    assert_eq!(Plain::Gone { id: String::new() }.title(), "Link Gone");
    assert_eq!(Plain::Status418.title(), "I'm a teapot");
    assert_eq!(Plain::Status499.title(), "Client Error");
    assert_eq!(Plain::Status599.title(), "Server Error");
    // Retry: 429 and 5xx by default, overridable per variant and per enum.
    for (error, _) in Plain::samples() {
        let overridden = matches!(error, Plain::Conflict { .. } | Plain::Maintenance { .. });
        if !overridden {
            assert_eq!(
                error.retryable(),
                default_retryable(error.status()),
                "{}",
                error.code()
            );
        }
    }
    assert!(
        Plain::Conflict {
            resource: String::new(),
            version: 0,
            labels: Vec::new(),
            owner: None,
            internal_note: String::new()
        }
        .retryable()
    );
    assert!(!Plain::Maintenance { until: rfc_date() }.retryable());
    assert!(Enveloped::Status404.retryable());
    assert!(Enveloped::Status400.retryable());
}

/// The `Retry-After` a response of `error` carries, or a failure naming `case` when
/// rendering panics.
fn retry_after_of(case: &str, error: &Plain) -> String {
    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| error.to_response()))
        .unwrap_or_else(|_| panic!("to_response panicked for {case}"));
    let value = header(&response, "retry-after")
        .expect("a Retry-After")
        .to_owned();
    assert!(is_retry_after(&value), "{case}: {value:?}");
    value
}

/// A `SystemTime` before 1970 cannot be an HTTP date; the response must still render
/// (a time in the past means "retry now": the smallest delay, or the epoch's date).
#[test]
fn retry_after_before_1970_renders() {
    let until = SystemTime::UNIX_EPOCH - Duration::from_secs(86_400);
    retry_after_of("a pre-1970 SystemTime", &Plain::Maintenance { until });
    retry_after_of(
        "RetryAfter::At before 1970",
        &Plain::Explicit {
            after: RetryAfter::At(until),
        },
    );
}

/// An IMF-fixdate has four year digits; a later `SystemTime` must still render.
#[test]
fn retry_after_after_year_9999_renders() {
    // 10000-01-01T00:00:00Z
    let until = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800);
    retry_after_of("a SystemTime after 9999", &Plain::Maintenance { until });
}

/// The longest `Duration` rounds up to the most seconds there are, without overflowing
/// (which panics in debug builds and wraps to 0, then 1, in release builds).
#[test]
fn retry_after_of_the_longest_duration() {
    let outcome = std::panic::catch_unwind(|| RetryAfter::from_duration(Duration::MAX));
    assert_eq!(outcome.ok(), Some(RetryAfter::Seconds(u64::MAX)));
    let value = retry_after_of(
        "Duration::MAX",
        &Plain::WaitDuration {
            wait: Duration::MAX,
        },
    );
    assert_eq!(value, u64::MAX.to_string());
}

#[test]
fn imf_fixdates_of_whole_seconds() {
    let value = RetryAfter::At(rfc_date() + Duration::from_millis(999)).header_value();
    assert!(is_imf_fixdate(value.to_str().unwrap()));
}

/// The router sends 405 with `Allow`, and its 404/405 bodies follow the same rules.
#[cfg(feature = "axum")]
mod axum_router {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use http_api_error::axum::{RequestIdLayer, method_not_allowed, not_found};

    async fn ok() -> &'static str {
        "ok"
    }

    async fn failing() -> Result<&'static str, Plain> {
        Err(Plain::KeyRequired)
    }

    fn app(format: FormatKind) -> Router {
        Router::new()
            .route("/links", get(ok).post(ok))
            .route("/links/{id}", get(ok).put(ok).delete(ok))
            .route("/private", get(failing))
            .fallback(not_found)
            .method_not_allowed_fallback(method_not_allowed)
            .layer(RequestIdLayer::new().format(format))
    }

    async fn serve(app: Router) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        address
    }

    /// The parts of a reqwest response as an `http` response with the headers an error
    /// sets (the transport's `date` and `content-length` are left out).
    async fn fetch(request: reqwest::RequestBuilder) -> Response<Bytes> {
        let response = request.send().await.unwrap();
        let mut out = Response::new(Bytes::new());
        *out.status_mut() = StatusCode::from_u16(response.status().as_u16()).unwrap();
        for (name, value) in response.headers() {
            if !["date", "content-length", "allow"].contains(&name.as_str()) {
                out.headers_mut().append(name.clone(), value.clone());
            }
        }
        let allow: Vec<String> = response
            .headers()
            .get_all("allow")
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect();
        *out.body_mut() = response.bytes().await.unwrap();
        if !allow.is_empty() {
            out.extensions_mut().insert(allow);
        }
        out
    }

    #[tokio::test]
    async fn router_405_carries_allow_in_every_format() {
        for format in FormatKind::ALL {
            let base = format!("http://{}", serve(app(format)).await);
            let client = reqwest::Client::new();
            let mut titles = Titles::new();
            for (method, path, allow) in [
                (reqwest::Method::DELETE, "/links", "GET,HEAD,POST"),
                (reqwest::Method::PATCH, "/links", "GET,HEAD,POST"),
                (reqwest::Method::POST, "/links/lnk_1", "GET,HEAD,PUT,DELETE"),
                (reqwest::Method::DELETE, "/private", "GET,HEAD"),
            ] {
                let response = fetch(
                    client
                        .request(method.clone(), format!("{base}{path}"))
                        .header("x-request-id", "req_405"),
                )
                .await;
                assert_eq!(response.status(), 405, "{method} {path}");
                let sent: &Vec<String> = response.extensions().get().expect("an Allow header");
                assert_eq!(sent, &[allow.to_owned()], "{method} {path}: one Allow line");
                let context = RequestContext::new()
                    .with_request_id("req_405")
                    .with_instance(path);
                let rejection = http_api_error::Rejection::method_not_allowed();
                check_response(
                    &response,
                    &rejection,
                    format,
                    &context,
                    &expect().message("This method is not allowed on this path"),
                    "Bearer",
                    &mut titles,
                );
            }
            // The router's 404 and a handler's 401 through the same stack.
            let response = fetch(
                client
                    .get(format!("{base}/nowhere"))
                    .header("x-request-id", "req_404"),
            )
            .await;
            check_response(
                &response,
                &http_api_error::Rejection::not_found(),
                format,
                &RequestContext::new()
                    .with_request_id("req_404")
                    .with_instance("/nowhere"),
                &expect().message("No route matches this path"),
                "Bearer",
                &mut titles,
            );
            let response = fetch(
                client
                    .get(format!("{base}/private"))
                    .header("x-request-id", "req_401"),
            )
            .await;
            check_response(
                &response,
                &Plain::KeyRequired,
                FormatKind::Simple,
                &RequestContext::new()
                    .with_request_id("req_401")
                    .with_instance("/private"),
                &expect().message("API key is required"),
                "Bearer",
                &mut titles,
            );
        }
    }
}
