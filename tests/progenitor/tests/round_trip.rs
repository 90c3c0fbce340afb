//! The client progenitor generates from the links service's document, against the real
//! service (`bash .ci/progenitor.sh` starts it and sets `LINKS_URL`, and
//! `LINKS_LIMITED_URL` for one whose rate limit is 0): every error status a route
//! documents arrives as the route's typed error, the code an enum variant, with the
//! message, the violations and the request id of the response.

use links_progenitor_client::{Client, Error, types};
use serde_json::{Value, json};

fn url(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run .ci/progenitor.sh"))
}

/// A generated client sending `key` as the Bearer token.
fn client(base: &str, key: Option<&str>) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(key) = key {
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {key}").parse().unwrap(),
        );
    }
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(base, http)
}

/// Asserts that `$call` fails with `$status` and the typed error `$variant` (code
/// `$code`, message `$message`), whose request id is the response's `x-request-id`.
macro_rules! check {
    ($call:expr, $status:expr, $variant:path, $code:expr, $message:expr) => {{
        match $call.await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status().as_u16(), $status, "{}", $code);
                let id = response.headers()["x-request-id"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let body = response.into_inner();
                assert!(matches!(body.error, $variant), "{:?}", body.error);
                assert_eq!(serde_json::to_value(&body.error).unwrap(), json!($code));
                assert_eq!(body.message, $message);
                assert_eq!(body.request_id.as_deref(), Some(id.as_str()));
                assert!(body.errors.is_empty());
            }
            other => panic!("{}: expected an error response, got {other:?}", $code),
        }
    }};
}

fn new_link(url: &str) -> types::NewLink {
    serde_json::from_value(json!({ "url": url })).unwrap()
}

#[tokio::test]
async fn every_error_a_route_documents_arrives_typed() {
    let base = url("LINKS_URL");
    let limited = url("LINKS_LIMITED_URL");
    let alice = client(&base, Some("sk_alice"));

    // The caller's checks, on every route, each in the route's own error type.
    macro_rules! callers_checks {
        ($error:ident, |$c:ident, $ws:ident| $call:expr) => {{
            use types::$error as E;
            let keys = [
                (
                    None,
                    401,
                    "API_KEY_REQUIRED",
                    "API key is required. Include it as Authorization: Bearer <your-api-key>.",
                ),
                (
                    Some("sk_nobody"),
                    401,
                    "API_KEY_INVALID",
                    "The provided API key is not valid. Verify the key and try again.",
                ),
                (
                    Some("sk_expired"),
                    401,
                    "API_KEY_EXPIRED",
                    "The API key has expired. Rotate or create a new key.",
                ),
                (
                    Some("sk_disabled"),
                    403,
                    "API_KEY_DISABLED",
                    "The API key is disabled. Enable it or create a new key.",
                ),
                (
                    Some("sk_mallory"),
                    403,
                    "NOT_A_MEMBER",
                    "The API key owner is not a member of this workspace.",
                ),
            ];
            for (key, status, code, message) in keys {
                let $c = client(&base, key);
                let $ws = "ws_demo";
                match code {
                    "API_KEY_REQUIRED" => check!($call, status, E::ApiKeyRequired, code, message),
                    "API_KEY_INVALID" => check!($call, status, E::ApiKeyInvalid, code, message),
                    "API_KEY_EXPIRED" => check!($call, status, E::ApiKeyExpired, code, message),
                    "API_KEY_DISABLED" => check!($call, status, E::ApiKeyDisabled, code, message),
                    _ => check!($call, status, E::NotAMember, code, message),
                }
            }
            let ($c, $ws) = (client(&base, Some("sk_alice")), "ws_other");
            check!(
                $call,
                404,
                E::WorkspaceNotFound,
                "WORKSPACE_NOT_FOUND",
                "Workspace not found"
            );
            let ($c, $ws) = (client(&limited, Some("sk_alice")), "ws_demo");
            check!(
                $call,
                429,
                E::RateLimited,
                "RATE_LIMITED",
                "Rate limit exceeded. Wait and retry with exponential backoff."
            );
        }};
    }
    let link = new_link("https://example.com");
    callers_checks!(ListLinksErrorsError, |c, ws| c.list_links(ws));
    callers_checks!(CreateLinkErrorsError, |c, ws| c.create_link(ws, &link));
    callers_checks!(GetLinkErrorsError, |c, ws| c.get_link(ws, "lnk_1"));
    callers_checks!(DeleteLinkErrorsError, |c, ws| c.delete_link(ws, "lnk_1"));

    // Each route's own: a link that never was, one deleted, another's link, a store
    // failure, the plan's limit.
    let created = alice
        .create_link("ws_demo", &link)
        .await
        .unwrap()
        .into_inner();
    alice.delete_link("ws_demo", &created.id).await.unwrap();
    check!(
        alice.get_link("ws_demo", "lnk_999"),
        404,
        types::GetLinkErrorsError::LinkNotFound,
        "LINK_NOT_FOUND",
        "Link not found"
    );
    check!(
        alice.get_link("ws_demo", &created.id),
        410,
        types::GetLinkErrorsError::LinkGone,
        "LINK_GONE",
        "Link has been deleted"
    );
    check!(
        alice.delete_link("ws_demo", &created.id),
        410,
        types::DeleteLinkErrorsError::LinkGone,
        "LINK_GONE",
        "Link has been deleted"
    );
    let kept = alice
        .create_link("ws_demo", &link)
        .await
        .unwrap()
        .into_inner();
    check!(
        client(&base, Some("sk_bob")).delete_link("ws_demo", &kept.id),
        403,
        types::DeleteLinkErrorsError::LinkDeleteForbidden,
        "LINK_DELETE_FORBIDDEN",
        "You do not have permission to delete this link."
    );
    check!(
        alice.create_link("ws_demo", &new_link("https://db.invalid")),
        500,
        types::CreateLinkErrorsError::LinkCreateFailed,
        "LINK_CREATE_FAILED",
        "Failed to create link"
    );
    for attempt in 0.. {
        assert!(attempt < 10, "the plan's limit was never reached");
        match alice.create_link("ws_demo", &link).await {
            Ok(_) => continue,
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status().as_u16(), 403);
                let body = response.into_inner();
                assert!(matches!(
                    body.error,
                    types::CreateLinkErrorsError::PlanLimitExceeded
                ));
                assert_eq!(body.message, "Plan limit exceeded");
                break;
            }
            Err(other) => panic!("{other:?}"),
        }
    }
}

/// What the typed client cannot send (its types refuse a body the schema refuses):
/// the service's answers to such requests, read by the generated error type.
#[tokio::test]
async fn rejected_requests_decode_into_the_generated_type() {
    let base = url("LINKS_URL");
    let http = reqwest::Client::new();
    let post = |body: &str, content_type: Option<&str>| {
        let mut request = http
            .post(format!("{base}/v1/workspaces/ws_demo/links"))
            .header("authorization", "Bearer sk_alice")
            .body(body.to_owned());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let id = response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned();
            let body: types::CreateLinkErrors =
                serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            assert_eq!(body.request_id.as_deref(), Some(id.as_str()));
            (status, body)
        }
    };
    let json = Some("application/json");
    let (status, body) = post(r#"{"url":"ftp://x","title":""}"#, json).await;
    assert_eq!(status, 400);
    assert!(matches!(
        body.error,
        types::CreateLinkErrorsError::ValidationFailed
    ));
    assert_eq!(body.message, "Request validation failed");
    let violations: Vec<Value> = body
        .errors
        .iter()
        .map(|violation| serde_json::to_value(violation).unwrap())
        .collect();
    assert_eq!(
        violations,
        [json!({
            "location": "body.url", "message": "must be an absolute http or https URL",
            "code": "URL", "fix": "send an absolute URL such as https://example.com/page"
        })]
    );
    let (status, body) = post("{", json).await;
    assert_eq!(status, 400);
    assert!(matches!(
        body.error,
        types::CreateLinkErrorsError::InvalidJson
    ));
    let (status, body) = post(r#"{"title":"no url"}"#, json).await;
    assert_eq!(status, 422);
    assert!(matches!(
        body.error,
        types::CreateLinkErrorsError::InvalidBody
    ));
    let (status, body) = post(r#"{"url":"https://example.com"}"#, None).await;
    assert_eq!(status, 415);
    assert!(matches!(
        body.error,
        types::CreateLinkErrorsError::UnsupportedMediaType
    ));
    let big = format!(r#"{{"url":"https://example.com/{}"}}"#, "a".repeat(3 << 20));
    let (status, body) = post(&big, json).await;
    assert_eq!(status, 413);
    assert!(matches!(
        body.error,
        types::CreateLinkErrorsError::PayloadTooLarge
    ));
}
