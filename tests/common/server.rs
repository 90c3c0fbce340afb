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

/// Content negotiation through the middleware, the same cases for every framework:
/// `negotiating` runs the links app with the simple-format error behind the default
/// middleware, `fixed` the same behind `negotiate(false)`, and `problem_declared` the
/// app with the problem-format error. RFC 9457 for a client that prefers it (q-values
/// honoured), the type's own format for `application/json`, `*/*`, no `Accept` or an
/// unsupported type, `Vary: Accept` wherever the body could differ.
pub async fn check_negotiation(negotiating: &str, fixed: &str, problem_declared: &str) {
    let client = reqwest::Client::new();
    let simple = |id: &str| {
        json!({
            "error": "LINK_NOT_FOUND", "message": "Link 7 not found",
            "docs": "https://docs.example.com/errors#LINK_NOT_FOUND",
            "request_id": id, "details": {"id": 7}
        })
    };
    let problem = |id: &str| {
        json!({
            "type": "https://docs.example.com/errors#LINK_NOT_FOUND", "title": "Not Found",
            "status": 404, "detail": "Link 7 not found", "instance": "/links/7",
            "code": "LINK_NOT_FOUND", "request_id": id, "id": 7
        })
    };
    let vary = ("vary", "accept");
    let json_type = ("content-type", "application/json");
    let problem_type = ("content-type", "application/problem+json");
    // (server, `Accept`, body, headers)
    type Case<'a> = (&'a str, Option<&'a str>, Value, Vec<(&'a str, &'a str)>);
    let cases: [Case<'_>; 9] = [
        (
            negotiating,
            Some("application/problem+json"),
            problem("n-1"),
            vec![problem_type, vary],
        ),
        (
            negotiating,
            Some("application/json"),
            simple("n-2"),
            vec![json_type, vary],
        ),
        (
            negotiating,
            Some("application/json;q=0.5, application/problem+json;q=0.9"),
            problem("n-3"),
            vec![problem_type, vary],
        ),
        (
            negotiating,
            Some("application/problem+json;q=0.4, application/json"),
            simple("n-4"),
            vec![json_type, vary],
        ),
        (
            negotiating,
            Some("*/*"),
            simple("n-5"),
            vec![json_type, vary],
        ),
        (negotiating, None, simple("n-6"), vec![json_type, vary]),
        // An unsupported type: the type's own format (a 406 would hide the error).
        (
            negotiating,
            Some("text/html"),
            simple("n-7"),
            vec![json_type, vary],
        ),
        // `negotiate(false)`: the type's own format, no `Vary`.
        (
            fixed,
            Some("application/problem+json"),
            simple("n-8"),
            vec![json_type],
        ),
        // The problem format already: nothing to negotiate, no `Vary`.
        (
            problem_declared,
            Some("application/json"),
            problem("n-9"),
            vec![problem_type],
        ),
    ];
    for (base, accept, body, expected_headers) in cases {
        let id = body
            .get("request_id")
            .and_then(Value::as_str)
            .unwrap()
            .to_owned();
        let mut request = client
            .get(format!("{base}/links/7"))
            .header("x-request-id", &id);
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let reply = send(request).await;
        assert_eq!(reply.status, 404, "{id}");
        assert_eq!(reply.headers, headers(&expected_headers), "{id}");
        assert_eq!(reply.request_id, id, "{id}");
        assert_eq!(reply.body, body, "{id}");
    }
}

/// `GET {base}{path}` with the request id `id`, reduced (see [`send`]).
pub async fn get_with_id(base: &str, path: &str, id: &str) -> Reply {
    send(
        reqwest::Client::new()
            .get(format!("{base}{path}"))
            .header("x-request-id", id),
    )
    .await
}
