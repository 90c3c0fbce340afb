//! Per-operation error sets: a handler documents only the codes it can send.

use http_api_error::{ApiError, error_set};
use serde_json::json;
use utoipa::IntoResponses;

#[derive(Debug, ApiError)]
#[api(status = 401)]
enum AuthError {
    ApiKeyRequired,
    ApiKeyInvalid,
}

#[derive(Debug, ApiError)]
#[api(format = "problem", docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(status = 404)]
    LinkNotFound,
    #[api(status = 410)]
    LinkGone,
    #[api(status = 409)]
    SlugTaken,
    #[api(transparent)]
    Auth(#[from] AuthError),
}

error_set! {
    /// What `GET /links/{id}` answers with.
    pub GetLinkErrors: LinkError = [AuthError, LinkError::LinkNotFound, LinkError::LinkGone]
}

error_set! {
    CreateLinkErrors: LinkError = [AuthError::ApiKeyRequired, LinkError::SlugTaken,]
}

error_set! {
    /// The whole type as one named schema.
    AllLinkErrors: LinkError = [LinkError]
}

fn codes(catalog: &http_api_error::Catalog) -> Vec<&'static str> {
    catalog.entries().iter().map(|entry| entry.code).collect()
}

#[test]
fn a_set_lists_its_codes_in_the_outer_types_order() {
    assert_eq!(
        codes(&GetLinkErrors::catalog()),
        [
            "LINK_NOT_FOUND",
            "LINK_GONE",
            "API_KEY_REQUIRED",
            "API_KEY_INVALID"
        ]
    );
    assert_eq!(
        codes(&CreateLinkErrors::catalog()),
        ["SLUG_TAKEN", "API_KEY_REQUIRED"]
    );
    assert_eq!(
        codes(&AllLinkErrors::catalog()),
        codes(&LinkError::catalog())
    );
    // The outer type's docs template reaches the nested codes.
    assert_eq!(
        GetLinkErrors::catalog()
            .get("API_KEY_INVALID")
            .unwrap()
            .docs_url,
        Some("https://docs.example.com/errors#API_KEY_INVALID")
    );
}

#[test]
fn its_openapi_responses_refer_to_one_schema_of_its_codes() {
    let set = serde_json::to_value(GetLinkErrors::responses()).unwrap();
    let whole = serde_json::to_value(LinkError::responses()).unwrap();
    // No 409: the set has no code of that status.
    assert_eq!(
        set.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["401", "404", "410"]
    );
    // Each status is the type's own response (its problem format, examples, headers),
    // but for the schema: the set's one component, for every status.
    for status in ["401", "404", "410"] {
        let mut expected = whole[status].clone();
        expected["content"]["application/problem+json"]["schema"] =
            json!({"$ref": "#/components/schemas/GetLinkErrors"});
        assert_eq!(set[status], expected, "{status}");
    }
    assert_eq!(<GetLinkErrors as utoipa::ToSchema>::name(), "GetLinkErrors");
    assert_eq!(
        serde_json::to_value(<GetLinkErrors as utoipa::PartialSchema>::schema()).unwrap(),
        json!({"allOf": [
            {"$ref": "#/components/schemas/ProblemDetails"},
            {
                "type": "object", "required": ["code"],
                "properties": {"code": {"type": "string", "enum": [
                    "LINK_NOT_FOUND", "LINK_GONE", "API_KEY_REQUIRED", "API_KEY_INVALID"
                ]}}
            }
        ]})
    );
    let create =
        serde_json::to_value(<CreateLinkErrors as utoipa::PartialSchema>::schema()).unwrap();
    assert_eq!(
        create["allOf"][1]["properties"]["code"]["enum"],
        json!(["SLUG_TAKEN", "API_KEY_REQUIRED"])
    );
}

#[derive(Debug, ApiError)]
enum Unrelated {
    #[api(status = 418)]
    Teapot,
}

error_set! {
    WrongErrors: LinkError = [LinkError::LinkGone, Unrelated]
}

#[test]
#[should_panic(expected = "error set of `LinkError`: `Unrelated` is not one of its errors")]
fn a_type_the_outer_one_does_not_nest_is_named() {
    let _ = WrongErrors::catalog();
}
