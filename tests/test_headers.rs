//! Rules 7 (Retry-After), 8 (WWW-Authenticate) and 11 (x-request-id).

mod common;

use std::time::{Duration, SystemTime};

use common::{JSON, PROBLEM, assert_response};
use http_api_error::{ApiError, FormatKind, RequestContext, RetryAfter};
use serde_json::json;

#[derive(Debug, ApiError)]
#[api(status = 429)]
enum Limited {
    #[api(message = "Slow down")]
    Duration {
        #[api(retry_after)]
        wait: Duration,
    },
    Seconds {
        #[api(retry_after)]
        seconds: u64,
    },
    At {
        #[api(retry_after)]
        until: SystemTime,
    },
    Maybe {
        #[api(retry_after)]
        wait: Option<Duration>,
    },
    #[api(status = 503)]
    Maintenance(#[api(retry_after)] u32),
    /// A delay computed as `deadline - now`, which may have passed.
    Signed {
        #[api(retry_after)]
        seconds: i64,
    },
    Wide {
        #[api(retry_after)]
        seconds: u128,
    },
}

fn retry_after(error: &Limited) -> Vec<String> {
    let response = error.to_response();
    response
        .headers()
        .get_all("retry-after")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[test]
fn durations_round_up_to_whole_seconds_and_never_zero() {
    assert_eq!(
        retry_after(&Limited::Duration {
            wait: Duration::from_millis(1500)
        }),
        ["2"]
    );
    assert_eq!(
        retry_after(&Limited::Duration {
            wait: Duration::from_secs(30)
        }),
        ["30"]
    );
    assert_eq!(
        retry_after(&Limited::Duration {
            wait: Duration::ZERO
        }),
        ["1"]
    );
    assert_eq!(
        retry_after(&Limited::Duration {
            wait: Duration::from_nanos(1)
        }),
        ["1"]
    );
}

#[test]
fn integer_seconds_are_sent_as_is_but_never_zero() {
    assert_eq!(retry_after(&Limited::Seconds { seconds: 120 }), ["120"]);
    assert_eq!(retry_after(&Limited::Seconds { seconds: 0 }), ["1"]);
    assert_eq!(retry_after(&Limited::Maintenance(3600)), ["3600"]);
}

#[test]
fn integers_of_every_sign_and_width_are_seconds() {
    assert_eq!(retry_after(&Limited::Signed { seconds: 30 }), ["30"]);
    assert_eq!(retry_after(&Limited::Signed { seconds: 0 }), ["1"]);
    // A negative delay (a deadline already passed) sends no header.
    assert_eq!(
        retry_after(&Limited::Signed { seconds: -5 }),
        Vec::<String>::new()
    );
    assert_eq!(
        retry_after(&Limited::Signed { seconds: i64::MIN }),
        Vec::<String>::new()
    );
    assert_eq!(retry_after(&Limited::Wide { seconds: 90 }), ["90"]);
    assert_eq!(
        retry_after(&Limited::Wide { seconds: u128::MAX }),
        ["18446744073709551615"]
    );
}

#[test]
fn system_times_are_imf_fixdates() {
    let until = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(
        retry_after(&Limited::At { until }),
        ["Sun, 06 Nov 1994 08:49:37 GMT"]
    );
    assert_eq!(
        Limited::At { until }.retry_after(),
        Some(RetryAfter::At(until))
    );
}

#[test]
fn an_absent_option_sends_no_header() {
    assert_eq!(
        retry_after(&Limited::Maybe { wait: None }),
        Vec::<String>::new()
    );
    assert_eq!(
        retry_after(&Limited::Maybe {
            wait: Some(Duration::from_secs(5))
        }),
        ["5"]
    );
}

#[test]
fn the_whole_429_response() {
    assert_response(
        &Limited::Duration {
            wait: Duration::from_secs(7),
        }
        .to_response(),
        429,
        &[JSON, ("retry-after", "7")],
        json!({"error": "DURATION", "message": "Slow down"}),
    );
}

#[derive(Debug, ApiError)]
#[api(status = 401)]
enum Auth {
    Missing,
    #[api(www_authenticate = "Bearer realm=\"api\", error=\"invalid_token\"")]
    Invalid,
    #[api(status = 403)]
    Forbidden,
}

#[derive(Debug, ApiError)]
#[api(status = 401, www_authenticate = "Basic realm=\"admin\"")]
enum AdminAuth {
    Missing,
}

#[test]
fn every_401_carries_www_authenticate() {
    assert_response(
        &Auth::Missing.to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer")],
        json!({"error": "MISSING", "message": "Unauthorized"}),
    );
    assert_response(
        &Auth::Invalid.render(&FormatKind::Problem, &RequestContext::EMPTY),
        401,
        &[
            PROBLEM,
            (
                "www-authenticate",
                "Bearer realm=\"api\", error=\"invalid_token\"",
            ),
        ],
        json!({"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "Unauthorized", "code": "INVALID"}),
    );
    assert_response(
        &AdminAuth::Missing.to_response(),
        401,
        &[JSON, ("www-authenticate", "Basic realm=\"admin\"")],
        json!({"error": "MISSING", "message": "Unauthorized"}),
    );
    // Only a 401 carries the challenge.
    assert_response(
        &Auth::Forbidden.to_response(),
        403,
        &[JSON],
        json!({"error": "FORBIDDEN", "message": "Forbidden"}),
    );
}

#[test]
fn the_request_id_is_echoed_once() {
    let context = RequestContext::new().with_request_id("req_abc");
    let response = Auth::Missing.to_response_with(&context);
    assert_eq!(response.headers().get_all("x-request-id").iter().count(), 1);
    assert_response(
        &response,
        401,
        &[
            JSON,
            ("www-authenticate", "Bearer"),
            ("x-request-id", "req_abc"),
        ],
        json!({"error": "MISSING", "message": "Unauthorized", "request_id": "req_abc"}),
    );
}

#[test]
fn a_request_id_that_is_not_a_header_value_stays_out_of_the_headers() {
    let context = RequestContext::new().with_request_id("req\r\nset-cookie: x=1");
    let response = Auth::Forbidden.to_response_with(&context);
    assert_response(
        &response,
        403,
        &[JSON],
        json!({"error": "FORBIDDEN", "message": "Forbidden", "request_id": "req\r\nset-cookie: x=1"}),
    );
}

/// A hand implementation returning a challenge that is not a valid header value
/// still gets a valid 401.
struct Handwritten;

impl ApiError for Handwritten {
    fn status(&self) -> http_api_error::StatusCode {
        http_api_error::StatusCode::UNAUTHORIZED
    }
    fn code(&self) -> &'static str {
        "HANDWRITTEN"
    }
    fn www_authenticate(&self) -> Option<&'static str> {
        Some("Bearer\nbroken")
    }
}

#[test]
fn an_invalid_challenge_falls_back_to_bearer() {
    assert_response(
        &Handwritten.to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer")],
        json!({"error": "HANDWRITTEN", "message": "Unauthorized"}),
    );
}
