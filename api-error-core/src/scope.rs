//! The request being handled, for framework integrations: their middleware runs the
//! handler inside a scope, and errors rendered there pick up the request context
//! without knowing the request.

use std::future::Future;

use crate::{Format, FormatKind, RequestContext};

tokio::task_local! {
    static REQUEST: RequestState;
}

/// What the middleware knows about the request being handled.
#[derive(Clone, Debug)]
pub(crate) struct RequestState {
    pub(crate) context: RequestContext,
    /// The format of errors that have none of their own (rejections, fallbacks).
    pub(crate) format: &'static dyn Format,
}

/// The settings every framework's request-id middleware takes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub(crate) format: &'static dyn Format,
    pub(crate) expose_trace_id: bool,
    // Read where the `negotiation` feature is on (every framework integration).
    #[cfg_attr(not(feature = "negotiation"), allow(dead_code))]
    pub(crate) negotiate: bool,
    #[cfg(feature = "i18n")]
    pub(crate) translations: Option<&'static crate::i18n::Translations>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

impl Settings {
    pub(crate) const fn new() -> Self {
        Settings {
            format: FormatKind::Simple.as_format(),
            expose_trace_id: false,
            negotiate: true,
            #[cfg(feature = "i18n")]
            translations: None,
        }
    }
}

impl RequestState {
    /// The state of a request at `path` whose headers `header` reads (as text): the
    /// `x-request-id` when well-formed, else a new one (see
    /// [`request_id_from`](crate::request_id::request_id_from)), the path as `instance`,
    /// the trace id of a valid `traceparent`, and the `Accept` and `Accept-Language`
    /// headers for negotiation and translation.
    pub(crate) fn for_request<'h>(
        header: impl Fn(&str) -> Option<&'h str>,
        path: &str,
        settings: Settings,
    ) -> Self {
        let mut context = RequestContext::new()
            .with_request_id(crate::request_id::request_id_from(header(
                crate::X_REQUEST_ID.as_str(),
            )))
            .with_path(path);
        #[cfg(feature = "negotiation")]
        if settings.negotiate {
            context = context.with_accept(header("accept"));
        }
        #[cfg(feature = "i18n")]
        if let Some(translations) = settings.translations {
            context = context.with_accept_language(header("accept-language"), translations);
        }
        if let Some(trace_id) =
            header(TRACEPARENT).and_then(crate::request_id::trace_id_from_traceparent)
        {
            context = context
                .with_trace_id(trace_id)
                .expose_trace_id(settings.expose_trace_id);
        }
        RequestState {
            context,
            format: settings.format,
        }
    }

    /// The request id, for the `x-request-id` header of the response.
    pub(crate) fn request_id(&self) -> &str {
        self.context.request_id().unwrap_or_default()
    }
}

/// The `traceparent` header.
pub(crate) const TRACEPARENT: &str = "traceparent";

/// The state of a request with `http` 1 headers (axum, poem, tonic): the id from its
/// `x-request-id` header when well-formed, else a new one, and that id as the header
/// value to echo (checked or generated from hex digits, so always valid).
#[cfg(any(feature = "axum", feature = "poem", feature = "tonic"))]
pub(crate) fn for_http_request(
    headers: &http::HeaderMap,
    path: &str,
    settings: Settings,
) -> (RequestState, Option<http::HeaderValue>) {
    let state = RequestState::for_request(
        |name| headers.get(name).and_then(|value| value.to_str().ok()),
        path,
        settings,
    );
    let header = http::HeaderValue::from_str(state.request_id()).ok();
    (state, header)
}

/// Declares a framework's request-id middleware settings: the public type users add
/// to their app, with `new()`, `format()`, `body_format()`, `negotiate()` and
/// `expose_trace_id()`; the framework
/// module implements its middleware trait on it. One declaration, so every framework
/// offers the same settings.
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
macro_rules! request_id_settings {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name {
            settings: $crate::scope::Settings,
        }

        impl $name {
            /// A middleware whose rejections and fallbacks render in the simple format.
            #[must_use]
            pub const fn new() -> Self {
                $name {
                    settings: $crate::scope::Settings::new(),
                }
            }

            /// Renders [`Rejection`](crate::Rejection)s (the framework's own errors:
            /// extractor failures, router fallbacks) in `format`, to match the API's own
            /// errors.
            #[must_use]
            pub const fn format(mut self, format: $crate::FormatKind) -> Self {
                self.settings.format = format.as_format();
                self
            }

            /// Renders [`Rejection`](crate::Rejection)s in a [`Format`](crate::Format) of
            /// your own, the one your errors declare with `#[api(format = MyFormat)]`.
            #[must_use]
            pub const fn body_format(mut self, format: &'static dyn $crate::Format) -> Self {
                self.settings.format = format;
                self
            }

            /// Whether error responses follow the request's `Accept` header (on by
            /// default): RFC 9457 problem details when the client prefers
            /// `application/problem+json`, with `Vary: Accept` on every error response
            /// whose body could differ (see
            /// [`RequestContext::with_accept`](crate::RequestContext::with_accept)).
            #[must_use]
            pub const fn negotiate(mut self, negotiate: bool) -> Self {
                self.settings.negotiate = negotiate;
                self
            }

            /// Answers in the language of the request's `Accept-Language` header, among
            /// `translations` (feature `i18n`; see
            /// [`RequestContext::with_accept_language`](crate::RequestContext::with_accept_language)).
            #[cfg(feature = "i18n")]
            #[must_use]
            pub const fn translations(
                mut self,
                translations: &'static $crate::i18n::Translations,
            ) -> Self {
                self.settings.translations = Some(translations);
                self
            }

            /// Puts the trace id of the request's W3C `traceparent` header into error
            /// bodies (`trace_id`, or `meta.traceId` in the envelope), for support
            /// tickets. Off by default; the log event carries it either way.
            #[must_use]
            pub const fn expose_trace_id(mut self, expose: bool) -> Self {
                self.settings.expose_trace_id = expose;
                self
            }
        }
    };
}
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
pub(crate) use request_id_settings;

/// Runs `future` with `state` as the current request.
pub(crate) fn scope<F: Future>(state: RequestState, future: F) -> impl Future<Output = F::Output> {
    REQUEST.scope(state, future)
}

/// Runs `f` with `state` as the current request.
pub(crate) fn sync_scope<R>(state: RequestState, f: impl FnOnce() -> R) -> R {
    REQUEST.sync_scope(state, f)
}

/// Calls `f` with the current request, if any.
pub(crate) fn with_current<R>(f: impl FnOnce(&RequestState) -> R) -> Option<R> {
    REQUEST.try_with(f).ok()
}

/// The request context of the request being handled, when an integration's request-id
/// middleware is in the stack.
///
/// Available with the `axum`, `actix-web` or `poem` feature.
#[must_use]
pub fn current_context() -> Option<RequestContext> {
    with_current(|state| state.context.clone())
}

/// The format configured for rejections of the request being handled.
pub(crate) fn current_format() -> Option<&'static dyn Format> {
    with_current(|state| state.format)
}

/// The future of a request-id middleware's response.
#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) type ScopedFuture<T, E> = std::pin::Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// Calls `inner` with `request` inside the request's scope (see [`RequestState`]), and
/// echoes the request id as `x-request-id` on the response: the body of every tower
/// request-id middleware (axum's, tonic's).
#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) fn call_scoped<S, B, ResBody>(
    inner: &mut S,
    mut request: http::Request<B>,
    settings: Settings,
) -> ScopedFuture<http::Response<ResBody>, S::Error>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
{
    let (state, header) = for_http_request(request.headers(), request.uri().path(), settings);
    request.extensions_mut().insert(state.context.clone());
    let future = sync_scope(state.clone(), || inner.call(request));
    Box::pin(scope(state, async move {
        let mut response = future.await?;
        if let Some(header) = header {
            response.headers_mut().insert(crate::X_REQUEST_ID, header);
        }
        Ok(response)
    }))
}

/// Declares the tower service of a request-id layer (axum's, tonic's): the `Layer` impl
/// of `$layer` (a type with a `settings` field) and the service `$service`, which runs
/// each request through [`call_scoped`].
#[cfg(any(feature = "axum", feature = "tonic"))]
macro_rules! tower_request_id_service {
    ($layer:ident, $service:ident) => {
        impl<S> tower_layer::Layer<S> for $layer {
            type Service = $service<S>;

            fn layer(&self, inner: S) -> Self::Service {
                $service {
                    inner,
                    settings: self.settings,
                }
            }
        }

        #[doc = concat!("The service of [`", stringify!($layer), "`].")]
        #[derive(Clone, Debug)]
        pub struct $service<S> {
            inner: S,
            settings: $crate::scope::Settings,
        }

        impl<S, B, ResBody> tower_service::Service<http::Request<B>> for $service<S>
        where
            S: tower_service::Service<http::Request<B>, Response = http::Response<ResBody>>,
            S::Future: Send + 'static,
        {
            type Response = http::Response<ResBody>;
            type Error = S::Error;
            type Future = $crate::scope::ScopedFuture<Self::Response, Self::Error>;

            fn poll_ready(
                &mut self,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Result<(), Self::Error>> {
                self.inner.poll_ready(cx)
            }

            fn call(&mut self, request: http::Request<B>) -> Self::Future {
                $crate::scope::call_scoped(&mut self.inner, request, self.settings)
            }
        }
    };
}
#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) use tower_request_id_service;
