use bytes::Bytes;
use http::header::{
    CONTENT_LANGUAGE, CONTENT_TYPE, HeaderName, RETRY_AFTER, VARY, WWW_AUTHENTICATE,
};
use http::{HeaderValue, Response, StatusCode};

use core::fmt;

use erased_serde::Serialize as ErasedSerialize;

use crate::catalog::{CatalogEntry, ExampleField, nested_docs};
use crate::fixed::FixedBodies;
use crate::format::{Localized, render_body};
use crate::request_id::valid_request_id;
use crate::{ApiError, ErrorView, Format, RenderedError, RequestContext};
use crate::{FieldViolation, GrpcCode, LogLevel, RetryAfter};

/// The `x-request-id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the derive knows at compile time about one non-transparent variant.
#[derive(Debug)]
pub struct Meta {
    /// Code, status, title, message template, retryable, docs URL, category, variant.
    pub entry: CatalogEntry,
    /// The `WWW-Authenticate` challenge for a 401.
    pub www_authenticate: Option<&'static str>,
    /// The public message when it has no placeholders.
    pub message: Option<&'static str>,
    /// The bodies when they cannot vary, rendered on first use.
    pub fixed: Option<FixedBodies>,
    /// `#[api(log = "...")]`; `None` for the status's default.
    pub log: Option<LogLevel>,
}

/// The facts nearly every variant leaves at their default, passed to [`meta`] as one
/// value: the derive writes [`USUAL`] for such a variant instead of five arguments, which
/// is less for rustc to check in an enum of hundreds of variants.
#[derive(Clone, Copy)]
pub struct Rare {
    /// `#[api(category = "...")]`.
    pub category: Option<&'static str>,
    /// The `WWW-Authenticate` challenge of a 401.
    pub www_authenticate: Option<&'static str>,
    /// `#[api(log = "...")]`; `None` for the status's default.
    pub log: Option<LogLevel>,
    /// `#[api(grpc = "...")]`; `None` for the status's default.
    pub grpc: Option<GrpcCode>,
    /// `#[api(example(...))]`.
    pub example: &'static [ExampleField],
}

/// Every [`Rare`] fact at its default.
pub const USUAL: Rare = Rare {
    category: None,
    www_authenticate: None,
    log: None,
    grpc: None,
    example: &[],
};

/// A `Meta` from its fields, the catalog entry's first. The derive writes one call per
/// variant, fewer tokens to expand and check than the struct literals, which matters
/// for enums of hundreds of variants.
#[allow(clippy::too_many_arguments)]
pub const fn meta(
    code: &'static str,
    status: u16,
    title: &'static str,
    template: &'static str,
    retryable: bool,
    docs_url: Option<&'static str>,
    variant: &'static str,
    message: Option<&'static str>,
    fixed: bool,
    rebuildable: bool,
    retry_after: bool,
    rare: Rare,
) -> Meta {
    Meta {
        entry: CatalogEntry {
            code,
            status,
            title,
            message: template,
            retryable,
            docs_url,
            category: rare.category,
            variant,
            rebuildable,
            retry_after,
            grpc: match rare.grpc {
                Some(grpc) => grpc,
                None => GrpcCode::for_status(status),
            },
            example: rare.example,
        },
        www_authenticate: rare.www_authenticate,
        message,
        fixed: if fixed {
            Some(FixedBodies::new())
        } else {
            None
        },
        log: rare.log,
    }
}

/// A derived error resolved to its variant: compile-time facts, or the inner error of
/// a transparent variant.
#[derive(Clone, Copy)]
pub enum Resolved<'a> {
    /// A variant with its own attributes.
    Meta(&'static Meta),
    /// A transparent variant's field.
    Inner(&'a dyn ApiError),
}

/// `Resolved` methods that answer a fact of the variant's `Meta`, or ask the
/// transparent variant's field for it: `name -> type = |meta| answer;`.
macro_rules! resolved_facts {
    ($($name:ident -> $ret:ty = |$meta:ident| $answer:expr;)*) => {
        $(
            #[inline]
            pub fn $name(self) -> $ret {
                match self {
                    Resolved::Meta($meta) => $answer,
                    Resolved::Inner(inner) => inner.$name(),
                }
            }
        )*
    };
}

// Each method answers its `ApiError` namesake for the variant: from the compile-time
// facts, or by asking the transparent variant's field.
#[allow(missing_docs)]
impl Resolved<'_> {
    resolved_facts! {
        // The derive only accepts statuses in 400..=599, which always convert.
        status -> StatusCode = |meta| {
            StatusCode::from_u16(meta.entry.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        };
        code -> &'static str = |meta| meta.entry.code;
        title -> &'static str = |meta| meta.entry.title;
        retryable -> bool = |meta| meta.entry.retryable;
        grpc_code -> GrpcCode = |meta| meta.entry.grpc;
        log_level -> LogLevel = |meta| {
            meta.log.unwrap_or(LogLevel::for_status(Resolved::Meta(meta).status()))
        };
        fixed_bodies -> Option<&'static FixedBodies> = |meta| meta.fixed.as_ref();
        retry_after -> Option<RetryAfter> = |_meta| None;
        has_details -> bool = |_meta| false;
    }

    /// The docs URL, where a nested error without one of its own takes the outer
    /// type's `docs` template (`template`) with its code: one API, one docs scheme.
    #[inline]
    pub fn docs_url(self, template: Option<&'static str>) -> Option<&'static str> {
        match self {
            Resolved::Meta(meta) => meta.entry.docs_url,
            Resolved::Inner(inner) => inner
                .docs_url()
                .or_else(|| template.map(|template| nested_docs(template, inner.code()))),
        }
    }
    /// The fixed bodies; for a nested error that takes its docs URL from the outer
    /// type (`template`, see `docs_url`), the ones kept for that template, since the
    /// inner type's own carry no docs.
    #[inline]
    pub fn fixed_bodies_with_docs(
        self,
        template: Option<&'static str>,
    ) -> Option<&'static FixedBodies> {
        match (self, template) {
            (Resolved::Inner(inner), Some(template)) if inner.docs_url().is_none() => inner
                .fixed_bodies()
                .and_then(|bodies| bodies.under_docs(template)),
            (resolved, _) => resolved.fixed_bodies(),
        }
    }
    /// The `WWW-Authenticate` challenge, where a nested 401 without one of its own takes
    /// the outer type's (`outer`).
    #[inline]
    pub fn www_authenticate(self, outer: Option<&'static str>) -> Option<&'static str> {
        match self {
            Resolved::Meta(meta) => meta.www_authenticate,
            Resolved::Inner(inner) => inner.www_authenticate().or(outer),
        }
    }
    #[inline]
    pub fn fmt_message(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resolved::Meta(meta) => f.write_str(meta.message.unwrap_or(meta.entry.title)),
            Resolved::Inner(inner) => inner.fmt_message(f),
        }
    }
    #[inline]
    pub fn errors<'b>(self) -> Option<&'b [FieldViolation]>
    where
        Self: 'b,
    {
        match self {
            Resolved::Meta(_) => None,
            Resolved::Inner(inner) => inner.errors(),
        }
    }
    #[inline]
    pub fn visit_details(self, visit: &mut dyn FnMut(&'static str, &dyn ErasedSerialize)) {
        if let Resolved::Inner(inner) = self {
            inner.visit_details(visit);
        }
    }
    #[inline]
    pub fn visit_message_args(self, visit: &mut dyn FnMut(&'static str, &dyn fmt::Display)) {
        if let Resolved::Inner(inner) = self {
            inner.visit_message_args(visit);
        }
    }
}

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
