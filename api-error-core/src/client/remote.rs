use core::fmt;
use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::format::{Fact, Part};
use crate::{FieldViolation, FormatKind, RetryAfter, X_REQUEST_ID, default_retryable};

/// Bodies longer than this are not parsed as JSON: an error body is a few hundred
/// bytes, and parsing an arbitrarily large one would cost memory in proportion.
const MAX_JSON_BODY: usize = 1024 * 1024;

/// How much of a body that is not understood [`RemoteError::body_excerpt`] keeps.
const EXCERPT_BYTES: usize = 512;

/// The request-id header Stripe and others send, tried after `x-request-id`.
const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// An error response from an HTTP API, decoded from its status, headers and body.
///
/// [`decode`](RemoteError::decode) recognises the three built-in formats of this
/// crate without being told which one the server uses:
///
/// | format | recognised by | code | message | docs URL | request id |
/// |---|---|---|---|---|---|
/// | problem (RFC 9457) | `Content-Type: application/problem+json`, or a `type`, `title`, `status` or `detail` member | `code` | `detail` | `type` | `request_id` |
/// | envelope | an `error` object (beside `meta`) | `error.code` | `error.detail` (else `error.message`) | `error.type` | `meta.requestId` |
/// | simple | an `error` string | `error` | `message` | `docs` | `request_id` |
///
/// Titles, `instance`, violations (`errors`) and exposed fields (`details`, or the
/// problem's unknown members) are read where the format has them; a request id
/// missing from the body is taken from the `x-request-id` (else `request-id`) header,
/// and `Retry-After` always comes from its header.
///
/// Decoding never fails and never panics. As RFC 9457 asks of clients, members of an
/// unexpected JSON type are ignored, like unknown members. A body in none of the
/// formats (an HTML page from a proxy, an empty body, truncated JSON, a body over
/// 1 MiB) gives an error with the status and [`format`](RemoteError::format) `None`,
/// and keeps an [excerpt](RemoteError::body_excerpt) of the body.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteError {
    status: StatusCode,
    format: Option<FormatKind>,
    code: Option<String>,
    title: Option<String>,
    message: Option<String>,
    docs_url: Option<String>,
    instance: Option<String>,
    request_id: Option<String>,
    trace_id: Option<String>,
    errors: Vec<FieldViolation>,
    details: Map<String, Value>,
    retry_after: Option<RetryAfter>,
    body_excerpt: Option<String>,
    grpc: Option<crate::GrpcCode>,
}

impl RemoteError {
    /// An error with `status` and nothing else known about it.
    #[must_use]
    pub fn new(status: StatusCode) -> Self {
        RemoteError {
            status,
            format: None,
            code: None,
            title: None,
            message: None,
            docs_url: None,
            instance: None,
            request_id: None,
            trace_id: None,
            errors: Vec::new(),
            details: Map::new(),
            retry_after: None,
            body_excerpt: None,
            grpc: None,
        }
    }

    /// Decodes a gRPC error (features `tonic` and `client`): the status's code (and the
    /// HTTP status grpc-gateway gives it, [`GrpcCode::http_status`], which decides
    /// [`retryable`](RemoteError::retryable)), its message, and Google's rich error
    /// details as the crate's `tonic` module writes them: `ErrorInfo`'s `reason` as the
    /// code and its metadata as the exposed fields, `BadRequest` as the violations,
    /// `RetryInfo` as the retry delay, `Help`'s first link as the docs URL and
    /// `RequestInfo` (else the `x-request-id` metadata) as the request id.
    ///
    /// Never fails: a status without details, or with details that do not decode, gives
    /// an error with its code and message.
    ///
    /// [`GrpcCode::http_status`]: crate::GrpcCode::http_status
    #[cfg(feature = "tonic")]
    #[must_use]
    pub fn from_status(status: &tonic::Status) -> Self {
        use tonic_types::StatusExt as _;
        let grpc = crate::GrpcCode::from_value(status.code() as i32);
        let http = grpc.map_or(500, crate::GrpcCode::http_status);
        let mut error = RemoteError::new(
            StatusCode::from_u16(http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
        error.grpc = grpc;
        error.message = Some(status.message().to_owned()).filter(|message| !message.is_empty());
        if let Ok(details) = status.check_error_details() {
            if let Some(info) = details.error_info() {
                error.code = Some(info.reason.clone()).filter(|code| !code.is_empty());
                error.details = info
                    .metadata
                    .iter()
                    .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                    .collect();
            }
            if let Some(bad_request) = details.bad_request() {
                error.errors = bad_request
                    .field_violations
                    .iter()
                    .map(|field| {
                        let violation =
                            FieldViolation::new(field.field.clone(), field.description.clone());
                        if field.reason.is_empty() {
                            violation
                        } else {
                            violation.with_code(field.reason.clone())
                        }
                    })
                    .collect();
            }
            if let Some(delay) = details.retry_info().and_then(|info| info.retry_delay) {
                // Whole seconds, as `Retry-After` counts them, rounded up.
                let seconds = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
                error.retry_after = Some(RetryAfter::Seconds(seconds));
            }
            if let Some(help) = details.help() {
                error.docs_url = help.links.first().map(|link| link.url.clone());
            }
            if let Some(info) = details.request_info() {
                error.request_id = Some(info.request_id.clone()).filter(|id| !id.is_empty());
            }
        }
        if error.request_id.is_none() {
            error.request_id = status
                .metadata()
                .get(X_REQUEST_ID.as_str())
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
        }
        error
    }

    /// The gRPC code, for an error decoded from a `tonic::Status`
    /// ([`from_status`](RemoteError::from_status)); `None` for an HTTP response.
    #[must_use]
    pub fn grpc_code(&self) -> Option<crate::GrpcCode> {
        self.grpc
    }

    /// Decodes an error response. Never fails: see the [type docs](RemoteError).
    #[must_use]
    pub fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let mut error = RemoteError::new(status);
        error.retry_after = headers.get(RETRY_AFTER).and_then(parse_retry_after);
        if body.len() <= MAX_JSON_BODY {
            // serde_json's recursion limit turns deeply nested input into an error
            // before it can exhaust the stack.
            if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) {
                error.read(object, is_problem(headers));
            }
        }
        if error.format.is_none() {
            error.body_excerpt = excerpt(body);
        }
        if error.request_id.is_none() {
            error.request_id = [X_REQUEST_ID, REQUEST_ID]
                .iter()
                .find_map(|name| header_text(headers.get(name)?));
        }
        error
    }

    /// Decodes a response whose body is in memory (see [`decode`](RemoteError::decode)).
    #[must_use]
    pub fn from_response<B: AsRef<[u8]>>(response: &Response<B>) -> Self {
        RemoteError::decode(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// This error with the code `code` (for [`Format::read_back`](crate::Format::read_back)).
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// This error with the public message `message`.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// This error with the title `title`.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// This error with the docs URL `url`.
    #[must_use]
    pub fn with_docs_url(mut self, url: impl Into<String>) -> Self {
        self.docs_url = Some(url.into());
        self
    }

    /// This error with the request id `id`.
    #[must_use]
    pub fn with_request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// This error with the field violations `errors`.
    #[must_use]
    pub fn with_errors(mut self, errors: Vec<FieldViolation>) -> Self {
        self.errors = errors;
        self
    }

    /// The HTTP status of the response (not a `status` member of the body).
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body format that was recognised; `None` when the body is in none of them.
    #[must_use]
    pub fn format(&self) -> Option<FormatKind> {
        self.format
    }

    /// The stable machine-readable code, such as `LINK_GONE`.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The title (problem and envelope formats): a short summary, constant per code.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The public message: `message` in the simple format, `detail` in the others.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The URL documenting the code: `docs` in the simple format, `type` in the
    /// others (except `about:blank`, which documents nothing).
    #[must_use]
    pub fn docs_url(&self) -> Option<&str> {
        self.docs_url.as_deref()
    }

    /// The problem format's `instance`: a URI reference of this occurrence.
    #[must_use]
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// The request id, from the body, else from the `x-request-id` header (or
    /// `request-id`): quote it when reporting the error to the API's operators.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The W3C trace id the body carried (`trace_id`, or `meta.traceId` in the
    /// envelope), when the server exposes it.
    #[must_use]
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// The field violations of the body's `errors` array. Items without a string
    /// `location` (or RFC 9457's `pointer`) and `message` (or `detail`) are skipped.
    #[must_use]
    pub fn errors(&self) -> &[FieldViolation] {
        &self.errors
    }

    /// The exposed fields: the `details` object in the simple and envelope formats,
    /// the members RFC 9457 does not define (`code`, `request_id` and `errors` aside)
    /// in the problem format.
    #[must_use]
    pub fn details(&self) -> &Map<String, Value> {
        &self.details
    }

    /// The exposed field `name` as a `T`; `None` when it is missing (unless `T` is an
    /// `Option`, which is then `None`) or is not a `T`.
    #[must_use]
    pub fn exposed<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let value = self.details.get(name).unwrap_or(&Value::Null);
        T::deserialize(value).ok().or_else(|| {
            // gRPC's `ErrorInfo` metadata holds strings: a number or an object arrives
            // as its JSON text.
            serde_json::from_str(value.as_str()?).ok()
        })
    }

    /// The `Retry-After` header, in seconds or as a date.
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// How long `Retry-After` asks to wait from now, at most
    /// [`MAX_RETRY_AFTER`](Self::MAX_RETRY_AFTER) (one day), so a caller may sleep on
    /// it directly.
    ///
    /// `None` when the header is absent, and also when it says `0` or a date that has
    /// passed: retrying at once gives no hint at all, and clients that all retry at
    /// once in lockstep are what jittered backoff exists to avoid, so such a header
    /// counts as none ([`RetryPolicy`](crate::client::RetryPolicy) then backs off).
    #[must_use]
    pub fn retry_after_delay(&self) -> Option<Duration> {
        let delay = match self.retry_after? {
            RetryAfter::Seconds(seconds) => Duration::from_secs(seconds),
            RetryAfter::At(time) => time.duration_since(SystemTime::now()).ok()?,
        };
        (!delay.is_zero()).then(|| delay.min(Self::MAX_RETRY_AFTER))
    }

    /// The longest delay [`retry_after_delay`](Self::retry_after_delay) returns: one
    /// day. A larger `Retry-After` (`99999999999999999999`, a date in year 9999) is a
    /// server bug or an attack, not a plan.
    pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

    /// Whether the request may be retried: `true` for 429 and 5xx, `false` for every
    /// other status (the same rule as [`ApiError::retryable`]'s default).
    ///
    /// [`ApiError::retryable`]: crate::ApiError::retryable
    #[must_use]
    pub fn retryable(&self) -> bool {
        default_retryable(self.status)
    }

    /// The start of a body in none of the formats (at most 512 bytes, cut at a
    /// character boundary, with invalid UTF-8 replaced and `…` marking a cut), for
    /// logs: control characters, line separators and bidirectional controls are
    /// escaped (`\r\n`, `\u{1b}`, `\u{202e}`), so a body cannot forge or reorder a log
    /// line. `None` when the body was understood or empty.
    #[must_use]
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }

    fn read(&mut self, mut body: Map<String, Value>, problem_content_type: bool) {
        let error = body.get("error");
        // An envelope is an envelope whatever its label: Unkey sends its 429 envelope as
        // `application/problem+json`.
        let envelope =
            error.is_some_and(Value::is_object) && body.get("meta").is_some_and(Value::is_object);
        let format = if envelope {
            FormatKind::Envelope
        } else if problem_content_type {
            FormatKind::Problem
        } else if error.is_some_and(Value::is_object) {
            FormatKind::Envelope
        } else if error.is_some_and(Value::is_string) {
            FormatKind::Simple
        } else if body.get("type").is_some_and(Value::is_string)
            || body.get("title").is_some_and(Value::is_string)
            || body.get("status").is_some_and(Value::is_u64)
            || body.get("detail").is_some_and(Value::is_string)
        {
            FormatKind::Problem
        } else {
            // A JSON object of another API's shape: keep the usual members.
            self.code = take_string(&mut body, "code");
            self.message = take_string(&mut body, "message");
            return;
        };
        self.format = Some(format);
        self.take_members(format.into(), &mut body);
    }

    /// Takes the members of `part` (see [`Part::members`], the format's one
    /// definition) out of `object` into this error, by what each holds.
    fn take_members(&mut self, part: Part, object: &mut Map<String, Value>) {
        for member in part.members() {
            let key = member.key;
            match member.fact {
                Fact::Code => self.code = take_string(object, key),
                Fact::Message => self.message = take_string(object, key),
                Fact::Docs | Fact::Type => self.docs_url = take_docs(object, key),
                Fact::Title | Fact::ProblemTitle => self.title = take_string(object, key),
                // Equal to the response's status, which is the one kept.
                Fact::Status => {
                    object.remove(key);
                }
                Fact::Instance => self.instance = take_string(object, key),
                Fact::RequestId => self.request_id = take_string(object, key),
                Fact::TraceId => self.trace_id = take_string(object, key),
                Fact::Errors | Fact::ErrorsOn400 => self.errors = take_violations(object, key),
                Fact::Details => self.details = take_object(object, key),
                // The rest of the object: what the members before it left.
                Fact::FlatDetails => self.details = core::mem::take(object),
                Fact::Object(inner) => {
                    let mut inner_object = take_object(object, key);
                    self.take_members(inner, &mut inner_object);
                }
            }
        }
        // An envelope whose error says `message` rather than `detail`.
        if part == Part::EnvelopeError && self.message.is_none() {
            self.message = take_string(object, "message");
        }
    }
}

impl fmt::Display for RemoteError {
    /// `410 Gone LINK_GONE: Link has been deleted (request id req_1)`, with what is
    /// known; control characters, line separators and bidirectional controls from the
    /// response are escaped, so it can go into a log line as it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status.as_u16())?;
        if let Some(reason) = self.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(code) = &self.code {
            f.write_str(" ")?;
            write_escaped(f, code)?;
        }
        if let Some(text) = self.message.as_deref().or(self.title.as_deref()) {
            f.write_str(": ")?;
            write_escaped(f, text)?;
        }
        if let Some(id) = &self.request_id {
            f.write_str(" (request id ")?;
            write_escaped(f, id)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for RemoteError {}

/// Whether `c` must not reach a log line or a terminal as it is: a C0 or C1 control
/// (line breaks, escape sequences), DEL, a line or paragraph separator, or a
/// bidirectional control that reorders how the rest of a line is displayed (Trojan
/// Source, CVE-2021-42574).
fn needs_log_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Writes `text` with every character [`needs_log_escape`] flags escaped (`\n`,
/// `\u{202e}`), so that a response cannot forge or reorder log lines.
fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    for part in text.split_inclusive(needs_log_escape) {
        let mut chars = part.chars();
        match chars.next_back() {
            Some(last) if needs_log_escape(last) => {
                out.write_str(chars.as_str())?;
                write!(out, "{}", last.escape_default())?;
            }
            _ => out.write_str(part)?,
        }
    }
    Ok(())
}

/// Whether the body is labelled RFC 9457 problem details.
fn is_problem(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| {
            media_type
                .trim()
                .eq_ignore_ascii_case("application/problem+json")
        })
}

/// `delay-seconds` or an HTTP date; anything else is ignored.
fn parse_retry_after(value: &HeaderValue) -> Option<RetryAfter> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Only an overflow fails, which is as good as forever.
        return Some(RetryAfter::Seconds(text.parse().unwrap_or(u64::MAX)));
    }
    httpdate::parse_http_date(text).ok().map(RetryAfter::At)
}

/// A header's value as text, when it is visible ASCII and not blank.
fn header_text(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.remove(key)? {
        Value::String(text) => Some(text),
        _ => None,
    }
}

/// A docs URL member; `about:blank` documents nothing.
fn take_docs(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    take_string(object, key).filter(|url| url != "about:blank")
}

fn take_object(object: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
    match object.remove(key) {
        Some(Value::Object(inner)) => inner,
        _ => Map::new(),
    }
}

fn take_violations(object: &mut Map<String, Value>, key: &str) -> Vec<FieldViolation> {
    match object.remove(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| FieldViolation::deserialize(item).ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// The start of `body` as text (see [`RemoteError::body_excerpt`]).
fn excerpt(body: &[u8]) -> Option<String> {
    let body = body.trim_ascii();
    if body.is_empty() {
        return None;
    }
    let mut end = body.len().min(EXCERPT_BYTES);
    // Back up to the start of a character cut in two (at most three continuation
    // bytes in valid UTF-8).
    for _ in 0..3 {
        if body.get(end).is_some_and(|&b| b & 0xC0 == 0x80) {
            end = end.saturating_sub(1);
        }
    }
    let raw = String::from_utf8_lossy(body.get(..end).unwrap_or_default());
    let mut text = String::with_capacity(raw.len() + 3);
    // Writing into a `String` cannot fail.
    let _ = write_escaped(&mut text, &raw);
    if end < body.len() {
        text.push('…');
    }
    Some(text)
}

/// Reads the `errors` items of every built-in format: `{"location", "message", "code",
/// "fix"}`. RFC 9457's `pointer` and `detail` stand in for `location` and `message`;
/// a `code` or `fix` that is not a string is ignored, like unknown members.
impl<'de> Deserialize<'de> for FieldViolation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ViolationVisitor;

        impl<'de> Visitor<'de> for ViolationVisitor {
            type Value = FieldViolation;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field violation with `location` and `message`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldViolation, A::Error> {
                let mut location = None;
                let mut pointer = None;
                let mut message = None;
                let mut detail = None;
                let mut code = None;
                let mut fix = None;
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "location" => &mut location,
                        "pointer" => &mut pointer,
                        "message" => &mut message,
                        "detail" => &mut detail,
                        "code" => &mut code,
                        "fix" => &mut fix,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    if let Value::String(text) = map.next_value::<Value>()? {
                        *slot = Some(text);
                    }
                }
                let location = location
                    .or(pointer)
                    .ok_or_else(|| A::Error::missing_field("location"))?;
                let message = message
                    .or(detail)
                    .ok_or_else(|| A::Error::missing_field("message"))?;
                Ok(FieldViolation {
                    location: location.into(),
                    message: message.into(),
                    code: code.map(Into::into),
                    fix: fix.map(Into::into),
                })
            }
        }

        deserializer.deserialize_map(ViolationVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_at_character_boundaries() {
        let body = "é".repeat(600);
        let text = excerpt(body.as_bytes()).unwrap();
        assert_eq!(text, format!("{}…", "é".repeat(256)));
        let body = format!("a{}", "é".repeat(600));
        let text = excerpt(body.as_bytes()).unwrap();
        assert_eq!(text, format!("a{}…", "é".repeat(255)));
        assert_eq!(excerpt(b"  \n "), None);
        assert_eq!(excerpt(b"<html>"), Some("<html>".to_owned()));
    }

    #[test]
    fn retry_after_takes_seconds_or_dates() {
        let parse = |text: &'static str| parse_retry_after(&HeaderValue::from_static(text));
        assert_eq!(parse("3"), Some(RetryAfter::Seconds(3)));
        assert_eq!(parse(" 0 "), Some(RetryAfter::Seconds(0)));
        assert_eq!(
            parse("99999999999999999999999"),
            Some(RetryAfter::Seconds(u64::MAX))
        );
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(RetryAfter::At(
                SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
            ))
        );
        assert_eq!(parse("-1"), None);
        assert_eq!(parse("soon"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn trace_ids_are_read_from_every_format_and_never_taken_for_details() {
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        let bodies = [
            format!(r#"{{"error":"X","message":"m","trace_id":"{trace}"}}"#),
            format!(
                r#"{{"type":"about:blank","title":"Bad Request","status":400,"detail":"m","code":"X","trace_id":"{trace}"}}"#
            ),
            format!(
                r#"{{"meta":{{"requestId":"r","traceId":"{trace}"}},"error":{{"title":"Bad Request","detail":"m","status":400,"type":"about:blank","code":"X"}}}}"#
            ),
        ];
        for body in bodies {
            let error =
                RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes());
            assert_eq!(
                (error.code(), error.trace_id()),
                (Some("X"), Some(trace)),
                "{body}"
            );
            assert!(error.details().is_empty(), "{body}");
        }
    }

    #[test]
    fn display_escapes_control_characters() {
        let body = br#"{"error":"X","message":"line\nforged"}"#;
        let error = RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
        assert_eq!(error.to_string(), r"400 Bad Request X: line\nforged");
    }

    #[test]
    fn display_escapes_bidi_controls_and_line_separators() {
        // A right-to-left override reorders the rest of a log line as displayed.
        let body =
            "{\"error\":\"X\",\"message\":\"ok \u{202e}gnp.exe\",\"request_id\":\"r\u{2066}1\"}";
        let error =
            RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes());
        assert_eq!(
            error.to_string(),
            r"400 Bad Request X: ok \u{202e}gnp.exe (request id r\u{2066}1)"
        );
        let cases = [
            ("\u{200e}\u{200f}\u{061c}", r"\u{200e}\u{200f}\u{61c}"),
            ("a\u{2028}b\u{2029}c", r"a\u{2028}b\u{2029}c"),
            (
                "\u{202a}\u{202b}\u{202c}\u{202d}",
                r"\u{202a}\u{202b}\u{202c}\u{202d}",
            ),
            ("\u{2067}\u{2068}\u{2069}", r"\u{2067}\u{2068}\u{2069}"),
            (
                "del\u{7f} nel\u{85} esc\u{1b}[2K",
                r"del\u{7f} nel\u{85} esc\u{1b}[2K",
            ),
            (
                "caf\u{e9} \u{5d0}\u{5d1} \u{1f600}",
                "caf\u{e9} \u{5d0}\u{5d1} \u{1f600}",
            ),
        ];
        for (text, shown) in cases {
            let mut out = String::new();
            write_escaped(&mut out, text).unwrap_or_default();
            assert_eq!(out, shown, "{text:?}");
        }
    }

    #[test]
    fn body_excerpts_escape_what_could_forge_a_log_line() {
        // The reported input: raw CR, LF and ESC from a proxy's page.
        let body = b"<html>\r\nforged line\x1b[2K";
        let error = RemoteError::decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body);
        assert_eq!(
            error.body_excerpt(),
            Some(r"<html>\r\nforged line\u{1b}[2K")
        );
        let body = "<p>\u{202e}txt.exe</p>".as_bytes();
        let error = RemoteError::decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body);
        assert_eq!(error.body_excerpt(), Some(r"<p>\u{202e}txt.exe</p>"));
    }
}
