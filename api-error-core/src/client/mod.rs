//! The client side (feature `client`) of an API built with `http-api-error`: decode error responses, rebuild
//! typed errors, and retry what may be retried.
//!
//! - [`RemoteError::decode`] reads any of the three built-in body formats (simple,
//!   problem, envelope) from a response's status, headers and body. It never fails:
//!   an HTML page from a proxy, an empty body or truncated JSON still gives a
//!   [`RemoteError`] with the status and an excerpt of the body.
//! - [`FromRemote`] rebuilds the server's own error type from a [`RemoteError`],
//!   where the body carries every field of the variant.
//! - [`RetryPolicy`] computes how long to wait before the next attempt: exponential
//!   backoff with full jitter, or the server's `Retry-After`, and only for errors that
//!   may be retried (429 and 5xx). It does not sleep, so it works with any runtime or
//!   none. With the `reqwest` feature, [`send_with_retry`] runs the loop for reqwest.
//!
//! ```
//! use http_api_error_core::client::{RemoteError, RetryPolicy};
//! use http_api_error_core::{FormatKind, HeaderMap, StatusCode};
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("content-type", "application/json".parse().unwrap());
//! headers.insert("retry-after", "3".parse().unwrap());
//! let body = br#"{"error":"RATE_LIMITED","message":"Rate limit exceeded","request_id":"req_1"}"#;
//!
//! let error = RemoteError::decode(StatusCode::TOO_MANY_REQUESTS, &headers, body);
//! assert_eq!(error.format(), Some(FormatKind::Simple));
//! assert_eq!(error.code(), Some("RATE_LIMITED"));
//! assert_eq!(error.request_id(), Some("req_1"));
//! assert!(error.retryable());
//! assert_eq!(error.to_string(), "429 Too Many Requests RATE_LIMITED: Rate limit exceeded (request id req_1)");
//!
//! // The server asked for 3 s: that is the wait, whatever the backoff would say.
//! let policy = RetryPolicy::new();
//! assert_eq!(policy.next_delay(1, &error), Some(std::time::Duration::from_secs(3)));
//! ```

mod policy;
mod remote;
#[cfg(feature = "reqwest")]
mod send;

#[doc(hidden)]
pub mod __private;

pub use self::policy::{RetryPolicy, splitmix64};
pub use self::remote::RemoteError;
#[cfg(feature = "reqwest")]
pub use self::send::{SendError, send_with_retry};

/// A type that can be rebuilt from a decoded error response: the client-side inverse
/// of [`ApiError`](crate::ApiError).
///
/// The variant is chosen by [`RemoteError::code`]; its fields come from what the body
/// carries: exposed fields from [`RemoteError::details`] (`#[api(expose)]`),
/// violations from [`RemoteError::errors`] (`#[api(errors)]`) and the `Retry-After`
/// header (`#[api(retry_after)]`). A variant with any other field (a source error, a
/// field only interpolated into the message) cannot be rebuilt, and neither can a code
/// the type does not know: both give `None`, and the [`RemoteError`] itself still
/// says everything the response did.
///
/// ```
/// use http_api_error_core::client::{FromRemote, RemoteError};
/// use http_api_error_core::{HeaderMap, StatusCode};
///
/// #[derive(Debug, PartialEq)]
/// enum LinkError {
///     NotFound,
///     Gone { id: String },
/// }
///
/// impl FromRemote for LinkError {
///     fn from_remote(remote: &RemoteError) -> Option<Self> {
///         match remote.code()? {
///             "LINK_NOT_FOUND" => Some(LinkError::NotFound),
///             "LINK_GONE" => Some(LinkError::Gone { id: remote.exposed("id")? }),
///             _ => None,
///         }
///     }
/// }
///
/// let body = br#"{"error":"LINK_GONE","message":"Link lnk_1 has been deleted","details":{"id":"lnk_1"}}"#;
/// let remote = RemoteError::decode(StatusCode::GONE, &HeaderMap::new(), body);
/// assert_eq!(LinkError::from_remote(&remote), Some(LinkError::Gone { id: "lnk_1".into() }));
/// ```
pub trait FromRemote: Sized {
    /// The error `remote` describes, if it is one of this type's and the response
    /// carries all of its fields.
    fn from_remote(remote: &RemoteError) -> Option<Self>;
}
