//! poem 3 integration (feature `poem`).
//!
//! - Every derived error implements [`ResponseError`]: return it from a handler, or
//!   convert it into a [`poem::Error`] with `?`. The response has the error's status,
//!   every header (`content-type`, `www-authenticate`, `retry-after`, `x-request-id`)
//!   and its body.
//! - [`RequestId`] gives each request an id (the incoming `x-request-id` when it is
//!   well-formed, else a new one), echoes it on every response and puts it into error
//!   bodies (the problem format also carries the request path as `instance`).
//!   Handlers read it as a
//!   [`RequestContext`] argument.
//! - [`catch_all`], given to `catch_all_error`, renders poem's own errors (unknown
//!   path, wrong method, extractor failures) as [`Rejection`]s; [`rejection`] is the
//!   mapping it uses.
//!
//! ```
//! use http_api_error_core::poem::{RequestId, catch_all};
//! use poem::web::Json;
//! use poem::{EndpointExt, Route, handler, post};
//!
//! #[derive(serde::Deserialize)]
//! struct NewLink { url: String }
//!
//! #[handler]
//! fn create(Json(link): Json<NewLink>) -> String { link.url }
//!
//! let app = Route::new()
//!     .at("/links", post(create))
//!     .catch_all_error(catch_all)
//!     .with(RequestId::new());
//! ```
//!
//! [`RequestId`] must be the outermost middleware (the last `with`): errors rendered
//! inside it carry the request context. It turns every error that reaches it into its
//! response there, so middleware around it sees responses, never errors.
//!
//! # What [`catch_all`] maps
//!
//! poem's extractors do not report where a value failed, so locations are as precise as
//! their errors allow:
//!
//! | poem error | code | `errors[].location` |
//! |---|---|---|
//! | [`NotFoundError`] | `NOT_FOUND` (404) | |
//! | [`MethodNotAllowedError`] | `METHOD_NOT_ALLOWED` (405, poem sends no `Allow`) | |
//! | [`ParseJsonError`]: not JSON | `INVALID_JSON` (400) | `body` |
//! | [`ParseJsonError`]: JSON of the wrong shape | `INVALID_BODY` (422) | `body` |
//! | [`ParseJsonError`]: content type | `UNSUPPORTED_MEDIA_TYPE` (415) | `header.content-type` |
//! | [`SizedLimitError::PayloadTooLarge`] (the `SizeLimit` middleware), [`ReadBodyError::PayloadTooLarge`] | `PAYLOAD_TOO_LARGE` (413) | `body` |
//! | [`SizedLimitError::MissingContentLength`] (the `SizeLimit` middleware, on a request without `Content-Length`) | `LENGTH_REQUIRED` (411) | `header.content-length` |
//! | [`ParseQueryError`] | `INVALID_QUERY` (400) | `query.<field>` for a missing, unknown or duplicate field, else `query` |
//! | [`ParsePathError`] | `INVALID_PATH` (400) | `path` |
//!
//! Any other error keeps its own response.

use poem::error::{
    GetDataError, MethodNotAllowedError, NotFoundError, ParseJsonError, ParsePathError,
    ParseQueryError, ReadBodyError, ResponseError, SizedLimitError,
};
use poem::{Endpoint, FromRequest, IntoResponse, Middleware, Request, RequestBody, Response};
use serde_json::error::Category;

use crate::rejection::{RejectionKind, field_location};
use crate::scope;
use crate::{ApiError, FieldViolation, Rejection, RequestContext, X_REQUEST_ID};

pub use crate::scope::current_context;

/// Renders `error` as a poem response: in its own format, with the request context
/// when [`RequestId`] is in the stack.
pub fn as_response(error: &dyn ApiError) -> Response {
    let response = crate::scope::with_current(|state| error.to_response_with(&state.context))
        .unwrap_or_else(|| error.to_response());
    let (parts, body) = response.into_parts();
    let mut converted = Response::builder().status(parts.status).body(body);
    *converted.headers_mut() = parts.headers;
    let rendered = parts.extensions.get::<crate::RenderedError>().copied();
    LAST_RENDERED.set(rendered);
    *converted.extensions_mut() = parts.extensions;
    converted
}

std::thread_local! {
    /// What `as_response` rendered last on this thread. poem's `Error::into_response`
    /// replaces a response's extensions with the error's own, which drops the
    /// `RenderedError`; [`error_into_response`] puts it back.
    static LAST_RENDERED: std::cell::Cell<Option<crate::RenderedError>> =
        const { std::cell::Cell::new(None) };
}

/// `error.into_response()`, with the [`RenderedError`](crate::RenderedError) kept when
/// an `ApiError` rendered it (poem drops it).
fn error_into_response(error: poem::Error) -> Response {
    LAST_RENDERED.set(None);
    let mut response = error.into_response();
    if let Some(rendered) = LAST_RENDERED.take() {
        response.extensions_mut().insert(rendered);
    }
    response
}

impl ResponseError for Rejection {
    fn status(&self) -> http::StatusCode {
        ApiError::status(self)
    }

    fn as_response(&self) -> Response {
        as_response(self)
    }
}

scope::request_id_settings! {
    /// Gives every request an id, echoed as `x-request-id` on every response and put into
    /// error bodies.
    ///
    /// An incoming `x-request-id` is kept when it is 1 to 128 visible ASCII characters;
    /// anything else is replaced by a new id (`req_` and 32 hex digits), never reflected.
    ///
    /// The inner endpoint runs with the request as the current one, and an error it returns
    /// is turned into its response there: derived errors and [`Rejection`]s carry the id
    /// (and, in the problem format, the request path as `instance`).
    RequestId
}

impl<E: Endpoint> Middleware<E> for RequestId {
    type Output = RequestIdEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        RequestIdEndpoint {
            inner,
            settings: self.settings,
        }
    }
}

/// The endpoint of [`RequestId`].
#[derive(Debug)]
pub struct RequestIdEndpoint<E> {
    inner: E,
    settings: scope::Settings,
}

impl<E: Endpoint> Endpoint for RequestIdEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut request: Request) -> poem::Result<Response> {
        let (state, header) =
            scope::for_http_request(request.headers(), request.uri().path(), self.settings);
        request.extensions_mut().insert(state.context.clone());
        let future = scope::sync_scope(state.clone(), || self.inner.call(request));
        let mut response = scope::scope(state, async move {
            match future.await {
                Ok(output) => output.into_response(),
                // Rendered here, where the request context is current.
                Err(error) => error_into_response(error),
            }
        })
        .await;
        if let Some(header) = header {
            response.headers_mut().insert(X_REQUEST_ID, header);
        }
        Ok(response)
    }
}

impl<'a> FromRequest<'a> for RequestContext {
    /// The context [`RequestId`] stored, or an empty one without the middleware.
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Ok(request
            .extensions()
            .get::<RequestContext>()
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(feature = "validator")]
pub use crate::validator::Valid;

#[cfg(feature = "garde")]
pub use crate::garde::Garde;

/// `FromRequest` for `$wrapper<web::Json<T>>`: extract, then `$check` (the validation
/// library's, returning the violations), rejecting with `INVALID_BODY`.
#[cfg(any(feature = "validator", feature = "garde"))]
macro_rules! validated_json {
    ($wrapper:ident, $check:path, where [$($bounds:tt)*]) => {
        impl<'a, T> FromRequest<'a> for $wrapper<poem::web::Json<T>>
        where
            T: serde::de::DeserializeOwned,
            $($bounds)*
        {
            async fn from_request(
                request: &'a Request,
                body: &mut RequestBody,
            ) -> poem::Result<Self> {
                let json = poem::web::Json::<T>::from_request(request, body).await?;
                $check(&*json, "body")
                    .map_err(|violations| Rejection::new(RejectionKind::InvalidBody, violations))?;
                Ok($wrapper(json))
            }
        }
    };
}

#[cfg(any(feature = "validator", feature = "garde"))]
for_each_validator!(validated_json);

/// For `catch_all_error`: renders poem's own errors as [`Rejection`]s (see
/// [`rejection`]), an error of this crate as its own response, and any other error
/// whose status has a rejection kind ([`RejectionKind::for_status`]) as that rejection,
/// its text kept for the log; the rest as poem renders them.
///
/// ```
/// # use poem::{EndpointExt, Route};
/// let app = Route::new().catch_all_error(http_api_error_core::poem::catch_all);
/// ```
pub async fn catch_all(error: poem::Error) -> Response {
    if let Some(rejection) = rejection(&error) {
        return as_response(&rejection);
    }
    // Any other error that no `ApiError` renders (another crate's, a middleware's)
    // becomes the rejection for its status, its text kept for the log.
    let status = error.status();
    let detail = error.to_string();
    let response = error_into_response(error);
    let rendered = response
        .extensions()
        .get::<crate::RenderedError>()
        .is_some();
    match Rejection::for_status(status).filter(|_| !rendered) {
        Some(rejection) => {
            let mut ours = as_response(&rejection.with_detail(detail));
            crate::rejection::carry_headers(response.headers(), ours.headers_mut());
            ours
        }
        None => response,
    }
}

/// The [`Rejection`] for one of poem's own errors: router 404 and 405, and the
/// failures of the `Json`, `Query` and `Path` extractors and of body size limits.
/// `None` for any other error.
#[must_use]
pub fn rejection(error: &poem::Error) -> Option<Rejection> {
    if error.is::<NotFoundError>() {
        return Some(Rejection::not_found());
    }
    if error.is::<MethodNotAllowedError>() {
        return Some(Rejection::method_not_allowed());
    }
    // Missing application data (`Data<&T>` without `.data(..)`): the server's mistake.
    if let Some(missing) = error.downcast_ref::<GetDataError>() {
        return Some(Rejection::internal(missing.to_string()));
    }
    if let Some(json) = error.downcast_ref::<ParseJsonError>() {
        return Some(json_rejection(json));
    }
    if let Some(ParseQueryError(inner)) = error.downcast_ref::<ParseQueryError>() {
        let message = inner.to_string();
        return Some(Rejection::new(
            RejectionKind::InvalidQuery,
            vec![FieldViolation::new(
                field_location("query", &message),
                message,
            )],
        ));
    }
    if let Some(path) = error.downcast_ref::<ParsePathError>() {
        return Some(Rejection::new(
            RejectionKind::InvalidPath,
            vec![FieldViolation::new("path", path.to_string())],
        ));
    }
    if matches!(
        error.downcast_ref::<SizedLimitError>(),
        Some(SizedLimitError::MissingContentLength)
    ) {
        return Some(Rejection::new(
            RejectionKind::LengthRequired,
            vec![FieldViolation::new(
                "header.content-length",
                "required: the endpoint limits the body's size",
            )],
        ));
    }
    let too_large = matches!(
        error.downcast_ref::<SizedLimitError>(),
        Some(SizedLimitError::PayloadTooLarge)
    ) || matches!(
        error.downcast_ref::<ReadBodyError>(),
        Some(ReadBodyError::PayloadTooLarge)
    );
    too_large.then(|| {
        Rejection::new(
            RejectionKind::PayloadTooLarge,
            vec![FieldViolation::new(
                "body",
                "the body exceeds the size limit",
            )],
        )
    })
}

fn json_rejection(error: &ParseJsonError) -> Rejection {
    match error {
        ParseJsonError::Parse(inner) => {
            // poem parses with serde_json unless its `sonic-rs` feature is on.
            let source: &(dyn std::error::Error + 'static) = inner;
            let kind = match source
                .downcast_ref::<serde_json::Error>()
                .map(serde_json::Error::classify)
            {
                Some(Category::Data) => RejectionKind::InvalidBody,
                _ => RejectionKind::InvalidJson,
            };
            let message = inner.to_string();
            let location = field_location("body", &message);
            Rejection::new(kind, vec![FieldViolation::new(location, message)])
        }
        ParseJsonError::InvalidContentType(_) | ParseJsonError::ContentTypeRequired => {
            Rejection::new(
                RejectionKind::UnsupportedMediaType,
                vec![
                    FieldViolation::new("header.content-type", "expected `application/json`")
                        .with_fix("send the header `Content-Type: application/json`"),
                ],
            )
        }
    }
}

/// `ResponseError` for derived types, expanded in the user's crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_poem {
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::poem::error::ResponseError for $($ty)* $($where)* {
            fn status(&self) -> $crate::__private::poem::http::StatusCode {
                $crate::__private::ApiError::status(self)
            }

            fn as_response(&self) -> $crate::__private::poem::Response
            where
                Self: ::std::error::Error + ::core::marker::Send + ::core::marker::Sync + 'static,
            {
                $crate::poem::as_response(self)
            }
        }
    };
}
