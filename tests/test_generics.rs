//! Rule 15: generics, lifetimes and where-clauses.

mod common;

use std::fmt::{Debug, Display};

use common::{JSON, assert_response};
use http_api_error::{ApiError, FormatKind, RequestContext};
use serde_json::json;

#[derive(Debug, ApiError)]
enum Lookup<'a, K, E>
where
    K: Debug,
{
    #[api(status = 404, message = "no {kind} with key {key:?}")]
    Missing { kind: &'a str, key: K },
    #[api(status = 409, message = "{0} conflicts")]
    Conflict(K),
    #[api(status = 400, message = "rejected")]
    Rejected {
        #[api(expose)]
        key: K,
    },
    #[api(transparent)]
    Inner(E),
}

#[derive(Debug, ApiError)]
#[api(status = 503)]
enum Backend {
    Down,
}

type Concrete<'a> = Lookup<'a, u32, Backend>;

#[test]
fn generic_fields_are_interpolated_exposed_and_delegated() {
    let missing: Concrete<'_> = Lookup::Missing {
        kind: "link",
        key: 7,
    };
    assert_response(
        &missing.to_response(),
        404,
        &[JSON],
        json!({"error": "MISSING", "message": "no link with key 7"}),
    );
    let conflict: Concrete<'_> = Lookup::Conflict(9);
    assert_eq!(conflict.to_string(), "9 conflicts");
    let rejected: Concrete<'_> = Lookup::Rejected { key: 3 };
    assert_response(
        &rejected.render(&FormatKind::Problem, &RequestContext::EMPTY),
        400,
        &[("content-type", "application/problem+json")],
        json!({"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "rejected", "code": "REJECTED", "key": 3}),
    );
    let inner: Concrete<'_> = Lookup::Inner(Backend::Down);
    assert_response(
        &inner.to_response(),
        503,
        &[JSON],
        json!({"error": "DOWN", "message": "Service Unavailable"}),
    );
    assert_eq!(
        Concrete::catalog()
            .entries()
            .iter()
            .map(|e| e.code)
            .collect::<Vec<_>>(),
        ["MISSING", "CONFLICT", "REJECTED", "DOWN"]
    );
}

/// A generic error whose source is a type parameter.
#[derive(Debug, ApiError)]
#[api(status = 502, message = "upstream {name} failed")]
struct Upstream<S: std::error::Error + 'static> {
    name: &'static str,
    #[source]
    source: S,
}

#[derive(Debug)]
struct Timeout;

impl Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("timed out")
    }
}

impl std::error::Error for Timeout {}

#[test]
fn a_generic_source() {
    let error = Upstream {
        name: "billing",
        source: Timeout,
    };
    assert_eq!(
        std::error::Error::source(&error).unwrap().to_string(),
        "timed out"
    );
    assert_response(
        &error.to_response(),
        502,
        &[JSON],
        json!({"error": "UPSTREAM", "message": "upstream billing failed"}),
    );
}
