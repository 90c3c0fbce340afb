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

/// Invokes `$impl!(Wrapper, check, where [bounds])` for each validation library whose
/// feature is on: the one list of validating extractors (`Valid` runs validator's
/// rules, `Garde` garde's), which each framework module implements its extractor
/// traits for with a macro of its own.
#[cfg(all(
    any(feature = "axum", feature = "actix-web", feature = "poem"),
    any(feature = "validator", feature = "garde")
))]
macro_rules! for_each_validator {
    ($impl:ident) => {
        #[cfg(feature = "validator")]
        $impl!(Valid, crate::validator::check, where [T: validator::Validate,]);
        #[cfg(feature = "garde")]
        $impl!(Garde, crate::garde::validate, where [T: garde::Validate, T::Context: Default,]);
    };
}

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "aide")]
pub mod aide;
#[cfg(feature = "axum")]
pub mod axum;
mod catalog;
#[cfg(feature = "client")]
pub mod client;
mod context;
mod fixed;
mod format;
#[cfg(feature = "garde")]
pub mod garde;
mod grpc;
#[cfg(feature = "i18n")]
pub mod i18n;
mod log;
#[cfg(feature = "negotiation")]
mod negotiation;
#[cfg(feature = "poem")]
pub mod poem;
mod rejection;
pub mod request_id;
mod response;
mod scan;
#[cfg(feature = "tokio")]
mod scope;
mod set;
pub mod snapshot;
#[cfg(feature = "tonic")]
pub mod tonic;
#[cfg(feature = "utoipa")]
pub mod utoipa;
#[cfg(feature = "validator")]
pub mod validator;
pub use crate::response::X_REQUEST_ID;
mod retry;
mod violation;

#[doc(hidden)]
pub mod __private;

use core::fmt;

pub use bytes::{self, Bytes};
pub use http::{self, HeaderMap, HeaderValue, Response, StatusCode};

pub use crate::catalog::{Catalog, CatalogEntry, DuplicateCode, ExampleField, ExampleValue};
pub use crate::context::RequestContext;
pub use crate::format::{BodyResult, Details, ErrorView, Format, FormatKind, JsonObject, Message};
pub use crate::grpc::GrpcCode;
pub use crate::log::{LogLevel, RenderedError};
pub use crate::rejection::{
    InvalidBodyStatusError, Rejection, RejectionKind, set_invalid_body_status,
};
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
    note = "derive it with `#[derive(ApiError)]`, or implement `http_api_error::ApiError` by hand",
    note = "for the field of an `#[api(transparent)]` variant: or remove `transparent` and give the variant its own `status` (the field can stay, as its `#[source]`)"
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

    /// Calls `visit` with the name and value of every field the public message
    /// interpolates, each once and formatted as the message formats it: the arguments a
    /// translation of the message may place (feature `i18n`). Derived implementations
    /// visit exactly the message's placeholders, so a translation shows nothing the
    /// English message does not; they are generated with the `i18n` feature only (the
    /// one reader), and visit nothing without it.
    fn visit_message_args(&self, visit: &mut dyn FnMut(&'static str, &dyn fmt::Display)) {
        let _ = visit;
    }

    /// Whether [`visit_details`](ApiError::visit_details) visits anything.
    fn has_details(&self) -> bool {
        false
    }

    /// The built-in body format this error renders in by default: `Simple` unless the
    /// type says `#[api(format = problem)]` or `#[api(format = envelope)]`.
    ///
    /// A type with a [`Format`] of its own (`#[api(format = MyFormat)]`) renders through
    /// [`body_format`](ApiError::body_format) instead and keeps the default here; its
    /// OpenAPI document comes from that format's `Format::schema` (feature `utoipa`).
    fn format(&self) -> FormatKind {
        FormatKind::Simple
    }

    /// The format this error renders in by default: [`format`](ApiError::format)'s
    /// built-in one, or a [`Format`] of your own (`#[api(format = MyFormat)]`), which
    /// `to_response`, `Serialize` and every framework integration then use.
    fn body_format(&self) -> &'static dyn Format {
        self.format().as_format()
    }

    /// Formats this error offers besides its own, for content negotiation: an HTML page
    /// for browsers (`#[api(alternatives = [HtmlPage])]`), chosen when the request's
    /// `Accept` prefers its [`media_type`](Format::media_type). RFC 9457 problem details
    /// are always offered. Defaults to none.
    fn alternative_formats(&self) -> &'static [&'static dyn Format] {
        &[]
    }

    /// The gRPC status code of this error (feature `tonic` sends it): by default the
    /// HTTP status's ([`GrpcCode::for_status`]); `#[api(grpc = "ALREADY_EXISTS")]` on a
    /// variant or the type chooses another.
    fn grpc_code(&self) -> GrpcCode {
        GrpcCode::for_status(self.status().as_u16())
    }

    /// The domain of this error's code, the `domain` of gRPC's `ErrorInfo` (AIP-193):
    /// `#[api(domain = "links.example.com")]`, else the name of the crate that derives
    /// the type. `None`, the default of hand implementations, sends an empty domain.
    fn error_domain(&self) -> Option<&'static str> {
        None
    }

    /// How loudly the response is logged (feature `tracing`).
    ///
    /// Defaults to [`LogLevel::for_status`]: `Error` for a 5xx, `Debug` for a 4xx.
    fn log_level(&self) -> LogLevel {
        LogLevel::for_status(self.status())
    }

    /// The error as a `std::error::Error`, for the log event: its `Display`, its
    /// `Debug` and its `source()` chain, everything the body leaves out.
    ///
    /// Derived implementations return `Some(self)`, except for a type with type
    /// parameters (it is an `Error` only under bounds of its own), whose events carry
    /// the public facts only. A hand implementation should return `Some(self)` when the
    /// type implements `Error`; the default is `None`.
    fn as_std_error(&self) -> Option<&dyn std::error::Error> {
        None
    }

    /// The bodies of this value's variant when they cannot vary (see `__private`).
    ///
    /// Derived implementations return them for every variant without interpolated or
    /// exposed fields whose `errors` field, if any, holds an empty list; the renderer then serves the body rendered on first
    /// use, byte-identical to what it would write for the same error and request.
    /// Hand implementations leave the default `None`.
    #[doc(hidden)]
    fn fixed_bodies(&self) -> Option<&'static __private::FixedBodies> {
        None
    }

    /// The response in the error's default [`body_format`](ApiError::body_format),
    /// with no request context.
    fn to_response(&self) -> Response<Bytes> {
        response::render(&DynRef(self), self.body_format(), &RequestContext::EMPTY)
    }

    /// The response in the default format, carrying the request id and instance of
    /// `context` in the body and (request id) the `x-request-id` header; in RFC 9457
    /// instead when the context negotiated it (see [`RequestContext::with_accept`]).
    fn to_response_with(&self, context: &RequestContext) -> Response<Bytes> {
        response::negotiated(&DynRef(self), context)
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

/// The methods every forwarding impl of [`ApiError`] passes on to the error it wraps,
/// listed once. [`DynRef`] and the pointer impls (`&T`, `Box`, `Arc`, trait objects)
/// expand it, so a method added to the trait and to this list reaches every forwarder
/// at once. Each forwarder names its target through [`Forward`]. (Derived types reach a
/// transparent variant's inner error through `__private::Resolved`, whose methods take
/// the outer type's docs template and challenge too.) `tests/test_transparent.rs` gives
/// every method a non-default answer and fails for one that a pointer impl or a derived
/// transparent variant does not pass on.
///
/// `message` is left out on purpose: its default writes `fmt_message`, which is
/// forwarded. The rendering methods are left out too: they render the forwarder itself,
/// which answers exactly as its target does. `catalog` has no receiver and differs per
/// forwarder.
macro_rules! forward_api_error {
    () => {
        fn status(&self) -> StatusCode {
            Forward::target(self).status()
        }
        fn code(&self) -> &'static str {
            Forward::target(self).code()
        }
        fn title(&self) -> &'static str {
            Forward::target(self).title()
        }
        fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            Forward::target(self).fmt_message(f)
        }
        fn retryable(&self) -> bool {
            Forward::target(self).retryable()
        }
        fn docs_url(&self) -> Option<&'static str> {
            Forward::target(self).docs_url()
        }
        fn retry_after(&self) -> Option<RetryAfter> {
            Forward::target(self).retry_after()
        }
        fn www_authenticate(&self) -> Option<&'static str> {
            Forward::target(self).www_authenticate()
        }
        fn errors(&self) -> Option<&[FieldViolation]> {
            Forward::target(self).errors()
        }
        fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
            Forward::target(self).visit_details(visit);
        }
        fn visit_message_args(&self, visit: &mut dyn FnMut(&'static str, &dyn fmt::Display)) {
            Forward::target(self).visit_message_args(visit);
        }
        fn has_details(&self) -> bool {
            Forward::target(self).has_details()
        }
        fn format(&self) -> FormatKind {
            Forward::target(self).format()
        }
        fn body_format(&self) -> &'static dyn Format {
            Forward::target(self).body_format()
        }
        fn alternative_formats(&self) -> &'static [&'static dyn Format] {
            Forward::target(self).alternative_formats()
        }
        fn fixed_bodies(&self) -> Option<&'static __private::FixedBodies> {
            Forward::target(self).fixed_bodies()
        }
        fn log_level(&self) -> LogLevel {
            Forward::target(self).log_level()
        }
        fn grpc_code(&self) -> GrpcCode {
            Forward::target(self).grpc_code()
        }
        fn error_domain(&self) -> Option<&'static str> {
            Forward::target(self).error_domain()
        }
        fn as_std_error(&self) -> Option<&dyn std::error::Error> {
            Forward::target(self).as_std_error()
        }
    };
}

/// What a forwarding impl forwards to (see [`forward_api_error!`]).
trait Forward {
    type Target: ApiError + ?Sized;
    fn target(&self) -> &Self::Target;
}

/// `&E` as the `&dyn ApiError` the renderer takes, for any `E`, sized or not: the
/// provided rendering methods work on trait objects too.
struct DynRef<'a, E: ?Sized>(&'a E);

impl<E: ApiError + ?Sized> Forward for DynRef<'_, E> {
    type Target = E;
    fn target(&self) -> &E {
        self.0
    }
}

impl<E: ApiError + ?Sized> ApiError for DynRef<'_, E> {
    forward_api_error!();

    // Rendering a `DynRef` must not wrap it again: that would instantiate
    // `DynRef<DynRef<..>>` without end.
    fn to_response(&self) -> Response<Bytes> {
        response::render(self, self.body_format(), &RequestContext::EMPTY)
    }
    fn to_response_with(&self, context: &RequestContext) -> Response<Bytes> {
        response::negotiated(self, context)
    }
    fn render(&self, format: &dyn Format, context: &RequestContext) -> Response<Bytes> {
        response::render(self, format, context)
    }
}

macro_rules! impl_forwarding {
    ($(impl[$($generics:tt)*] $ty:ty => $target:ty, $catalog:expr;)*) => {$(
        impl<$($generics)*> Forward for $ty {
            type Target = $target;
            fn target(&self) -> &Self::Target {
                &**self
            }
        }

        // Not offered as a fix when a type lacks `ApiError`: the fix is to derive it.
        #[diagnostic::do_not_recommend]
        impl<$($generics)*> ApiError for $ty {
            forward_api_error!();

            fn catalog() -> Catalog {
                $catalog
            }
        }
    )*};
}

// A pointer to a sized error lists the error's catalog; a trait object's codes are
// unknown until it holds a value, so its catalog is empty.
impl_forwarding!(
    impl['a, E: ApiError] &'a E => E, E::catalog();
    impl[E: ApiError] Box<E> => E, E::catalog();
    impl[E: ApiError] std::sync::Arc<E> => E, E::catalog();
    impl['a] &'a (dyn ApiError + 'a) => dyn ApiError + 'a, Catalog::new();
    impl['a] &'a (dyn ApiError + Send + 'a) => dyn ApiError + Send + 'a, Catalog::new();
    impl['a] &'a (dyn ApiError + Send + Sync + 'a) => dyn ApiError + Send + Sync + 'a, Catalog::new();
    impl['a] Box<dyn ApiError + 'a> => dyn ApiError + 'a, Catalog::new();
    impl['a] Box<dyn ApiError + Send + 'a> => dyn ApiError + Send + 'a, Catalog::new();
    impl['a] Box<dyn ApiError + Send + Sync + 'a> => dyn ApiError + Send + Sync + 'a, Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + 'a> => dyn ApiError + 'a, Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + Send + 'a> => dyn ApiError + Send + 'a, Catalog::new();
    impl['a] std::sync::Arc<dyn ApiError + Send + Sync + 'a> => dyn ApiError + Send + Sync + 'a, Catalog::new();
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
