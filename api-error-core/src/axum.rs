//! axum 0.8 integration (feature `axum`).
//!
//! - Every derived error implements [`IntoResponse`]: return it from a handler.
//! - [`RequestIdLayer`] gives each request an id (the incoming `x-request-id` when it is
//!   well-formed, else a new one), echoes it on every response and puts it into error
//!   bodies (`request_id`, or `meta.requestId` in the envelope); the problem format
//!   also carries the request path as `instance`.
//! - [`Json`], [`Query`] and [`Path`] are axum's extractors with rejections rendered as
//!   API errors ([`Rejection`]); [`not_found`] and [`method_not_allowed`] do the same for
//!   the router's fallbacks, and [`FrameworkErrorsLayer`] for every other error response
//!   the framework or a tower layer makes on its own.
//!
//! ```
//! use http_api_error_core::axum::{Json, RequestIdLayer, method_not_allowed, not_found};
//! use axum::{Router, routing::post};
//!
//! #[derive(serde::Deserialize)]
//! struct NewLink { url: String }
//!
//! async fn create(Json(link): Json<NewLink>) -> String { link.url }
//!
//! let app: Router = Router::new()
//!     .route("/links", post(create))
//!     .fallback(not_found)
//!     .method_not_allowed_fallback(method_not_allowed)
//!     .layer(RequestIdLayer::new());
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::IntoResponse;
use http::StatusCode;
use http::request::Parts;
use tower_layer::Layer;
use tower_service::Service;

use crate::rejection::RejectionKind;
use crate::scope;
use crate::{ApiError, FieldViolation, Rejection, RequestContext};

pub use crate::scope::current_context;

/// Renders `error` as an axum response: in its own format, with the request context
/// when [`RequestIdLayer`] is in the stack.
pub fn into_response(error: &dyn ApiError) -> axum::response::Response {
    let response = crate::scope::with_current(|state| error.to_response_with(&state.context))
        .unwrap_or_else(|| error.to_response());
    response.map(axum::body::Body::from)
}

scope::request_id_settings! {
    /// Gives every request an id, echoed as `x-request-id` on every response and put
    /// into error bodies.
    ///
    /// An incoming `x-request-id` is kept when it is 1 to 128 visible ASCII
    /// characters; anything else is replaced by a new id (`req_` and 32 hex digits),
    /// never reflected.
    RequestIdLayer
}

scope::tower_request_id_service!(RequestIdLayer, RequestId);

/// Renders the error responses the framework and other layers make on their own
/// (axum's plain `Json`, `Form` and `Bytes` rejections, an `Extension` that is
/// missing, tower-http's `TimeoutLayer` and `CatchPanicLayer`, the router's bare 405)
/// in the API's format: a response with an error status that no [`ApiError`] rendered
/// (it has no [`RenderedError`](crate::RenderedError) extension) becomes the
/// [`Rejection`] for its status ([`RejectionKind::for_status`]), with the headers the
/// framework set (such as `Allow`) kept, and its text kept for the log (up to 4 KiB)
/// as the rejection's detail. Statuses without a rejection kind pass through.
///
/// Add it inside [`RequestIdLayer`], outside the layers whose responses it should
/// render (the last `.layer(..)` is the outermost):
///
/// ```
/// use http_api_error_core::axum::{FrameworkErrorsLayer, RequestIdLayer};
/// use axum::{Router, routing::get};
///
/// let app: Router = Router::new()
///     .route("/", get(|| async { "ok" }))
///     // .layer(tower_http::timeout::TimeoutLayer::new(..)) and the like go here
///     .layer(FrameworkErrorsLayer::new())
///     .layer(RequestIdLayer::new());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameworkErrorsLayer;

impl FrameworkErrorsLayer {
    /// The layer.
    #[must_use]
    pub const fn new() -> Self {
        FrameworkErrorsLayer
    }
}

impl<S> Layer<S> for FrameworkErrorsLayer {
    type Service = FrameworkErrors<S>;

    fn layer(&self, inner: S) -> Self::Service {
        FrameworkErrors { inner }
    }
}

/// The service of [`FrameworkErrorsLayer`].
#[derive(Clone, Debug)]
pub struct FrameworkErrors<S> {
    inner: S,
}

impl<S, B> Service<http::Request<B>> for FrameworkErrors<S>
where
    S: Service<http::Request<B>, Response = axum::response::Response>,
    S::Future: Send + 'static,
    S::Error: Send,
{
    type Response = axum::response::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let future = self.inner.call(request);
        Box::pin(async move { Ok(render_framework_error(future.await?).await) })
    }
}

/// `response` as the [`Rejection`] for its status when it is an error response no
/// `ApiError` rendered; else as it is.
async fn render_framework_error(response: axum::response::Response) -> axum::response::Response {
    let status = response.status();
    let rendered = response
        .extensions()
        .get::<crate::RenderedError>()
        .is_some();
    let Some(rejection) = Rejection::for_status(status).filter(|_| !rendered) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let rejection = match axum::body::to_bytes(body, 4096).await {
        Ok(text) if !text.is_empty() => {
            rejection.with_detail(String::from_utf8_lossy(&text).into_owned())
        }
        _ => rejection,
    };
    let mut ours = into_response(&rejection);
    crate::rejection::carry_headers(&parts.headers, ours.headers_mut());
    ours
}

impl IntoResponse for Rejection {
    fn into_response(self) -> axum::response::Response {
        into_response(&self)
    }
}

/// The path (`name`, `items[0].sku`) of a `serde_path_to_error` error in the source
/// chain of an axum rejection, with the error's own message.
fn serde_path<E: std::error::Error + 'static>(
    rejection: &(dyn std::error::Error + 'static),
) -> Option<(String, String)> {
    let mut source = rejection.source();
    while let Some(error) = source {
        if let Some(error) = error.downcast_ref::<serde_path_to_error::Error<E>>() {
            // `.` is the root and `?` a position the parser could not name.
            let path = error.path().to_string();
            let mut path = if path == "." || path == "?" {
                String::new()
            } else {
                path
            };
            let message = error.inner().to_string();
            // A missing, unknown or duplicate field is reported at the object that
            // holds it: name the field, as actix-web and poem's integrations do.
            if let Some(field) = crate::rejection::named_field(&message) {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field);
            }
            return Some((path, message));
        }
        source = error.source();
    }
    None
}

/// A violation's `location`: the part of the request, then the path inside it, joined
/// as a path expression would be (`body.items[2].name`, `body[0]` for an array at the
/// top, `query.limit`).
fn located(prefix: &str, path: &str) -> String {
    if path.is_empty() {
        prefix.to_owned()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}

impl From<JsonRejection> for Rejection {
    fn from(rejection: JsonRejection) -> Self {
        let detail = |rejection: &(dyn std::error::Error + 'static), fallback: String| {
            let (path, message) =
                serde_path::<serde_json::Error>(rejection).unwrap_or((String::new(), fallback));
            vec![FieldViolation::new(located("body", &path), message)]
        };
        match &rejection {
            JsonRejection::JsonSyntaxError(inner) => {
                Rejection::new(RejectionKind::InvalidJson, detail(inner, inner.body_text()))
            }
            JsonRejection::JsonDataError(inner) => {
                Rejection::new(RejectionKind::InvalidBody, detail(inner, inner.body_text()))
            }
            JsonRejection::MissingJsonContentType(_) => Rejection::new(
                RejectionKind::UnsupportedMediaType,
                vec![
                    FieldViolation::new("header.content-type", "expected `application/json`")
                        .with_fix("send the header `Content-Type: application/json`"),
                ],
            ),
            JsonRejection::BytesRejection(inner)
                if inner.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Rejection::new(
                    RejectionKind::PayloadTooLarge,
                    vec![FieldViolation::new(
                        "body",
                        "the body exceeds the size limit",
                    )],
                )
            }
            other => Rejection::new(
                RejectionKind::BadRequest,
                vec![FieldViolation::new("body", other.body_text())],
            ),
        }
    }
}

impl From<QueryRejection> for Rejection {
    fn from(rejection: QueryRejection) -> Self {
        let (path, message) = serde_path::<serde::de::value::Error>(&rejection)
            .unwrap_or_else(|| (String::new(), rejection.body_text()));
        Rejection::new(
            RejectionKind::InvalidQuery,
            vec![FieldViolation::new(located("query", &path), message)],
        )
    }
}

impl From<PathRejection> for Rejection {
    /// Without the route's parameter names, a scalar or tuple parameter that does not
    /// parse is located at `path`; the [`Path`] extractor knows the names.
    fn from(rejection: PathRejection) -> Self {
        path_rejection(&rejection, &[])
    }
}

/// `rejection` of a request whose route has the parameters `names`, in order: a
/// scalar (`Path<u64>`) or tuple (`Path<(String, u64)>`) parameter that does not parse
/// is located at `path.<name>` like a struct's field, with the same message.
fn path_rejection(rejection: &PathRejection, names: &[String]) -> Rejection {
    use axum::extract::path::ErrorKind;
    let cannot_parse = |key: Option<&String>, value: &str, expected_type: &str| {
        let location = key.map_or_else(|| "path".to_owned(), |key| format!("path.{key}"));
        FieldViolation::new(
            location,
            format!("cannot parse `{value}` as {expected_type}"),
        )
    };
    // A handler whose `Path` does not fit its route is the server's mistake: a 500
    // whose body says nothing, with axum's text kept for the log.
    match rejection {
        PathRejection::FailedToDeserializePathParams(inner)
            if matches!(
                inner.kind(),
                ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. }
            ) =>
        {
            return Rejection::internal(inner.body_text());
        }
        PathRejection::MissingPathParams(inner) => return Rejection::internal(inner.body_text()),
        _ => {}
    }
    let violation = match rejection {
        PathRejection::FailedToDeserializePathParams(inner) => match inner.kind() {
            ErrorKind::ParseErrorAtKey {
                key,
                value,
                expected_type,
            } => cannot_parse(Some(key), value, expected_type),
            ErrorKind::ParseErrorAtIndex {
                index,
                value,
                expected_type,
            } => cannot_parse(names.get(*index), value, expected_type),
            ErrorKind::ParseError {
                value,
                expected_type,
            } => cannot_parse(
                match names {
                    [only] => Some(only),
                    _ => None,
                },
                value,
                expected_type,
            ),
            ErrorKind::DeserializeError { key, message, .. } => {
                FieldViolation::new(format!("path.{key}"), message.clone())
            }
            ErrorKind::InvalidUtf8InPathParam { key } => {
                FieldViolation::new(format!("path.{key}"), "not valid UTF-8")
            }
            _ => FieldViolation::new("path", inner.body_text()),
        },
        other => FieldViolation::new("path", other.body_text()),
    };
    Rejection::new(RejectionKind::InvalidPath, vec![violation])
}

/// The parameter names of a route pattern, in order: `/pairs/{a}/{*rest}` gives `a`,
/// `rest`.
fn route_params(route: &str) -> Vec<String> {
    route
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.trim_start_matches('*').to_owned())
        .collect()
}

/// The router's fallback: `Router::fallback(not_found)` answers unknown paths with
/// `404 NOT_FOUND` in the API's format.
pub async fn not_found() -> Rejection {
    Rejection::not_found()
}

/// `Router::method_not_allowed_fallback(method_not_allowed)` answers a known path with
/// the wrong method with `405 METHOD_NOT_ALLOWED`; axum adds the `Allow` header.
pub async fn method_not_allowed() -> Rejection {
    Rejection::method_not_allowed()
}

/// axum's `Json` extractor and response, with [`Rejection`] as its rejection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

/// axum's `Query` extractor, with [`Rejection`] as its rejection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

/// axum's `Path` extractor, with [`Rejection`] as its rejection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(Json(value))
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    axum::extract::Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// Deserializes and validates in one step (feature `validator`): `Valid<Json<T>>` and
/// `Valid<Query<T>>` extract like [`Json`] and [`Query`], then run `T`'s
/// `validator::Validate`; a failure is `INVALID_BODY` (422) or `INVALID_QUERY` (400) with
/// one violation per failed rule (see [`crate::validator::violations`]), in the API's
/// format like every rejection.
///
/// ```
/// use http_api_error_core::axum::{Json, Valid};
/// use validator::Validate;
///
/// #[derive(serde::Deserialize, Validate)]
/// struct NewLink {
///     #[validate(url)]
///     url: String,
/// }
///
/// async fn create(Valid(Json(link)): Valid<Json<NewLink>>) -> String {
///     link.url
/// }
/// let app: axum::Router = axum::Router::new().route("/links", axum::routing::post(create));
/// ```
#[cfg(feature = "validator")]
pub use crate::validator::Valid;

/// Deserializes and validates with garde in one step (feature `garde`):
/// `Garde<Json<T>>` and `Garde<Query<T>>` extract like [`Json`] and [`Query`], then run
/// `T`'s `garde::Validate`; a failure is `INVALID_BODY` (422) or `INVALID_QUERY` (400)
/// with one violation per failed rule and a code per rule (see
/// [`crate::garde::validate`]), in the API's format like every rejection.
///
/// ```
/// use http_api_error_core::axum::{Garde, Json};
///
/// #[derive(serde::Deserialize, garde::Validate)]
/// struct NewLink {
///     #[garde(url)]
///     url: String,
/// }
///
/// async fn create(Garde(Json(link)): Garde<Json<NewLink>>) -> String {
///     link.url
/// }
/// let app: axum::Router = axum::Router::new().route("/links", axum::routing::post(create));
/// ```
#[cfg(feature = "garde")]
pub use crate::garde::Garde;

/// `FromRequest` for `$wrapper<Json<T>>` and `FromRequestParts` for
/// `$wrapper<Query<T>>`: extract, then `$check` (the validation library's, returning
/// the violations), rejecting with `INVALID_BODY` or `INVALID_QUERY`.
#[cfg(any(feature = "validator", feature = "garde"))]
macro_rules! validated_extractors {
    ($wrapper:ident, $check:path, where [$($bounds:tt)*]) => {
        impl<T, S> FromRequest<S> for $wrapper<Json<T>>
        where
            Json<T>: FromRequest<S, Rejection = Rejection>,
            S: Send + Sync,
            $($bounds)*
        {
            type Rejection = Rejection;

            async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
                let Json(value) = Json::<T>::from_request(request, state).await?;
                $check(&value, "body")
                    .map_err(|violations| Rejection::new(RejectionKind::InvalidBody, violations))?;
                Ok($wrapper(Json(value)))
            }
        }

        impl<T, S> FromRequestParts<S> for $wrapper<Query<T>>
        where
            Query<T>: FromRequestParts<S, Rejection = Rejection>,
            S: Send + Sync,
            $($bounds)*
        {
            type Rejection = Rejection;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
                $check(&value, "query")
                    .map_err(|violations| Rejection::new(RejectionKind::InvalidQuery, violations))?;
                Ok($wrapper(Query(value)))
            }
        }
    };
}

#[cfg(any(feature = "validator", feature = "garde"))]
for_each_validator!(validated_extractors);

impl<T, S> FromRequestParts<S> for Path<T>
where
    axum::extract::Path<T>: FromRequestParts<S, Rejection = PathRejection>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                // The route's parameter names, to locate a scalar or tuple parameter.
                let names = parts
                    .extensions
                    .get::<axum::extract::MatchedPath>()
                    .map(|route| route_params(route.as_str()))
                    .unwrap_or_default();
                Err(path_rejection(&rejection, &names))
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = core::convert::Infallible;

    /// The context [`RequestIdLayer`] stored, or an empty one without the layer.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .unwrap_or_default())
    }
}

/// `IntoResponse` for derived types, expanded in the user's crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_axum {
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $($ty)* $($where)* {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::axum::into_response(&self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::located;

    #[test]
    fn route_parameters_in_order() {
        assert_eq!(super::route_params("/links/{id}"), ["id"]);
        assert_eq!(
            super::route_params("/v1/workspaces/{workspace}/links/{id}"),
            ["workspace", "id"]
        );
        assert_eq!(super::route_params("/files/{*path}"), ["path"]);
        assert_eq!(super::route_params("/health"), Vec::<String>::new());
    }

    #[test]
    fn locations_join_like_path_expressions() {
        let cases = [
            ("body", "", "body"),
            ("body", "url", "body.url"),
            ("body", "[0]", "body[0]"),
            ("body", "[0].name", "body[0].name"),
            ("body", "[2][1]", "body[2][1]"),
            ("body", "items[2].name", "body.items[2].name"),
            ("body", "a.b.c", "body.a.b.c"),
            ("query", "limit", "query.limit"),
            ("query", "", "query"),
        ];
        for (prefix, path, location) in cases {
            assert_eq!(located(prefix, path), location, "{prefix} + {path:?}");
        }
    }
}
