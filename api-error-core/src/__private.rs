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
pub use crate::catalog::nested_docs;
pub use crate::catalog::{Catalog, CatalogEntry};
pub use crate::catalog::{ExampleField, ExampleValue};
/// The client module, for the derive's `FromRemote` impls.
#[cfg(feature = "client")]
pub use crate::client as remote;
pub use crate::fixed::FixedBodies;
pub use crate::format::{Format, FormatKind};
pub use crate::grpc::GrpcCode;
pub use crate::log::LogLevel;
pub use crate::response::{Meta, Rare, Resolved, USUAL, meta};
pub use crate::retry::{AsRetryAfter, RetryAfter};
pub use crate::violation::AsViolations;
pub use crate::violation::FieldViolation;
pub use crate::{
    __api_error_client as client, __api_error_i18n as i18n,
    __api_error_integrations as integrations,
};

/// Every key the built-in bodies use (see `Part::members`), for the test that keeps
/// the derive's reserved names in step.
pub fn body_member_keys() -> Vec<&'static str> {
    crate::format::member_keys().collect()
}

/// Appends the catalog entries of `metas`, a run of a derived type's table.
pub fn extend_catalog(catalog: &mut Catalog, metas: &[Meta]) {
    for meta in metas {
        catalog.extend_from_slice(core::slice::from_ref(&meta.entry));
    }
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

/// Passes one message argument to `visit`. Generated code calls this function rather
/// than the `dyn FnMut` itself: an overloaded call through `dyn FnMut` is resolved
/// anew at every call site, which costs far more type checking than a function call.
#[inline]
pub fn visit_arg(
    visit: &mut dyn FnMut(&'static str, &dyn fmt::Display),
    name: &'static str,
    value: &dyn fmt::Display,
) {
    visit(name, value);
}

/// Passes one exposed field to `visit` (see [`visit_arg`]).
#[inline]
pub fn visit_detail(
    visit: &mut dyn FnMut(&'static str, &dyn ErasedSerialize),
    name: &'static str,
    value: &dyn ErasedSerialize,
) {
    visit(name, value);
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

/// Keeps the derive's `visit_message_args` only with the `i18n` feature, its one
/// reader: a second match over every variant with a message argument, which a type
/// that is never translated need not compile.
#[cfg(feature = "i18n")]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_i18n {
    ($($tokens:tt)*) => { $($tokens)* };
}

#[cfg(not(feature = "i18n"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_i18n {
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
