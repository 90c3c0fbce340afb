//! Rule 9: a transparent variant delegates everything to its field.

mod common;

use std::error::Error as _;
use std::time::Duration;

use common::{JSON, PROBLEM, assert_response};
use http_api_error::{ApiError, CatalogEntry, FieldViolation, FormatKind, RequestContext};
use serde_json::json;

#[derive(Debug)]
struct Io(&'static str);

impl std::fmt::Display for Io {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Io {}

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/auth#{code}")]
enum AuthError {
    #[api(
        status = 401,
        www_authenticate = "Bearer realm=\"links\"",
        message = "API key is required"
    )]
    ApiKeyRequired,
    #[api(status = 429, message = "Too many attempts")]
    Throttled {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(status = 400, message = "Key {key} is malformed")]
    Malformed {
        #[api(expose)]
        key: String,
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 503)]
    Backend(#[source] Io),
}

#[derive(Debug, ApiError)]
#[api(format = "problem")]
enum LinkError {
    #[api(status = 404, message = "Link not found")]
    NotFound,
    #[api(transparent)]
    Auth(#[from] AuthError),
    #[api(transparent)]
    Named { inner: AuthError },
}

#[test]
fn status_code_message_and_flags_come_from_the_inner_error() {
    let error = LinkError::from(AuthError::ApiKeyRequired);
    assert_eq!(error.status().as_u16(), 401);
    assert_eq!(error.code(), "API_KEY_REQUIRED");
    assert_eq!(error.title(), "Unauthorized");
    assert_eq!(error.message(), "API key is required");
    assert_eq!(error.to_string(), "API key is required");
    assert_eq!(
        error.docs_url(),
        Some("https://docs.example.com/auth#API_KEY_REQUIRED")
    );
    assert!(!error.retryable());
    assert_eq!(error.www_authenticate(), Some("Bearer realm=\"links\""));
}

#[test]
fn headers_and_body_come_from_the_inner_error_in_the_outer_format() {
    assert_response(
        &LinkError::from(AuthError::ApiKeyRequired).to_response(),
        401,
        &[PROBLEM, ("www-authenticate", "Bearer realm=\"links\"")],
        json!({
            "type": "https://docs.example.com/auth#API_KEY_REQUIRED",
            "title": "Unauthorized",
            "status": 401,
            "detail": "API key is required",
            "code": "API_KEY_REQUIRED"
        }),
    );
    assert_response(
        &LinkError::Named {
            inner: AuthError::Throttled {
                wait: Duration::from_secs(9),
            },
        }
        .to_response(),
        429,
        &[PROBLEM, ("retry-after", "9")],
        json!({
            "type": "https://docs.example.com/auth#THROTTLED",
            "title": "Too Many Requests",
            "status": 429,
            "detail": "Too many attempts",
            "code": "THROTTLED"
        }),
    );
    let malformed = AuthError::Malformed {
        key: "sk_x".into(),
        errors: vec![FieldViolation::new("header.authorization", "not a key")],
    };
    assert_response(
        &LinkError::Auth(malformed).render(
            &FormatKind::Simple,
            &RequestContext::new().with_request_id("r1"),
        ),
        400,
        &[JSON, ("x-request-id", "r1")],
        json!({
            "error": "MALFORMED",
            "message": "Key sk_x is malformed",
            "docs": "https://docs.example.com/auth#MALFORMED",
            "request_id": "r1",
            "errors": [{"location": "header.authorization", "message": "not a key"}],
            "details": {"key": "sk_x"}
        }),
    );
}

#[test]
fn the_inner_fixed_body_is_served() {
    let outer = LinkError::from(AuthError::ApiKeyRequired);
    let inner = AuthError::ApiKeyRequired
        .fixed_bodies()
        .map(std::ptr::from_ref);
    assert!(inner.is_some());
    assert_eq!(outer.fixed_bodies().map(std::ptr::from_ref), inner);
}

#[test]
fn source_delegates_to_the_inner_errors_source() {
    let error = LinkError::from(AuthError::Backend(Io("connection reset")));
    assert_eq!(error.source().unwrap().to_string(), "connection reset");
    assert!(
        LinkError::from(AuthError::ApiKeyRequired)
            .source()
            .is_none()
    );
}

#[test]
fn the_catalog_includes_nested_entries_in_place() {
    assert_eq!(LinkError::NotFound.code(), "NOT_FOUND");
    let codes: Vec<&str> = LinkError::catalog()
        .entries()
        .iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(
        codes,
        [
            "NOT_FOUND",
            "API_KEY_REQUIRED",
            "THROTTLED",
            "MALFORMED",
            "BACKEND",
            "API_KEY_REQUIRED",
            "THROTTLED",
            "MALFORMED",
            "BACKEND"
        ]
    );
    assert_eq!(
        LinkError::catalog().get("THROTTLED"),
        Some(&CatalogEntry {
            code: "THROTTLED",
            status: 429,
            title: "Too Many Requests",
            message: "Too many attempts",
            retryable: true,
            docs_url: Some("https://docs.example.com/auth#THROTTLED"),
            category: None,
            variant: "AuthError::Throttled",
            rebuildable: true,
            retry_after: true,
            grpc: http_api_error::GrpcCode::ResourceExhausted,
            example: &[],
        })
    );
}

#[test]
fn a_type_nested_twice_lists_its_codes_as_duplicates_with_both_paths() {
    let duplicates = LinkError::catalog().duplicates();
    let found: Vec<(&str, Vec<String>)> = duplicates
        .into_iter()
        .map(|duplicate| (duplicate.code, duplicate.paths))
        .collect();
    let both = |variant: &str| {
        vec![
            format!("LinkError::Auth → AuthError::{variant}"),
            format!("LinkError::Named → AuthError::{variant}"),
        ]
    };
    assert_eq!(
        found,
        [
            ("API_KEY_REQUIRED", both("ApiKeyRequired")),
            ("THROTTLED", both("Throttled")),
            ("MALFORMED", both("Malformed")),
            ("BACKEND", both("Backend")),
        ]
    );
}

/// A transparent struct wraps another error type whole.
#[derive(Debug, ApiError)]
#[api(transparent)]
struct Wrapper(AuthError);

#[test]
fn a_transparent_struct() {
    assert_response(
        &Wrapper(AuthError::ApiKeyRequired).to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer realm=\"links\"")],
        json!({"error": "API_KEY_REQUIRED", "message": "API key is required", "docs": "https://docs.example.com/auth#API_KEY_REQUIRED"}),
    );
    assert_eq!(Wrapper::catalog().entries(), AuthError::catalog().entries());
    assert_eq!(
        Wrapper::catalog().path(0).as_deref(),
        Some("Wrapper → AuthError::ApiKeyRequired")
    );
}

/// Transparent over a pointer to an error keeps the inner catalog and behaviour.
#[derive(Debug, ApiError)]
enum Pointers {
    #[api(transparent)]
    Boxed(Box<AuthError>),
    #[api(transparent)]
    Shared(std::sync::Arc<AuthError>),
}

#[test]
fn transparent_over_box_and_arc() {
    let codes = |catalog: http_api_error::Catalog| {
        catalog.entries().iter().map(|e| e.code).collect::<Vec<_>>()
    };
    let inner = codes(AuthError::catalog());
    assert_eq!(codes(Pointers::catalog()), [inner.clone(), inner].concat());
    assert_response(
        &Pointers::Boxed(Box::new(AuthError::ApiKeyRequired)).to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer realm=\"links\"")],
        json!({"error": "API_KEY_REQUIRED", "message": "API key is required", "docs": "https://docs.example.com/auth#API_KEY_REQUIRED"}),
    );
    let shared = Pointers::Shared(std::sync::Arc::new(AuthError::Throttled {
        wait: Duration::from_secs(1),
    }));
    assert_eq!(
        shared.retry_after(),
        Some(http_api_error::RetryAfter::Seconds(1))
    );
}

/// A module's errors, with no docs or challenge of their own.
#[derive(Debug, ApiError)]
enum StoreError {
    #[api(status = 409, message = "Slug already used")]
    SlugTaken,
    #[api(status = 401, message = "Store key required")]
    KeyRequired,
    #[api(status = 404, docs = "https://store.example.com/errors/gone")]
    Gone,
}

/// The API's error: its docs template and challenge apply to nested codes that have
/// none, as its format does.
#[derive(Debug, ApiError)]
#[api(
    docs = "https://docs.example.com/errors#{code}",
    www_authenticate = "Bearer realm=\"api\""
)]
enum AppError {
    // In the catalog only (constructed by the derived `FromRemote` with `client`).
    #[allow(dead_code)]
    #[api(status = 400, message = "Bad input")]
    BadInput,
    #[api(transparent)]
    Store(#[from] StoreError),
}

#[test]
fn the_outer_docs_template_and_challenge_reach_nested_codes_without_their_own() {
    for _ in 0..2 {
        // Twice, and in both orders: the inner type's prepared bodies (without docs)
        // and the outer's (with) never stand in for each other.
        assert_response(
            &StoreError::SlugTaken.to_response(),
            409,
            &[JSON],
            json!({"error": "SLUG_TAKEN", "message": "Slug already used"}),
        );
        assert_response(
            &AppError::Store(StoreError::SlugTaken).to_response(),
            409,
            &[JSON],
            json!({
                "error": "SLUG_TAKEN",
                "message": "Slug already used",
                "docs": "https://docs.example.com/errors#SLUG_TAKEN"
            }),
        );
    }
    assert_response(
        &AppError::Store(StoreError::SlugTaken).render(
            &FormatKind::Problem,
            &RequestContext::new().with_request_id("r1"),
        ),
        409,
        &[PROBLEM, ("x-request-id", "r1")],
        json!({
            "type": "https://docs.example.com/errors#SLUG_TAKEN",
            "title": "Conflict",
            "status": 409,
            "detail": "Slug already used",
            "code": "SLUG_TAKEN",
            "request_id": "r1"
        }),
    );
    // The challenge: the outer type's, where the nested 401 has none.
    assert_response(
        &AppError::Store(StoreError::KeyRequired).to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer realm=\"api\"")],
        json!({
            "error": "KEY_REQUIRED",
            "message": "Store key required",
            "docs": "https://docs.example.com/errors#KEY_REQUIRED"
        }),
    );
    assert_response(
        &StoreError::KeyRequired.to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer")],
        json!({"error": "KEY_REQUIRED", "message": "Store key required"}),
    );
    // A nested code with docs of its own keeps them.
    assert_eq!(
        AppError::Store(StoreError::Gone).docs_url(),
        Some("https://store.example.com/errors/gone")
    );
    // The catalog says the same as the bodies.
    let docs: Vec<(&str, Option<&str>)> = AppError::catalog()
        .entries()
        .iter()
        .map(|entry| (entry.code, entry.docs_url))
        .collect();
    assert_eq!(
        docs,
        [
            (
                "BAD_INPUT",
                Some("https://docs.example.com/errors#BAD_INPUT")
            ),
            (
                "SLUG_TAKEN",
                Some("https://docs.example.com/errors#SLUG_TAKEN")
            ),
            (
                "KEY_REQUIRED",
                Some("https://docs.example.com/errors#KEY_REQUIRED")
            ),
            ("GONE", Some("https://store.example.com/errors/gone")),
        ]
    );
    assert_eq!(StoreError::catalog().entries()[0].docs_url, None);
}

/// A foreign error type, as a database driver's: neither it nor `ApiError` is ours.
#[derive(Debug)]
enum SqlError {
    RowNotFound,
    PermissionDenied(String),
    Io(std::io::Error),
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SqlError::RowNotFound => f.write_str("no rows returned"),
            SqlError::PermissionDenied(role) => write!(f, "permission denied for role {role}"),
            SqlError::Io(error) => write!(f, "io: {error}"),
        }
    }
}

impl std::error::Error for SqlError {}

/// What a database error means to the API.
#[derive(Debug, ApiError)]
enum DbError {
    #[api(code = "RECORD_NOT_FOUND", status = 404, message = "No such record")]
    NotFound,
    #[api(code = "RECORD_FORBIDDEN", status = 403, message = "Not allowed")]
    Denied,
    #[api(code = "DATABASE_ERROR", status = 500)]
    Internal,
}

impl DbError {
    fn classify(error: &SqlError) -> &'static DbError {
        match error {
            SqlError::RowNotFound => &DbError::NotFound,
            SqlError::PermissionDenied(_) => &DbError::Denied,
            SqlError::Io(_) => &DbError::Internal,
        }
    }
}

/// One `#[from]` variant whose status depends on the error inside it.
#[derive(Debug, ApiError)]
enum NoteError {
    // In the catalog only (constructed by the derived `FromRemote` with `client`).
    #[allow(dead_code)]
    #[api(status = 400, message = "Bad note")]
    BadNote,
    #[api(transparent = DbError::classify)]
    Db(#[from] SqlError),
}

#[test]
fn a_transparent_variant_through_a_function_takes_the_status_its_field_maps_to() {
    assert_response(
        &NoteError::from(SqlError::RowNotFound).to_response(),
        404,
        &[JSON],
        json!({"error": "RECORD_NOT_FOUND", "message": "No such record"}),
    );
    assert_response(
        &NoteError::from(SqlError::PermissionDenied("reader".into())).to_response(),
        403,
        &[JSON],
        json!({"error": "RECORD_FORBIDDEN", "message": "Not allowed"}),
    );
    // The driver's text stays out of the 500's body; the field is the source, for logs.
    let failed = NoteError::from(SqlError::Io(std::io::Error::other("disk /dev/sdb1 failed")));
    assert_response(
        &failed.to_response(),
        500,
        &[JSON],
        json!({"error": "DATABASE_ERROR", "message": "Internal Server Error"}),
    );
    assert_eq!(
        failed.source().map(ToString::to_string).as_deref(),
        Some("io: disk /dev/sdb1 failed")
    );
    // The catalog lists every code the function can return, statically; none can be
    // rebuilt into `NoteError::Db`, whose field the body does not carry.
    let entries: Vec<(&str, u16, bool)> = NoteError::catalog()
        .entries()
        .iter()
        .map(|entry| (entry.code, entry.status, entry.rebuildable))
        .collect();
    assert_eq!(
        entries,
        [
            ("BAD_NOTE", 400, true),
            ("RECORD_NOT_FOUND", 404, false),
            ("RECORD_FORBIDDEN", 403, false),
            ("DATABASE_ERROR", 500, false),
        ]
    );
    assert_eq!(
        NoteError::catalog().path(1).as_deref(),
        Some("NoteError::Db → DbError::NotFound")
    );
}

/// A hand implementation that answers every method with something other than the
/// trait's default, so that a method the derived impl or its transparent path leaves
/// out shows as a default.
#[derive(Debug)]
struct Everything {
    errors: Vec<FieldViolation>,
}

impl std::fmt::Display for Everything {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("everything, internally")
    }
}

impl std::error::Error for Everything {}

static EVERYTHING_FIXED: http_api_error::__private::FixedBodies =
    http_api_error::__private::FixedBodies::new();

impl ApiError for Everything {
    fn status(&self) -> http_api_error::StatusCode {
        http_api_error::StatusCode::UNAUTHORIZED
    }
    fn code(&self) -> &'static str {
        "EVERYTHING"
    }
    fn title(&self) -> &'static str {
        "Everything set"
    }
    fn fmt_message(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("every method answers")
    }
    fn retryable(&self) -> bool {
        true
    }
    fn docs_url(&self) -> Option<&'static str> {
        Some("https://docs.example.com/EVERYTHING")
    }
    fn retry_after(&self) -> Option<http_api_error::RetryAfter> {
        Some(http_api_error::RetryAfter::Seconds(7))
    }
    fn www_authenticate(&self) -> Option<&'static str> {
        Some("Basic realm=\"api\"")
    }
    fn errors(&self) -> Option<&[FieldViolation]> {
        Some(&self.errors)
    }
    fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
        visit("detail", &42);
    }
    fn visit_message_args(&self, visit: &mut dyn FnMut(&'static str, &dyn std::fmt::Display)) {
        visit("arg", &"shown");
    }
    fn has_details(&self) -> bool {
        true
    }
    fn fixed_bodies(&self) -> Option<&'static http_api_error::__private::FixedBodies> {
        Some(&EVERYTHING_FIXED)
    }
    fn log_level(&self) -> http_api_error::LogLevel {
        http_api_error::LogLevel::Warn
    }
    fn grpc_code(&self) -> http_api_error::GrpcCode {
        http_api_error::GrpcCode::AlreadyExists
    }
    fn format(&self) -> FormatKind {
        FormatKind::Envelope
    }
    fn error_domain(&self) -> Option<&'static str> {
        Some("everything.example.com")
    }
    fn as_std_error(&self) -> Option<&dyn std::error::Error> {
        Some(self)
    }
}

/// Every `ApiError` answer of `error`, as comparable text; with `outer` false, without
/// those a transparent variant takes from the outer type instead of its field (its
/// format, error domain and `std::error::Error`).
fn answers(error: &dyn ApiError, outer: bool) -> Vec<String> {
    let mut details = Vec::new();
    error.visit_details(&mut |name, value| {
        details.push(format!("{name}={}", serde_json::to_string(value).unwrap()));
    });
    // Derived only with the `i18n` feature (see `visit_message_args`).
    if cfg!(feature = "i18n") {
        error.visit_message_args(&mut |name, value| details.push(format!("{name}: {value}")));
    }
    let mut answers = vec![
        error.status().to_string(),
        error.code().to_owned(),
        error.title().to_owned(),
        error.message().to_string(),
        error.retryable().to_string(),
        format!("{:?}", error.docs_url()),
        format!("{:?}", error.retry_after()),
        format!("{:?}", error.www_authenticate()),
        format!("{:?}", error.errors()),
        format!("{details:?}"),
        error.has_details().to_string(),
        format!("{:?}", error.fixed_bodies().map(std::ptr::from_ref)),
        format!("{:?}", error.log_level()),
        format!("{:?}", error.grpc_code()),
    ];
    if outer {
        answers.extend([
            format!("{:?}", error.format()),
            format!("{:?}", error.error_domain()),
            format!("{:?}", error.as_std_error().map(ToString::to_string)),
        ]);
    }
    answers
}

/// Every forwarder answers every method exactly as its target: the pointer impls
/// (`&E`, `Box`, `Arc`, trait objects), and a derived transparent variant, in an enum
/// and as a struct, for all but what it takes from the outer type. A method added to
/// the trait but not to a forwarder fails here.
#[test]
fn every_forwarder_answers_every_method_as_its_target() {
    #[derive(Debug, ApiError)]
    enum Outer {
        #[api(status = 404)]
        #[allow(dead_code)]
        Missing,
        #[api(transparent)]
        Inner(Everything),
    }
    #[derive(Debug, ApiError)]
    #[api(transparent)]
    struct Wrapper(Everything);

    let inner = || Everything {
        errors: vec![FieldViolation::new("body.name", "is required")],
    };
    let expected = answers(&inner(), false);
    assert_eq!(
        expected,
        [
            "401 Unauthorized",
            "EVERYTHING",
            "Everything set",
            "every method answers",
            "true",
            "Some(\"https://docs.example.com/EVERYTHING\")",
            "Some(Seconds(7))",
            "Some(\"Basic realm=\\\"api\\\"\")",
            "Some([FieldViolation { location: \"body.name\", message: \"is required\", code: None, fix: None }])",
            if cfg!(feature = "i18n") {
                "[\"detail=42\", \"arg: shown\"]"
            } else {
                "[\"detail=42\"]"
            },
            "true",
            &format!("{:?}", Some(std::ptr::from_ref(&EVERYTHING_FIXED))),
            "Warn",
            "AlreadyExists",
        ]
    );
    assert_eq!(answers(&Outer::Inner(inner()), false), expected, "enum");
    assert_eq!(answers(&Wrapper(inner()), false), expected, "struct");

    let all = answers(&inner(), true);
    assert_eq!(
        all[expected.len()..],
        [
            "Envelope",
            "Some(\"everything.example.com\")",
            "Some(\"everything, internally\")",
        ]
    );
    let value = inner();
    let boxed: Box<dyn ApiError + Send + Sync> = Box::new(inner());
    let arced: std::sync::Arc<dyn ApiError> = std::sync::Arc::new(inner());
    let forwarders: [(&str, &dyn ApiError); 6] = [
        ("&E", &&value),
        ("Box<E>", &Box::new(inner())),
        ("Arc<E>", &std::sync::Arc::new(inner())),
        ("&dyn", &(&value as &dyn ApiError)),
        ("Box<dyn>", &boxed),
        ("Arc<dyn>", &arced),
    ];
    for (name, forwarder) in forwarders {
        assert_eq!(answers(forwarder, true), all, "{name}");
    }
}
