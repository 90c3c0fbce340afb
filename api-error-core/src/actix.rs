//! actix-web 4 integration (feature `actix-web`).
//!
//! - Every derived error implements [`ResponseError`]: return it from a handler, or
//!   convert it into an [`actix_web::Error`] with `?`. The response has the error's
//!   status, every header (`content-type`, `www-authenticate`, `retry-after`,
//!   `x-request-id`) and its body.
//! - [`RequestId`] gives each request an id (the incoming `x-request-id` when it is
//!   well-formed, else a new one), echoes it on every response and puts it into error
//!   bodies (the problem format also carries the request path as `instance`).
//!   Handlers read it as a
//!   [`RequestContext`] argument.
//! - [`json_config`], [`query_config`] and [`path_config`] are actix's extractor
//!   configurations with an error handler that turns extractor failures into
//!   [`Rejection`]s; [`not_found`] is a default service answering unknown paths, and
//!   [`method_not_allowed`] an [`ErrorHandlers`] handler that renders actix's bare 405.
//!
//! actix-web 4.18 needs Rust 1.89. This crate's minimum supported Rust version stays
//! 1.88 for its default features; on 1.88, Cargo's MSRV-aware resolver picks the last
//! actix-web release that supports it (4.17).
//!
//! ```
//! use actix_web::http::StatusCode;
//! use actix_web::middleware::ErrorHandlers;
//! use actix_web::{App, web};
//! use http_api_error_core::actix::{
//!     RequestId, json_config, method_not_allowed, not_found, path_config, query_config,
//! };
//!
//! #[derive(serde::Deserialize)]
//! struct NewLink { url: String }
//!
//! async fn create(link: web::Json<NewLink>) -> String { link.into_inner().url }
//!
//! let app = App::new()
//!     .app_data(json_config())
//!     .app_data(query_config())
//!     .app_data(path_config())
//!     .service(web::resource("/links").route(web::post().to(create)))
//!     .default_service(web::to(not_found))
//!     .wrap(ErrorHandlers::new().handler(StatusCode::METHOD_NOT_ALLOWED, method_not_allowed))
//!     .wrap(RequestId::new());
//! ```
//!
//! [`RequestId`] must be the outermost middleware (the last `wrap`): errors rendered
//! inside it carry the request context, and middleware wrapped around it would see
//! responses without it.
//!
//! # Where extractor failures point
//!
//! actix deserializes without tracking paths, so locations are as precise as its errors
//! allow:
//!
//! | failure | code | `errors[].location` |
//! |---|---|---|
//! | body is not JSON | `INVALID_JSON` (400) | `body` |
//! | JSON of the wrong shape | `INVALID_BODY` (422) | `body` |
//! | missing or wrong `content-type` | `UNSUPPORTED_MEDIA_TYPE` (415) | `header.content-type` |
//! | body over the [`JsonConfig::limit`] | `PAYLOAD_TOO_LARGE` (413) | `body` |
//! | query string | `INVALID_QUERY` (400) | `query.<field>` for a missing, unknown or duplicate field, else `query` |
//! | path parameter | `INVALID_PATH` (400) | `path.<name>` of the parameter that does not parse, else `path` |
//!
//! [`ErrorHandlers`]: actix_web::middleware::ErrorHandlers

use std::convert::Infallible;
use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::error::{
    InternalError, JsonPayloadError, PathError, PayloadError, QueryPayloadError,
};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::web::{JsonConfig, PathConfig, QueryConfig};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, Responder, ResponseError};
use serde_json::error::Category;

use crate::rejection::{RejectionKind, field_location};
use crate::scope::{self, RequestState};
use crate::{ApiError, FieldViolation, Rejection, RequestContext};

pub use crate::scope::current_context;

/// The status of `error` as actix's status type.
pub fn status_code(error: &dyn ApiError) -> actix_web::http::StatusCode {
    convert_status(error.status())
}

fn convert_status(status: http::StatusCode) -> actix_web::http::StatusCode {
    actix_web::http::StatusCode::from_u16(status.as_u16())
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Renders `error` as an actix response: in its own format, with the request context
/// when [`RequestId`] is in the stack.
pub fn error_response(error: &dyn ApiError) -> HttpResponse {
    let response = crate::scope::with_current(|state| error.to_response_with(&state.context))
        .unwrap_or_else(|| error.to_response());
    into_actix(response)
}

/// An `http` 1 response as an actix (`http` 0.2) response. Status and headers convert
/// by their numeric, string and byte forms; a header that would not convert is left
/// out. The [`RenderedError`](crate::RenderedError) extension goes along.
fn into_actix(response: http::Response<bytes::Bytes>) -> HttpResponse {
    let (parts, body) = response.into_parts();
    let mut converted = HttpResponse::with_body(convert_status(parts.status), body);
    let headers = converted.headers_mut();
    for (name, value) in &parts.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.append(name, value);
        }
    }
    if let Some(rendered) = parts.extensions.get::<crate::RenderedError>() {
        converted.extensions_mut().insert(*rendered);
    }
    converted.map_into_boxed_body()
}

impl ResponseError for Rejection {
    fn status_code(&self) -> actix_web::http::StatusCode {
        status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        error_response(self)
    }
}

impl Responder for Rejection {
    type Body = BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        HttpResponse::from_error(self)
    }
}

scope::request_id_settings! {
    /// Gives every request an id, echoed as `x-request-id` on every response and put into
    /// error bodies.
    ///
    /// An incoming `x-request-id` is kept when it is 1 to 128 visible ASCII characters;
    /// anything else is replaced by a new id (`req_` and 32 hex digits), never reflected.
    ///
    /// The inner services run with the request as the current one: errors rendered there
    /// (derived errors, [`Rejection`]s) carry the id (and, in the problem format, the
    /// request path as `instance`).
    /// An error that reaches this middleware unrendered (one returned by an inner
    /// middleware) is rendered here, inside the request, so it carries them too; it goes on
    /// as an error with that response attached.
    RequestId
}

impl<S, B> Transform<S, ServiceRequest> for RequestId
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = RequestIdService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RequestIdService {
            service,
            settings: self.settings,
        }))
    }
}

/// The service of [`RequestId`].
#[derive(Debug)]
pub struct RequestIdService<S> {
    service: S,
    settings: scope::Settings,
}

impl<S, B> Service<ServiceRequest> for RequestIdService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let headers = request.headers();
        let state = RequestState::for_request(
            |name| headers.get(name).and_then(|value| value.to_str().ok()),
            request.path(),
            self.settings,
        );
        // Checked or generated from hex digits: always a valid header value.
        let header = HeaderValue::from_str(state.request_id()).ok();
        request.extensions_mut().insert(state.context.clone());
        let future = scope::sync_scope(state.clone(), || self.service.call(request));
        Box::pin(scope::scope(state, async move {
            match future.await {
                Ok(mut response) => {
                    if let Some(header) = header {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static(X_REQUEST_ID), header);
                    }
                    Ok(response)
                }
                // Rendered here, where the request context is current; the error travels
                // on with its rendered response.
                Err(error) => {
                    let mut response = error.error_response();
                    if let Some(header) = header {
                        response
                            .headers_mut()
                            .insert(HeaderName::from_static(X_REQUEST_ID), header);
                    }
                    Err(InternalError::from_response(error, response).into())
                }
            }
        }))
    }
}

const X_REQUEST_ID: &str = "x-request-id";

impl FromRequest for RequestContext {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    /// The context [`RequestId`] stored, or an empty one without the middleware.
    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(request
            .extensions()
            .get::<RequestContext>()
            .cloned()
            .unwrap_or_default()))
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
        impl<T> FromRequest for $wrapper<actix_web::web::Json<T>>
        where
            T: serde::de::DeserializeOwned + 'static,
            $($bounds)*
        {
            type Error = actix_web::Error;
            type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

            fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let json = actix_web::web::Json::<T>::from_request(request, payload);
                Box::pin(async move {
                    let json = json.await?;
                    $check(&*json, "body")
                        .map_err(|violations| Rejection::new(RejectionKind::InvalidBody, violations))?;
                    Ok($wrapper(json))
                })
            }
        }
    };
}

#[cfg(any(feature = "validator", feature = "garde"))]
for_each_validator!(validated_json);

/// actix's [`JsonConfig`] with an error handler that renders failures as
/// [`Rejection`]s: `.app_data(http_api_error::actix::json_config())`. Chain
/// [`JsonConfig::limit`] and the other settings as usual.
#[must_use]
pub fn json_config() -> JsonConfig {
    JsonConfig::default().error_handler(|error, _request| Rejection::from(error).into())
}

/// actix's [`QueryConfig`] with an error handler that renders failures as
/// [`Rejection`]s: `.app_data(http_api_error::actix::query_config())`.
#[must_use]
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|error, _request| Rejection::from(error).into())
}

/// actix's [`PathConfig`] with an error handler that renders failures as
/// [`Rejection`]s: `.app_data(http_api_error::actix::path_config())`.
#[must_use]
pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|error, request| path_rejection(&error, request).into())
}

impl From<JsonPayloadError> for Rejection {
    fn from(error: JsonPayloadError) -> Self {
        let too_large = || {
            Rejection::new(
                RejectionKind::PayloadTooLarge,
                vec![FieldViolation::new(
                    "body",
                    "the body exceeds the size limit",
                )],
            )
        };
        match &error {
            JsonPayloadError::Deserialize(inner) => {
                let kind = match inner.classify() {
                    Category::Data => RejectionKind::InvalidBody,
                    Category::Syntax | Category::Eof | Category::Io => RejectionKind::InvalidJson,
                };
                let message = inner.to_string();
                let location = field_location("body", &message);
                Rejection::new(kind, vec![FieldViolation::new(location, message)])
            }
            JsonPayloadError::ContentType => Rejection::new(
                RejectionKind::UnsupportedMediaType,
                vec![
                    FieldViolation::new("header.content-type", "expected `application/json`")
                        .with_fix("send the header `Content-Type: application/json`"),
                ],
            ),
            JsonPayloadError::OverflowKnownLength { .. }
            | JsonPayloadError::Overflow { .. }
            | JsonPayloadError::Payload(PayloadError::Overflow) => too_large(),
            other => Rejection::new(
                RejectionKind::BadRequest,
                vec![FieldViolation::new("body", other.to_string())],
            ),
        }
    }
}

impl From<QueryPayloadError> for Rejection {
    fn from(error: QueryPayloadError) -> Self {
        let message = match &error {
            QueryPayloadError::Deserialize(inner) => inner.to_string(),
            other => other.to_string(),
        };
        Rejection::new(
            RejectionKind::InvalidQuery,
            vec![FieldViolation::new(
                field_location("query", &message),
                message,
            )],
        )
    }
}

/// A path failure, located at the parameter whose value the message quotes (or the
/// only parameter).
fn path_rejection(error: &PathError, request: &HttpRequest) -> Rejection {
    let message = match error {
        PathError::Deserialize(inner) => inner.to_string(),
        other => other.to_string(),
    };
    // A handler whose `Path` does not fit its route is the server's mistake: a 500 whose
    // body says nothing, with actix's text kept for the log.
    if message.starts_with("wrong number of parameters") || message.starts_with("unsupported type")
    {
        return Rejection::internal(message);
    }
    let params = request.match_info();
    let only = params.iter().count() == 1;
    let mut names = params
        .iter()
        .filter(|(_, value)| only || message.contains(&format!("{value:?}")))
        .map(|(name, _)| name);
    let location = match (names.next(), names.next()) {
        (Some(name), None) => format!("path.{name}"),
        _ => "path".to_owned(),
    };
    Rejection::new(
        RejectionKind::InvalidPath,
        vec![FieldViolation::new(location, message)],
    )
}

/// The app's default service: `App::default_service(web::to(not_found))` answers
/// unknown paths with `404 NOT_FOUND` in the API's format.
pub async fn not_found() -> Rejection {
    Rejection::not_found()
}

/// An [`ErrorHandlers`] handler for 405:
/// `ErrorHandlers::new().handler(StatusCode::METHOD_NOT_ALLOWED, method_not_allowed)`.
///
/// A resource answers a method it has no route for with a bare 405 (and an `Allow`
/// header when its routes have method guards); this replaces the empty body with
/// `METHOD_NOT_ALLOWED` in the API's format and keeps the headers. A 405 that already
/// has a body (a `content-type`), such as a derived error's, passes unchanged.
///
/// Wrap it inside [`RequestId`] (before it in the `wrap` chain) so the body carries the
/// request context.
///
/// [`ErrorHandlers`]: actix_web::middleware::ErrorHandlers
///
/// # Errors
///
/// Never: the result type is the one [`ErrorHandlers`] takes.
pub fn method_not_allowed<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if response.headers().contains_key(header::CONTENT_TYPE) {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let (request, original) = response.into_parts();
    let mut rendered = error_response(&Rejection::method_not_allowed());
    for (name, value) in original.headers() {
        if !rendered.headers().contains_key(name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, rendered).map_into_right_body(),
    ))
}

/// An [`ErrorHandlers`] default handler that renders every error response actix and
/// other middleware make on their own (a missing `web::Data`, extractors without this
/// crate's configs, a middleware's bare error) in the API's format:
/// `ErrorHandlers::new().default_handler(framework_errors)`.
///
/// A response with an error status that no [`ApiError`] rendered (it has no
/// [`RenderedError`](crate::RenderedError) extension) becomes the [`Rejection`] for its
/// status ([`RejectionKind::for_status`]), with the headers actix set kept and the
/// error's text kept for the log as the rejection's detail. Other responses, and
/// statuses without a rejection kind, pass unchanged. Wrap it inside [`RequestId`].
///
/// [`ErrorHandlers`]: actix_web::middleware::ErrorHandlers
///
/// # Errors
///
/// Never: the result type is the one [`ErrorHandlers`] takes.
pub fn framework_errors<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = http::StatusCode::from_u16(response.status().as_u16()).ok();
    let rendered = response
        .response()
        .extensions()
        .get::<crate::RenderedError>()
        .is_some();
    let Some(rejection) = status.and_then(Rejection::for_status).filter(|_| !rendered) else {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    };
    let rejection = match response.response().error() {
        Some(error) => rejection.with_detail(error.to_string()),
        None => rejection,
    };
    let (request, original) = response.into_parts();
    let mut ours = error_response(&rejection);
    for (name, value) in original.headers() {
        let own = name == header::CONTENT_TYPE || name == header::CONTENT_LENGTH;
        if !own && !ours.headers().contains_key(name) {
            ours.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, ours).map_into_right_body(),
    ))
}

/// `ResponseError` for derived types, expanded in the user's crate. The impl is
/// bounded on `Debug + Display` (the trait's supertraits), which derived types have
/// whenever their generic parameters allow.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_actix {
    (impl [$($generics:tt)*] [$($ty:tt)*] []) => {
        $crate::__api_error_actix! { @impl [$($generics)*] [$($ty)*] [] }
    };
    (impl [$($generics:tt)*] [$($ty:tt)*] [where $($predicates:tt)*]) => {
        $crate::__api_error_actix! { @impl [$($generics)*] [$($ty)*] [$($predicates)*] }
    };
    (@impl [$($generics:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            Self: ::core::fmt::Debug + ::core::fmt::Display,
            $($predicates)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::actix::status_code(self)
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::actix::error_response(self)
            }
        }
    };
}
