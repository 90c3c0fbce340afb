//! OpenAPI documentation with [aide](https://docs.rs/aide) 0.15 (feature `aide`): the
//! same responses as the `utoipa` module's, for the other OpenAPI generator of axum.
//!
//! Every `#[derive(ApiError)]` type implements `aide::OperationOutput`, so a handler
//! returning `Result<T, LinkError>` in an `aide::axum::ApiRouter` documents one response
//! per status the type can answer with: the body schema narrowed to the status's codes,
//! a named example per code, the `application/problem+json` alternative and the
//! headers, exactly as [`crate::utoipa::responses_in`] builds them. The body schemas
//! (`ErrorBody`, `ProblemDetails`, `ErrorEnvelope`, `FieldViolation`) are registered as
//! components by the same call.

use aide::generate::GenContext;
use aide::openapi::Response;

use crate::{Catalog, Format};

/// The responses of every code in `catalog`, bodies in `format`, for aide: what the
/// derived `OperationOutput::inferred_responses` returns. Registers the body schemas
/// in `ctx` as components.
pub fn inferred_responses(
    catalog: &Catalog,
    format: &dyn Format,
    ctx: &mut GenContext,
) -> Vec<(Option<u16>, Response)> {
    let definitions = ctx.schema.definitions_mut();
    for (name, schema) in crate::utoipa::body_schemas() {
        if let Ok(schema) = serde_json::to_value(schema) {
            definitions.entry(name.into_owned()).or_insert(schema);
        }
    }
    crate::utoipa::responses_in(catalog, format)
        .into_iter()
        .filter_map(|(status, response)| {
            // Both model the same OpenAPI object: utoipa's serializes, aide's reads.
            let response = serde_json::from_value(serde_json::to_value(response).ok()?).ok()?;
            Some((status.parse().ok(), response))
        })
        .collect()
}

/// `aide::OperationOutput` for derived types, expanded in the user's crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_aide {
    // A format of the user's own (`$format`: a `&'static dyn Format`).
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*] format [custom $format:expr]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::aide::OperationOutput for $($ty)* $($where)* {
            type Inner = Self;

            fn inferred_responses(
                ctx: &mut $crate::__private::aide::generate::GenContext,
                _operation: &mut $crate::__private::aide::openapi::Operation,
            ) -> ::std::vec::Vec<(::core::option::Option<::core::primitive::u16>, $crate::__private::aide::openapi::Response)> {
                $crate::aide::inferred_responses(&<Self as $crate::ApiError>::catalog(), $format, ctx)
            }
        }
    };
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*] format [$format:ident]) => {
        $crate::__api_error_aide! {
            impl [$($generics)*] [$($ty)*] [$($where)*]
            format [custom $crate::FormatKind::$format.as_format()]
        }
    };
}
