//! The request being handled, for framework integrations: their middleware runs the
//! handler inside a scope, and errors rendered there pick up the request context
//! without knowing the request.

use std::future::Future;

use crate::{FormatKind, RequestContext};

tokio::task_local! {
    static REQUEST: RequestState;
}

/// What the middleware knows about the request being handled.
#[derive(Clone, Debug)]
pub(crate) struct RequestState {
    pub(crate) context: RequestContext,
    /// The format of errors that have none of their own (rejections, fallbacks).
    pub(crate) format: FormatKind,
}

impl RequestState {
    /// The state of a request that arrived with the `x-request-id` value `incoming` (if
    /// any) at `path`: the incoming id when well-formed, else a new one (see
    /// [`request_id_from`](crate::request_id::request_id_from)), with the path as
    /// `instance`.
    pub(crate) fn for_request(incoming: Option<&str>, path: &str, format: FormatKind) -> Self {
        let context = RequestContext::new()
            .with_request_id(crate::request_id::request_id_from(incoming))
            .with_instance(path);
        RequestState { context, format }
    }

    /// The request id, for the `x-request-id` header of the response.
    pub(crate) fn request_id(&self) -> &str {
        self.context.request_id().unwrap_or_default()
    }
}

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
pub(crate) fn current_format() -> Option<FormatKind> {
    with_current(|state| state.format)
}
