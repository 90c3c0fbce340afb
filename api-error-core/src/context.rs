/// What the server knows about the request an error answers: its id and the URI
/// reference of this occurrence.
///
/// Framework integrations fill it in from middleware; [`ApiError::to_response_with`]
/// takes it explicitly. The request id goes into the body (`request_id`, or
/// `meta.requestId` in the envelope format) and into the `x-request-id` header; the
/// instance becomes RFC 9457's `instance` member.
///
/// [`ApiError::to_response_with`]: crate::ApiError::to_response_with
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RequestContext {
    request_id: Option<String>,
    instance: Option<String>,
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
        }
    }

    /// Sets the request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the instance, a URI reference identifying this occurrence (often the
    /// request path).
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// The request id, if known.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The instance, if known.
    #[must_use]
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// `true` when neither a request id nor an instance is known.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.request_id.is_none() && self.instance.is_none()
    }
}
