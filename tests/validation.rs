//! The validator bridge: every rule kind, nested structs and lists, compared whole; and
//! axum's `Valid<Json<T>>` / `Valid<Query<T>>` on a real server.

#[macro_use]
#[path = "support/servers.rs"]
mod servers;

use axum::Router;
use axum::routing::{get, post};
use http_api_error::FieldViolation;
use http_api_error::axum::{Json, Query, RequestIdLayer, Valid};
use serde_json::{Value, json};
use validator::{Validate, ValidationError};

#[derive(Debug, serde::Deserialize, Validate)]
struct Item {
    #[validate(length(min = 1))]
    name: String,
    #[validate(range(min = 1, max = 99))]
    quantity: u32,
}

#[derive(Debug, serde::Deserialize, Validate)]
struct Address {
    #[validate(length(equal = 2))]
    country: String,
}

fn no_spaces(slug: &str) -> Result<(), ValidationError> {
    if slug.contains(' ') {
        return Err(ValidationError::new("slug").with_message("must not contain spaces".into()));
    }
    Ok(())
}

#[derive(Debug, serde::Deserialize, Validate)]
struct Order {
    #[validate(email)]
    email: String,
    #[validate(url)]
    website: String,
    #[validate(length(min = 3, max = 10))]
    name: String,
    #[validate(length(max = 5))]
    note: String,
    #[validate(required)]
    coupon: Option<String>,
    password: String,
    #[validate(must_match(other = "password"))]
    confirm: String,
    #[validate(contains(pattern = "@"))]
    handle: String,
    #[validate(does_not_contain(pattern = "admin"))]
    login: String,
    #[validate(custom(function = "no_spaces"))]
    slug: String,
    #[validate(nested)]
    address: Address,
    #[validate(nested)]
    items: Vec<Item>,
}

fn bad_order() -> Order {
    Order {
        email: "not-an-email".into(),
        website: "no scheme".into(),
        name: "ab".into(),
        note: "far too long".into(),
        coupon: None,
        password: "a".into(),
        confirm: "b".into(),
        handle: "plain".into(),
        login: "the-admin".into(),
        slug: "has space".into(),
        address: Address {
            country: "FRA".into(),
        },
        items: vec![
            Item {
                name: "ok".into(),
                quantity: 1,
            },
            Item {
                name: String::new(),
                quantity: 100,
            },
        ],
    }
}

fn expected_violations(root: &str) -> Vec<FieldViolation> {
    let at = |field: &str| format!("{root}.{field}");
    vec![
        FieldViolation::new(at("address.country"), "must be exactly 2 characters long")
            .with_code("LENGTH")
            .with_fix("send exactly 2 characters"),
        // Neither value is repeated: one may be a password.
        FieldViolation::new(at("confirm"), "must match the field it confirms")
            .with_code("MUST_MATCH")
            .with_fix("send the same value in both fields"),
        FieldViolation::new(at("coupon"), "is required")
            .with_code("REQUIRED")
            .with_fix("send a value"),
        FieldViolation::new(at("email"), "must be an email address")
            .with_code("EMAIL")
            .with_fix("send an address such as name@example.com"),
        FieldViolation::new(at("handle"), "must contain \"@\"").with_code("CONTAINS"),
        FieldViolation::new(at("items[1].name"), "must be at least 1 character long")
            .with_code("LENGTH")
            .with_fix("send at least 1 character"),
        FieldViolation::new(at("items[1].quantity"), "must be 1 to 99")
            .with_code("RANGE")
            .with_fix("send a number 1 to 99"),
        FieldViolation::new(at("login"), "must not contain \"admin\"")
            .with_code("DOES_NOT_CONTAIN"),
        FieldViolation::new(at("name"), "must be 3 to 10 characters long")
            .with_code("LENGTH")
            .with_fix("send 3 to 10 characters"),
        FieldViolation::new(at("note"), "must be at most 5 characters long")
            .with_code("LENGTH")
            .with_fix("send at most 5 characters"),
        FieldViolation::new(at("slug"), "must not contain spaces").with_code("SLUG"),
        FieldViolation::new(at("website"), "must be a URL")
            .with_code("URL")
            .with_fix("send an absolute URL such as https://example.com/page"),
    ]
}

#[test]
fn every_rule_kind_nested_structs_and_lists() {
    let errors = bad_order().validate().unwrap_err();
    assert_eq!(
        http_api_error::validator::violations(&errors, "body"),
        expected_violations("body")
    );
}

#[derive(Debug, serde::Deserialize, Validate)]
struct ListQuery {
    #[validate(range(min = 1, max = 100))]
    limit: u32,
}

#[tokio::test]
async fn valid_extractors_reject_in_the_api_format() {
    async fn create(Valid(Json(order)): Valid<Json<Order>>) -> String {
        order.email
    }
    async fn list(Valid(Query(query)): Valid<Query<ListQuery>>) -> String {
        query.limit.to_string()
    }
    let app = Router::new()
        .route("/orders", post(create))
        .route("/orders", get(list))
        .layer(RequestIdLayer::new());
    let base = servers::axum(app).await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{base}/orders"))
        .header("x-request-id", "v-1")
        .header("content-type", "application/json")
        .body(bad_order_json())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers()["content-type"], "application/json");
    let sent: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({
            "error": "INVALID_BODY",
            "message": "Request body does not match the expected schema",
            "request_id": "v-1",
            "errors": expected_violations("body"),
        })
    );
    // What a client decodes: every violation with its code.
    let remote = http_api_error::client::RemoteError::decode(
        http_api_error::StatusCode::UNPROCESSABLE_ENTITY,
        &http_api_error::HeaderMap::new(),
        sent.to_string().as_bytes(),
    );
    assert_eq!(remote.errors(), expected_violations("body"));

    let response = client
        .get(format!("{base}/orders?limit=0"))
        .header("x-request-id", "v-2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let sent: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({
            "error": "INVALID_QUERY",
            "message": "Query string is invalid",
            "request_id": "v-2",
            "errors": [{
                "location": "query.limit", "message": "must be 1 to 100", "code": "RANGE",
                "fix": "send a number 1 to 100"
            }],
        })
    );
    let ok = client
        .get(format!("{base}/orders?limit=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

/// The body every framework's `Valid` extractor rejects, and what it answers.
fn bad_order_json() -> String {
    json!({
        "email": "not-an-email", "website": "no scheme", "name": "ab", "note": "far too long",
        "coupon": null, "password": "a", "confirm": "b", "handle": "plain",
        "login": "the-admin", "slug": "has space", "address": {"country": "FRA"},
        "items": [{"name": "ok", "quantity": 1}, {"name": "", "quantity": 100}]
    })
    .to_string()
}

async fn assert_rejected(base: &str, id: &str) {
    servers::assert_invalid_body(
        base,
        id,
        bad_order_json(),
        json!(expected_violations("body")),
    )
    .await;
}

#[tokio::test]
async fn actix_web_valid_json_rejects_in_the_api_format() {
    assert_rejected(&actix_orders!(Valid, Order), "actix-v").await;
}

#[tokio::test]
async fn poem_valid_json_rejects_in_the_api_format() {
    assert_rejected(&poem_orders!(Valid, Order), "poem-v").await;
}
