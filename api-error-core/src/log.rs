//! The operator's side of an error response: how loudly it is logged, the facts a
//! middleware can read from the response, and (feature `tracing`) the log event with
//! what the client never sees.

use http::StatusCode;

/// How loudly an error response is logged (with the `tracing` feature): `Off`, or one
/// of tracing's levels.
///
/// The default ([`LogLevel::for_status`]) is `Error` for a 5xx and `Debug` for a 4xx;
/// `#[api(log = "warn")]` on a variant or the type overrides it, and `log = "off"`
/// silences one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// Not logged.
    Off,
    /// tracing's `TRACE`.
    Trace,
    /// tracing's `DEBUG`: the default for a 4xx.
    Debug,
    /// tracing's `INFO`.
    Info,
    /// tracing's `WARN`.
    Warn,
    /// tracing's `ERROR`: the default for a 5xx.
    Error,
}

impl LogLevel {
    /// Every level, quietest first.
    pub const ALL: [LogLevel; 6] = [
        LogLevel::Off,
        LogLevel::Trace,
        LogLevel::Debug,
        LogLevel::Info,
        LogLevel::Warn,
        LogLevel::Error,
    ];

    /// The default for `status`: `Error` for a 5xx, `Debug` for anything else.
    ///
    /// A 4xx is the client's mistake, answered as designed, and a busy API answers
    /// thousands of 401s, 404s and 429s an hour: logged above `DEBUG`, they would drown
    /// the 5xx an operator must act on (tower-http's `TraceLayer` draws the same line,
    /// treating only 5xx as failures). Raise a 4xx an operator does watch with
    /// `#[api(log = "warn")]`.
    #[must_use]
    pub const fn for_status(status: StatusCode) -> LogLevel {
        if status.as_u16() >= 500 {
            LogLevel::Error
        } else {
            LogLevel::Debug
        }
    }

    /// The name used in `#[api(log = "...")]`: `off`, `trace`, `debug`, `info`, `warn`
    /// or `error`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }

    /// The level with this [`name`](LogLevel::name).
    #[must_use]
    pub fn from_name(name: &str) -> Option<LogLevel> {
        LogLevel::ALL.into_iter().find(|level| level.name() == name)
    }
}

/// Which error a response was rendered from, put in the response's
/// [`http::Extensions`] by every rendering path, so that a tower layer or middleware
/// (a metrics layer counting responses by `error.type`, a custom logger) can tell.
///
/// It holds only public facts: no message, no source, no field.
///
/// ```
/// use http_api_error_core::{ApiError, RenderedError, StatusCode};
///
/// struct Gone;
/// impl ApiError for Gone {
///     fn status(&self) -> StatusCode { StatusCode::GONE }
///     fn code(&self) -> &'static str { "LINK_GONE" }
/// }
///
/// let response = Gone.to_response();
/// let rendered = response.extensions().get::<RenderedError>().unwrap();
/// assert_eq!((rendered.code, rendered.status, rendered.retryable), ("LINK_GONE", StatusCode::GONE, false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RenderedError {
    /// The code, such as `LINK_GONE`.
    pub code: &'static str,
    /// The response's status.
    pub status: StatusCode,
    /// Whether a client may retry.
    pub retryable: bool,
}

impl RenderedError {
    /// The facts of a response rendered from an error with these answers.
    #[must_use]
    pub const fn new(code: &'static str, status: StatusCode, retryable: bool) -> Self {
        RenderedError {
            code,
            status,
            retryable,
        }
    }
}

#[cfg(feature = "tracing")]
pub(crate) use event::emit;

#[cfg(feature = "tracing")]
mod event {
    use core::fmt;
    use std::error::Error;

    use super::LogLevel;
    use crate::{ApiError, Message, RequestContext};

    /// The `Display` of every error below the top one, in order: `source()` followed to
    /// the end.
    struct Sources<'a>(&'a (dyn Error + 'static));

    impl fmt::Debug for Sources<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut list = f.debug_list();
            let mut next = Some(self.0);
            while let Some(error) = next {
                // Quoted and escaped, so that a line break in a message cannot forge a
                // log line and each level reads apart.
                list.entry(&error.to_string());
                next = error.source();
            }
            list.finish()
        }
    }

    /// Emits the one event of an error response: target `http_api_error`, at the
    /// error's [`log_level`](ApiError::log_level), inside the current span. With no
    /// subscriber interested, this is a level check and no field is evaluated.
    pub(crate) fn emit(error: &dyn ApiError, status: http::StatusCode, context: &RequestContext) {
        macro_rules! at {
            ($level:expr) => {{
                let cause = error.as_std_error();
                tracing::event!(
                    target: "http_api_error",
                    $level,
                    "error.type" = error.code(),
                    "http.response.status_code" = status.as_u16(),
                    "request_id" = context.request_id(),
                    "trace_id" = context.trace_id(),
                    "url.path" = context.path(),
                    "error.message" = %Message::new(error),
                    "exception.message" = cause.map(tracing::field::display),
                    "error.sources" = cause.and_then(Error::source).map(|source| tracing::field::debug(Sources(source))),
                    "error.debug" = cause.map(tracing::field::debug),
                    "error response"
                )
            }};
        }
        match error.log_level() {
            LogLevel::Off => {}
            LogLevel::Trace => at!(tracing::Level::TRACE),
            LogLevel::Debug => at!(tracing::Level::DEBUG),
            LogLevel::Info => at!(tracing::Level::INFO),
            LogLevel::Warn => at!(tracing::Level::WARN),
            LogLevel::Error => at!(tracing::Level::ERROR),
        }
    }
}
