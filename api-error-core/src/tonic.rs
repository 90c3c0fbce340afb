//! gRPC with [tonic](https://docs.rs/tonic) 0.14 (feature `tonic`): the same error,
//! as a `tonic::Status` with Google's rich error details (AIP-193), read by
//! [tonic-types](https://docs.rs/tonic-types).
//!
//! Every derived type converts into `tonic::Status` (`?` in a tonic handler), and
//! [`to_status`] converts a hand-written [`ApiError`]. The status has
//!
//! - the code of [`ApiError::grpc_code`]: the HTTP status's by
//!   [`GrpcCode::for_status`](crate::GrpcCode::for_status), or `#[api(grpc = "...")]`;
//! - the public message, by the same rule as an HTTP body: a 5xx never carries a
//!   source's text or an unexposed field, in the message, the details or the metadata;
//! - details: `ErrorInfo` (the code as `reason`, the type's `domain`, the exposed
//!   fields as metadata strings: a string as it is, anything else as JSON),
//!   `BadRequest` (each violation's location as `field`, message as `description`,
//!   code as `reason`; a fix has no place in Google's model and is left out),
//!   `RetryInfo` (`#[api(retry_after)]`), `Help` (the docs URL) and `RequestInfo` (the
//!   request id, with [`RequestIdLayer`] in the server).
//!
//! [`RemoteError::from_status`](crate::client::RemoteError::from_status) (features
//! `tonic` and `client`) reads such a status back, so the derived `FromRemote`
//! rebuilds the server's variant from a gRPC error as from an HTTP one.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use tonic_types::{ErrorDetails, StatusExt as _};

use crate::{ApiError, Message, RequestContext, RetryAfter, scope};

/// The `tonic::Status` of `error`, with the request context of the request being
/// handled when [`RequestIdLayer`] is in the server (for `RequestInfo`); what the
/// derived `From<E> for tonic::Status` returns.
pub fn to_status(error: &dyn ApiError) -> tonic::Status {
    match scope::with_current(|state| to_status_with(error, &state.context)) {
        Some(status) => status,
        None => to_status_with(error, &RequestContext::EMPTY),
    }
}

/// The `tonic::Status` of `error` answering the request `context` describes (see the
/// [module docs](self)). With the `tracing` feature, the error's log event is emitted,
/// as for an HTTP response.
pub fn to_status_with(error: &dyn ApiError, context: &RequestContext) -> tonic::Status {
    let code = tonic::Code::from_i32(error.grpc_code().value());
    let message = Message::new(error).to_string_lossy();
    let mut details = ErrorDetails::new();
    let mut metadata = HashMap::new();
    error.visit_details(&mut |name, value| {
        let text = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            // A field whose `Serialize` fails is left out, as in an HTTP body.
            Err(_) => return,
        };
        metadata.insert(name.to_owned(), text);
    });
    details.set_error_info(
        error.code(),
        error.error_domain().unwrap_or_default(),
        metadata,
    );
    if let Some(errors) = error.errors().filter(|errors| !errors.is_empty()) {
        let violations: Vec<tonic_types::FieldViolation> = errors
            .iter()
            .map(|violation| {
                let mut field = tonic_types::FieldViolation::new(
                    violation.location.as_ref(),
                    violation.message.as_ref(),
                );
                field.reason = violation.code.as_deref().unwrap_or_default().to_owned();
                field
            })
            .collect();
        details.set_bad_request(violations);
    }
    if let Some(retry_after) = error.retry_after() {
        let delay = match retry_after {
            RetryAfter::Seconds(seconds) => Duration::from_secs(seconds),
            RetryAfter::At(at) => at.duration_since(SystemTime::now()).unwrap_or_default(),
        };
        details.set_retry_info(Some(delay));
    }
    if let Some(url) = error.docs_url() {
        details.add_help_link(error.code(), url);
    }
    if let Some(id) = context.request_id() {
        details.set_request_info(id, "");
    }
    #[cfg(feature = "tracing")]
    crate::log::emit(error, error.status(), context);
    tonic::Status::with_error_details(code, message, details)
}

/// Gives every gRPC request an id, as the HTTP middleware does: the incoming
/// `x-request-id` metadata when it is 1 to 128 visible ASCII characters, else a new one
/// (`req_` and 32 hex digits). The id goes into the `RequestInfo` of every error status
/// converted inside the request (and its log event), and into the response's
/// `x-request-id` metadata. tonic servers are tower services:
/// `Server::builder().layer(RequestIdLayer::new())`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestIdLayer {
    settings: scope::Settings,
}

impl RequestIdLayer {
    /// The layer.
    #[must_use]
    pub const fn new() -> Self {
        RequestIdLayer {
            settings: scope::Settings {
                // A gRPC status has no body format to negotiate.
                negotiate: false,
                ..scope::Settings::new()
            },
        }
    }
}

scope::tower_request_id_service!(RequestIdLayer, RequestId);

/// `From<E> for tonic::Status` for derived types, expanded in the user's crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_tonic {
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* ::core::convert::From<$($ty)*> for $crate::__private::tonic::Status $($where)* {
            fn from(error: $($ty)*) -> Self {
                $crate::tonic::to_status(&error)
            }
        }
    };
}
