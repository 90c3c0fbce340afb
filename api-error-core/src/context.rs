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
    /// The request id is a valid `x-request-id` value that needs no escaping in JSON,
    /// checked once here rather than on every response rendered for the request.
    plain_id: bool,
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
            plain_id: false,
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

    /// `true` when neither a request id nor an instance is known.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.request_id.is_none() && self.instance.is_none()
    }
}
