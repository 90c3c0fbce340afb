//! What the real-server tests share: a response reduced to what they compare.

use http_api_error::FormatKind;
use serde_json::{Value, json};

/// A response reduced to what the tests compare: status, the headers an API error sets,
/// sorted by name (transport headers such as `date`, `connection` and
/// `content-length` are checked apart), the request id, and the body as JSON (or as a
/// JSON string when it is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub request_id: String,
    pub body: Value,
}

/// Sends `request` and reduces the response; `content-length` must be the body's.
pub async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let mut headers = Vec::new();
    let mut request_id = String::new();
    let mut length = None;
    for (name, value) in response.headers() {
        let value = value.to_str().unwrap().to_owned();
        match name.as_str() {
            // Transport: actix closes a connection whose request body it did not read.
            "date" | "connection" => {}
            "content-length" => length = Some(value.parse::<usize>().unwrap()),
            "x-request-id" => request_id = value,
            _ => headers.push((name.as_str().to_owned(), value)),
        }
    }
    headers.sort();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(length, Some(bytes.len()), "content-length");
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Reply {
        status,
        headers,
        request_id,
        body,
    }
}

/// `list` as a `Reply`'s headers: owned and sorted by name.
pub fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut list: Vec<_> = list
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    list.sort();
    list
}

/// `list` and `Vary: Accept`, which every error response under the middleware carries
/// unless its format is the problem format already: its body could have been RFC 9457.
pub fn varying(format: FormatKind, list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut list = headers(list);
    if format != FormatKind::Problem {
        list.push(("vary".to_owned(), "accept".to_owned()));
        list.sort();
    }
    list
}

/// Content negotiation through a server running the links app with the simple-format
/// error at `base`: RFC 9457 for a client that prefers it, the type's own format
/// otherwise, `Vary: Accept` on both. (Every framework's suite runs it.)
pub async fn check_negotiation(base: &str) {
    let client = reqwest::Client::new();
    let problem = send(
        client
            .get(format!("{base}/links/7"))
            .header("x-request-id", "neg-1")
            .header("accept", "application/json;q=0.5, application/problem+json"),
    )
    .await;
    assert_eq!(problem.status, 404);
    assert_eq!(
        problem.headers,
        headers(&[
            ("content-type", "application/problem+json"),
            ("vary", "accept")
        ])
    );
    assert_eq!(
        problem.body,
        json!({
            "type": "https://docs.example.com/errors#LINK_NOT_FOUND", "title": "Not Found",
            "status": 404, "detail": "Link 7 not found", "instance": "/links/7",
            "code": "LINK_NOT_FOUND", "request_id": "neg-1", "id": 7
        })
    );
    let own = send(
        client
            .get(format!("{base}/links/7"))
            .header("x-request-id", "neg-2")
            .header("accept", "*/*"),
    )
    .await;
    assert_eq!(
        own.headers,
        headers(&[("content-type", "application/json"), ("vary", "accept")])
    );
    assert_eq!(
        own.body,
        json!({
            "error": "LINK_NOT_FOUND", "message": "Link 7 not found",
            "docs": "https://docs.example.com/errors#LINK_NOT_FOUND",
            "request_id": "neg-2", "details": {"id": 7}
        })
    );
}
