//! Rule 2: explicit codes, and codes derived from the variant name.

mod common;

use common::{JSON, assert_response};
use http_api_error::ApiError;
use serde_json::json;

#[derive(Debug, ApiError)]
#[api(status = 400)]
enum Codes {
    #[api(code = "LINK_GONE")]
    Explicit,
    RateLimited,
    Http2Error,
    A,
    NotFound404,
    #[allow(non_camel_case_types)]
    already_snake,
}

#[test]
fn explicit_codes_are_kept() {
    assert_eq!(Codes::Explicit.code(), "LINK_GONE");
}

#[test]
fn derived_codes_are_screaming_snake_case() {
    assert_eq!(Codes::RateLimited.code(), "RATE_LIMITED");
    assert_eq!(Codes::Http2Error.code(), "HTTP2_ERROR");
    assert_eq!(Codes::A.code(), "A");
    assert_eq!(Codes::NotFound404.code(), "NOT_FOUND404");
    assert_eq!(Codes::already_snake.code(), "ALREADY_SNAKE");
}

#[test]
fn the_code_is_the_body_error_member() {
    assert_response(
        &Codes::RateLimited.to_response(),
        400,
        &[JSON],
        json!({"error": "RATE_LIMITED", "message": "Bad Request"}),
    );
}

/// A struct is one error; its code derives from the type name.
#[derive(Debug, ApiError)]
#[api(status = 409)]
struct DuplicateSlug;

#[test]
fn structs_derive_their_code_from_the_type_name() {
    assert_eq!(DuplicateSlug.code(), "DUPLICATE_SLUG");
    assert_response(
        &DuplicateSlug.to_response(),
        409,
        &[JSON],
        json!({"error": "DUPLICATE_SLUG", "message": "Conflict"}),
    );
}
