//! Rule 5: with thiserror's `#[error(...)]`, thiserror owns `Display`, `Error` and
//! `From`; the public message comes from `#[api(message)]`, else `Display` for a 4xx,
//! else the reason phrase for a 5xx.

mod common;

use std::error::Error as _;

use common::{JSON, assert_response};
use http_api_error::ApiError;
use serde_json::json;

#[derive(Debug, thiserror::Error, ApiError)]
enum LinkError {
    #[error("link {id} not found in shard {shard}")]
    #[api(status = 404, message = "Link {id} not found")]
    NotFound { id: String, shard: u32 },
    #[error("slug {0:?} is taken")]
    #[api(status = 409)]
    SlugTaken(String),
    #[error("the link is gone")]
    #[api(status = 410)]
    Gone,
    #[error("database failure: {0}")]
    #[api(status = 500)]
    Database(#[from] std::io::Error),
    #[error(transparent)]
    #[api(transparent)]
    Auth(#[from] AuthError),
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("api key missing")]
#[api(status = 401, code = "API_KEY_REQUIRED")]
struct AuthError;

#[test]
fn display_is_thiserrors() {
    let error = LinkError::NotFound {
        id: "lnk_1".into(),
        shard: 7,
    };
    assert_eq!(error.to_string(), "link lnk_1 not found in shard 7");
    assert_eq!(
        LinkError::Database(std::io::Error::other("disk")).to_string(),
        "database failure: disk"
    );
}

#[test]
fn the_api_message_is_public() {
    assert_response(
        &LinkError::NotFound {
            id: "lnk_1".into(),
            shard: 7,
        }
        .to_response(),
        404,
        &[JSON],
        json!({"error": "NOT_FOUND", "message": "Link lnk_1 not found"}),
    );
}

#[test]
fn a_4xx_without_message_uses_display() {
    assert_response(
        &LinkError::SlugTaken("my-link".into()).to_response(),
        409,
        &[JSON],
        json!({"error": "SLUG_TAKEN", "message": "slug \"my-link\" is taken"}),
    );
    // A literal without placeholders is served from a body rendered once.
    assert_response(
        &LinkError::Gone.to_response(),
        410,
        &[JSON],
        json!({"error": "GONE", "message": "the link is gone"}),
    );
    assert!(LinkError::Gone.fixed_bodies().is_some());
}

#[test]
fn a_5xx_without_message_uses_the_reason_phrase_not_display() {
    let error = LinkError::Database(std::io::Error::other("password=hunter2"));
    assert_response(
        &error.to_response(),
        500,
        &[JSON],
        json!({"error": "DATABASE", "message": "Internal Server Error"}),
    );
    assert_eq!(error.source().unwrap().to_string(), "password=hunter2");
}

#[test]
fn from_and_transparency_work_through_thiserror() {
    let error: LinkError = AuthError.into();
    assert_eq!(error.to_string(), "api key missing");
    assert_response(
        &error.to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer")],
        json!({"error": "API_KEY_REQUIRED", "message": "api key missing"}),
    );
    let io: LinkError = std::io::Error::other("x").into();
    assert_eq!(io.code(), "DATABASE");
}
