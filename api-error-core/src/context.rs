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
    /// Content negotiation: `None` when off; else the request's `Accept` header, if any.
    negotiation: Option<Option<Box<str>>>,
    /// Translations, and the request's `Accept-Language` header, if any.
    #[cfg(feature = "i18n")]
    language: Option<Language>,
}

/// The translations a request is answered with, and its `Accept-Language` header.
#[cfg(feature = "i18n")]
#[derive(Clone, Debug)]
struct Language {
    translations: &'static crate::i18n::Translations,
    accept_language: Option<Box<str>>,
}

/// The same translations (by address) and the same header.
#[cfg(feature = "i18n")]
impl PartialEq for Language {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.translations, other.translations)
            && self.accept_language == other.accept_language
    }
}

#[cfg(feature = "i18n")]
impl Eq for Language {}

#[cfg(feature = "i18n")]
impl core::hash::Hash for Language {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        core::ptr::hash(self.translations, state);
        self.accept_language.hash(state);
    }
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
            #[cfg(feature = "i18n")]
            language: None,
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
    /// none): among the error's own format, the formats it offers besides
    /// ([`ApiError::alternative_formats`], such as an HTML page) and RFC 9457 problem
    /// details, the one whose media type `Accept` weighs most (q-values honoured, the most
    /// specific range deciding each type's weight), the error's own on a tie or without
    /// `Accept`. The response then carries `Vary: Accept` whenever another format was
    /// possible. The framework middleware does this for every request unless told not
    /// to (`negotiate(false)`).
    ///
    /// Available with the `negotiation` feature (on with every framework integration).
    ///
    /// [`ApiError::alternative_formats`]: crate::ApiError::alternative_formats
    #[cfg(feature = "negotiation")]
    #[must_use]
    pub fn with_accept(mut self, accept: Option<&str>) -> Self {
        self.negotiation = Some(accept.map(Box::from));
        self
    }

    /// Answers in the language the request's `Accept-Language` header (`None` when it
    /// had none) chooses among `translations` (see [`Translations::choose`]): the
    /// message, title and violation messages that language translates, with
    /// `Content-Language` and `Vary: Accept-Language` on every response a translation
    /// could have changed. The framework middleware does this for every request when
    /// given translations (`translations(&TRANSLATIONS)`).
    ///
    /// Available with the `i18n` feature.
    ///
    /// [`Translations::choose`]: crate::i18n::Translations::choose
    #[cfg(feature = "i18n")]
    #[must_use]
    pub fn with_accept_language(
        mut self,
        accept_language: Option<&str>,
        translations: &'static crate::i18n::Translations,
    ) -> Self {
        self.language = Some(Language {
            translations,
            accept_language: accept_language.map(Box::from),
        });
        self
    }

    /// `error` in the request's language, when translations were given and one of them
    /// has something for it.
    #[cfg(feature = "i18n")]
    pub(crate) fn localize(&self, error: &dyn crate::ApiError) -> Option<crate::format::Localized> {
        let language = self.language.as_ref()?;
        language
            .translations
            .localize(error, language.accept_language.as_deref())
    }

    /// The format to answer in, for an error whose own format is `declared` and which
    /// also offers `alternatives`, and whether the response must say `Vary: Accept`.
    pub(crate) fn negotiate(
        &self,
        declared: &'static dyn crate::Format,
        alternatives: &'static [&'static dyn crate::Format],
    ) -> (&'static dyn crate::Format, bool) {
        let Some(accept) = &self.negotiation else {
            return (declared, false);
        };
        let problem = crate::FormatKind::Problem.as_format();
        let offers_problem = declared.builtin() != Some(crate::FormatKind::Problem)
            && !alternatives
                .iter()
                .any(|format| format.builtin() == Some(crate::FormatKind::Problem));
        let vary = offers_problem || !alternatives.is_empty();
        #[cfg(feature = "negotiation")]
        if let Some(accept) = accept {
            let candidates = alternatives
                .iter()
                .copied()
                .chain(offers_problem.then_some(problem));
            let weight = |format: &dyn crate::Format| {
                format.media_type().map_or(0.0, |media_type| {
                    crate::negotiation::weight(accept, media_type)
                })
            };
            // A format that names no media type writes JSON (the trait's contract): it
            // weighs what `application/json` does.
            let own = weight(declared).max(declared.media_type().map_or_else(
                || crate::negotiation::weight(accept, "application/json"),
                |_| 0.0,
            ));
            let mut chosen = (declared, own);
            for candidate in candidates {
                let candidate_weight = weight(candidate);
                if candidate_weight > chosen.1 {
                    chosen = (candidate, candidate_weight);
                }
            }
            return (chosen.0, vary);
        }
        #[cfg(not(feature = "negotiation"))]
        let _ = (accept, problem);
        (declared, vary)
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
