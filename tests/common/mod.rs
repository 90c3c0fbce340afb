//! Assertions shared by the behaviour tests: a response is compared whole.
#![allow(dead_code)] // each test binary uses a subset

pub mod scenario;
pub mod server;

use http_api_error::{Bytes, Response};
use serde_json::Value;

/// Asserts the status, the complete header list (name and value, in order) and the
/// body parsed as JSON.
#[track_caller]
pub fn assert_response(
    response: &Response<Bytes>,
    status: u16,
    headers: &[(&str, &str)],
    body: Value,
) {
    assert_eq!(response.status().as_u16(), status, "status");
    let actual: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(actual, expected, "headers");
    assert_eq!(json(response), body, "body");
}

/// The body parsed as JSON; fails the test when it is not valid JSON.
#[track_caller]
pub fn json(response: &Response<Bytes>) -> Value {
    serde_json::from_slice(response.body()).unwrap_or_else(|e| {
        panic!(
            "body is not JSON ({e}): {:?}",
            String::from_utf8_lossy(response.body())
        )
    })
}

/// The body as text.
pub fn text(response: &Response<Bytes>) -> String {
    String::from_utf8(response.body().to_vec()).unwrap()
}

pub const JSON: (&str, &str) = ("content-type", "application/json");
pub const PROBLEM: (&str, &str) = ("content-type", "application/problem+json");
