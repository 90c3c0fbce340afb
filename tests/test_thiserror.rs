//! Rule 5: with thiserror's `#[error(...)]`, thiserror owns `Display`, `Error` and
//! `From`, and `Display` stays internal: the public message comes from
//! `#[api(message)]`, else the title (the reason phrase by default), whatever the
//! status; `#[api(expose_display)]` publishes `Display` for a 4xx.

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
    #[api(status = 409, expose_display)]
    SlugTaken(String),
    #[error("slug {slug:?} already used by note {existing} (shard 7, table notes_v2)")]
    #[api(status = 409)]
    SlugInUse { slug: String, existing: u64 },
    #[error("the link is gone")]
    #[api(status = 410, expose_display)]
    Gone,
    #[error("link expired at {at}")]
    #[api(status = 410)]
    Expired { at: u64 },
    #[error("database failure: {0}")]
    #[api(status = 500)]
    Database(#[from] std::io::Error),
    #[error(transparent)]
    #[api(transparent)]
    Auth(#[from] AuthError),
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("api key missing")]
#[api(status = 401, code = "API_KEY_REQUIRED", expose_display)]
struct AuthError;

/// `expose_display` on the type: a default for the 4xx variants without a `message`;
/// a 5xx keeps its reason phrase.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(expose_display)]
enum Exposed {
    #[error("no such note {0}")]
    #[api(status = 404)]
    Missing(u64),
    #[error("note {0} is archived")]
    #[api(status = 409, message = "Note is archived")]
    Archived(u64),
    #[error("shard {0} unreachable")]
    #[api(status = 503)]
    Unreachable(u32),
}

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
fn a_4xx_without_message_keeps_display_internal() {
    // Written for the log: the shard, the table and the unexposed field `existing`
    // stay out of the body.
    let error = LinkError::SlugInUse {
        slug: "my-link".into(),
        existing: 4242,
    };
    assert_eq!(
        error.to_string(),
        "slug \"my-link\" already used by note 4242 (shard 7, table notes_v2)"
    );
    assert_response(
        &error.to_response(),
        409,
        &[JSON],
        json!({"error": "SLUG_IN_USE", "message": "Conflict"}),
    );
    assert_response(
        &LinkError::Expired { at: 1_700_000_000 }.to_response(),
        410,
        &[JSON],
        json!({"error": "EXPIRED", "message": "Gone"}),
    );
    assert!(
        LinkError::SlugInUse {
            slug: String::new(),
            existing: 0
        }
        .fixed_bodies()
        .is_some()
    );
}

#[test]
fn expose_display_publishes_display_for_a_4xx() {
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

#[test]
fn expose_display_on_the_type_is_a_default_for_4xx_variants() {
    assert_response(
        &Exposed::Missing(7).to_response(),
        404,
        &[JSON],
        json!({"error": "MISSING", "message": "no such note 7"}),
    );
    assert_response(
        &Exposed::Archived(7).to_response(),
        409,
        &[JSON],
        json!({"error": "ARCHIVED", "message": "Note is archived"}),
    );
    assert_eq!(Exposed::Unreachable(3).to_string(), "shard 3 unreachable");
    assert_response(
        &Exposed::Unreachable(3).to_response(),
        503,
        &[JSON],
        json!({"error": "UNREACHABLE", "message": "Service Unavailable"}),
    );
}

/// thiserror without `#[error]`: `Display` by hand, thiserror's `Error`.
/// `std_impls = false` tells the derive so; without it, both derives would write
/// `Display` and `Error` (E0119).
#[derive(Debug, thiserror::Error, ApiError)]
#[api(status = 503, std_impls = false)]
pub struct UpstreamDown {
    host: String,
}

impl std::fmt::Display for UpstreamDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "upstream {} is down", self.host)
    }
}

/// All by hand: `Display` and `Error` written for the type, nothing generated.
#[derive(Debug, ApiError)]
#[api(std_impls = false)]
enum Manual {
    #[api(status = 404, message = "No such thing")]
    Missing,
    /// `Display` is internal: a 4xx without `message` sends its title, not `Display`.
    #[api(status = 409)]
    Clash,
}

impl std::fmt::Display for Manual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("written by hand (shard 7)")
    }
}

impl std::error::Error for Manual {}

#[test]
fn std_impls_false_leaves_display_error_and_from_to_others() {
    let error = UpstreamDown {
        host: "db-7".into(),
    };
    assert_eq!(error.to_string(), "upstream db-7 is down");
    assert!(error.source().is_none());
    assert_response(
        &error.to_response(),
        503,
        &[JSON],
        json!({"error": "UPSTREAM_DOWN", "message": "Service Unavailable"}),
    );
    assert_eq!(Manual::Clash.to_string(), "written by hand (shard 7)");
    assert_response(
        &Manual::Clash.to_response(),
        409,
        &[JSON],
        json!({"error": "CLASH", "message": "Conflict"}),
    );
    assert_response(
        &Manual::Missing.to_response(),
        404,
        &[JSON],
        json!({"error": "MISSING", "message": "No such thing"}),
    );
}
