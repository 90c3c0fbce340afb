//! Runtime of [`http-api-error`](https://docs.rs/http-api-error): the [`ApiError`] trait, the
//! body [formats](Format), response rendering and the error [`Catalog`].
//!
//! Most users depend on `http-api-error`, which re-exports everything here together with
//! `#[derive(ApiError)]`. This crate has no proc-macro dependencies, so an HTTP client
//! can use it alone.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
mod catalog;
#[cfg(feature = "client")]
pub mod client;
mod context;
mod format;
#[cfg(feature = "poem")]
pub mod poem;
mod rejection;
pub mod request_id;
mod response;
#[cfg(feature = "tokio")]
mod scope;
pub mod snapshot;
#[cfg(feature = "utoipa")]
pub mod utoipa;
pub use crate::response::X_REQUEST_ID;
mod retry;
mod violation;

#[doc(hidden)]
pub mod __private;

use core::fmt;

pub use bytes::{self, Bytes};
pub use http::{self, HeaderMap, HeaderValue, Response, StatusCode};

pub use crate::catalog::{Catalog, CatalogEntry, DuplicateCode};
pub use crate::context::RequestContext;
pub use crate::format::{Details, ErrorView, Format, FormatKind, Message};
pub use crate::rejection::{Rejection, RejectionKind};
pub use crate::retry::{AsRetryAfter, RetryAfter};
#[cfg(feature = "tokio")]
pub use crate::scope::current_context;
pub use crate::snapshot::assert_catalog_stable;
pub use crate::violation::{AsViolations, FieldViolation};

/// An error that knows how to present itself as an HTTP error response.
///
/// Usually derived: `#[derive(ApiError)]` implements it together with `Display`,
/// `std::error::Error`, `From` for `#[from]` fields and `serde::Serialize` (see the
/// `http-api-error` crate docs). It can also be implemented by hand; only [`status`] and
/// [`code`] are required.
///
/// The trait is dyn-compatible: a `Box<dyn ApiError + Send + Sync>` renders the same
/// responses as the concrete type.
///
/// [`status`]: ApiError::status
/// [`code`]: ApiError::code
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `ApiError`",
    label = "this type must implement `ApiError`",
    note = "derive it with `#[derive(ApiError)]`, or implement `http_api_error::ApiError` by hand"
)]
pub trait ApiError {
    /// The HTTP status of the response, a client (4xx) or server (5xx) error.
    fn status(&self) -> StatusCode;

    /// The stable machine-readable code, such as `LINK_GONE`.
    ///
    /// Codes are `SCREAMING_SNAKE_CASE`, unique within an API and never change meaning:
    /// clients match on them.
    fn code(&self) -> &'static str;

    /// A short summary of the kind of error, the same for every occurrence of the code.
    ///
    /// Defaults to the status's reason phrase (`"Not Found"`).
    fn title(&self) -> &'static str {
        default_title(self.status())
    }

    /// Writes the public message: the text a client may show, never internal detail.
    ///
    /// Defaults to the [`title`](ApiError::title) for 4xx and to the status's reason
    /// phrase for 5xx.
    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status();
        if status.is_server_error() {
            f.write_str(default_title(status))
        } else {
            f.write_str(self.title())
        }
    }

    /// The public message as a `String` (see [`fmt_message`](ApiError::fmt_message)).
    ///
    /// A field's `Display` impl that fails midway leaves the text written so far.
    fn message(&self) -> String {
        struct Public<'a, E: ?Sized>(&'a E);
        impl<E: ApiError + ?Sized> fmt::Display for Public<'_, E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_message(f)
            }
        }
        let mut out = String::new();
        let _ = fmt::write(&mut out, format_args!("{}", Public(self)));
        out
    }

    /// Whether a client may retry the same request.
    ///
    /// Defaults to `true` for 429 and 5xx and `false` for every other status.
    fn retryable(&self) -> bool {
        default_retryable(self.status())
    }

    /// The URL documenting this error code, if any.
    fn docs_url(&self) -> Option<&'static str> {
        None
    }

    /// How long the client should wait before retrying; sent as `Retry-After`.
    fn retry_after(&self) -> Option<RetryAfter> {
        None
    }

    /// The `WWW-Authenticate` challenge sent with a 401 (RFC 9110 requires one).
    ///
    /// `None` sends `Bearer`. Ignored for other statuses.
    fn www_authenticate(&self) -> Option<&'static str> {
        None
    }

    /// Field-level validation failures, rendered as the body's `errors` array.
    ///
    /// `Some` (even when empty) means the error has an `errors` member.
    fn errors(&self) -> Option<&[FieldViolation]> {
        None
    }

    /// Calls `visit` with the name and value of every field exposed in the body.
    fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
        let _ = visit;
    }

    /// Whether [`visit_details`](ApiError::visit_details) visits anything.
    fn has_details(&self) -> bool {
        false
    }

    /// The body format this error renders in by default.
    fn format(&self) -> FormatKind {
        FormatKind::Simple
    }

    /// The body in `format` when it cannot vary, rendered at compile time.
    ///
    /// Derived implementations return it for every variant without interpolated,
    /// exposed or `errors` fields; it is byte-identical to what the general renderer
    /// writes for the same error. Hand implementations leave the default `None`.
    #[doc(hidden)]
    fn static_body(&self, format: FormatKind) -> Option<&'static [u8]> {
        let _ = format;
        None
    }

    /// The response in the error's default [`format`](ApiError::format), with no
    /// request context.
    fn to_response(&self) -> Response<Bytes> {
        response::render(&DynRef(self), &self.format(), &RequestContext::EMPTY)
    }

    /// The response in the default format, carrying the request id and instance of
    /// `context` in the body and (request id) the `x-request-id` header.
    fn to_response_with(&self, context: &RequestContext) -> Response<Bytes> {
        response::render(&DynRef(self), &self.format(), context)
    }

    /// The response in any [`Format`], built-in or user-defined.
    fn render(&self, format: &dyn Format, context: &RequestContext) -> Response<Bytes> {
        response::render(&DynRef(self), format, context)
    }

    /// Every code this type can produce, in declaration order, nested (transparent)
    /// types included.
    fn catalog() -> Catalog
    where
        Self: Sized,
    {
        Catalog::new()
    }
}

/// `&E` as the `&dyn ApiError` the renderer takes, for any `E`, sized or not: the
/// provided rendering methods work on trait objects too.
struct DynRef<'a, E: ?Sized>(&'a E);

impl<E: ApiError + ?Sized> ApiError for DynRef<'_, E> {
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
    fn message(&self) -> String {
        self.0.message()
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
    fn static_body(&self, format: FormatKind) -> Option<&'static [u8]> {
        self.0.static_body(format)
    }
    // Rendering a `DynRef` must not wrap it again: that would instantiate
    // `DynRef<DynRef<..>>` without end.
    fn to_response(&self) -> Response<Bytes> {
        response::render(self, &self.format(), &RequestContext::EMPTY)
    }
    fn to_response_with(&self, context: &RequestContext) -> Response<Bytes> {
        response::render(self, &self.format(), context)
    }
    fn render(&self, format: &dyn Format, context: &RequestContext) -> Response<Bytes> {
        response::render(self, format, context)
    }
}

macro_rules! impl_forwarding {
    ($(impl[$($generics:tt)*] $ty:ty => $catalog:expr;)*) => {$(
        // Not offered as a fix when a type lacks `ApiError`: the fix is to derive it.
        #[diagnostic::do_not_recommend]
        impl<$($generics)*> ApiError for $ty {
            fn status(&self) -> StatusCode { (**self).status() }
            fn code(&self) -> &'static str { (**self).code() }
            fn title(&self) -> &'static str { (**self).title() }
            fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { (**self).fmt_message(f) }
            fn retryable(&self) -> bool { (**self).retryable() }
            fn docs_url(&self) -> Option<&'static str> { (**self).docs_url() }
            fn retry_after(&self) -> Option<RetryAfter> { (**self).retry_after() }
            fn www_authenticate(&self) -> Option<&'static str> { (**self).www_authenticate() }
            fn errors(&self) -> Option<&[FieldViolation]> { (**self).errors() }
            fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
                (**self).visit_details(visit);
            }
            fn has_details(&self) -> bool { (**self).has_details() }
            fn format(&self) -> FormatKind { (**self).format() }
            fn static_body(&self, format: FormatKind) -> Option<&'static [u8]> { (**self).static_body(format) }
            fn catalog() -> Catalog { $catalog }
        }
    )*};
}

// A pointer to a sized error lists the error's catalog; a trait object's codes are
// unknown until it holds a value, so its catalog is empty.
impl_forwarding!(
    impl['a, E: ApiError] &'a E => E::catalog();
    impl[E: ApiError] Box<E> => E::catalog();
    impl[E: ApiError] std::sync::Arc<E> => E::catalog();
    impl['a] &'a (dyn ApiError + 'a) => Catalog::new();
    impl['a] &'a (dyn ApiError + Send + 'a) => Catalog::new();
    impl['a] &'a (dyn ApiError + Send + Sync + 'a) => Catalog::new();
    impl['a] Box<dyn ApiError + 'a> => Catalog::new();
    impl['a] Box<dyn ApiError + Send + 'a> => Catalog::new();
    impl['a] Box<dyn ApiError + Send + Sync + 'a> => Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + 'a> => Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + Send + 'a> => Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + Send + Sync + 'a> => Catalog::new();
);

/// The title used when none is given: the reason phrase of `status`, or a generic
/// phrase for codes that have none (such as 499).
pub fn default_title(status: StatusCode) -> &'static str {
    match status.canonical_reason() {
        Some(reason) => reason,
        None if status.is_server_error() => "Server Error",
        None => "Client Error",
    }
}

/// The default retry rule: retry 429 and 5xx, never another 4xx.
pub const fn default_retryable(status: StatusCode) -> bool {
    status.as_u16() == 429 || (status.as_u16() >= 500 && status.as_u16() <= 599)
}
