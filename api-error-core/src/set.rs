//! Per-operation error sets: what one handler can answer with, for its documentation.

/// Declares the errors one operation can answer with, a subset of an error type's
/// codes, for its OpenAPI documentation: a type documenting only those codes
/// (`utoipa::IntoResponses` with the `utoipa` feature), in the outer type's format and
/// with its docs templates. Every error response of the operation refers to one
/// component schema named after the set (`utoipa::ToSchema`: list the set in
/// `components(schemas(...))`), the body schema with the code narrowed to the set's
/// codes: one error type per operation, which progenitor needs and openapi-typescript
/// types as a required union.
///
/// Each item is a type the outer one nests (all its codes) or one variant
/// (`Type::Variant`); a name that does not exist is a compile error at the token, and
/// a type or variant the outer type does not nest panics when the documentation is
/// built, naming it.
///
/// ```ignore
/// use http_api_error::{ApiError, error_set};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 401)]
/// enum AuthError {
///     ApiKeyRequired,
///     ApiKeyInvalid,
/// }
///
/// #[derive(Debug, ApiError)]
/// enum LinkError {
///     #[api(status = 404)]
///     LinkNotFound,
///     #[api(status = 410)]
///     LinkGone,
///     #[api(status = 409)]
///     SlugTaken,
///     #[api(transparent)]
///     Auth(#[from] AuthError),
/// }
///
/// error_set! {
///     /// What `GET /links/{id}` answers with.
///     pub GetLinkErrors: LinkError = [AuthError, LinkError::LinkNotFound, LinkError::LinkGone]
/// }
///
/// let codes: Vec<&str> = GetLinkErrors::catalog().entries().iter().map(|entry| entry.code).collect();
/// assert_eq!(codes, ["LINK_NOT_FOUND", "LINK_GONE", "API_KEY_REQUIRED", "API_KEY_INVALID"]);
/// ```
///
/// (With the derive, in the `http-api-error` crate; `tests/error_sets.rs` runs it.)
/// With utoipa, use the set where the type would go:
/// `responses((status = 200, body = Link), GetLinkErrors)`.
#[macro_export]
macro_rules! error_set {
    (
        $(#[$meta:meta])*
        $vis:vis $name:ident : $outer:ty = [$($ty:ident $(:: $variant:ident)?),* $(,)?]
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        $vis struct $name;

        impl $name {
            /// The entries of the outer type's catalog this set documents.
            #[must_use]
            pub fn catalog() -> $crate::Catalog {
                // Each item names an existing type or variant (checked by the compiler).
                const _: () = {
                    $( $crate::error_set!(@check $ty $(:: $variant)?); )*
                };
                $crate::__private::set_catalog(
                    <$outer as $crate::ApiError>::catalog(),
                    ::core::stringify!($outer),
                    &[$( $crate::error_set!(@item $ty $(:: $variant)?) ),*],
                )
            }
        }

        $crate::__api_error_set_utoipa! { $name $outer }
    };
    (@check $ty:ident :: $variant:ident) => {
        let _ = |error: &$ty| ::core::matches!(error, $ty::$variant { .. });
    };
    (@check $ty:ident) => {
        let _ = <$ty as $crate::ApiError>::catalog;
    };
    (@item $ty:ident :: $variant:ident) => {
        $crate::__private::SetItem::Variant(::core::concat!(
            ::core::stringify!($ty),
            "::",
            ::core::stringify!($variant)
        ))
    };
    (@item $ty:ident) => {
        $crate::__private::SetItem::Type(
            ::core::stringify!($ty),
            <$ty as $crate::ApiError>::catalog,
        )
    };
}

/// `utoipa::IntoResponses` for an error set, when the `utoipa` feature is on.
#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_set_utoipa {
    ($name:ident $outer:ty) => {
        impl $crate::__private::utoipa::IntoResponses for $name {
            fn responses() -> $crate::__private::utoipa::Responses {
                $crate::utoipa::responses_named(
                    &$name::catalog(),
                    <$outer as $crate::__private::DeclaredFormat>::FORMAT,
                    ::core::stringify!($name),
                )
            }
        }

        impl $crate::__private::utoipa::PartialSchema for $name {
            fn schema() -> $crate::__private::utoipa::SchemaRef {
                $crate::utoipa::set_schema(
                    &$name::catalog(),
                    <$outer as $crate::__private::DeclaredFormat>::FORMAT,
                )
            }
        }

        impl $crate::__private::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, ::core::primitive::str> {
                ::std::borrow::Cow::Borrowed(::core::stringify!($name))
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_set_utoipa {
    ($($tokens:tt)*) => {};
}
