//! Failures of the framework rather than of the API (a body that is not JSON, an
//! unknown route), rendered like the API's own errors.

use std::sync::atomic::{AtomicU16, Ordering};

use http::StatusCode;

use crate::{ApiError, Catalog, CatalogEntry, FieldViolation, FormatKind};

/// An extractor or router failure, rendered like the API's own errors.
///
/// | code | status | when |
/// |---|---|---|
/// | `INVALID_JSON` | 400 | the body is not JSON |
/// | `INVALID_BODY` | 422, or 400 after [`set_invalid_body_status`] | the JSON does not match the expected shape, or fails validation |
/// | `UNSUPPORTED_MEDIA_TYPE` | 415 | the body is not `application/json` |
/// | `PAYLOAD_TOO_LARGE` | 413 | the body exceeds the size limit |
/// | `LENGTH_REQUIRED` | 411 | a size limit needs `Content-Length` and the request has none |
/// | `INVALID_QUERY` | 400 | the query string does not match |
/// | `INVALID_PATH` | 400 | a path parameter does not parse |
/// | `NOT_FOUND` | 404 | no route matches the path |
/// | `METHOD_NOT_ALLOWED` | 405 | the route exists for other methods (axum adds `Allow`) |
/// | `BAD_REQUEST` | 400 | any other extractor failure |
/// | `REQUEST_TIMEOUT` | 408 | a timeout layer gave up on the request |
/// | `INTERNAL_ERROR` | 500 | a mistake on the server's side: a handler's extractors do not fit its route, missing state, a panic caught by a layer |
///
/// Each extractor failure carries an `errors` entry whose `location` names the part of
/// the request: `body`, `body.name`, `query.limit`, `path.id`, `header.content-type`,
/// `header.content-length`.
/// `NOT_FOUND` and `METHOD_NOT_ALLOWED` carry none: no part of the request is wrong,
/// only its target.
///
/// `INTERNAL_ERROR`'s body says nothing more than its code: what went wrong (the
/// framework's own text) is kept for the log, in its `Display` and `Debug`.
///
/// It renders in the format the framework integration was configured with (the simple
/// format by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    kind: RejectionKind,
    errors: Vec<FieldViolation>,
    /// For the log only.
    detail: Option<String>,
}

/// The kinds of [`Rejection`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectionKind {
    /// `INVALID_JSON`, 400
    InvalidJson,
    /// `INVALID_BODY`, 422
    InvalidBody,
    /// `UNSUPPORTED_MEDIA_TYPE`, 415
    UnsupportedMediaType,
    /// `PAYLOAD_TOO_LARGE`, 413
    PayloadTooLarge,
    /// `LENGTH_REQUIRED`, 411
    LengthRequired,
    /// `INVALID_QUERY`, 400
    InvalidQuery,
    /// `INVALID_PATH`, 400
    InvalidPath,
    /// `NOT_FOUND`, 404
    NotFound,
    /// `METHOD_NOT_ALLOWED`, 405
    MethodNotAllowed,
    /// `BAD_REQUEST`, 400
    BadRequest,
    /// `REQUEST_TIMEOUT`, 408
    RequestTimeout,
    /// `INTERNAL_ERROR`, 500
    Internal,
}

impl RejectionKind {
    /// Every kind with the name the catalog gives its declaration.
    const ALL: [(RejectionKind, &'static str); 12] = [
        (RejectionKind::InvalidJson, "RejectionKind::InvalidJson"),
        (RejectionKind::InvalidBody, "RejectionKind::InvalidBody"),
        (
            RejectionKind::UnsupportedMediaType,
            "RejectionKind::UnsupportedMediaType",
        ),
        (
            RejectionKind::PayloadTooLarge,
            "RejectionKind::PayloadTooLarge",
        ),
        (
            RejectionKind::LengthRequired,
            "RejectionKind::LengthRequired",
        ),
        (RejectionKind::InvalidQuery, "RejectionKind::InvalidQuery"),
        (RejectionKind::InvalidPath, "RejectionKind::InvalidPath"),
        (RejectionKind::NotFound, "RejectionKind::NotFound"),
        (
            RejectionKind::MethodNotAllowed,
            "RejectionKind::MethodNotAllowed",
        ),
        (RejectionKind::BadRequest, "RejectionKind::BadRequest"),
        (
            RejectionKind::RequestTimeout,
            "RejectionKind::RequestTimeout",
        ),
        (RejectionKind::Internal, "RejectionKind::Internal"),
    ];

    /// The kind a framework's own error response with `status` stands for, when one
    /// does: what [`Rejection::for_status`] renders.
    #[must_use]
    pub fn for_status(status: StatusCode) -> Option<RejectionKind> {
        Some(match status.as_u16() {
            400 => RejectionKind::BadRequest,
            404 => RejectionKind::NotFound,
            405 => RejectionKind::MethodNotAllowed,
            408 => RejectionKind::RequestTimeout,
            411 => RejectionKind::LengthRequired,
            413 => RejectionKind::PayloadTooLarge,
            415 => RejectionKind::UnsupportedMediaType,
            422 => RejectionKind::InvalidBody,
            500 => RejectionKind::Internal,
            _ => return None,
        })
    }

    /// Code, status and message.
    fn facts(self) -> (&'static str, StatusCode, &'static str) {
        let (code, status, message) = self.declared();
        match self {
            RejectionKind::InvalidBody => (code, invalid_body_status(), message),
            _ => (code, status, message),
        }
    }

    /// Code, status and message as declared, before the process's settings.
    const fn declared(self) -> (&'static str, StatusCode, &'static str) {
        match self {
            RejectionKind::InvalidJson => (
                "INVALID_JSON",
                StatusCode::BAD_REQUEST,
                "Request body is not valid JSON",
            ),
            RejectionKind::InvalidBody => (
                "INVALID_BODY",
                StatusCode::UNPROCESSABLE_ENTITY,
                "Request body does not match the expected schema",
            ),
            RejectionKind::UnsupportedMediaType => (
                "UNSUPPORTED_MEDIA_TYPE",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Request body must be JSON, sent with Content-Type: application/json",
            ),
            RejectionKind::PayloadTooLarge => (
                "PAYLOAD_TOO_LARGE",
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body is too large",
            ),
            RejectionKind::LengthRequired => (
                "LENGTH_REQUIRED",
                StatusCode::LENGTH_REQUIRED,
                "Request must declare its body's length with Content-Length",
            ),
            RejectionKind::InvalidQuery => (
                "INVALID_QUERY",
                StatusCode::BAD_REQUEST,
                "Query string is invalid",
            ),
            RejectionKind::InvalidPath => (
                "INVALID_PATH",
                StatusCode::BAD_REQUEST,
                "Path parameter is invalid",
            ),
            RejectionKind::NotFound => (
                "NOT_FOUND",
                StatusCode::NOT_FOUND,
                "No route matches this path",
            ),
            RejectionKind::MethodNotAllowed => (
                "METHOD_NOT_ALLOWED",
                StatusCode::METHOD_NOT_ALLOWED,
                "This method is not allowed on this path",
            ),
            RejectionKind::BadRequest => (
                "BAD_REQUEST",
                StatusCode::BAD_REQUEST,
                "The request is invalid",
            ),
            RejectionKind::RequestTimeout => (
                "REQUEST_TIMEOUT",
                StatusCode::REQUEST_TIMEOUT,
                "The server timed out handling the request",
            ),
            RejectionKind::Internal => (
                "INTERNAL_ERROR",
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
            ),
        }
    }
}

/// The status of `INVALID_BODY`: 422 unless [`set_invalid_body_status`] chose 400.
static INVALID_BODY_STATUS: AtomicU16 = AtomicU16::new(422);

fn invalid_body_status() -> StatusCode {
    match INVALID_BODY_STATUS.load(Ordering::Relaxed) {
        400 => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Sets the status of `INVALID_BODY`, the rejection of a well-formed body that does not
/// fit the handler's type (a missing field, a wrong type, a failed validation): `422
/// Unprocessable Content` (the default: RFC 9110's status for content that parses but
/// cannot be processed, and axum's) or `400 Bad Request` (what Unkey-style APIs send for
/// every request failure, and the only 4xx their generated SDKs type for most
/// operations). Call it once, at startup, before serving; it holds for the whole process,
/// so the catalog and the OpenAPI document, which list `INVALID_BODY` with its status,
/// say what the server sends.
///
/// # Errors
///
/// Any other status: the error names the two allowed.
pub fn set_invalid_body_status(status: StatusCode) -> Result<(), InvalidBodyStatusError> {
    match status.as_u16() {
        code @ (400 | 422) => {
            INVALID_BODY_STATUS.store(code, Ordering::Relaxed);
            Ok(())
        }
        _ => Err(InvalidBodyStatusError(status)),
    }
}

/// A status [`set_invalid_body_status`] does not take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidBodyStatusError(pub StatusCode);

impl core::fmt::Display for InvalidBodyStatusError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "INVALID_BODY answers 400 or 422, not {}",
            self.0.as_u16()
        )
    }
}

impl std::error::Error for InvalidBodyStatusError {}

impl Rejection {
    /// A rejection of `kind` with the violations that explain it.
    #[must_use]
    pub fn new(kind: RejectionKind, errors: Vec<FieldViolation>) -> Self {
        Rejection {
            kind,
            errors,
            detail: None,
        }
    }

    /// `INTERNAL_ERROR`: a mistake on the server's side (a handler whose extractors do
    /// not fit its route, missing state). `detail` (the framework's text) goes to the
    /// log, never to the body.
    #[must_use]
    pub fn internal(detail: impl Into<String>) -> Self {
        Rejection::new(RejectionKind::Internal, Vec::new()).with_detail(detail)
    }

    /// The same rejection with `detail` for the log: its `Display` and `Debug` carry
    /// it, the body never does.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The rejection standing for a framework's own error response with `status`
    /// (see [`RejectionKind::for_status`]), without violations: what is wrong is only
    /// known to the framework.
    #[must_use]
    pub fn for_status(status: StatusCode) -> Option<Self> {
        RejectionKind::for_status(status).map(|kind| Rejection::new(kind, Vec::new()))
    }

    /// The detail kept for the log, if any.
    #[must_use]
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// Its kind.
    #[must_use]
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// The router's 404.
    #[must_use]
    pub fn not_found() -> Self {
        Rejection::new(RejectionKind::NotFound, Vec::new())
    }

    /// The router's 405 (axum sets the `Allow` header).
    #[must_use]
    pub fn method_not_allowed() -> Self {
        Rejection::new(RejectionKind::MethodNotAllowed, Vec::new())
    }
}

/// Copies onto `ours` (the rejection rendered for a framework's own error response)
/// the headers the framework set on `theirs` (`Allow`, `Retry-After`), but for those
/// describing the body it replaces and those `ours` has.
#[cfg(any(feature = "axum", feature = "poem"))]
pub(crate) fn carry_headers(theirs: &http::HeaderMap, ours: &mut http::HeaderMap) {
    for (name, value) in theirs {
        let body = name == http::header::CONTENT_TYPE || name == http::header::CONTENT_LENGTH;
        if !body && !ours.contains_key(name) {
            ours.append(name.clone(), value.clone());
        }
    }
}

/// The field a serde error message names ("missing field \`limit\`", "unknown field
/// \`x\`, expected ...", "duplicate field \`x\`"): serde reports these at the
/// object that holds the field, and actix-web and poem track no path at all.
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
pub(crate) fn named_field(message: &str) -> Option<&str> {
    let rest = ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))?;
    let (name, _) = rest.split_once('`')?;
    (!name.is_empty()).then_some(name)
}

/// `root.field` where `message` names a field (see [`named_field`]), else `root`: the
/// location of a deserialization failure from a framework that tracks no path.
#[cfg(any(feature = "actix-web", feature = "poem"))]
pub(crate) fn field_location(root: &str, message: &str) -> String {
    named_field(message).map_or_else(|| root.to_owned(), |name| format!("{root}.{name}"))
}

/// Rebuilt from its code and violations, so that an error type nesting `Rejection`
/// transparently gets its framework errors back on the client as well.
#[cfg(feature = "client")]
impl crate::client::FromRemote for Rejection {
    fn from_remote(remote: &crate::client::RemoteError) -> Option<Self> {
        let code = remote.code()?;
        let (kind, _) = RejectionKind::ALL
            .iter()
            .find(|(kind, _)| kind.facts().0 == code)?;
        Some(Rejection::new(*kind, remote.errors().to_vec()))
    }
}

/// The public message, then the detail kept for the log (`Internal Server Error: Wrong
/// number of path arguments ...`). Not sent: the body carries the public message only.
impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.kind.facts().2)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejection {}

// Not a useful suggestion when a user's type lacks `ApiError`.
#[diagnostic::do_not_recommend]
impl ApiError for Rejection {
    fn status(&self) -> StatusCode {
        self.kind.facts().1
    }

    fn code(&self) -> &'static str {
        self.kind.facts().0
    }

    fn fmt_message(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.kind.facts().2)
    }

    fn errors(&self) -> Option<&[FieldViolation]> {
        (!self.errors.is_empty()).then_some(self.errors.as_slice())
    }

    fn as_std_error(&self) -> Option<&dyn std::error::Error> {
        Some(self)
    }

    fn format(&self) -> FormatKind {
        self.body_format().builtin().unwrap_or_default()
    }

    /// The format the request-id middleware was configured with, else the simple one.
    fn body_format(&self) -> &'static dyn crate::Format {
        #[cfg(feature = "tokio")]
        if let Some(format) = crate::scope::current_format() {
            return format;
        }
        FormatKind::Simple.as_format()
    }

    /// Every kind, under the category `Request errors`. An API lists them in its own
    /// catalog (and OpenAPI responses) with a transparent variant holding a `Rejection`.
    fn catalog() -> Catalog {
        let mut catalog = Catalog::new();
        for (kind, variant) in RejectionKind::ALL {
            let (code, status, message) = kind.facts();
            catalog.extend_from_slice(&[CatalogEntry {
                code,
                status: status.as_u16(),
                title: crate::default_title(status),
                message,
                retryable: crate::default_retryable(status),
                docs_url: None,
                category: Some("Request errors"),
                variant,
                // `Rejection` implements `FromRemote` from its code and violations.
                rebuildable: true,
                retry_after: false,
                grpc: crate::GrpcCode::for_status(status.as_u16()),
                example: &[],
            }]);
        }
        catalog
    }
}

/// The rejections' responses in the simple format, the integrations' default. For
/// another format, call [`crate::utoipa::responses`] with `Rejection::catalog()`.
#[cfg(feature = "utoipa")]
impl utoipa::IntoResponses for Rejection {
    fn responses() -> crate::__private::utoipa::Responses {
        crate::utoipa::responses(&Rejection::catalog(), FormatKind::Simple)
    }
}
