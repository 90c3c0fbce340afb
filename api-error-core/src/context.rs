/// What the server knows about the request an error answers: its id, the URI reference
/// of this occurrence, the request path and the W3C trace id.
///
/// Framework integrations fill it in from middleware; [`ApiError::to_response_with`]
/// takes it explicitly. The request id goes into the body (`request_id`, or
/// `meta.requestId` in the envelope format) and into the `x-request-id` header; the
/// instance becomes RFC 9457's `instance` member. The trace id and the path go to the
/// log event (feature `tracing`); the trace id goes into the body only when
/// [`expose_trace_id`](RequestContext::expose_trace_id) asks for it.
///
/// [`ApiError::to_response_with`]: crate::ApiError::to_response_with
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RequestContext {
    request_id: Option<String>,
    instance: Option<String>,
    trace_id: Option<String>,
    /// The request id is a valid `x-request-id` value that needs no escaping in JSON,
    /// checked once here rather than on every response rendered for the request.
    plain_id: bool,
    /// The instance is the request path (set by [`RequestContext::with_path`]).
    instance_is_path: bool,
    /// The trace id goes into bodies too.
    trace_id_in_body: bool,
    /// Content negotiation: `None` when off; else whether the client prefers RFC 9457.
    negotiation: Option<bool>,
}

impl RequestContext {
    /// A context that knows nothing about the request.
    pub const EMPTY: RequestContext = RequestContext::new();

    /// A context that knows nothing about the request.
    #[must_use]
    pub const fn new() -> Self {
        RequestContext {
            request_id: None,
            instance: None,
            trace_id: None,
            plain_id: false,
            instance_is_path: false,
            trace_id_in_body: false,
            negotiation: None,
        }
    }

    /// Sets the request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        let request_id = request_id.into();
        self.plain_id = crate::request_id::valid_request_id(&request_id)
            && !crate::scan::needs_json_escape(request_id.as_bytes());
        self.request_id = Some(request_id);
        self
    }

    /// Sets the instance, a URI reference identifying this occurrence (often the
    /// request path: then prefer [`with_path`](RequestContext::with_path)).
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self.instance_is_path = false;
        self
    }

    /// Sets the request path: the body's `instance` and the log event's `url.path`.
    /// The framework middleware sets it for every request.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.instance = Some(path.into());
        self.instance_is_path = true;
        self
    }

    /// Sets the W3C trace id (32 lowercase hex digits) the request carried in its
    /// `traceparent` header (see [`request_id::trace_id_from_traceparent`]). It goes to
    /// the log event, and to the body only with
    /// [`expose_trace_id`](RequestContext::expose_trace_id).
    ///
    /// [`request_id::trace_id_from_traceparent`]: crate::request_id::trace_id_from_traceparent
    #[must_use]
    pub fn with_trace_id(mut self, trace_id: impl Into<String>) -> Self {
        self.trace_id = Some(trace_id.into());
        self
    }

    /// Puts the trace id into error bodies as well (`trace_id`, or `meta.traceId` in the
    /// envelope), so that a user can quote it in a support ticket. Off by default.
    #[must_use]
    pub const fn expose_trace_id(mut self, expose: bool) -> Self {
        self.trace_id_in_body = expose;
        self
    }

    /// Negotiates the format with the request's `Accept` header (`None` when it had
    /// none): the response is RFC 9457 problem details when the client prefers
    /// `application/problem+json` to `application/json` (q-values honoured, the most
    /// specific range deciding each type's weight); otherwise the error's own format.
    /// Either way the response then carries `Vary: Accept` unless the error's format is
    /// the problem format already. The framework middleware does this for every request
    /// unless told not to (`negotiate(false)`).
    ///
    /// Available with the `negotiation` feature (on with every framework integration).
    #[cfg(feature = "negotiation")]
    #[must_use]
    pub fn with_accept(mut self, accept: Option<&str>) -> Self {
        self.negotiation = Some(accept.is_some_and(crate::negotiation::prefers_problem));
        self
    }

    /// The format to answer in, for an error whose own format is `declared`, and
    /// whether the response must say `Vary: Accept`.
    pub(crate) fn negotiate(
        &self,
        declared: &'static dyn crate::Format,
    ) -> (&'static dyn crate::Format, bool) {
        match self.negotiation {
            None => (declared, false),
            Some(_) if declared.builtin() == Some(crate::FormatKind::Problem) => (declared, false),
            Some(true) => (crate::FormatKind::Problem.as_format(), true),
            Some(false) => (declared, true),
        }
    }

    /// The request id, if known.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The request id when it is echoed as-is: a valid `x-request-id` value (1 to 128
    /// visible ASCII characters) that JSON needs no escapes for, which the id of every
    /// request the middleware saw is unless it holds `"` or `\`.
    pub(crate) fn plain_request_id(&self) -> Option<&str> {
        self.request_id.as_deref().filter(|_| self.plain_id)
    }

    /// The instance, if known.
    #[must_use]
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// The request path, if known (set by [`with_path`](RequestContext::with_path)).
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.instance.as_deref().filter(|_| self.instance_is_path)
    }

    /// The trace id, if known, whether or not bodies carry it.
    #[must_use]
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// The trace id when bodies carry it.
    #[must_use]
    pub fn body_trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref().filter(|_| self.trace_id_in_body)
    }

    /// `true` when the context adds nothing to a body: no request id, no instance, and
    /// no trace id to expose.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.request_id.is_none()
            && self.instance.is_none()
            && (self.trace_id.is_none() || !self.trace_id_in_body)
    }
}
