//! Rule 1 (status) and rule 6 (retryable).

mod common;

use common::{JSON, assert_response};
use http_api_error::{ApiError, StatusCode};
use serde_json::json;

#[derive(Debug, ApiError)]
#[api(status = 400)]
enum Status {
    /// Takes the enum's default.
    Defaulted,
    #[api(status = 404)]
    Literal,
    #[api(status = GONE)]
    ConstName,
    #[api(status = http::StatusCode::CONFLICT)]
    ConstPath,
    #[api(status = 499)]
    NoReasonPhrase4xx,
    #[api(status = 599)]
    NoReasonPhrase5xx,
    #[api(status = 429)]
    TooMany,
    #[api(status = 503)]
    Unavailable,
    #[api(status = 503, retry = false)]
    NeverRetry,
    #[api(status = 409, retry = true)]
    RetryConflict,
}

#[test]
fn literal_constant_and_default_statuses() {
    assert_eq!(Status::Defaulted.status(), StatusCode::BAD_REQUEST);
    assert_eq!(Status::Literal.status(), StatusCode::NOT_FOUND);
    assert_eq!(Status::ConstName.status(), StatusCode::GONE);
    assert_eq!(Status::ConstPath.status(), StatusCode::CONFLICT);
    assert_eq!(Status::NoReasonPhrase4xx.status().as_u16(), 499);
    assert_eq!(Status::NoReasonPhrase5xx.status().as_u16(), 599);
}

#[test]
fn the_response_carries_the_status() {
    assert_response(
        &Status::ConstName.to_response(),
        410,
        &[JSON],
        json!({"error": "CONST_NAME", "message": "Gone"}),
    );
}

#[test]
fn statuses_without_a_reason_phrase_get_a_generic_title() {
    assert_eq!(Status::NoReasonPhrase4xx.title(), "Client Error");
    assert_eq!(Status::NoReasonPhrase5xx.title(), "Server Error");
    assert_response(
        &Status::NoReasonPhrase5xx.to_response(),
        599,
        &[JSON],
        json!({"error": "NO_REASON_PHRASE5XX", "message": "Server Error"}),
    );
}

#[test]
fn retry_429_and_5xx_never_other_4xx() {
    assert!(!Status::Defaulted.retryable());
    assert!(!Status::Literal.retryable());
    assert!(!Status::NoReasonPhrase4xx.retryable());
    assert!(Status::TooMany.retryable());
    assert!(Status::Unavailable.retryable());
    assert!(Status::NoReasonPhrase5xx.retryable());
}

#[test]
fn retry_overrides_the_default_both_ways() {
    assert!(!Status::NeverRetry.retryable());
    assert!(Status::RetryConflict.retryable());
}

#[derive(Debug, ApiError)]
#[api(status = 503, retry = false)]
enum NoRetryByDefault {
    Down,
    #[api(retry = true)]
    Flaky,
}

#[test]
fn an_enum_level_retry_is_the_default_for_its_variants() {
    assert!(!NoRetryByDefault::Down.retryable());
    assert!(NoRetryByDefault::Flaky.retryable());
}
