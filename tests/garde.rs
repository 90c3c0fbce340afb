//! The garde bridge: every rule kind with its code, message and fix, nested structs and
//! lists, compared whole; and `Garde<Json<T>>` on real axum, actix-web and poem servers.

#[macro_use]
#[path = "support/servers.rs"]
mod servers;

use http_api_error::FieldViolation;
use serde_json::{Value, json};

#[derive(Debug, serde::Deserialize, garde::Validate)]
struct Item {
    #[garde(length(min = 1))]
    name: String,
    #[garde(range(min = 1, max = 99))]
    quantity: u32,
}

#[derive(Debug, serde::Deserialize, garde::Validate)]
struct Address {
    #[garde(length(min = 2, max = 2))]
    country: String,
}

fn no_spaces(value: &str, _context: &()) -> garde::Result {
    if value.contains(' ') {
        return Err(garde::Error::new("must not contain spaces"));
    }
    Ok(())
}

#[derive(Debug, serde::Deserialize, garde::Validate)]
struct Order {
    #[garde(email)]
    email: String,
    #[garde(url)]
    website: String,
    #[garde(length(min = 3, max = 10))]
    name: String,
    #[garde(length(max = 5))]
    note: String,
    #[garde(required)]
    coupon: Option<String>,
    #[garde(skip)]
    password: String,
    #[garde(matches(password))]
    confirm: String,
    #[garde(contains("@"))]
    handle: String,
    #[garde(prefix("sku_"))]
    sku: String,
    #[garde(suffix(".pdf"))]
    file: String,
    #[garde(pattern(r"^[a-z]+$"))]
    slug: String,
    #[garde(ascii)]
    plain: String,
    #[garde(alphanumeric)]
    token: String,
    #[garde(ip)]
    ip: String,
    #[garde(ipv4)]
    ipv4: String,
    #[garde(ipv6)]
    ipv6: String,
    #[garde(credit_card)]
    card: String,
    #[garde(custom(no_spaces))]
    tag: String,
    #[garde(range(min = 1, max = 10))]
    count: u32,
    #[garde(inner(length(min = 1)))]
    labels: Vec<String>,
    #[garde(dive)]
    address: Address,
    #[garde(dive)]
    items: Vec<Item>,
}

fn bad_order() -> Value {
    json!({
        "email": "not-an-email", "website": "not a url", "name": "ab", "note": "too long",
        "coupon": null, "password": "a", "confirm": "b", "handle": "nobody",
        "sku": "x1", "file": "a.txt", "slug": "Not Slug", "plain": "é", "token": "a-b",
        "ip": "1.2.3", "ipv4": "::1", "ipv6": "1.2.3.4", "card": "1234", "tag": "a b",
        "count": 11, "labels": ["ok", ""],
        "address": {"country": "FRA"},
        "items": [{"name": "ok", "quantity": 1}, {"name": "", "quantity": 100}]
    })
}

/// The violations of `bad_order()` under `root`, sorted by location.
fn expected(root: &str) -> Vec<FieldViolation> {
    let v = |field: &str, code: &'static str, message: &str, fix: Option<&str>| {
        let violation =
            FieldViolation::new(format!("{root}.{field}"), message.to_owned()).with_code(code);
        match fix {
            Some(fix) => violation.with_fix(fix.to_owned()),
            None => violation,
        }
    };
    let at_least = |n: u32| format!("send a value of length {n} or more");
    vec![
        v(
            "address.country",
            "LENGTH",
            "must have a length of at most 2",
            Some("send a value of length 2 or less"),
        ),
        v(
            "card",
            "CREDIT_CARD",
            "must be a credit card number (unknown type)",
            None,
        ),
        v(
            "confirm",
            "MATCHES",
            "must match the field password",
            Some("send the same value in both fields"),
        ),
        v(
            "count",
            "RANGE",
            "must be at most 10",
            Some("send a number of at most 10"),
        ),
        v("coupon", "REQUIRED", "is required", Some("send a value")),
        v(
            "email",
            "EMAIL",
            "must be an email address (value is missing `@`)",
            Some("send an address such as name@example.com"),
        ),
        v(
            "file",
            "SUFFIX",
            "must end with \".pdf\"",
            Some("send a value ending with \".pdf\""),
        ),
        v("handle", "CONTAINS", "must contain \"@\"", None),
        v("ip", "IP", "must be an IP address", None),
        v("ipv4", "IP", "must be an IPv4 address", None),
        v("ipv6", "IP", "must be an IPv6 address", None),
        v(
            "items[1].name",
            "LENGTH",
            "must have a length of at least 1",
            Some(&at_least(1)),
        ),
        v(
            "items[1].quantity",
            "RANGE",
            "must be at most 99",
            Some("send a number of at most 99"),
        ),
        v(
            "labels[1]",
            "LENGTH",
            "must have a length of at least 1",
            Some(&at_least(1)),
        ),
        v(
            "name",
            "LENGTH",
            "must have a length of at least 3",
            Some(&at_least(3)),
        ),
        v(
            "note",
            "LENGTH",
            "must have a length of at most 5",
            Some("send a value of length 5 or less"),
        ),
        v("plain", "ASCII", "must contain only ASCII characters", None),
        v(
            "sku",
            "PREFIX",
            "must begin with \"sku_\"",
            Some("send a value beginning with \"sku_\""),
        ),
        v("slug", "PATTERN", "must match /^[a-z]+$/", None),
        // A custom rule's error: its own message, no code.
        FieldViolation::new(format!("{root}.tag"), "must not contain spaces"),
        v(
            "token",
            "ALPHANUMERIC",
            "must contain only letters and digits",
            None,
        ),
        v(
            "website",
            "URL",
            "must be a URL (relative URL without a base)",
            Some("send an absolute URL such as https://example.com/page"),
        ),
    ]
}

#[test]
fn every_rule_kind_with_its_code() {
    let order: Order = serde_json::from_value(bad_order()).unwrap();
    assert_eq!(
        http_api_error::garde::validate(&order, "body").unwrap_err(),
        expected("body")
    );
    // A valid value passes; without a root, locations are the paths alone.
    let mut good = bad_order();
    for (field, value) in [
        ("email", json!("a@example.com")),
        ("website", json!("https://example.com")),
        ("name", json!("abc")),
        ("note", json!("ok")),
        ("coupon", json!("C1")),
        ("confirm", json!("a")),
        ("handle", json!("@me")),
        ("sku", json!("sku_1")),
        ("file", json!("a.pdf")),
        ("slug", json!("slug")),
        ("plain", json!("e")),
        ("token", json!("ab1")),
        ("ip", json!("1.2.3.4")),
        ("ipv4", json!("1.2.3.4")),
        ("ipv6", json!("::1")),
        ("card", json!("4111111111111111")),
        ("tag", json!("a")),
        ("count", json!(3)),
        ("labels", json!(["ok"])),
        ("address", json!({"country": "FR"})),
        ("items", json!([{"name": "a", "quantity": 2}])),
    ] {
        good[field] = value;
    }
    let good: Order = serde_json::from_value(good).unwrap();
    assert_eq!(http_api_error::garde::validate(&good, "body"), Ok(()));
    let items = vec![Item {
        name: String::new(),
        quantity: 0,
    }];
    assert_eq!(
        http_api_error::garde::validate(&items, "").unwrap_err(),
        [
            FieldViolation::new("[0].name", "must have a length of at least 1")
                .with_code("LENGTH")
                .with_fix("send a value of length 1 or more"),
            FieldViolation::new("[0].quantity", "must be at least 1")
                .with_code("RANGE")
                .with_fix("send a number of at least 1"),
        ]
    );
}

/// A report from garde's own `validate()` keeps garde's messages, without codes.
#[test]
fn a_report_of_garde_itself_keeps_its_messages() {
    use garde::Validate as _;
    let item = Item {
        name: String::new(),
        quantity: 5,
    };
    let report = item.validate().unwrap_err();
    assert_eq!(
        http_api_error::garde::violations(&report, "query"),
        [FieldViolation::new("query.name", "length is lower than 1")]
    );
}

async fn assert_rejected(base: &str, id: &str) {
    servers::assert_invalid_body(base, id, bad_order().to_string(), json!(expected("body"))).await;
}

#[tokio::test]
async fn axum_garde_json_rejects_in_the_api_format() {
    use http_api_error::axum::{Garde, Json, Query, RequestIdLayer};

    async fn create(Garde(Json(order)): Garde<Json<Order>>) -> String {
        order.email
    }
    #[derive(serde::Deserialize, garde::Validate)]
    struct Page {
        #[garde(range(min = 1, max = 100))]
        limit: u32,
    }
    async fn list(Garde(Query(page)): Garde<Query<Page>>) -> String {
        page.limit.to_string()
    }
    let app = axum::Router::new()
        .route("/orders", axum::routing::post(create).get(list))
        .layer(RequestIdLayer::new());
    let base = servers::axum(app).await;
    assert_rejected(&base, "axum-g").await;

    let response = reqwest::Client::new()
        .get(format!("{base}/orders?limit=0"))
        .header("x-request-id", "axum-q")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        serde_json::from_slice::<Value>(&response.bytes().await.unwrap()).unwrap(),
        json!({
            "error": "INVALID_QUERY", "message": "Query string is invalid", "request_id": "axum-q",
            "errors": [{
                "location": "query.limit", "message": "must be at least 1", "code": "RANGE",
                "fix": "send a number of at least 1"
            }]
        })
    );
}

#[tokio::test]
async fn actix_web_garde_json_rejects_in_the_api_format() {
    assert_rejected(&actix_orders!(Garde, Order), "actix-g").await;
}

#[tokio::test]
async fn poem_garde_json_rejects_in_the_api_format() {
    assert_rejected(&poem_orders!(Garde, Order), "poem-g").await;
}
