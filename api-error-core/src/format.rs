use core::any::Any;
use core::cell::{Cell, RefCell};
use core::fmt;

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};

use crate::{ApiError, FieldViolation, RequestContext, RetryAfter, default_title};

/// A JSON body shape for error responses.
///
/// Three shapes are built in ([`FormatKind`]); implement this trait for another
/// (Stripe's, GitHub's, Google's), then render with [`ApiError::render`]:
///
/// ```
/// use http_api_error_core::{BodyResult, ErrorView, Format, HeaderValue, JsonObject};
///
/// /// `{"error": {"type": ..., "code": ..., "message": ...}}`, like Stripe.
/// struct StripeLike;
///
/// impl Format for StripeLike {
///     fn content_type(&self, _error: &ErrorView<'_>) -> HeaderValue {
///         HeaderValue::from_static("application/json")
///     }
///
///     fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
///         let kind = if error.status().is_server_error() { "api_error" } else { "invalid_request_error" };
///         JsonObject::write(out, |body| {
///             body.object("error", |inner| {
///                 inner.member("type", kind)?;
///                 inner.member("code", &error.code().to_ascii_lowercase())?;
///                 inner.member("message", &error.message())
///             })
///         })
///     }
/// }
/// ```
///
/// A body that fails to render (a `Serialize` or `Display` impl returning an error) is
/// rendered again in the same format without anything user code produces (the
/// interpolated message becomes the title; exposed fields and violations are left
/// out); if that fails too, a minimal body in the simple format is sent. The response
/// is always valid JSON.
///
/// [`ApiError::render`]: crate::ApiError::render
pub trait Format: Any + Send + Sync {
    /// The `Content-Type` of the body of `error`: a format may label some responses
    /// differently (the envelope labels a 429 `application/problem+json`, as Unkey's
    /// clients expect).
    fn content_type(&self, error: &ErrorView<'_>) -> HeaderValue;

    /// The OpenAPI schema of this format's bodies (feature `utoipa`), for the
    /// documents of types declaring it with `#[api(format = MyFormat)]`. `None`, the
    /// default, documents a JSON object.
    #[cfg(feature = "utoipa")]
    fn schema(&self) -> Option<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>> {
        None
    }

    /// The media type this format answers with, for content negotiation (`text/html`
    /// for an HTML page): a format an error offers besides its own
    /// ([`ApiError::alternative_formats`](crate::ApiError::alternative_formats)) is
    /// chosen when the request's `Accept` weighs this media type most. `None`, the
    /// default, takes part in no negotiation.
    fn media_type(&self) -> Option<&'static str> {
        None
    }

    /// Whether every body carries a request id: the renderer then makes one (and sends
    /// it as `x-request-id`, and logs it) when the request context has none. Unkey's
    /// envelope requires `meta.requestId`. Defaults to `false`.
    fn requires_request_id(&self) -> bool {
        false
    }

    /// Completes an error decoded from a body of this format (feature `client`), with
    /// what the built-in decoding cannot know: a code this format leaves out of its
    /// bodies (read from the `type` URL, or implied by the status), a member it names
    /// differently. The derived [`FromRemote`](crate::client::FromRemote) of a type
    /// declaring this format (`#[api(format = MyFormat)]`) calls it before choosing the
    /// variant. `None`, the default, keeps the decoding as it is.
    #[cfg(feature = "client")]
    fn read_back(&self, remote: &crate::client::RemoteError) -> Option<crate::client::RemoteError> {
        let _ = remote;
        None
    }

    /// Appends the JSON body for `error` to `out`.
    ///
    /// # Errors
    ///
    /// When a value in the body fails to serialize.
    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult;
}

impl dyn Format {
    /// The built-in format this is, which lets the renderer serve a fixed variant's
    /// prepared body: a format of the user's own is never taken for one.
    pub(crate) fn builtin(&self) -> Option<FormatKind> {
        (self as &dyn Any).downcast_ref::<FormatKind>().copied()
    }
}

/// A format as the built-in one it is (`Simple`), or `Format` for one of the user's own.
impl fmt::Debug for dyn Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.builtin() {
            Some(kind) => fmt::Debug::fmt(&kind, f),
            None => f.write_str("Format"),
        }
    }
}

/// The built-in body formats, chosen per type with `#[api(format = "...")]` or at run
/// time with [`ApiError::render`](crate::ApiError::render).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FormatKind {
    /// `{"error": CODE, "message": MSG}` plus, when present, `docs`, `request_id`,
    /// `trace_id`, `errors` and `details`; `application/json`.
    #[default]
    Simple,
    /// RFC 9457 problem details: `type`, `title`, `status`, `detail`, `instance`, and
    /// the extension members `code`, `request_id`, `trace_id`, `errors` and the exposed
    /// fields;
    /// `application/problem+json`.
    Problem,
    /// `{"meta": {"requestId", "traceId"}, "error": {"title", "detail", "status", "type", "code",
    /// "errors", "details"}}`; `application/json`.
    Envelope,
}

impl FormatKind {
    /// Every built-in format.
    pub const ALL: [FormatKind; 3] = [
        FormatKind::Simple,
        FormatKind::Problem,
        FormatKind::Envelope,
    ];

    /// The name used in `#[api(format = "...")]`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            FormatKind::Simple => "simple",
            FormatKind::Problem => "problem",
            FormatKind::Envelope => "envelope",
        }
    }

    /// The format with this [`name`](FormatKind::name).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        FormatKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The `Content-Type` of bodies in this format.
    #[must_use]
    pub const fn content_type_str(self) -> &'static str {
        match self {
            FormatKind::Simple | FormatKind::Envelope => "application/json",
            FormatKind::Problem => "application/problem+json",
        }
    }

    /// The `Content-Type` of a body in this format with `status`: the envelope labels a
    /// 429 `application/problem+json`, which is how Unkey sends it and what Unkey's
    /// generated SDK requires to type the error (its other statuses are
    /// `application/json`).
    #[must_use]
    pub const fn content_type_for(self, status: StatusCode) -> &'static str {
        match self {
            FormatKind::Envelope if status.as_u16() == 429 => "application/problem+json",
            kind => kind.content_type_str(),
        }
    }

    /// This format as a `&'static dyn Format`, for where a format of any kind goes.
    #[must_use]
    pub const fn as_format(self) -> &'static dyn Format {
        match self {
            FormatKind::Simple => &FormatKind::Simple,
            FormatKind::Problem => &FormatKind::Problem,
            FormatKind::Envelope => &FormatKind::Envelope,
        }
    }

    /// Whether every body in this format carries a request id (see
    /// [`Format::requires_request_id`]): the envelope's `meta.requestId` is required by
    /// Unkey's published schema; the simple and problem formats carry one only when it
    /// is known (RFC 9457 defines no such member, and the simple format stays minimal).
    #[must_use]
    pub const fn requires_request_id(self) -> bool {
        matches!(self, FormatKind::Envelope)
    }

    /// Serializes the body of `error` in this format with any serde serializer.
    ///
    /// # Errors
    ///
    /// When a value in the body fails to serialize.
    pub fn serialize<S: Serializer>(
        self,
        error: &ErrorView<'_>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        PartBody {
            part: self.into(),
            e: error,
        }
        .serialize(serializer)
    }
}

impl Format for FormatKind {
    fn content_type(&self, error: &ErrorView<'_>) -> HeaderValue {
        // Constants, so that the header value is checked once at compile time rather
        // than on every response.
        const JSON: HeaderValue = HeaderValue::from_static("application/json");
        const PROBLEM: HeaderValue = HeaderValue::from_static("application/problem+json");
        match self.content_type_for(error.status()) {
            "application/problem+json" => PROBLEM,
            _ => JSON,
        }
    }

    fn requires_request_id(&self) -> bool {
        FormatKind::requires_request_id(*self)
    }

    fn media_type(&self) -> Option<&'static str> {
        Some(self.content_type_str())
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
        JsonSink::write(out, (*self).into(), error, None)
    }
}

/// What [`Format::write_body`] returns: a format of your own names it without a
/// direct `serde_json` dependency.
pub type BodyResult = serde_json::Result<()>;

/// Writes one JSON object into a body, for a [`Format`] of your own: members are
/// serialized as they are added (no intermediate value), the braces and commas are
/// placed for you, and the object is always closed.
///
/// ```
/// use http_api_error_core::{BodyResult, ErrorView, Format, HeaderValue, JsonObject};
///
/// /// `{"message": ...}` alone.
/// struct MessageOnly;
///
/// impl Format for MessageOnly {
///     fn content_type(&self, _error: &ErrorView<'_>) -> HeaderValue {
///         HeaderValue::from_static("application/json")
///     }
///
///     fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
///         JsonObject::write(out, |body| body.member("message", &error.message()))
///     }
/// }
/// ```
pub struct JsonObject<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    /// Appends to `out` the object that `members` fills in.
    ///
    /// # Errors
    ///
    /// The first error of a member's `Serialize` impl, or one `members` returns; `out`
    /// then holds an unfinished object, which the renderer discards.
    pub fn write(
        out: &'a mut Vec<u8>,
        members: impl FnOnce(&mut JsonObject<'_>) -> BodyResult,
    ) -> BodyResult {
        out.push(b'{');
        let mut object = JsonObject { out, empty: true };
        members(&mut object)?;
        object.out.push(b'}');
        Ok(())
    }

    /// Adds the member `name` with `value` (a string, a number, a [`Message`], the
    /// violations of [`ErrorView::errors`], anything `Serialize`).
    ///
    /// # Errors
    ///
    /// The error of `value`'s `Serialize` impl.
    pub fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> BodyResult {
        self.name(name)?;
        serde_json::to_writer(&mut *self.out, value)
    }

    /// Adds the member `name` when `value` is `Some`.
    ///
    /// # Errors
    ///
    /// The error of `value`'s `Serialize` impl.
    pub fn member_if<T: Serialize>(&mut self, name: &str, value: Option<T>) -> BodyResult {
        match value {
            Some(value) => self.member(name, &value),
            None => Ok(()),
        }
    }

    /// Adds the member `name` with an object that `members` fills in.
    ///
    /// # Errors
    ///
    /// The first error of a nested member, or one `members` returns.
    pub fn object(
        &mut self,
        name: &str,
        members: impl FnOnce(&mut JsonObject<'_>) -> BodyResult,
    ) -> BodyResult {
        self.name(name)?;
        JsonObject::write(self.out, members)
    }

    fn name(&mut self, name: &str) -> BodyResult {
        if !core::mem::take(&mut self.empty) {
            self.out.push(b',');
        }
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.push(b':');
        Ok(())
    }
}

impl fmt::Debug for JsonObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonObject")
            .field("written", &String::from_utf8_lossy(self.out))
            .finish()
    }
}

/// Everything a [`Format`] may put in a body: an error seen together with the request
/// it answers.
#[derive(Clone, Copy)]
pub struct ErrorView<'a> {
    error: &'a dyn ApiError,
    context: &'a RequestContext,
    /// Set when a first rendering failed: leave out everything user code produces.
    safe: bool,
    /// The message, title and violations in the request's language (feature `i18n`).
    localized: Option<&'a Localized>,
}

/// What a translation replaced, for one response: the rest stays as declared.
#[derive(Debug, Default)]
pub(crate) struct Localized {
    /// The language of the response (`Content-Language`).
    pub(crate) language: &'static str,
    pub(crate) message: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) errors: Option<Vec<FieldViolation>>,
}

impl Localized {
    /// Whether the body differs from the declared one.
    pub(crate) fn translates(&self) -> bool {
        self.message.is_some() || self.title.is_some() || self.errors.is_some()
    }
}

impl fmt::Debug for ErrorView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorView")
            .field("status", &self.status())
            .field("code", &self.code())
            .field("message", &self.message())
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

impl<'a> ErrorView<'a> {
    /// A view of `error` answering the request described by `context`.
    #[must_use]
    pub fn new(error: &'a dyn ApiError, context: &'a RequestContext) -> Self {
        ErrorView {
            error,
            context,
            safe: false,
            localized: None,
        }
    }

    /// The same view with the translated parts of `localized`.
    #[must_use]
    pub(crate) fn localized(self, localized: Option<&'a Localized>) -> Self {
        ErrorView { localized, ..self }
    }

    /// The same view with everything user code produces (interpolated message, exposed
    /// fields, violations) left out: what the renderer falls back to when a body fails.
    #[must_use]
    pub(crate) fn safe(self) -> Self {
        ErrorView { safe: true, ..self }
    }

    /// The error.
    #[must_use]
    pub fn error(&self) -> &'a dyn ApiError {
        self.error
    }

    /// The request context.
    #[must_use]
    pub fn context(&self) -> &'a RequestContext {
        self.context
    }

    /// See [`ApiError::status`].
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.error.status()
    }

    /// See [`ApiError::code`].
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.error.code()
    }

    /// See [`ApiError::title`]; translated when the request's language has a title for
    /// the code (feature `i18n`).
    #[must_use]
    pub fn title(&self) -> &'a str {
        match self.localized.and_then(|l| l.title.as_deref()) {
            Some(title) => title,
            None => self.error.title(),
        }
    }

    /// The public message; displays and serializes (as a string) without allocating.
    #[must_use]
    pub fn message(&self) -> Message<'a> {
        if self.safe {
            Message::Text(self.title())
        } else if let Some(message) = self.localized.and_then(|l| l.message.as_deref()) {
            Message::Text(message)
        } else {
            Message::new(self.error)
        }
    }

    /// See [`ApiError::docs_url`].
    #[must_use]
    pub fn docs_url(&self) -> Option<&'static str> {
        self.error.docs_url()
    }

    /// The RFC 9457 `type`: the docs URL, else `about:blank`.
    #[must_use]
    pub fn type_uri(&self) -> &'static str {
        self.docs_url().unwrap_or("about:blank")
    }

    /// The RFC 9457 `title`: the error's title when it has a docs URL for a `type`;
    /// with `about:blank` the status's reason phrase, as the RFC asks.
    #[must_use]
    pub fn problem_title(&self) -> &'a str {
        if self.docs_url().is_some() {
            self.title()
        } else {
            default_title(self.status())
        }
    }

    /// See [`ApiError::retryable`].
    #[must_use]
    pub fn retryable(&self) -> bool {
        self.error.retryable()
    }

    /// See [`ApiError::retry_after`].
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.error.retry_after()
    }

    /// The request id from the context.
    #[must_use]
    pub fn request_id(&self) -> Option<&'a str> {
        self.context.request_id()
    }

    /// The instance from the context.
    #[must_use]
    pub fn instance(&self) -> Option<&'a str> {
        self.context.instance()
    }

    /// The trace id from the context, when bodies carry it (see
    /// [`RequestContext::expose_trace_id`]).
    #[must_use]
    pub fn trace_id(&self) -> Option<&'a str> {
        self.context.body_trace_id()
    }

    /// See [`ApiError::errors`].
    #[must_use]
    pub fn errors(&self) -> Option<&'a [FieldViolation]> {
        if self.safe {
            None
        } else if let Some(errors) = self.localized.and_then(|l| l.errors.as_deref()) {
            Some(errors)
        } else {
            self.error.errors()
        }
    }

    /// The exposed fields, which serialize as a map; `None` when there are none.
    #[must_use]
    pub fn details(&self) -> Option<Details<'a>> {
        (!self.safe && self.error.has_details()).then_some(Details { error: self.error })
    }
}

/// The public message of an error: [`Display`](fmt::Display) writes it and
/// [`Serialize`] writes it as a string, both without an intermediate `String`.
#[derive(Clone, Copy)]
pub enum Message<'a> {
    /// Produced by [`ApiError::fmt_message`].
    Error(&'a dyn ApiError),
    /// Fixed text.
    Text(&'a str),
}

impl<'a> Message<'a> {
    /// The public message of `error`.
    #[must_use]
    pub fn new(error: &'a dyn ApiError) -> Self {
        Message::Error(error)
    }
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Error(error) => error.fmt_message(f),
            Message::Text(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}

impl Message<'_> {
    /// The message as a `String`. A `Display` impl of a field that fails midway leaves
    /// the text written so far (where `ToString::to_string` would panic).
    #[must_use]
    pub fn to_string_lossy(&self) -> String {
        let mut out = String::new();
        let _ = fmt::write(&mut out, format_args!("{self}"));
        out
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Message::Error(error) => {
                // serde_json's `collect_str` panics when a `Display` impl fails on its
                // own (not because the writer did), so such a failure is caught here
                // and turned into an ordinary serialization error afterwards.
                let failed = Cell::new(false);
                let ok = serializer.collect_str(&Guarded {
                    error,
                    failed: &failed,
                })?;
                if failed.get() {
                    Err(S::Error::custom("the public message failed to format"))
                } else {
                    Ok(ok)
                }
            }
            Message::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// Displays a message, absorbing a failure of the message's own `Display` impls and
/// recording it in `failed`; failures of the underlying writer pass through.
struct Guarded<'a> {
    error: &'a dyn ApiError,
    failed: &'a Cell<bool>,
}

impl fmt::Display for Guarded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Tracking<'a, 'b> {
            f: &'a mut fmt::Formatter<'b>,
            writer_failed: bool,
        }
        impl fmt::Write for Tracking<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                let result = self.f.write_str(s);
                self.writer_failed |= result.is_err();
                result
            }
        }
        let mut tracking = Tracking {
            f,
            writer_failed: false,
        };
        match fmt::write(
            &mut tracking,
            format_args!("{}", Message::Error(self.error)),
        ) {
            Err(fmt::Error) if !tracking.writer_failed => {
                self.failed.set(true);
                Ok(())
            }
            result => result,
        }
    }
}

/// The exposed fields of an error (`#[api(expose)]`), serialized as a map.
#[derive(Clone, Copy)]
pub struct Details<'a> {
    error: &'a dyn ApiError,
}

impl Details<'_> {
    /// Serializes every exposed field as an entry of `map`.
    ///
    /// # Errors
    ///
    /// The first error a field's `Serialize` impl returns.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let mut result = Ok(());
        self.error.visit_details(&mut |name, value| {
            if result.is_ok() {
                result = map.serialize_entry(name, value);
            }
        });
        result
    }
}

impl fmt::Debug for Details<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = Vec::new();
        self.error.visit_details(&mut |name, _| names.push(name));
        f.debug_struct("Details").field("names", &names).finish()
    }
}

impl Serialize for Details<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.serialize_entries(&mut map)?;
        map.end()
    }
}

/// Where a body layout writes its members. Each built-in format is laid out once,
/// generic over this: [`JsonSink`] writes JSON bytes straight into the body buffer (the
/// response path), [`SerdeSink`] drives any serde serializer (the `Serialize` impl).
/// Both produce the same JSON, compared byte for byte by the tests.
trait Sink {
    type Error;
    fn str(&mut self, key: &'static str, value: &str) -> Result<(), Self::Error>;
    fn u16(&mut self, key: &'static str, value: u16) -> Result<(), Self::Error>;
    fn message(&mut self, key: &'static str, message: Message<'_>) -> Result<(), Self::Error>;
    fn errors(&mut self, key: &'static str, errors: &[FieldViolation]) -> Result<(), Self::Error>;
    fn details(&mut self, key: &'static str, details: Details<'_>) -> Result<(), Self::Error>;
    /// The exposed fields as members of this object (RFC 9457 extension members).
    fn flat_details(&mut self, details: Details<'_>) -> Result<(), Self::Error>;
    /// A nested object laid out by `part`.
    fn object(
        &mut self,
        key: &'static str,
        part: Part,
        e: &ErrorView<'_>,
    ) -> Result<(), Self::Error>;

    /// An optional string member: written when present, left out when not.
    fn opt_str(&mut self, key: &'static str, value: Option<&str>) -> Result<(), Self::Error> {
        match value {
            Some(value) => self.str(key, value),
            None => Ok(()),
        }
    }

    /// A member filled from the request context (`slot`), written when present; the
    /// writer of a fixed body's template records where it stands.
    fn context_str(
        &mut self,
        key: &'static str,
        slot: Slot,
        value: Option<&str>,
    ) -> Result<(), Self::Error> {
        let _ = slot;
        self.opt_str(key, value)
    }
}

/// The objects of the built-in bodies: the three formats and the envelope's two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Simple,
    Problem,
    Envelope,
    EnvelopeMeta,
    EnvelopeError,
}

impl From<FormatKind> for Part {
    fn from(kind: FormatKind) -> Self {
        match kind {
            FormatKind::Simple => Part::Simple,
            FormatKind::Problem => Part::Problem,
            FormatKind::Envelope => Part::Envelope,
        }
    }
}

/// What a member of a built-in body holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fact {
    /// The stable code.
    Code,
    /// The public message.
    Message,
    /// The docs URL, when the code has one.
    Docs,
    /// RFC 9457's `type`: the docs URL, or `about:blank`.
    Type,
    /// The title.
    Title,
    /// The title RFC 9457 shows: the status's reason phrase under `about:blank`.
    ProblemTitle,
    /// The HTTP status.
    Status,
    /// RFC 9457's `instance`: the request path.
    Instance,
    /// The request id.
    RequestId,
    /// The trace id, when the server exposes it.
    TraceId,
    /// The field violations, when the error has any.
    Errors,
    /// The field violations, and an empty list on a 400 without any: Unkey's schema
    /// requires `errors` on every 400.
    ErrorsOn400,
    /// The exposed fields, as one object.
    Details,
    /// The exposed fields, as members of the object itself (RFC 9457 extension
    /// members): always the last member.
    FlatDetails,
    /// A nested object.
    Object(Part),
}

/// One member of a built-in body: its key, what it holds, and whether the format
/// promises it in every body (as the OpenAPI schemas say). A member that is not
/// required is written when the error or the request has its value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Member {
    pub(crate) key: &'static str,
    pub(crate) fact: Fact,
    /// Read by the OpenAPI schemas.
    #[cfg_attr(not(feature = "utoipa"), allow(dead_code))]
    pub(crate) required: bool,
}

const fn required(key: &'static str, fact: Fact) -> Member {
    Member {
        key,
        fact,
        required: true,
    }
}

const fn optional(key: &'static str, fact: Fact) -> Member {
    Member {
        key,
        fact,
        required: false,
    }
}

impl Part {
    /// The members of this object, in the order they are written: the one definition
    /// of each built-in body. `body!` declares each list and, from the same tokens,
    /// the function that renders it (for responses, the fixed bodies' templates and
    /// the `Serialize` impl); the OpenAPI schemas and the client's decoder read the
    /// list.
    pub(crate) const fn members(self) -> &'static [Member] {
        match self {
            Part::Simple => SIMPLE,
            Part::Problem => PROBLEM,
            Part::Envelope => ENVELOPE,
            Part::EnvelopeMeta => ENVELOPE_META,
            Part::EnvelopeError => ENVELOPE_ERROR,
        }
    }
}

/// A built-in body's members: the list (`$name`, which the schemas and the client read)
/// and the function writing them (`$write`), one statement per member whose fact is
/// known when it is compiled, so the renderer is as direct as if written by hand.
macro_rules! body {
    ($name:ident, $write:ident: [$($kind:ident($key:literal, $fact:expr)),* $(,)?]) => {
        const $name: &[Member] = &[$($kind($key, $fact)),*];

        #[inline]
        fn $write<S: Sink>(e: &ErrorView<'_>, s: &mut S) -> Result<(), S::Error> {
            $(write_member(&const { $kind($key, $fact) }, e, s)?;)*
            Ok(())
        }
    };
}

body!(SIMPLE, write_simple: [
    required("error", Fact::Code),
    required("message", Fact::Message),
    optional("docs", Fact::Docs),
    optional("request_id", Fact::RequestId),
    optional("trace_id", Fact::TraceId),
    optional("errors", Fact::Errors),
    optional("details", Fact::Details),
]);

body!(PROBLEM, write_problem: [
    required("type", Fact::Type),
    required("title", Fact::ProblemTitle),
    required("status", Fact::Status),
    required("detail", Fact::Message),
    optional("instance", Fact::Instance),
    required("code", Fact::Code),
    optional("request_id", Fact::RequestId),
    optional("trace_id", Fact::TraceId),
    optional("errors", Fact::Errors),
    optional("", Fact::FlatDetails),
]);

body!(ENVELOPE, write_envelope: [
    required("meta", Fact::Object(Part::EnvelopeMeta)),
    required("error", Fact::Object(Part::EnvelopeError)),
]);

// The envelope makes a request id where the request has none: always present.
body!(ENVELOPE_META, write_envelope_meta: [
    required("requestId", Fact::RequestId),
    optional("traceId", Fact::TraceId),
]);

body!(ENVELOPE_ERROR, write_envelope_error: [
    required("title", Fact::Title),
    required("detail", Fact::Message),
    required("status", Fact::Status),
    required("type", Fact::Type),
    required("code", Fact::Code),
    optional("errors", Fact::ErrorsOn400),
    optional("details", Fact::Details),
]);

/// Every key a built-in body uses, nested objects' included: the names an exposed
/// field may not take, so that a detail never reads like a part of the format.
pub(crate) fn member_keys() -> impl Iterator<Item = &'static str> {
    [
        Part::Simple,
        Part::Problem,
        Part::Envelope,
        Part::EnvelopeMeta,
        Part::EnvelopeError,
    ]
    .into_iter()
    .flat_map(Part::members)
    .map(|member| member.key)
    .filter(|key| !key.is_empty())
}

/// The members of `part` for `e`, as [`Part::members`] lists them.
fn layout<S: Sink>(part: Part, e: &ErrorView<'_>, s: &mut S) -> Result<(), S::Error> {
    match part {
        Part::Simple => write_simple(e, s),
        Part::Problem => write_problem(e, s),
        Part::Envelope => write_envelope(e, s),
        Part::EnvelopeMeta => write_envelope_meta(e, s),
        Part::EnvelopeError => write_envelope_error(e, s),
    }
}

/// One member: its value read from `e` by its fact.
#[inline(always)]
fn write_member<S: Sink>(member: &Member, e: &ErrorView<'_>, s: &mut S) -> Result<(), S::Error> {
    let key = member.key;
    match member.fact {
        Fact::Code => s.str(key, e.code()),
        Fact::Message => s.message(key, e.message()),
        Fact::Docs => s.opt_str(key, e.docs_url()),
        Fact::Type => s.str(key, e.type_uri()),
        Fact::Title => s.str(key, e.title()),
        Fact::ProblemTitle => s.str(key, e.problem_title()),
        Fact::Status => s.u16(key, e.status().as_u16()),
        Fact::Instance => s.context_str(key, Slot::Instance, e.instance()),
        Fact::RequestId => s.context_str(key, Slot::RequestId, e.request_id()),
        Fact::TraceId => s.context_str(key, Slot::TraceId, e.trace_id()),
        Fact::Errors => match e.errors() {
            Some(errors) => s.errors(key, errors),
            None => Ok(()),
        },
        Fact::ErrorsOn400 => match e.errors() {
            Some(errors) => s.errors(key, errors),
            None if e.status() == StatusCode::BAD_REQUEST => s.errors(key, &[]),
            None => Ok(()),
        },
        Fact::Details => match e.details() {
            Some(details) => s.details(key, details),
            None => Ok(()),
        },
        Fact::FlatDetails => match e.details() {
            Some(details) => s.flat_details(details),
            None => Ok(()),
        },
        Fact::Object(part) => s.object(key, part, e),
    }
}

/// Writes JSON into the body buffer. Keys are the layout's literals (and field names,
/// which are Rust identifiers), so they need no escaping; every value goes through
/// serde_json.
struct JsonSink<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// Where the members filled from the request context stand, when rendering the
    /// template of a fixed body (see `fixed.rs`).
    slots: Option<&'a mut Vec<SlotSpan>>,
}

impl JsonSink<'_> {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> serde_json::Result<()> {
        self.key(key);
        value.serialize(&mut serde_json::Serializer::new(&mut *self.out))
    }

    /// Writes `{`, the members of `part`, `}`.
    fn write(
        out: &mut Vec<u8>,
        part: Part,
        e: &ErrorView<'_>,
        slots: Option<&mut Vec<SlotSpan>>,
    ) -> serde_json::Result<()> {
        out.push(b'{');
        layout(
            part,
            e,
            &mut JsonSink {
                out: &mut *out,
                first: true,
                slots,
            },
        )?;
        out.push(b'}');
        Ok(())
    }
}

/// Writes the body of `e` in `kind` into `out` and records in `slots` where the
/// members filled from the request context stand: the template of a fixed body.
pub(crate) fn write_template(
    kind: FormatKind,
    e: &ErrorView<'_>,
    out: &mut Vec<u8>,
    slots: &mut Vec<SlotSpan>,
) -> serde_json::Result<()> {
    JsonSink::write(out, kind.into(), e, Some(slots))
}

impl Sink for JsonSink<'_> {
    type Error = serde_json::Error;

    fn str(&mut self, key: &'static str, value: &str) -> serde_json::Result<()> {
        self.key(key);
        write_json_str(self.out, value);
        Ok(())
    }

    fn context_str(
        &mut self,
        key: &'static str,
        slot: Slot,
        value: Option<&str>,
    ) -> serde_json::Result<()> {
        let Some(value) = value else {
            return Ok(());
        };
        let start = self.out.len();
        self.key(key);
        let value_at = self.out.len();
        write_json_str(self.out, value);
        if let Some(slots) = self.slots.as_deref_mut() {
            slots.push(SlotSpan {
                slot,
                start,
                value: value_at,
                end: self.out.len(),
            });
        }
        Ok(())
    }

    fn u16(&mut self, key: &'static str, value: u16) -> serde_json::Result<()> {
        self.value(key, &value)
    }

    fn message(&mut self, key: &'static str, message: Message<'_>) -> serde_json::Result<()> {
        let Message::Error(error) = message else {
            return self.value(key, &message);
        };
        self.key(key);
        // The message is formatted straight into the body: the buffer never fails, so
        // an error can only come from a field's `Display`, and the text needs escaping
        // only when it holds a quote, a backslash or a control character. The rare text
        // that does is cut out again and escaped by serde_json.
        let start = self.out.len();
        self.out.push(b'"');
        if fmt::write(
            &mut BodyWriter(self.out),
            format_args!("{}", Message::Error(error)),
        )
        .is_err()
        {
            return Err(serde_json::Error::custom(
                "the public message failed to format",
            ));
        }
        let needs_escape = self
            .out
            .get(start + 1..)
            .is_some_and(crate::scan::needs_json_escape);
        if needs_escape {
            let raw = self.out.split_off(start);
            let text = String::from_utf8_lossy(raw.get(1..).unwrap_or_default());
            return text.serialize(&mut serde_json::Serializer::new(&mut *self.out));
        }
        self.out.push(b'"');
        Ok(())
    }

    fn errors(&mut self, key: &'static str, errors: &[FieldViolation]) -> serde_json::Result<()> {
        self.value(key, errors)
    }

    fn details(&mut self, key: &'static str, details: Details<'_>) -> serde_json::Result<()> {
        self.value(key, &details)
    }

    fn flat_details(&mut self, details: Details<'_>) -> serde_json::Result<()> {
        let mut result = Ok(());
        details.error.visit_details(&mut |name, value| {
            if result.is_ok() {
                self.key(name);
                result = value.serialize(&mut serde_json::Serializer::new(&mut *self.out));
            }
        });
        result
    }

    fn object(
        &mut self,
        key: &'static str,
        part: Part,
        e: &ErrorView<'_>,
    ) -> serde_json::Result<()> {
        self.key(key);
        JsonSink::write(self.out, part, e, self.slots.as_deref_mut())
    }
}

/// `value` as a JSON string: copied between quotes when it needs no escaping, else
/// escaped by serde_json.
pub(crate) fn write_json_str(out: &mut Vec<u8>, value: &str) {
    if !crate::scan::needs_json_escape(value.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    } else if serde_json::to_writer(&mut *out, value).is_err() {
        // Writing a string into a vector cannot fail; keep the JSON valid regardless.
        out.extend_from_slice(b"\"\"");
    }
}

/// `fmt::Write` into the body buffer, which never fails.
struct BodyWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for BodyWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Drives a serde map.
struct SerdeSink<M>(M);

/// `part` of a body as a serde value, for nested objects.
struct PartBody<'a> {
    part: Part,
    e: &'a ErrorView<'a>,
}

impl Serialize for PartBody<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut sink = SerdeSink(serializer.serialize_map(None)?);
        layout(self.part, self.e, &mut sink)?;
        sink.0.end()
    }
}

impl<M: SerializeMap> Sink for SerdeSink<M> {
    type Error = M::Error;

    fn str(&mut self, key: &'static str, value: &str) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    fn u16(&mut self, key: &'static str, value: u16) -> Result<(), M::Error> {
        self.0.serialize_entry(key, &value)
    }

    fn message(&mut self, key: &'static str, message: Message<'_>) -> Result<(), M::Error> {
        self.0.serialize_entry(key, &message)
    }

    fn errors(&mut self, key: &'static str, errors: &[FieldViolation]) -> Result<(), M::Error> {
        self.0.serialize_entry(key, errors)
    }

    fn details(&mut self, key: &'static str, details: Details<'_>) -> Result<(), M::Error> {
        self.0.serialize_entry(key, &details)
    }

    fn flat_details(&mut self, details: Details<'_>) -> Result<(), M::Error> {
        details.serialize_entries(&mut self.0)
    }

    fn object(&mut self, key: &'static str, part: Part, e: &ErrorView<'_>) -> Result<(), M::Error> {
        self.0.serialize_entry(key, &PartBody { part, e })
    }
}

/// The body of `view` in `format` (see [`write_body_or_fallback`]).
///
/// It is written into a buffer kept per thread and copied out once at its exact size,
/// so a response costs one allocation for its body: `Bytes::from(Vec)` would add a
/// shared header whenever the vector has spare capacity. A nested rendering (a
/// `Display` impl that renders another error) gets a buffer of its own.
pub(crate) fn render_body(format: &dyn Format, view: &ErrorView<'_>) -> Bytes {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    // A buffer that grew past this for a large body is not kept.
    const KEEP: usize = 16 * 1024;
    let rendered = BUFFER.try_with(|cell| {
        let mut buffer = cell.try_borrow_mut().ok()?;
        buffer.clear();
        write_body_or_fallback(format, view, &mut buffer);
        let body = Bytes::copy_from_slice(&buffer);
        if buffer.capacity() > KEEP {
            *buffer = Vec::new();
        }
        Some(body)
    });
    match rendered {
        Ok(Some(body)) => body,
        _ => {
            let mut buffer = Vec::with_capacity(256);
            write_body_or_fallback(format, view, &mut buffer);
            Bytes::from(buffer)
        }
    }
}

/// Writes the body of `view` in `format` into the empty `out`, falling back to a body
/// without anything user code produces when that fails, so the result is always
/// valid JSON.
fn write_body_or_fallback(format: &dyn Format, view: &ErrorView<'_>, out: &mut Vec<u8>) {
    // Room for a typical body, and for each violation, so that a fresh buffer grows
    // at most once.
    let violations = view.errors().map_or(0, <[FieldViolation]>::len);
    out.reserve(256 + 128 * violations);
    if format.write_body(view, out).is_ok() {
        return;
    }
    out.clear();
    let safe = view.safe();
    if format.write_body(&safe, out).is_ok() {
        return;
    }
    out.clear();
    if FormatKind::Simple.write_body(&safe, out).is_err() {
        // Only strings and integers remain, which serde_json always writes; keep a
        // valid body all the same.
        out.clear();
        out.extend_from_slice(br#"{"error":"INTERNAL","message":"Internal Server Error"}"#);
    }
}

/// Serializes `error` as its public body in its default format, for `Serialize` impls.
pub(crate) fn serialize_error<S: Serializer>(
    error: &dyn ApiError,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let context = RequestContext::EMPTY;
    let view = ErrorView::new(error, &context);
    let format = error.body_format();
    match format.builtin() {
        Some(kind) => kind.serialize(&view, serializer),
        // A format of the user's own writes JSON text: serialized through a value.
        None => {
            let mut out = Vec::new();
            write_body_or_fallback(format, &view, &mut out);
            serde_json::from_slice::<serde_json::Value>(&out)
                .map_err(S::Error::custom)?
                .serialize(serializer)
        }
    }
}

/// A member whose value comes from the request context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// `request_id`, or `requestId` in the envelope's `meta`.
    RequestId,
    /// RFC 9457's `instance`.
    Instance,
    /// `trace_id`, or `traceId` in the envelope's `meta`, when exposed.
    TraceId,
}

/// Where the writer put a slot's member: `start..end` is the whole member with its
/// leading comma (dropped when the context has no value); `value..end` is its value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SlotSpan {
    pub(crate) slot: Slot,
    pub(crate) start: usize,
    pub(crate) value: usize,
    pub(crate) end: usize,
}
