//! Rule 10 (formats), rule 11 (request context) and rule 13 (Serialize).

mod common;

use common::{JSON, PROBLEM, assert_response, json};
use http_api_error::{
    ApiError, ErrorView, FieldViolation, Format, FormatKind, HeaderValue, JsonObject,
    RequestContext,
};
use serde::ser::{SerializeMap, Serializer};
use serde_json::json;

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum Documented {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
    NotFound,
    #[api(
        status = 410,
        title = "Link Gone",
        message = "Link {id} has been deleted"
    )]
    Gone {
        #[api(expose)]
        id: String,
        // Not exposed: must stay out of every body.
        #[allow(dead_code)]
        internal_note: String,
    },
    #[api(status = 400, message = "Request validation failed")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 400, docs = "https://example.com/own-page")]
    OwnDocs,
}

#[derive(Debug, ApiError)]
enum Undocumented {
    #[api(status = 404, title = "Link Missing", message = "Link not found")]
    NotFound,
}

fn context() -> RequestContext {
    RequestContext::new()
        .with_request_id("req_123")
        .with_instance("/v1/links/lnk_1")
}

fn gone() -> Documented {
    Documented::Gone {
        id: "lnk_1".into(),
        internal_note: "deleted by cron".into(),
    }
}

fn invalid() -> Documented {
    Documented::Invalid {
        errors: vec![
            FieldViolation::new("body.name", "minLength: got 2, want 3")
                .with_fix("use at least 3 characters"),
            FieldViolation::new("query.limit", "must be at most 100"),
        ],
    }
}

#[test]
fn simple_fixed_variant() {
    assert_response(
        &Documented::NotFound.to_response(),
        404,
        &[JSON],
        json!({"error": "LINK_NOT_FOUND", "message": "Link not found", "docs": "https://docs.example.com/errors#LINK_NOT_FOUND"}),
    );
}

#[test]
fn simple_with_everything() {
    assert_response(
        &gone().to_response_with(&context()),
        410,
        &[JSON, ("x-request-id", "req_123")],
        json!({
            "error": "GONE",
            "message": "Link lnk_1 has been deleted",
            "docs": "https://docs.example.com/errors#GONE",
            "request_id": "req_123",
            "details": {"id": "lnk_1"}
        }),
    );
    assert_response(
        &invalid().to_response(),
        400,
        &[JSON],
        json!({
            "error": "INVALID",
            "message": "Request validation failed",
            "docs": "https://docs.example.com/errors#INVALID",
            "errors": [
                {"location": "body.name", "message": "minLength: got 2, want 3", "fix": "use at least 3 characters"},
                {"location": "query.limit", "message": "must be at most 100"}
            ]
        }),
    );
}

#[test]
fn a_variant_docs_url_overrides_the_template() {
    assert_eq!(
        Documented::OwnDocs.docs_url(),
        Some("https://example.com/own-page")
    );
    assert_eq!(
        Documented::NotFound.docs_url(),
        Some("https://docs.example.com/errors#LINK_NOT_FOUND")
    );
    assert_eq!(Undocumented::NotFound.docs_url(), None);
}

#[test]
fn problem_with_docs_uses_the_title_and_flattens_extensions() {
    assert_response(
        &gone().render(&FormatKind::Problem, &context()),
        410,
        &[PROBLEM, ("x-request-id", "req_123")],
        json!({
            "type": "https://docs.example.com/errors#GONE",
            "title": "Link Gone",
            "status": 410,
            "detail": "Link lnk_1 has been deleted",
            "instance": "/v1/links/lnk_1",
            "code": "GONE",
            "request_id": "req_123",
            "id": "lnk_1"
        }),
    );
    assert_response(
        &invalid().render(&FormatKind::Problem, &RequestContext::EMPTY),
        400,
        &[PROBLEM],
        json!({
            "type": "https://docs.example.com/errors#INVALID",
            "title": "Bad Request",
            "status": 400,
            "detail": "Request validation failed",
            "code": "INVALID",
            "errors": [
                {"location": "body.name", "message": "minLength: got 2, want 3", "fix": "use at least 3 characters"},
                {"location": "query.limit", "message": "must be at most 100"}
            ]
        }),
    );
}

#[test]
fn problem_without_docs_is_about_blank_with_the_reason_phrase() {
    assert_response(
        &Undocumented::NotFound.render(&FormatKind::Problem, &RequestContext::EMPTY),
        404,
        &[PROBLEM],
        json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Link not found", "code": "NOT_FOUND"}),
    );
}

#[test]
fn envelope() {
    assert_response(
        &gone().render(&FormatKind::Envelope, &context()),
        410,
        &[JSON, ("x-request-id", "req_123")],
        json!({
            "meta": {"requestId": "req_123"},
            "error": {
                "title": "Link Gone",
                "detail": "Link lnk_1 has been deleted",
                "status": 410,
                "type": "https://docs.example.com/errors#GONE",
                "code": "GONE",
                "details": {"id": "lnk_1"}
            }
        }),
    );
    // Without a request id, the envelope gets a new one (Unkey's schema requires
    // `meta.requestId`), the same in the header.
    let response = Undocumented::NotFound.render(&FormatKind::Envelope, &RequestContext::EMPTY);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(id.starts_with("req_") && id.len() == 36, "{id}");
    assert_response(
        &response,
        404,
        &[JSON, ("x-request-id", &id)],
        json!({"meta": {"requestId": id}, "error": {
            "title": "Link Missing", "detail": "Link not found", "status": 404, "type": "about:blank", "code": "NOT_FOUND"
        }}),
    );
}

/// Unkey's schema requires `errors` on every 400 and types a 429 only as
/// `application/problem+json`.
#[test]
fn the_envelope_carries_errors_on_every_400_and_labels_429_as_problem_json() {
    #[derive(Debug, ApiError)]
    #[api(format = "envelope")]
    enum Api {
        #[api(status = 400, message = "Malformed request")]
        Malformed,
        #[api(status = 429, message = "Slow down")]
        RateLimited,
    }
    let context = RequestContext::new().with_request_id("req_1");
    assert_response(
        &Api::Malformed.to_response_with(&context),
        400,
        &[JSON, ("x-request-id", "req_1")],
        json!({"meta": {"requestId": "req_1"}, "error": {
            "title": "Bad Request", "detail": "Malformed request", "status": 400,
            "type": "about:blank", "code": "MALFORMED", "errors": []
        }}),
    );
    assert_response(
        &Api::RateLimited.to_response_with(&context),
        429,
        &[PROBLEM, ("x-request-id", "req_1")],
        json!({"meta": {"requestId": "req_1"}, "error": {
            "title": "Too Many Requests", "detail": "Slow down", "status": 429,
            "type": "about:blank", "code": "RATE_LIMITED"
        }}),
    );
    // The other formats label a 429 as usual.
    assert_eq!(
        Api::RateLimited
            .render(&FormatKind::Simple, &context)
            .headers()["content-type"],
        "application/json"
    );
}

/// The exact 400 of Unkey's API, reproduced.
#[derive(Debug, ApiError)]
#[api(
    format = "envelope",
    docs = "https://unkey.com/docs/errors/unkey/application/{code}"
)]
enum Unkey {
    #[api(
        code = "INVALID_INPUT",
        status = 400,
        message = "POST request body for '{path}' failed to validate schema"
    )]
    InvalidInput {
        path: &'static str,
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
}

#[test]
fn unkeys_envelope_is_reproduced() {
    let error = Unkey::InvalidInput {
        path: "/v2/apis.createApi",
        errors: vec![FieldViolation::new(
            "/properties/name/minLength",
            "minLength: got 2, want 3",
        )],
    };
    assert_response(
        &error.to_response_with(&RequestContext::new().with_request_id("req_2c9a0jf23l4k567")),
        400,
        &[JSON, ("x-request-id", "req_2c9a0jf23l4k567")],
        json!({
            "meta": {"requestId": "req_2c9a0jf23l4k567"},
            "error": {
                "title": "Bad Request",
                "detail": "POST request body for '/v2/apis.createApi' failed to validate schema",
                "status": 400,
                "type": "https://unkey.com/docs/errors/unkey/application/INVALID_INPUT",
                "code": "INVALID_INPUT",
                "errors": [{"location": "/properties/name/minLength", "message": "minLength: got 2, want 3"}]
            }
        }),
    );
}

#[derive(Debug, ApiError)]
#[api(format = "problem")]
enum ProblemByDefault {
    #[api(status = 409, message = "Slug taken")]
    Taken,
}

#[test]
fn the_enum_format_is_the_default_and_can_be_overridden_at_run_time() {
    assert_eq!(ProblemByDefault::Taken.format(), FormatKind::Problem);
    assert_response(
        &ProblemByDefault::Taken.to_response(),
        409,
        &[PROBLEM],
        json!({"type": "about:blank", "title": "Conflict", "status": 409, "detail": "Slug taken", "code": "TAKEN"}),
    );
    assert_response(
        &ProblemByDefault::Taken.render(&FormatKind::Simple, &RequestContext::EMPTY),
        409,
        &[JSON],
        json!({"error": "TAKEN", "message": "Slug taken"}),
    );
}

#[test]
fn serialize_gives_the_public_body_in_the_default_format() {
    assert_eq!(
        serde_json::to_value(gone()).unwrap(),
        json!({"error": "GONE", "message": "Link lnk_1 has been deleted", "docs": "https://docs.example.com/errors#GONE", "details": {"id": "lnk_1"}})
    );
    assert_eq!(
        serde_json::to_value(ProblemByDefault::Taken).unwrap(),
        json!({"type": "about:blank", "title": "Conflict", "status": 409, "detail": "Slug taken", "code": "TAKEN"})
    );
    // The same bytes as the response body.
    assert_eq!(
        serde_json::to_vec(&Documented::NotFound).unwrap(),
        Documented::NotFound.to_response().body().to_vec()
    );
    assert_eq!(
        serde_json::to_vec(&invalid()).unwrap(),
        invalid().to_response().body().to_vec()
    );
}

#[test]
fn json_object_places_braces_and_commas_and_escapes() {
    let mut out = b"[".to_vec();
    JsonObject::write(&mut out, |body| {
        body.member("quote\"d", &1)?;
        body.member_if("absent", None::<&str>)?;
        body.object("empty", |_| Ok(()))?;
        body.object("nested", |nested| {
            nested.member("text", "tab\t<b>")?;
            nested.member_if("flag", Some(true))
        })?;
        body.member("list", &[1, 2])
    })
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"[{"quote\"d":1,"empty":{},"nested":{"text":"tab\t<b>","flag":true},"list":[1,2]}"#
    );
    let mut out = Vec::new();
    JsonObject::write(&mut out, |_| Ok(())).unwrap();
    assert_eq!(out, b"{}");

    // A member whose `Serialize` fails stops the object with that error.
    struct Failing;
    impl serde::Serialize for Failing {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    let mut out = Vec::new();
    let error = JsonObject::write(&mut out, |body| {
        body.member("a", &1)?;
        body.member("b", &Failing)
    })
    .unwrap_err();
    assert_eq!(error.to_string(), "no");
}

/// Stripe's shape: `{"error": {"type", "code", "message", "doc_url"}}` and a
/// `Request-Id` header of its own naming is left to the integration.
struct Stripe;

impl Format for Stripe {
    fn content_type(&self, _error: &ErrorView<'_>) -> HeaderValue {
        HeaderValue::from_static("application/json")
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
        struct Inner<'a>(&'a ErrorView<'a>);
        impl serde::Serialize for Inner<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let e = self.0;
                let kind = if e.status().is_server_error() {
                    "http_api_error"
                } else {
                    "invalid_request_error"
                };
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("type", kind)?;
                map.serialize_entry("code", &e.code().to_ascii_lowercase())?;
                map.serialize_entry("message", &e.message())?;
                if let Some(docs) = e.docs_url() {
                    map.serialize_entry("doc_url", docs)?;
                }
                map.end()
            }
        }
        let mut serializer = serde_json::Serializer::new(out);
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("error", &Inner(error))?;
        map.end()
    }
}

#[test]
fn a_user_defined_format() {
    assert_response(
        &Documented::NotFound.render(&Stripe, &context()),
        404,
        &[JSON, ("x-request-id", "req_123")],
        json!({"error": {
            "type": "invalid_request_error",
            "code": "link_not_found",
            "message": "Link not found",
            "doc_url": "https://docs.example.com/errors#LINK_NOT_FOUND"
        }}),
    );
}

#[test]
fn boxed_dyn_errors_render_the_same() {
    let boxed: Box<dyn ApiError + Send + Sync> = Box::new(gone());
    assert_eq!(boxed.to_response().body(), gone().to_response().body());
    let value = gone();
    let borrowed: &dyn ApiError = &value;
    assert_eq!(borrowed.to_response().body(), gone().to_response().body());
    assert_eq!(
        borrowed.to_response_with(&context()).headers(),
        gone().to_response_with(&context()).headers()
    );
    assert_eq!(
        json(&boxed.render(&FormatKind::Problem, &context())),
        json(&gone().render(&FormatKind::Problem, &context()))
    );
}

/// Without a framework, `to_response_with` takes the negotiation from the context.
#[cfg(feature = "negotiation")]
#[test]
fn to_response_with_negotiates_from_the_accept_header() {
    let prefers_problem = RequestContext::new()
        .with_request_id("req_1")
        .with_accept(Some("application/json;q=0.1, application/problem+json"));
    assert_response(
        &Undocumented::NotFound.to_response_with(&prefers_problem),
        404,
        &[PROBLEM, ("x-request-id", "req_1"), ("vary", "accept")],
        json!({
            "type": "about:blank", "title": "Not Found", "status": 404,
            "detail": "Link not found", "code": "NOT_FOUND", "request_id": "req_1"
        }),
    );
    let no_accept = RequestContext::new()
        .with_request_id("req_2")
        .with_accept(None);
    assert_response(
        &Undocumented::NotFound.to_response_with(&no_accept),
        404,
        &[JSON, ("x-request-id", "req_2"), ("vary", "accept")],
        json!({"error": "NOT_FOUND", "message": "Link not found", "request_id": "req_2"}),
    );
    // `render` names its format: no negotiation there.
    assert_eq!(
        Undocumented::NotFound
            .render(&FormatKind::Simple, &prefers_problem)
            .headers()
            .get("vary"),
        None
    );
}
