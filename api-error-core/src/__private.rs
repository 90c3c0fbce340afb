//! Items used by the code `#[derive(ApiError)]` generates. Not public API: they change
//! without notice, in lockstep with the derive (the two are pinned to one version).

use core::fmt;
use std::error::Error;
use std::panic::UnwindSafe;

#[cfg(feature = "actix-web")]
pub use actix_web;
#[cfg(feature = "aide")]
pub use aide;
#[cfg(feature = "axum")]
pub use axum;
pub use bytes::Bytes;
#[cfg(feature = "tonic")]
pub use tonic;
// Short paths for the derive's per-variant `meta(...)` arguments.
pub use core::option::Option::{None, Some};
pub use erased_serde::Serialize as ErasedSerialize;
pub use http::StatusCode;
#[cfg(feature = "poem")]
pub use poem;
/// The utoipa items the derived `IntoResponses` impl names.
#[cfg(feature = "utoipa")]
pub mod utoipa {
    pub use utoipa::{IntoResponses, PartialSchema, ToSchema};

    /// What `PartialSchema::schema` returns.
    pub type SchemaRef = utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>;

    /// What `IntoResponses::responses` returns.
    pub type Responses = std::collections::BTreeMap<
        std::string::String,
        utoipa::openapi::RefOr<utoipa::openapi::response::Response>,
    >;
}
pub use serde::{Serialize, Serializer};

pub use crate::ApiError;
pub use crate::catalog::{Catalog, CatalogEntry};
pub use crate::catalog::{ExampleField, ExampleValue};
/// The client module, for the derive's `FromRemote` impls.
#[cfg(feature = "client")]
pub use crate::client as remote;
pub use crate::fixed::FixedBodies;
pub use crate::format::{Format, FormatKind};
pub use crate::grpc::GrpcCode;
pub use crate::log::LogLevel;
pub use crate::retry::{AsRetryAfter, RetryAfter};
pub use crate::violation::AsViolations;
pub use crate::violation::FieldViolation;
pub use crate::{__api_error_client as client, __api_error_integrations as integrations};

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

/// A `Meta` from its fields in declaration order, the catalog entry's first. The derive
/// writes one call per variant, fewer tokens to expand and check than the struct
/// literals, which matters for enums of hundreds of variants.
#[allow(clippy::too_many_arguments)]
pub const fn meta(
    code: &'static str,
    status: u16,
    title: &'static str,
    template: &'static str,
    retryable: bool,
    docs_url: Option<&'static str>,
    category: Option<&'static str>,
    variant: &'static str,
    www_authenticate: Option<&'static str>,
    message: Option<&'static str>,
    fixed: bool,
    log: Option<LogLevel>,
    rebuildable: bool,
    retry_after: bool,
    grpc: Option<GrpcCode>,
    example: &'static [ExampleField],
) -> Meta {
    Meta {
        entry: CatalogEntry {
            code,
            status,
            title,
            message: template,
            retryable,
            docs_url,
            category,
            variant,
            rebuildable,
            retry_after,
            grpc: match grpc {
                Some(grpc) => grpc,
                None => GrpcCode::for_status(status),
            },
            example,
        },
        www_authenticate,
        message,
        fixed: if fixed {
            Some(FixedBodies::new())
        } else {
            None
        },
        log,
    }
}

/// The docs URL of `code` under an outer type's `docs` template: `{code}` replaced.
/// Made once per template and code and kept for the life of the process (both come
/// from `static` strings, so the set is bounded by the catalog), since `docs_url`
/// answers `&'static str`.
pub fn nested_docs(template: &'static str, code: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    static MADE: OnceLock<Mutex<HashMap<(&'static str, &'static str), &'static str>>> =
        OnceLock::new();
    if !template.contains("{code}") {
        return template;
    }
    let mut made = MADE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    made.entry((template, code))
        .or_insert_with(|| Box::leak(template.replace("{code}", code).into_boxed_str()))
}

/// Nests `inner` (a transparent variant's catalog) into `catalog` through `via`, its
/// entries without a docs URL taking the outer type's template (see `nested_docs`).
pub fn nest(
    catalog: &mut Catalog,
    via: &'static str,
    mut inner: Catalog,
    template: Option<&'static str>,
) {
    if let Some(template) = template {
        inner.fill_docs(|code| nested_docs(template, code));
    }
    catalog.nest(via, inner);
}

/// A transparent variant's field type, named once: the one place the derive's code
/// requires it to implement `ApiError`, so that a type without it is one error at the
/// field (generic code below relies on the bound instead of checking it again).
pub trait Transparent {
    type Inner: ApiError;
}

/// The catalog of the transparent variant `T`'s field type.
#[inline]
pub fn transparent_catalog<T: Transparent>() -> Catalog {
    <T::Inner as ApiError>::catalog()
}

/// The catalog of the errors `via` can return (`#[api(transparent = via)]`), none of
/// them rebuildable into the variant: the body does not carry its field.
pub fn catalog_via<F: ?Sized, I: ApiError>(via: fn(&F) -> &I) -> Catalog {
    let _ = via;
    let mut catalog = I::catalog();
    catalog.mark_unrebuildable();
    catalog
}

/// The field of the transparent variant `T` as the error it delegates to.
#[inline]
pub fn transparent<T: Transparent>(inner: &T::Inner) -> &dyn ApiError {
    inner
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

impl Resolved<'_> {
    #[inline]
    pub fn status(self) -> StatusCode {
        match self {
            // The derive only accepts statuses in 400..=599, which always convert.
            Resolved::Meta(meta) => {
                StatusCode::from_u16(meta.entry.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            Resolved::Inner(inner) => inner.status(),
        }
    }

    #[inline]
    pub fn code(self) -> &'static str {
        match self {
            Resolved::Meta(meta) => meta.entry.code,
            Resolved::Inner(inner) => inner.code(),
        }
    }

    #[inline]
    pub fn title(self) -> &'static str {
        match self {
            Resolved::Meta(meta) => meta.entry.title,
            Resolved::Inner(inner) => inner.title(),
        }
    }

    #[inline]
    pub fn retryable(self) -> bool {
        match self {
            Resolved::Meta(meta) => meta.entry.retryable,
            Resolved::Inner(inner) => inner.retryable(),
        }
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
    pub fn grpc_code(self) -> GrpcCode {
        match self {
            Resolved::Meta(meta) => meta.entry.grpc,
            Resolved::Inner(inner) => inner.grpc_code(),
        }
    }

    #[inline]
    pub fn log_level(self) -> LogLevel {
        match self {
            Resolved::Meta(meta) => meta.log.unwrap_or(LogLevel::for_status(self.status())),
            Resolved::Inner(inner) => inner.log_level(),
        }
    }

    #[inline]
    pub fn fixed_bodies(self) -> Option<&'static FixedBodies> {
        match self {
            Resolved::Meta(meta) => meta.fixed.as_ref(),
            Resolved::Inner(inner) => inner.fixed_bodies(),
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
    pub fn retry_after(self) -> Option<RetryAfter> {
        match self {
            Resolved::Meta(_) => None,
            Resolved::Inner(inner) => inner.retry_after(),
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

    #[inline]
    pub fn has_details(self) -> bool {
        match self {
            Resolved::Meta(_) => false,
            Resolved::Inner(inner) => inner.has_details(),
        }
    }
}

/// A field type that `#[api(expose)]` can put in the body.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be exposed in the error body",
    label = "`#[api(expose)]` needs a type that implements `serde::Serialize`",
    note = "implement or derive `serde::Serialize` for `{Self}`, or stop exposing the field"
)]
pub trait Expose {
    fn as_exposed(&self) -> &dyn ErasedSerialize;
}

#[diagnostic::do_not_recommend]
impl<T: Serialize> Expose for T {
    #[inline]
    fn as_exposed(&self) -> &dyn ErasedSerialize {
        self
    }
}

/// The field of a transparent variant, for `source()`: autoref specialization picks
/// `InnerSource` when the field implements `Error`, else `NoInnerSource`.
pub struct Inner<'a, T: ?Sized>(pub &'a T);

pub trait InnerSource<'a> {
    fn inner_source(&self) -> Option<&'a (dyn Error + 'static)>;
}

impl<'a, T: Error + ?Sized> InnerSource<'a> for Inner<'a, T> {
    #[inline]
    fn inner_source(&self) -> Option<&'a (dyn Error + 'static)> {
        self.0.source()
    }
}

pub trait NoInnerSource<'a> {
    #[inline]
    fn inner_source(&self) -> Option<&'a (dyn Error + 'static)> {
        None
    }
}

impl<'a, T: ?Sized> NoInnerSource<'a> for &Inner<'a, T> {}

/// Both traits of `Inner`'s autoref specialization, for one glob import in generated
/// code: a glob counts as used when any of its items is.
pub mod inner_source {
    pub use super::{InnerSource, NoInnerSource};
}

/// The field itself as the source (`#[api(transparent = via)]`: the field is the cause,
/// the function's error only its public face), when it implements `Error`.
pub trait ItselfSource<'a> {
    fn itself(&self) -> Option<&'a (dyn Error + 'static)>;
}

impl<'a, T: Error + 'static> ItselfSource<'a> for Inner<'a, T> {
    #[inline]
    fn itself(&self) -> Option<&'a (dyn Error + 'static)> {
        Some(self.0)
    }
}

pub trait NoItselfSource<'a> {
    #[inline]
    fn itself(&self) -> Option<&'a (dyn Error + 'static)> {
        None
    }
}

impl<'a, T: ?Sized> NoItselfSource<'a> for &Inner<'a, T> {}

/// Both traits of the field-itself specialization, for one glob import.
pub mod itself_source {
    pub use super::{ItselfSource, NoItselfSource};
}

/// `Serialize` for derived errors: the public body in the default format.
pub fn serialize<S: Serializer>(error: &dyn ApiError, serializer: S) -> Result<S::Ok, S::Error> {
    crate::format::serialize_error(error, serializer)
}

/// `source()` for any error field, including `Box<dyn Error + Send + Sync>`
/// (the approach of thiserror).
pub trait AsDynError<'a>: Sealed {
    fn as_dyn_error(&self) -> &(dyn Error + 'a);
}

impl<'a, T: Error + 'a> AsDynError<'a> for T {
    #[inline]
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + 'a {
    #[inline]
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Send + 'a {
    #[inline]
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Send + Sync + 'a {
    #[inline]
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

impl<'a> AsDynError<'a> for dyn Error + Send + Sync + UnwindSafe + 'a {
    #[inline]
    fn as_dyn_error(&self) -> &(dyn Error + 'a) {
        self
    }
}

pub trait Sealed {}
impl<T: Error> Sealed for T {}
impl Sealed for dyn Error + '_ {}
impl Sealed for dyn Error + Send + '_ {}
impl Sealed for dyn Error + Send + Sync + '_ {}
impl Sealed for dyn Error + Send + Sync + UnwindSafe + '_ {}

/// Implements the traits of the enabled framework features for a derived type. The
/// derive calls it once per type as
/// `integrations! { impl [<impl generics>] [<type>] [<where clause>] format [<FormatKind>] }`;
/// trait impls have to be generated in the user's crate (orphan rule), and this
/// expansion is where the features of `http-api-error` decide which ones.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_integrations {
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*] format [$($format:tt)*]) => {
        $crate::__api_error_axum! { impl [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__api_error_actix! { impl [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__api_error_poem! { impl [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__api_error_tonic! { impl [$($generics)*] [$($ty)*] [$($where)*] }
        $crate::__api_error_utoipa! { impl [$($generics)*] [$($ty)*] [$($where)*] format [$($format)*] }
        $crate::__api_error_aide! { impl [$($generics)*] [$($ty)*] [$($where)*] format [$($format)*] }
    };
}

/// Keeps the derive's `FromRemote` impl only with the `client` feature.
#[cfg(feature = "client")]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_client {
    ($($tokens:tt)*) => { $($tokens)* };
}

#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_client {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_axum {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_actix {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "poem"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_poem {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "aide"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_aide {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_tonic {
    ($($tokens:tt)*) => {};
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_utoipa {
    ($($tokens:tt)*) => {};
}

/// The format a derived type declares, without a value of the type: what
/// [`error_set!`](crate::error_set) documents a set of its codes in.
pub trait DeclaredFormat {
    /// `#[api(format = ...)]`, or the simple format.
    const FORMAT: &'static dyn Format;
}

/// One item of an [`error_set!`](crate::error_set): every code of a nested type, or
/// one variant's.
#[derive(Clone, Copy, Debug)]
pub enum SetItem {
    /// `AuthenticationError`: its name and catalog.
    Type(&'static str, fn() -> Catalog),
    /// `ResourceError::LinkGone`, as the catalog names it.
    Variant(&'static str),
}

/// The entries of `outer` (with its docs templates applied) whose codes `items` name,
/// in `outer`'s order.
///
/// # Panics
///
/// When an item names no code of `outer`: the set's declaration lists a type or
/// variant the outer type does not nest, and its documentation would be wrong.
#[track_caller]
pub fn set_catalog(outer: Catalog, outer_name: &str, items: &[SetItem]) -> Catalog {
    let mut codes: Vec<&'static str> = Vec::new();
    for item in items {
        let found: Vec<&'static str> = match item {
            SetItem::Type(_, catalog) => {
                catalog().entries().iter().map(|entry| entry.code).collect()
            }
            SetItem::Variant(name) => outer
                .entries()
                .iter()
                .filter(|entry| entry.variant == *name)
                .map(|entry| entry.code)
                .collect(),
        };
        let nested = !found.is_empty() && found.iter().all(|code| outer.get(code).is_some());
        #[allow(clippy::panic)]
        if !nested {
            let (SetItem::Type(item, _) | SetItem::Variant(item)) = item;
            panic!("error set of `{outer_name}`: `{item}` is not one of its errors");
        }
        codes.extend(found);
    }
    outer.only(&codes)
}
