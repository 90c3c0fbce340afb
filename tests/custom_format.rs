//! A format of the user's own is first-class: declared once on the type, it renders
//! `to_response`, `Serialize` and the axum integration's responses, and the request-id
//! middleware renders rejections and fallbacks in it too, over a real server.

use std::net::SocketAddr;

use axum::Router;
use axum::routing::post;
use http_api_error::axum::{Json, RequestIdLayer, not_found};
use http_api_error::client::{FromRemote, RemoteError};
use http_api_error::{
    ApiError, BodyResult, ErrorView, Format, HeaderMap, HeaderValue, JsonObject, RequestContext,
    StatusCode,
};
use serde_json::{Value, json};

/// Unkey's envelope exactly: no `code` member, a request id on every body, and a 429
/// labelled `application/problem+json`, in a few lines.
struct UnkeyExact;

impl Format for UnkeyExact {
    fn content_type(&self, error: &ErrorView<'_>) -> HeaderValue {
        HeaderValue::from_static(if error.status() == 429 {
            "application/problem+json"
        } else {
            "application/json"
        })
    }

    fn requires_request_id(&self) -> bool {
        true
    }

    /// The code is the last segment of the `type` URL (see the docs template below).
    fn read_back(&self, remote: &RemoteError) -> Option<RemoteError> {
        let code = remote.docs_url()?.rsplit_once('/')?.1;
        Some(remote.clone().with_code(code))
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
        JsonObject::write(out, |body| {
            body.object("meta", |meta| meta.member("requestId", &error.request_id()))?;
            body.object("error", |inner| {
                inner.member("title", error.title())?;
                inner.member("detail", &error.message())?;
                inner.member("status", &error.status().as_u16())?;
                inner.member("type", error.type_uri())?;
                inner.member_if("errors", error.errors())
            })
        })
    }
}

/// `{"message": ...}` alone: the smallest format.
struct MessageOnly;

impl Format for MessageOnly {
    fn content_type(&self, _error: &ErrorView<'_>) -> HeaderValue {
        HeaderValue::from_static("application/json")
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
        JsonObject::write(out, |body| body.member("message", &error.message()))
    }

    /// One code per status: the status tells them apart.
    fn read_back(&self, remote: &RemoteError) -> Option<RemoteError> {
        let code = match remote.status().as_u16() {
            409 => "PASTE_EXISTS",
            _ => return None,
        };
        Some(remote.clone().with_code(code))
    }
}

#[derive(Debug, ApiError)]
#[api(
    format = UnkeyExact,
    docs = "https://unkey.com/docs/errors/unkey/application/{code}"
)]
enum KeyError {
    #[api(status = 404, message = "Key {id} not found")]
    NotFound { id: String },
    #[api(status = 429, message = "Slow down")]
    RateLimited,
    #[api(status = 403, message = "Insufficient permissions")]
    Forbidden,
}

#[derive(Debug, ApiError)]
#[api(format = MessageOnly, status = 409)]
struct PasteExists;

#[test]
fn the_type_renders_in_its_own_format_everywhere() {
    let context = RequestContext::new().with_request_id("req_1");
    let response = KeyError::NotFound { id: "key_1".into() }.to_response_with(&context);
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-request-id"], "req_1");
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"meta": {"requestId": "req_1"}, "error": {
            "title": "Not Found", "detail": "Key key_1 not found", "status": 404,
            "type": "https://unkey.com/docs/errors/unkey/application/NOT_FOUND"
        }})
    );
    // A request id is made where none is known, the same in the header and the body.
    let response = KeyError::RateLimited.to_response();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        body["meta"]["requestId"],
        response.headers()["x-request-id"].to_str().unwrap()
    );
    // Serialize writes the same shape, without a request.
    assert_eq!(
        serde_json::to_value(KeyError::RateLimited).unwrap(),
        json!({"meta": {"requestId": null}, "error": {
            "title": "Too Many Requests", "detail": "Slow down", "status": 429,
            "type": "https://unkey.com/docs/errors/unkey/application/RATE_LIMITED"
        }})
    );
    assert_eq!(
        PasteExists.to_response().body().as_ref(),
        br#"{"message":"Conflict"}"#
    );
}

#[test]
fn the_client_rebuilds_variants_from_bodies_in_it() {
    // Neither body carries a code: the format reads it back, from the `type` URL or
    // from the status, before the derived `FromRemote` chooses the variant.
    let response = KeyError::Forbidden.to_response();
    let remote = RemoteError::from_response(&response);
    assert_eq!(remote.code(), None);
    assert_eq!(remote.message(), Some("Insufficient permissions"));
    assert!(matches!(
        KeyError::from_remote(&remote),
        Some(KeyError::Forbidden)
    ));
    let remote = RemoteError::from_response(&KeyError::RateLimited.to_response());
    assert!(matches!(
        KeyError::from_remote(&remote),
        Some(KeyError::RateLimited)
    ));
    // A variant with a field only interpolated into the message cannot be rebuilt.
    let remote = RemoteError::from_response(&KeyError::NotFound { id: "k".into() }.to_response());
    assert!(KeyError::from_remote(&remote).is_none());
    // A `type` URL of another API, and a body without one, give no variant.
    let foreign = |body: &str, status: u16| {
        RemoteError::decode(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    };
    let other = r#"{"meta":{"requestId":"r"},"error":{"title":"T","detail":"D","status":403,"type":"https://example.com/errors/SOMETHING_ELSE"}}"#;
    assert!(KeyError::from_remote(&foreign(other, 403)).is_none());
    assert!(KeyError::from_remote(&foreign("<html>", 403)).is_none());

    let remote = RemoteError::from_response(&PasteExists.to_response());
    assert_eq!((remote.code(), remote.message()), (None, Some("Conflict")));
    assert!(matches!(
        PasteExists::from_remote(&remote),
        Some(PasteExists)
    ));
    assert!(PasteExists::from_remote(&foreign(r#"{"message":"Conflict"}"#, 400)).is_none());
}

#[derive(serde::Deserialize)]
struct GetKey {
    #[serde(rename = "keyId")]
    key_id: String,
}

async fn get_key(Json(body): Json<GetKey>) -> Result<String, KeyError> {
    Err(KeyError::NotFound { id: body.key_id })
}

#[tokio::test]
async fn the_middleware_renders_rejections_and_fallbacks_in_it() {
    let app = Router::new()
        .route("/v2/keys.getKey", post(get_key))
        .fallback(not_found)
        // The one line: the API's format for the framework's own errors.
        .layer(RequestIdLayer::new().body_format(&UnkeyExact));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let base = format!("http://{address}");
    let send = |request: reqwest::RequestBuilder, id: &'static str| async move {
        let response = request.header("x-request-id", id).send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        (status, content_type, body)
    };
    let handler = send(
        client
            .post(format!("{base}/v2/keys.getKey"))
            .header("content-type", "application/json")
            .body(r#"{"keyId":"key_9"}"#),
        "c-1",
    )
    .await;
    assert_eq!(
        handler,
        (
            404,
            "application/json".to_owned(),
            json!({"meta": {"requestId": "c-1"}, "error": {
                "title": "Not Found", "detail": "Key key_9 not found", "status": 404,
                "type": "https://unkey.com/docs/errors/unkey/application/NOT_FOUND"
            }})
        )
    );
    let rejected = send(
        client
            .post(format!("{base}/v2/keys.getKey"))
            .header("content-type", "application/json")
            .body("{not json"),
        "c-2",
    )
    .await;
    assert_eq!(rejected.0, 400);
    assert_eq!(rejected.2["meta"], json!({"requestId": "c-2"}));
    assert_eq!(rejected.2["error"]["title"], "Bad Request");
    assert_eq!(
        rejected.2["error"]["detail"],
        "Request body is not valid JSON"
    );
    assert_eq!(rejected.2["error"].get("code"), None);
    let unknown = send(client.post(format!("{base}/v2/keys.deleteKey")), "c-3").await;
    assert_eq!(
        unknown,
        (
            404,
            "application/json".to_owned(),
            json!({"meta": {"requestId": "c-3"}, "error": {
                "title": "Not Found", "detail": "No route matches this path", "status": 404,
                "type": "about:blank"
            }})
        )
    );
}

/// An HTML page for browsers, offered beside the type's JSON.
struct HtmlPage;

impl Format for HtmlPage {
    fn content_type(&self, _error: &ErrorView<'_>) -> HeaderValue {
        HeaderValue::from_static("text/html; charset=utf-8")
    }

    fn media_type(&self) -> Option<&'static str> {
        Some("text/html")
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) -> BodyResult {
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        out.extend_from_slice(
            format!(
                "<!doctype html><title>{}</title><h1>{}</h1><p>{}</p><code>{}</code>",
                error.status().as_u16(),
                escape(error.title()),
                escape(&error.message().to_string_lossy()),
                error.code(),
            )
            .as_bytes(),
        );
        Ok(())
    }
}

#[derive(Debug, ApiError)]
#[api(alternatives = [HtmlPage])]
enum PageError {
    #[api(status = 404, message = "No paste <{id}>")]
    Missing { id: String },
}

#[tokio::test]
async fn html_and_json_are_negotiated_for_one_type() {
    async fn paste() -> PageError {
        PageError::Missing { id: "p1".into() }
    }
    let app = Router::new()
        .route("/p1", axum::routing::get(paste))
        .layer(RequestIdLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let fetch = |accept: Option<&'static str>| {
        let mut request = client
            .get(format!("http://{address}/p1"))
            .header("x-request-id", "h-1");
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        async move {
            let response = request.send().await.unwrap();
            let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
            let (content_type, vary) = (header("content-type"), header("vary"));
            let body = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
            (content_type, vary, body)
        }
    };
    let page = "<!doctype html><title>404</title><h1>Not Found</h1><p>No paste &lt;p1&gt;</p><code>MISSING</code>";
    let json = r#"{"error":"MISSING","message":"No paste <p1>","request_id":"h-1"}"#;
    let html_type = "text/html; charset=utf-8";
    let cases = [
        // A browser's Accept.
        (
            Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            html_type,
            page,
        ),
        (Some("text/html"), html_type, page),
        (Some("application/json"), "application/json", json),
        (
            Some("application/json, text/html;q=0.5"),
            "application/json",
            json,
        ),
        (Some("*/*"), "application/json", json),
        (None, "application/json", json),
    ];
    for (accept, content_type, body) in cases {
        assert_eq!(
            fetch(accept).await,
            (
                content_type.to_owned(),
                "accept".to_owned(),
                body.to_owned()
            ),
            "{accept:?}"
        );
    }
    // RFC 9457 stays on offer.
    let (content_type, _, body) = fetch(Some("application/problem+json")).await;
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({
            "type": "about:blank", "title": "Not Found", "status": 404,
            "detail": "No paste <p1>", "instance": "/p1", "code": "MISSING", "request_id": "h-1"
        })
    );
}
