//! The client side: `RemoteError::decode` on every format, the header fallbacks and
//! hostile input; the typed round trip through `FromRemote`; the retry schedule.

use std::time::{Duration, SystemTime};

use http_api_error::client::{FromRemote, RemoteError, RetryPolicy, splitmix64};
use http_api_error::{
    ApiError, FieldViolation, FormatKind, HeaderMap, HeaderValue, RequestContext, RetryAfter,
    StatusCode,
};
use proptest::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------
// The server's errors, and the `FromRemote` impl the derive generates for them.

#[derive(Debug, PartialEq)]
struct StoreFailure;

impl std::fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("disk full on db-1")
    }
}

impl std::error::Error for StoreFailure {}

/// Serializes, but cannot be read back.
#[derive(Debug, PartialEq, serde::Serialize)]
struct Handle(u32);

#[derive(Debug, PartialEq, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
    NotFound,
    #[api(
        code = "LINK_GONE",
        status = 410,
        title = "Link Gone",
        message = "Link {id} has been deleted"
    )]
    Gone {
        #[api(expose)]
        id: String,
    },
    #[api(status = 429, message = "Rate limit exceeded")]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(
        code = "VALIDATION_FAILED",
        status = 400,
        message = "Request validation failed"
    )]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
        #[api(expose)]
        attempt: u32,
    },
    #[api(
        code = "PLAN_LIMIT_EXCEEDED",
        status = 403,
        message = "Plan limit exceeded"
    )]
    PlanLimit {
        #[api(expose)]
        limit: u32,
        #[api(expose)]
        plan: Option<String>,
    },
    #[api(code = "LINK_CREATE_FAILED", status = 500)]
    CreateFailed(#[source] StoreFailure),
    #[api(status = 409, message = "Slug {slug} is taken")]
    SlugTaken { slug: String },
    #[api(status = 422, message = "Handle rejected")]
    HandleRejected {
        #[api(expose)]
        handle: Handle,
    },
    #[api(transparent)]
    Auth(#[from] AuthError),
}

#[derive(Debug, PartialEq, ApiError)]
#[api(status = 401)]
enum AuthError {
    #[api(code = "API_KEY_REQUIRED", message = "API key is required")]
    ApiKeyRequired,
    #[api(code = "API_KEY_EXPIRED", message = "API key {key_id} has expired")]
    ApiKeyExpired {
        #[api(expose)]
        key_id: String,
    },
}

fn recoverable() -> Vec<LinkError> {
    vec![
        LinkError::NotFound,
        LinkError::Gone { id: "lnk_1".into() },
        LinkError::RateLimited {
            wait: Duration::from_secs(3),
        },
        LinkError::Invalid {
            errors: vec![
                FieldViolation::new("body.url", "must be an absolute URL")
                    .with_fix("send https://example.com/page"),
                FieldViolation::new("query.limit", "must be at most 100"),
            ],
            attempt: 2,
        },
        LinkError::Invalid {
            errors: Vec::new(),
            attempt: 0,
        },
        LinkError::PlanLimit {
            limit: 5,
            plan: Some("free".into()),
        },
        LinkError::PlanLimit {
            limit: 5,
            plan: None,
        },
        LinkError::Auth(AuthError::ApiKeyRequired),
        LinkError::Auth(AuthError::ApiKeyExpired {
            key_id: "key_\"1\"\n".into(),
        }),
    ]
}

fn contexts() -> [RequestContext; 2] {
    [
        RequestContext::new(),
        RequestContext::new()
            .with_request_id("req_42")
            .with_instance("/links/lnk_1"),
    ]
}

fn decode_response(response: &http_api_error::Response<http_api_error::Bytes>) -> RemoteError {
    RemoteError::from_response(response)
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

// ---------------------------------------------------------------------------------
// Decoding real responses.

#[test]
fn round_trip_in_every_format() {
    for error in recoverable() {
        for format in FormatKind::ALL {
            for context in contexts() {
                let response = error.render(&format, &context);
                let remote = decode_response(&response);
                let what = format!("{error:?} in {format:?} with {context:?}");
                assert_eq!(remote.format(), Some(format), "{what}");
                assert_eq!(remote.status(), error.status(), "{what}");
                assert_eq!(remote.code(), Some(error.code()), "{what}");
                assert_eq!(remote.message(), Some(&*error.message()), "{what}");
                // The envelope's own id where the context has none: the header's.
                let sent = response
                    .headers()
                    .get("x-request-id")
                    .map(|id| id.to_str().unwrap());
                assert_eq!(remote.request_id(), context.request_id().or(sent), "{what}");
                if format == FormatKind::Envelope {
                    assert!(remote.request_id().is_some(), "{what}");
                }
                assert_eq!(remote.retryable(), error.retryable(), "{what}");
                assert_eq!(
                    remote.errors(),
                    error.errors().unwrap_or_default(),
                    "{what}"
                );
                assert_eq!(remote.body_excerpt(), None, "{what}");
                assert_eq!(
                    LinkError::from_remote(&remote).as_ref(),
                    Some(&error),
                    "{what}"
                );
            }
        }
        // The default format, through `to_response`.
        let remote = decode_response(&error.to_response());
        assert_eq!(LinkError::from_remote(&remote), Some(error));
    }
}

#[test]
fn unrecoverable_variants_still_decode() {
    let cases = [
        (
            LinkError::CreateFailed(StoreFailure),
            "LINK_CREATE_FAILED",
            "Internal Server Error",
        ),
        (
            LinkError::SlugTaken {
                slug: "docs".into(),
            },
            "SLUG_TAKEN",
            "Slug docs is taken",
        ),
        (
            LinkError::HandleRejected { handle: Handle(7) },
            "HANDLE_REJECTED",
            "Handle rejected",
        ),
    ];
    for (error, code, message) in cases {
        for format in FormatKind::ALL {
            let remote = decode_response(&error.render(&format, &RequestContext::new()));
            assert_eq!(remote.code(), Some(code));
            assert_eq!(remote.message(), Some(message));
            assert_eq!(LinkError::from_remote(&remote), None);
        }
    }
    // The exposed value is there, only not as a `Handle`.
    let error = LinkError::HandleRejected { handle: Handle(7) };
    let remote = decode_response(&error.to_response());
    assert_eq!(remote.exposed::<u32>("handle"), Some(7));
    // Codes the type does not know.
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &HeaderMap::new(),
        br#"{"error":"SOMETHING_ELSE","message":"?"}"#,
    );
    assert_eq!(LinkError::from_remote(&remote), None);
    let remote = RemoteError::decode(StatusCode::NOT_FOUND, &HeaderMap::new(), b"");
    assert_eq!(LinkError::from_remote(&remote), None);
}

#[test]
fn simple_bodies_decode_every_member() {
    let error = LinkError::Invalid {
        errors: vec![
            FieldViolation::new("body.url", "must be an absolute URL").with_fix("add https://"),
        ],
        attempt: 3,
    };
    let context = RequestContext::new().with_request_id("req_1");
    let response = error.render(&FormatKind::Simple, &context);
    assert_eq!(response.headers()["content-type"], "application/json");
    let remote = decode_response(&response);
    assert_eq!(remote.format(), Some(FormatKind::Simple));
    assert_eq!(remote.status(), StatusCode::BAD_REQUEST);
    assert_eq!(remote.code(), Some("VALIDATION_FAILED"));
    assert_eq!(remote.title(), None);
    assert_eq!(remote.message(), Some("Request validation failed"));
    assert_eq!(
        remote.docs_url(),
        Some("https://docs.example.com/errors#VALIDATION_FAILED")
    );
    assert_eq!(remote.instance(), None);
    assert_eq!(remote.request_id(), Some("req_1"));
    assert_eq!(
        remote.errors(),
        [FieldViolation::new("body.url", "must be an absolute URL").with_fix("add https://")]
    );
    assert_eq!(
        Value::Object(remote.details().clone()),
        json!({"attempt": 3})
    );
    assert_eq!(remote.retry_after(), None);
    assert!(!remote.retryable());
    assert_eq!(
        remote.to_string(),
        "400 Bad Request VALIDATION_FAILED: Request validation failed (request id req_1)"
    );
}

#[test]
fn problem_bodies_decode_every_member() {
    let error = LinkError::Gone { id: "lnk_9".into() };
    let context = RequestContext::new()
        .with_request_id("req_2")
        .with_instance("/links/lnk_9");
    let response = error.render(&FormatKind::Problem, &context);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let remote = decode_response(&response);
    assert_eq!(remote.format(), Some(FormatKind::Problem));
    assert_eq!(remote.status(), StatusCode::GONE);
    assert_eq!(remote.code(), Some("LINK_GONE"));
    assert_eq!(remote.title(), Some("Link Gone"));
    assert_eq!(remote.message(), Some("Link lnk_9 has been deleted"));
    assert_eq!(
        remote.docs_url(),
        Some("https://docs.example.com/errors#LINK_GONE")
    );
    assert_eq!(remote.instance(), Some("/links/lnk_9"));
    assert_eq!(remote.request_id(), Some("req_2"));
    assert_eq!(
        Value::Object(remote.details().clone()),
        json!({"id": "lnk_9"})
    );
    assert_eq!(remote.exposed::<String>("id").as_deref(), Some("lnk_9"));
}

#[test]
fn envelope_bodies_decode_every_member() {
    let error = LinkError::PlanLimit {
        limit: 5,
        plan: Some("free".into()),
    };
    let context = RequestContext::new().with_request_id("req_3");
    let response = error.render(&FormatKind::Envelope, &context);
    let remote = decode_response(&response);
    assert_eq!(remote.format(), Some(FormatKind::Envelope));
    assert_eq!(remote.status(), StatusCode::FORBIDDEN);
    assert_eq!(remote.code(), Some("PLAN_LIMIT_EXCEEDED"));
    assert_eq!(remote.title(), Some("Forbidden"));
    assert_eq!(remote.message(), Some("Plan limit exceeded"));
    assert_eq!(
        remote.docs_url(),
        Some("https://docs.example.com/errors#PLAN_LIMIT_EXCEEDED")
    );
    assert_eq!(remote.request_id(), Some("req_3"));
    assert_eq!(
        Value::Object(remote.details().clone()),
        json!({"limit": 5, "plan": "free"})
    );
}

#[test]
fn about_blank_is_no_docs_url() {
    #[derive(Debug, ApiError)]
    enum Undocumented {
        #[api(status = 404)]
        Missing,
    }
    for format in [FormatKind::Problem, FormatKind::Envelope] {
        let remote =
            decode_response(&Undocumented::Missing.render(&format, &RequestContext::new()));
        assert_eq!(remote.docs_url(), None);
        assert_eq!(remote.title(), Some("Not Found"));
        // A 4xx without a message uses the title.
        assert_eq!(remote.message(), Some("Not Found"));
    }
}

#[test]
fn the_references_shapes_decode() {
    // Unkey's real 400.
    let body = br#"{"meta": {"requestId": "req_2c9a0jf23l4k567"},
     "error": {"title": "Bad Request",
               "detail": "POST request body for '/v2/apis.createApi' failed to validate schema",
               "status": 400,
               "type": "https://unkey.com/docs/errors/unkey/application/invalid_input",
               "errors": [{"location": "/properties/name/minLength", "message": "minLength: got 2, want 3"}]}}"#;
    let remote = RemoteError::decode(
        StatusCode::BAD_REQUEST,
        &headers(&[("content-type", "application/json")]),
        body,
    );
    assert_eq!(remote.format(), Some(FormatKind::Envelope));
    assert_eq!(remote.code(), None);
    assert_eq!(remote.request_id(), Some("req_2c9a0jf23l4k567"));
    assert_eq!(remote.title(), Some("Bad Request"));
    assert_eq!(
        remote.docs_url(),
        Some("https://unkey.com/docs/errors/unkey/application/invalid_input")
    );
    assert_eq!(
        remote.errors(),
        [FieldViolation::new(
            "/properties/name/minLength",
            "minLength: got 2, want 3"
        )]
    );

    // Userplane's flat body.
    let body = br#"{"error": "API_KEY_REQUIRED", "message": "API key is required. Include it as Authorization: Bearer <your-api-key>. See https://docs.userplane.io/api/authentication"}"#;
    let remote = RemoteError::decode(StatusCode::UNAUTHORIZED, &HeaderMap::new(), body);
    assert_eq!(remote.format(), Some(FormatKind::Simple));
    assert_eq!(remote.code(), Some("API_KEY_REQUIRED"));

    // RFC 9457's examples: extension members become details, `pointer`/`detail`
    // violations are read, the `status` member is not the status.
    let body = br##"{
        "type": "https://example.com/probs/out-of-credit",
        "title": "You do not have enough credit.",
        "status": 403,
        "detail": "Your current balance is 30, but that costs 50.",
        "instance": "/account/12345/msgs/abc",
        "balance": 30,
        "accounts": ["/account/12345", "/account/67890"],
        "errors": [{"detail": "must be a positive integer", "pointer": "#/age"}, {"pointer": "#/x"}]
    }"##;
    let remote = RemoteError::decode(StatusCode::FORBIDDEN, &HeaderMap::new(), body);
    assert_eq!(remote.format(), Some(FormatKind::Problem));
    assert_eq!(remote.status(), StatusCode::FORBIDDEN);
    assert_eq!(remote.title(), Some("You do not have enough credit."));
    assert_eq!(remote.instance(), Some("/account/12345/msgs/abc"));
    assert_eq!(
        Value::Object(remote.details().clone()),
        json!({"balance": 30, "accounts": ["/account/12345", "/account/67890"]})
    );
    assert_eq!(
        remote.errors(),
        [FieldViolation::new("#/age", "must be a positive integer")]
    );
}

#[test]
fn content_type_problem_json_decides_the_format() {
    for content_type in [
        "application/problem+json",
        "Application/Problem+JSON; charset=utf-8",
        " application/problem+json ;q=1",
    ] {
        let mut map = HeaderMap::new();
        map.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        // Only extension members: the content type alone says problem.
        let remote = RemoteError::decode(
            StatusCode::CONFLICT,
            &map,
            br#"{"code":"TAKEN","slug":"x"}"#,
        );
        assert_eq!(remote.format(), Some(FormatKind::Problem), "{content_type}");
        assert_eq!(remote.code(), Some("TAKEN"));
        assert_eq!(
            Value::Object(remote.details().clone()),
            json!({"slug": "x"})
        );
    }
    // Without it, the members decide.
    let remote = RemoteError::decode(
        StatusCode::CONFLICT,
        &HeaderMap::new(),
        br#"{"title":"Conflict"}"#,
    );
    assert_eq!(remote.format(), Some(FormatKind::Problem));
    let remote = RemoteError::decode(
        StatusCode::CONFLICT,
        &HeaderMap::new(),
        br#"{"code":"TAKEN"}"#,
    );
    assert_eq!(remote.format(), None);
    assert_eq!(remote.code(), Some("TAKEN"));
    assert_eq!(remote.body_excerpt(), Some(r#"{"code":"TAKEN"}"#));
}

#[test]
fn request_id_falls_back_to_the_headers() {
    let body = br#"{"error":"X","message":"m"}"#;
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &headers(&[("x-request-id", "req_h")]),
        body,
    );
    assert_eq!(remote.request_id(), Some("req_h"));
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &headers(&[("request-id", "req_stripe")]),
        body,
    );
    assert_eq!(remote.request_id(), Some("req_stripe"));
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &headers(&[("request-id", "req_2"), ("x-request-id", "req_1")]),
        body,
    );
    assert_eq!(remote.request_id(), Some("req_1"));
    // The body's wins.
    let body = br#"{"error":"X","message":"m","request_id":"req_body"}"#;
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &headers(&[("x-request-id", "req_h")]),
        body,
    );
    assert_eq!(remote.request_id(), Some("req_body"));
    // Even for a body in no format, and a blank header is none.
    let remote = RemoteError::decode(
        StatusCode::BAD_GATEWAY,
        &headers(&[("x-request-id", "req_p")]),
        b"<html>",
    );
    assert_eq!(remote.request_id(), Some("req_p"));
    let remote = RemoteError::decode(
        StatusCode::BAD_GATEWAY,
        &headers(&[("x-request-id", " ")]),
        b"",
    );
    assert_eq!(remote.request_id(), None);
    // A server response carries the id in both.
    let error = LinkError::NotFound;
    let response = error.to_response_with(&RequestContext::new().with_request_id("req_both"));
    assert_eq!(response.headers()["x-request-id"], "req_both");
    assert_eq!(decode_response(&response).request_id(), Some("req_both"));
}

#[test]
fn retry_after_comes_from_the_header() {
    let remote = decode_response(
        &LinkError::RateLimited {
            wait: Duration::from_millis(2500),
        }
        .to_response(),
    );
    assert_eq!(remote.retry_after(), Some(RetryAfter::Seconds(3)));
    assert_eq!(remote.retry_after_delay(), Some(Duration::from_secs(3)));
    assert!(remote.retryable());

    let date = |value| {
        RemoteError::decode(
            StatusCode::SERVICE_UNAVAILABLE,
            &headers(&[("retry-after", value)]),
            b"",
        )
    };
    let past = date("Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(
        past.retry_after(),
        Some(RetryAfter::At(
            SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
        ))
    );
    // A date that has passed gives no hint (see `retry_after_zero_and_extremes`).
    assert_eq!(past.retry_after_delay(), None);
    assert_eq!(date("tomorrow").retry_after(), None);
    assert_eq!(date("1.5").retry_after(), None);

    let future = SystemTime::now() + Duration::from_secs(120);
    let mut map = HeaderMap::new();
    map.insert("retry-after", RetryAfter::At(future).header_value());
    let remote = RemoteError::decode(StatusCode::SERVICE_UNAVAILABLE, &map, b"");
    let delay = remote.retry_after_delay().unwrap();
    assert!(
        delay > Duration::from_secs(110) && delay <= Duration::from_secs(120),
        "{delay:?}"
    );
}

/// `Retry-After: 0` and a past date would send every client back at once, in
/// lockstep: they count as no hint, so the policy backs off with jitter. Huge values
/// are capped at a day, so a caller sleeping on the delay does not sleep forever.
#[test]
fn retry_after_zero_and_extremes() {
    let limited = |value: &'static str| {
        RemoteError::decode(
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[("retry-after", value)]),
            br#"{"error":"RATE_LIMITED","message":"Slow down"}"#,
        )
    };
    let policy = RetryPolicy::new()
        .with_seed(7)
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_secs(1));
    for value in ["0", "00", "Thu, 01 Jan 1970 00:00:00 GMT"] {
        let remote = limited(value);
        assert!(remote.retry_after().is_some(), "{value}");
        assert_eq!(remote.retry_after_delay(), None, "{value}");
        // Jittered backoff: within the first step's limit, and not the same each time.
        let delays: Vec<Duration> = (0..8)
            .map(|_| policy.next_delay(1, &remote).expect("retried"))
            .collect();
        assert!(
            delays.iter().all(|d| *d <= Duration::from_millis(100)),
            "{value}: {delays:?}"
        );
        assert!(
            delays.windows(2).any(|w| w[0] != w[1]),
            "{value}: {delays:?}"
        );
    }
    for value in [
        "99999999999999999999",
        "18446744073709551615",
        "86401",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let remote = limited(value);
        assert_eq!(
            remote.retry_after_delay(),
            Some(RemoteError::MAX_RETRY_AFTER),
            "{value}"
        );
        // Longer than the policy waits for: it gives up rather than sleep a day.
        assert_eq!(policy.next_delay(1, &remote), None, "{value}");
    }
    assert_eq!(
        limited("86400").retry_after_delay(),
        Some(Duration::from_secs(86_400))
    );
    assert_eq!(
        limited("1").retry_after_delay(),
        Some(Duration::from_secs(1))
    );
}

// ---------------------------------------------------------------------------------
// Hostile and foreign input.

#[test]
fn bodies_in_no_format_keep_the_status_and_an_excerpt() {
    let html = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n";
    let remote = RemoteError::decode(
        StatusCode::BAD_GATEWAY,
        &headers(&[("content-type", "text/html")]),
        html,
    );
    assert_eq!(remote.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(remote.format(), None);
    assert_eq!(remote.code(), None);
    assert!(remote.retryable());
    assert_eq!(
        remote.body_excerpt(),
        // Line breaks escaped: the excerpt is for logs, where a raw one starts a line.
        Some(
            r"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>"
        )
    );
    assert_eq!(remote.to_string(), "502 Bad Gateway");

    let empty = RemoteError::decode(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"");
    assert_eq!(empty.format(), None);
    assert_eq!(empty.body_excerpt(), None);
    assert_eq!(empty.to_string(), "503 Service Unavailable");

    let odd = RemoteError::decode(
        StatusCode::from_u16(599).unwrap(),
        &HeaderMap::new(),
        b"\xff\xfeoops",
    );
    assert_eq!(odd.body_excerpt(), Some("\u{fffd}\u{fffd}oops"));
    assert_eq!(odd.to_string(), "599");

    for scalar in [&b"null"[..], b"42", b"\"text\"", b"[1,2]", b"true"] {
        let remote = RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), scalar);
        assert_eq!(remote.format(), None);
        assert!(remote.body_excerpt().is_some());
    }
}

#[test]
fn truncated_json_decodes_to_the_status() {
    let error = LinkError::Invalid {
        errors: vec![FieldViolation::new("body.url", "bad")],
        attempt: 1,
    };
    for format in FormatKind::ALL {
        let response = error.render(&format, &RequestContext::new().with_request_id("req_t"));
        let body = response.body();
        for end in 0..body.len() {
            let remote = RemoteError::decode(response.status(), response.headers(), &body[..end]);
            assert_eq!(remote.status(), StatusCode::BAD_REQUEST);
            assert_eq!(remote.format(), None, "{format:?} cut at {end}");
            assert_eq!(remote.request_id(), Some("req_t"));
        }
    }
}

#[test]
fn members_of_the_wrong_type_are_ignored() {
    let body =
        br#"{"error":"X","message":42,"docs":["u"],"request_id":{},"errors":"none","details":[1]}"#;
    let remote = RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
    assert_eq!(remote.format(), Some(FormatKind::Simple));
    assert_eq!(remote.code(), Some("X"));
    assert_eq!(remote.message(), None);
    assert_eq!(remote.docs_url(), None);
    assert_eq!(remote.request_id(), None);
    assert!(remote.errors().is_empty());
    assert!(remote.details().is_empty());
    assert_eq!(remote.to_string(), "400 Bad Request X");

    let body = br#"{"type":7,"title":null,"status":"gone","detail":"d","code":1,"instance":false,
                    "errors":[1,"x",{"location":1,"message":"m"},{"location":"a","message":"b","fix":3},{"location":"c","message":"d","fix":"e","extra":{}}]}"#;
    let remote = RemoteError::decode(StatusCode::GONE, &HeaderMap::new(), body);
    assert_eq!(remote.format(), Some(FormatKind::Problem));
    assert_eq!(remote.status(), StatusCode::GONE);
    assert_eq!(
        (
            remote.code(),
            remote.title(),
            remote.docs_url(),
            remote.instance()
        ),
        (None, None, None, None)
    );
    assert_eq!(remote.message(), Some("d"));
    assert_eq!(
        remote.errors(),
        [
            FieldViolation::new("a", "b"),
            FieldViolation::new("c", "d").with_fix("e")
        ]
    );
    assert!(remote.details().is_empty());

    let body = br#"{"meta":"m","error":{"title":1,"detail":[],"message":"fallback","code":{},"details":"x"}}"#;
    let remote = RemoteError::decode(StatusCode::NOT_FOUND, &HeaderMap::new(), body);
    assert_eq!(remote.format(), Some(FormatKind::Envelope));
    assert_eq!(remote.message(), Some("fallback"));
    assert_eq!(
        (remote.code(), remote.title(), remote.request_id()),
        (None, None, None)
    );

    // Exposed values of the wrong type are not recovered.
    let body = br#"{"error":"LINK_GONE","message":"m","details":{"id":7}}"#;
    let remote = RemoteError::decode(StatusCode::GONE, &HeaderMap::new(), body);
    assert_eq!(LinkError::from_remote(&remote), None);
    assert_eq!(remote.exposed::<String>("id"), None);
    assert_eq!(remote.exposed::<Option<String>>("missing"), Some(None));
}

#[test]
fn field_violations_deserialize() {
    let violation: FieldViolation = serde_json::from_str(
        r#"{"location":"body.name","message":"too short","fix":"add letters","x":[{}]}"#,
    )
    .unwrap();
    assert_eq!(
        violation,
        FieldViolation::new("body.name", "too short").with_fix("add letters")
    );
    let violation: FieldViolation =
        serde_json::from_str(r##"{"pointer":"#/age","detail":"negative","fix":null}"##).unwrap();
    assert_eq!(violation, FieldViolation::new("#/age", "negative"));
    assert!(serde_json::from_str::<FieldViolation>(r#"{"message":"m"}"#).is_err());
    assert!(serde_json::from_str::<FieldViolation>(r#"{"location":"l"}"#).is_err());
    assert!(serde_json::from_str::<FieldViolation>(r#"["l","m"]"#).is_err());
    // Serialize and Deserialize agree.
    let violation = FieldViolation::new("query.limit", "\"quoted\"\n").with_fix("é");
    let text = serde_json::to_string(&violation).unwrap();
    assert_eq!(
        serde_json::from_str::<FieldViolation>(&text).unwrap(),
        violation
    );
}

#[test]
fn huge_bodies_are_not_parsed() {
    // 10 MB of valid JSON in the simple format: decoded as a body in no format.
    let mut body = br#"{"error":"BIG","message":""#.to_vec();
    body.resize(10 * 1024 * 1024, b'a');
    body.extend_from_slice(br#""}"#);
    let remote = RemoteError::decode(StatusCode::PAYLOAD_TOO_LARGE, &HeaderMap::new(), &body);
    assert_eq!(remote.format(), None);
    assert_eq!(remote.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let excerpt = remote.body_excerpt().unwrap();
    assert!(excerpt.starts_with(r#"{"error":"BIG","message":"aaa"#));
    assert!(excerpt.len() <= 512 + '…'.len_utf8());

    // 10 MB of multibyte text, cut at a character boundary.
    let body = "€".repeat(10 * 1024 * 1024 / 3);
    let remote = RemoteError::decode(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body.as_bytes());
    let excerpt = remote.body_excerpt().unwrap();
    assert_eq!(excerpt, format!("{}…", "€".repeat(170)));

    // Just under the limit, it is.
    let mut body = br#"{"error":"BIG","message":""#.to_vec();
    body.resize(1024 * 1024 - 2, b'a');
    body.extend_from_slice(br#""}"#);
    let remote = RemoteError::decode(StatusCode::PAYLOAD_TOO_LARGE, &HeaderMap::new(), &body);
    assert_eq!(remote.code(), Some("BIG"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let in_details = format!(r#"{{"error":"X","message":"m","details":{{"d":{arrays}}}}}"#);
    let unclosed = "[".repeat(depth);
    for body in [&arrays, &objects, &in_details, &unclosed] {
        for content_type in ["application/json", "application/problem+json"] {
            let mut map = HeaderMap::new();
            map.insert("content-type", HeaderValue::from_static(content_type));
            let remote = RemoteError::decode(StatusCode::BAD_REQUEST, &map, body.as_bytes());
            assert_eq!(remote.status(), StatusCode::BAD_REQUEST);
            assert_eq!(remote.format(), None);
            assert!(remote.body_excerpt().is_some());
        }
    }
    // Nesting within serde_json's limit is kept as it is.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let body = format!(r#"{{"error":"X","message":"m","details":{{"d":{nested}}}}}"#);
    let remote = RemoteError::decode(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes());
    assert_eq!(remote.format(), Some(FormatKind::Simple));
    assert!(remote.details().contains_key("d"));
}

#[test]
fn remote_errors_are_errors() {
    fn takes_error(_: &(dyn std::error::Error + Send + Sync + 'static)) {}
    let remote = decode_response(&LinkError::Gone { id: "lnk_1".into() }.to_response());
    takes_error(&remote);
    assert_eq!(
        remote.to_string(),
        "410 Gone LINK_GONE: Link lnk_1 has been deleted"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(remote);
    assert!(boxed.source().is_none());
    // The title stands in for a missing message.
    let remote = RemoteError::decode(
        StatusCode::NOT_FOUND,
        &HeaderMap::new(),
        br#"{"title":"Not Found"}"#,
    );
    assert_eq!(remote.to_string(), "404 Not Found: Not Found");
    assert_eq!(
        RemoteError::new(StatusCode::IM_A_TEAPOT).to_string(),
        "418 I'm a teapot"
    );
}

// ---------------------------------------------------------------------------------
// The retry schedule.

fn status_error(status: u16, retry_after: Option<&'static str>) -> RemoteError {
    let mut map = HeaderMap::new();
    if let Some(value) = retry_after {
        map.insert("retry-after", HeaderValue::from_static(value));
    }
    RemoteError::decode(StatusCode::from_u16(status).unwrap(), &map, b"")
}

#[test]
fn backoff_is_exponential_with_full_jitter() {
    // SplitMix64 from seed 42, scaled to 0..=limit: the expected delays were computed
    // independently of the crate.
    let policy = RetryPolicy::new().with_seed(42).with_max_attempts(6);
    let error = status_error(503, None);
    let delays: Vec<Option<Duration>> = (1..=6)
        .map(|attempt| policy.next_delay(attempt, &error))
        .collect();
    assert_eq!(
        delays,
        [
            Some(Duration::from_nanos(74_156_488)),
            Some(Duration::from_nanos(31_982_078)),
            Some(Duration::from_nanos(111_440_452)),
            Some(Duration::from_nanos(275_352_573)),
            Some(Duration::from_nanos(60_848_269)),
            None,
        ]
    );
    // The same seed gives the same schedule.
    let again = RetryPolicy::new().with_seed(42);
    assert_eq!(
        again.next_delay(1, &error),
        Some(Duration::from_nanos(74_156_488))
    );
    // A clone continues from the same state.
    let clone = again.clone();
    assert_eq!(again.backoff(2), clone.backoff(2));
}

#[test]
fn jitter_spans_zero_to_the_capped_limit() {
    let error = status_error(500, None);
    let highest = RetryPolicy::new()
        .with_rng(|_| u64::MAX)
        .with_base_delay(Duration::from_millis(250))
        .with_max_delay(Duration::from_secs(1))
        .with_max_attempts(10);
    let delays: Vec<u128> = (1..=9)
        .map(|attempt| highest.next_delay(attempt, &error).unwrap().as_millis())
        .collect();
    assert_eq!(delays, [250, 500, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert_eq!(highest.next_delay(10, &error), None);

    let lowest = RetryPolicy::new().with_rng(|_| 0);
    assert_eq!(lowest.next_delay(1, &error), Some(Duration::ZERO));

    // The generator's state is threaded through.
    fn counter(state: &mut u64) -> u64 {
        *state += 1;
        *state << 62
    }
    let counting = RetryPolicy::new()
        .with_rng(counter)
        .with_seed(0)
        .with_base_delay(Duration::from_secs(4))
        .with_max_delay(Duration::from_secs(4));
    let quarters: Vec<Duration> = (0..3).map(|_| counting.backoff(1)).collect();
    assert_eq!(
        quarters,
        [
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::from_secs(3)
        ]
    );
    // Defaults, and a splitmix64 the caller can use as well.
    let policy = RetryPolicy::default();
    assert_eq!(
        (
            policy.base_delay(),
            policy.max_delay(),
            policy.max_attempts(),
            policy.max_wait()
        ),
        (
            Duration::from_millis(100),
            Duration::from_secs(10),
            4,
            Duration::from_secs(60)
        )
    );
    let mut state = 0;
    assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
}

#[test]
fn retry_after_replaces_the_backoff() {
    let policy = RetryPolicy::new()
        .with_seed(1)
        .with_max_wait(Duration::from_secs(30));
    assert_eq!(
        policy.next_delay(1, &status_error(429, Some("7"))),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        policy.next_delay(3, &status_error(503, Some("30"))),
        Some(Duration::from_secs(30))
    );
    // Longer than the longest wait: give up rather than retry early.
    assert_eq!(policy.next_delay(1, &status_error(503, Some("31"))), None);
    // `0` and a date in the past give no hint: the jittered backoff, never a retry
    // at once in lockstep with every other client.
    for value in ["0", "Sun, 06 Nov 1994 08:49:37 GMT"] {
        let delay = policy
            .next_delay(1, &status_error(503, Some(value)))
            .unwrap();
        assert!(delay <= Duration::from_millis(100), "{value}: {delay:?}");
    }
    // A header that does not parse: the backoff.
    let delay = policy
        .next_delay(1, &status_error(503, Some("later")))
        .unwrap();
    assert!(delay <= Duration::from_millis(100));
    // Still bounded by the attempts.
    assert_eq!(policy.next_delay(4, &status_error(429, Some("1"))), None);
}

#[test]
fn only_retryable_errors_are_retried() {
    let policy = RetryPolicy::new().with_seed(7);
    for status in [400, 401, 403, 404, 409, 410, 413, 422, 499] {
        assert_eq!(
            policy.next_delay(1, &status_error(status, Some("1"))),
            None,
            "{status}"
        );
    }
    for status in [429, 500, 502, 503, 504, 599] {
        assert!(
            policy.next_delay(1, &status_error(status, None)).is_some(),
            "{status}"
        );
    }
    // A server that says a 5xx is final does not change the client's rule.
    let once = RetryPolicy::new().with_max_attempts(1);
    assert_eq!(once.next_delay(1, &status_error(503, Some("1"))), None);
}

// ---------------------------------------------------------------------------------
// Properties.

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "error",
            "message",
            "type",
            "title",
            "status",
            "detail",
            "meta",
            "errors",
            "details",
            "location",
            "about:blank"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec![
                "error",
                "message",
                "docs",
                "request_id",
                "errors",
                "details",
                "type",
                "title",
                "status",
                "detail",
                "instance",
                "code",
                "meta",
                "requestId",
                "location",
                "pointer",
                "fix",
            ])
            .prop_map(str::to_owned),
            ".{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(vec![
        "application/json",
        "application/problem+json",
        "text/html",
        "application/problem+json; charset=utf-8",
    ]))
}

fn field_violation() -> impl Strategy<Value = FieldViolation> {
    (
        any::<String>(),
        any::<String>(),
        prop::option::of(any::<String>()),
        prop::option::of(any::<String>()),
    )
        .prop_map(|(location, message, code, fix)| FieldViolation {
            location: location.into(),
            message: message.into(),
            code: code.map(Into::into),
            fix: fix.map(Into::into),
        })
}

fn decode_with(
    status: u16,
    content_type: Option<&str>,
    retry_after: &str,
    body: &[u8],
) -> RemoteError {
    let mut map = HeaderMap::new();
    if let Some(content_type) = content_type {
        map.insert("content-type", HeaderValue::from_str(content_type).unwrap());
    }
    if let Ok(value) = HeaderValue::from_str(retry_after) {
        map.insert("retry-after", value);
    }
    RemoteError::decode(StatusCode::from_u16(status).unwrap(), &map, body)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(
        status in 100u16..=999,
        content_type in content_type(),
        retry_after in ".{0,40}",
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let remote = decode_with(status, content_type, &retry_after, &body);
        prop_assert_eq!(remote.status().as_u16(), status);
        if let Some(excerpt) = remote.body_excerpt() {
            // Each of the 512 bytes kept gives at most 6 (a control byte escaped as
            // `\u{1b}`), and a cut adds `…`.
            prop_assert!(excerpt.len() <= 6 * 512 + 3);
        }
        let _ = remote.to_string();
        prop_assert_eq!(remote.retryable(), status == 429 || (500..600).contains(&status));
    }

    #[test]
    fn random_json_never_panics(
        status in 400u16..=599,
        content_type in content_type(),
        value in json_value(),
    ) {
        let body = serde_json::to_vec(&value).unwrap();
        let remote = decode_with(status, content_type, "", &body);
        prop_assert_eq!(remote.status().as_u16(), status);
        let _ = remote.to_string();
        let _ = LinkError::from_remote(&remote);
        // An `error` string is the simple format's code, unless labelled problem.
        if let Some(Value::String(code)) = value.get("error")
            && content_type.is_none_or(|ct| !ct.contains("problem"))
        {
            prop_assert_eq!(remote.code(), Some(code.as_str()));
        }
    }

    #[test]
    fn prefixes_of_real_bodies_never_panic(
        id in any::<String>(),
        format in prop::sample::select(FormatKind::ALL.to_vec()),
        cut in any::<prop::sample::Index>(),
    ) {
        let response = LinkError::Gone { id }.render(&format, &RequestContext::new());
        let body = response.body();
        let end = cut.index(body.len() + 1);
        let remote = RemoteError::decode(response.status(), response.headers(), &body[..end]);
        prop_assert_eq!(remote.status(), StatusCode::GONE);
        prop_assert_eq!(remote.format().is_some(), end == body.len());
    }

    #[test]
    fn any_field_values_round_trip(
        id in any::<String>(),
        errors in prop::collection::vec(field_violation(), 0..4),
        attempt in any::<u32>(),
        plan in prop::option::of(any::<String>()),
        request_id in "[!-~]{1,40}",
        format in prop::sample::select(FormatKind::ALL.to_vec()),
    ) {
        let context = RequestContext::new().with_request_id(request_id.clone());
        let errors = [
            LinkError::Gone { id },
            LinkError::Invalid { errors, attempt },
            LinkError::PlanLimit { limit: attempt, plan },
        ];
        for error in errors {
            let remote = RemoteError::from_response(&error.render(&format, &context));
            prop_assert_eq!(remote.format(), Some(format));
            prop_assert_eq!(remote.request_id(), Some(request_id.as_str()));
            let message = error.message();
            prop_assert_eq!(remote.message(), Some(message.as_str()));
            prop_assert_eq!(LinkError::from_remote(&remote), Some(error));
        }
    }

    #[test]
    fn delays_stay_within_their_bounds(
        seed in any::<u64>(),
        attempt in 1u32..40,
        status in 400u16..=599,
        retry_after in prop::option::of(0u64..200),
    ) {
        let policy = RetryPolicy::new().with_seed(seed).with_max_attempts(40);
        let value = retry_after.map(|seconds| seconds.to_string()).unwrap_or_default();
        let error = decode_with(status, None, &value, b"");
        let delay = policy.next_delay(attempt, &error);
        let retryable = status == 429 || status >= 500;
        match (retryable, retry_after) {
            (false, _) => prop_assert_eq!(delay, None),
            (true, Some(seconds)) if seconds > 60 => prop_assert_eq!(delay, None),
            // `Retry-After: 0` gives no hint: the jittered backoff, as without a header.
            (true, Some(0) | None) => prop_assert!(delay.unwrap() <= policy.backoff_limit(attempt)),
            (true, Some(seconds)) => prop_assert_eq!(delay, Some(Duration::from_secs(seconds))),
        }
    }
}

// ---------------------------------------------------------------------------------
// `send_with_retry`, against a server that answers each connection with the next
// canned response.

#[cfg(feature = "reqwest")]
mod reqwest_helper {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use http_api_error::StatusCode;
    use http_api_error::client::{RetryPolicy, SendError, send_with_retry};

    /// Serves `responses` in order, one per connection, on a thread; counts requests.
    fn serve(responses: Vec<String>) -> (SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&count);
        std::thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut request = Vec::new();
                let mut buffer = [0; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        (address, count)
    }

    fn response(status: &str, headers: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
            body.len()
        )
    }

    fn fast() -> RetryPolicy {
        RetryPolicy::new()
            .with_seed(3)
            .with_base_delay(Duration::from_millis(1))
            .with_max_delay(Duration::from_millis(5))
    }

    #[tokio::test]
    async fn retries_until_success() {
        let (address, count) = serve(vec![
            response("503 Service Unavailable", "retry-after: 0\r\n", ""),
            response(
                "500 Internal Server Error",
                "content-type: application/json\r\n",
                r#"{"error":"INTERNAL","message":"Internal Server Error"}"#,
            ),
            response("200 OK", "", "done"),
        ]);
        let client = reqwest::Client::new();
        let url = format!("http://{address}/");
        let response = send_with_retry(|| client.get(&url), &fast()).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "done");
        assert_eq!(count.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn honours_retry_after() {
        let (address, count) = serve(vec![
            response("429 Too Many Requests", "retry-after: 1\r\n", ""),
            response("204 No Content", "", ""),
        ]);
        let client = reqwest::Client::new();
        let url = format!("http://{address}/");
        let started = Instant::now();
        let response = send_with_retry(|| client.get(&url), &fast()).await.unwrap();
        assert_eq!(response.status(), 204);
        assert!(started.elapsed() >= Duration::from_secs(1));
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn gives_up_on_final_errors() {
        let (address, count) = serve(vec![
            response("503 Service Unavailable", "retry-after: 0\r\n", ""),
            response(
                "410 Gone",
                "content-type: application/json\r\nx-request-id: req_9\r\n",
                r#"{"error":"LINK_GONE","message":"Link has been deleted"}"#,
            ),
        ]);
        let client = reqwest::Client::new();
        let url = format!("http://{address}/");
        let error = send_with_retry(|| client.get(&url), &fast())
            .await
            .unwrap_err();
        let remote = error.remote().unwrap();
        assert_eq!(remote.status(), StatusCode::GONE);
        assert_eq!(remote.code(), Some("LINK_GONE"));
        assert_eq!(remote.request_id(), Some("req_9"));
        assert_eq!(
            error.to_string(),
            "410 Gone LINK_GONE: Link has been deleted (request id req_9)"
        );
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn stops_after_max_attempts_or_a_long_retry_after() {
        let failing = (0..3)
            .map(|_| {
                response(
                    "502 Bad Gateway",
                    "content-type: text/html\r\n",
                    "<html>nginx</html>",
                )
            })
            .collect();
        let (address, count) = serve(failing);
        let client = reqwest::Client::new();
        let url = format!("http://{address}/");
        let policy = fast().with_max_attempts(3);
        let error = send_with_retry(|| client.get(&url), &policy)
            .await
            .unwrap_err();
        assert_eq!(
            error.remote().unwrap().body_excerpt(),
            Some("<html>nginx</html>")
        );
        assert_eq!(count.load(Ordering::SeqCst), 3);

        let (address, count) = serve(vec![response(
            "503 Service Unavailable",
            "retry-after: 3600\r\n",
            "",
        )]);
        let url = format!("http://{address}/");
        let started = Instant::now();
        let error = send_with_retry(|| client.get(&url), &fast())
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(
            error.remote().unwrap().retry_after_delay(),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refused_connections_are_retried_then_reported() {
        let address = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let client = reqwest::Client::new();
        let url = format!("http://{address}/");
        let attempts = AtomicUsize::new(0);
        let error = send_with_retry(
            || {
                attempts.fetch_add(1, Ordering::SeqCst);
                client.get(&url)
            },
            &fast().with_max_attempts(3),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, SendError::Transport(_)), "{error:?}");
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(attempts.load(Ordering::SeqCst), 3);
    }
}

// ---------------------------------------------------------------------------------
// The derived `FromRemote` compiles without the prelude and beside shadowing names,
// as generated code must.

mod no_prelude {
    #![no_implicit_prelude]
    #![allow(dead_code, non_camel_case_types)]

    // Names the generated code must not pick up.
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Result;
    pub struct String;
    pub struct Vec;
    pub struct str;
    pub struct u32;

    #[derive(::core::fmt::Debug, ::core::cmp::PartialEq, ::http_api_error::ApiError)]
    #[api(status = 401)]
    pub enum AuthError {
        #[api(code = "API_KEY_REQUIRED")]
        Required,
    }

    #[derive(::core::fmt::Debug, ::core::cmp::PartialEq, ::http_api_error::ApiError)]
    pub enum Error {
        #[api(status = 404)]
        NotFound,
        #[api(status = 429)]
        RateLimited {
            #[api(retry_after)]
            wait: ::core::time::Duration,
            #[api(expose)]
            remaining: ::core::primitive::u32,
        },
        #[api(status = 400)]
        Invalid {
            #[api(errors)]
            errors: ::std::vec::Vec<::http_api_error::FieldViolation>,
        },
        #[api(transparent)]
        Auth(#[from] AuthError),
    }
}

#[test]
fn the_expansion_is_hygienic() {
    use no_prelude::{AuthError, Error};
    let errors = [
        Error::NotFound,
        Error::RateLimited {
            wait: Duration::from_secs(5),
            remaining: 0,
        },
        Error::Invalid {
            errors: vec![FieldViolation::new("query.limit", "too large")],
        },
        Error::Auth(AuthError::Required),
    ];
    for error in errors {
        for format in FormatKind::ALL {
            let remote = decode_response(&error.render(&format, &RequestContext::new()));
            assert_eq!(Error::from_remote(&remote).as_ref(), Some(&error));
        }
    }
}
