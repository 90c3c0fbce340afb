//! One scenario for every framework integration: the same links app (the error type
//! `SimpleError`, `ProblemError` and `EnvelopeError`, the routes below) served by axum, actix-web and poem, and
//! the same table of requests with the exact response each must get. What the
//! frameworks report differently is listed once, in [`Framework`].
//!
//! The app each test builds has these routes, behind the request-id middleware with
//! the format under test and a body limit of 256 bytes:
//! - `GET /links?limit=N` answers `N`; `POST /links` takes `{"url"}` and fails with
//!   `Storage` for `"fail"`, `RateLimited` (1.2 s) for `"limit"`;
//! - `GET /links/{id}`: `NotFound` for every id but 1;
//! - `POST /private`: `ApiKeyRequired`;
//! - `GET /context`: the request id and instance the handler reads;
//! - `/blocked`: a middleware inside the request-id one fails with `ApiKeyRequired`;
//! - the crate's 404 and 405 fallbacks.

use http_api_error::FormatKind;
use serde_json::{Value, json};

use super::server::{send, varying};

/// The links error in the format `$format`, named `$name`.
macro_rules! link_error {
    ($name:ident, $format:literal) => {
        #[derive(Debug, ::http_api_error::ApiError)]
        #[api(format = $format, docs = "https://docs.example.com/errors#{code}")]
        pub enum $name {
            #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link {id} not found")]
            NotFound {
                #[api(expose)]
                id: u32,
            },
            #[api(
                code = "API_KEY_REQUIRED",
                status = 401,
                message = "API key is required"
            )]
            ApiKeyRequired,
            #[api(status = 429, message = "Rate limit exceeded")]
            RateLimited {
                #[api(retry_after)]
                wait: std::time::Duration,
            },
            #[api(
                code = "LINK_CREATE_FAILED",
                status = 500,
                message = "Failed to create link"
            )]
            Storage(#[source] std::io::Error),
        }

        impl $name {
            /// What `GET /links/{id}` answers.
            pub fn get_link(id: u32) -> Result<String, $name> {
                match id {
                    1 => Ok("https://example.com".into()),
                    id => Err($name::NotFound { id }),
                }
            }

            /// What `POST /links` answers for `url`.
            pub fn create(url: String) -> Result<String, $name> {
                match url.as_str() {
                    "fail" => Err($name::Storage(std::io::Error::other("db password=hunter2"))),
                    "limit" => Err($name::RateLimited {
                        wait: std::time::Duration::from_millis(1200),
                    }),
                    _ => Ok(url),
                }
            }
        }
    };
}

link_error!(SimpleError, "simple");
link_error!(ProblemError, "problem");
link_error!(EnvelopeError, "envelope");

/// The body `POST /links` takes.
#[derive(serde::Deserialize)]
pub struct NewLink {
    pub url: String,
}

/// The query `GET /links` takes.
#[derive(serde::Deserialize)]
pub struct ListQuery {
    pub limit: u32,
}

/// The path `GET /links/{id}` takes.
#[derive(serde::Deserialize)]
pub struct LinkPath {
    pub id: u32,
}

/// What a framework reports in its own words: the violation each extractor failure of
/// the scenario carries, and the `Allow` header of its 405. Everything else is the same
/// on every framework.
pub struct Framework {
    /// `{"url": 5}`: axum's extractor tracks the path into the body, the others do not.
    pub json_data: (&'static str, &'static str),
    /// `?limit=many`: likewise for the query string.
    pub query_invalid: (&'static str, &'static str),
    /// `/links/abc`: poem does not say which parameter.
    pub path_invalid: (&'static str, &'static str),
    /// `DELETE /links`: poem's router sends no `Allow`.
    pub allow: Option<&'static str>,
}

const JSON_DATA: &str = "invalid type: integer `5`, expected a string at line 1 column 9";

pub const AXUM: Framework = Framework {
    json_data: ("body.url", JSON_DATA),
    query_invalid: ("query.limit", "invalid digit found in string"),
    path_invalid: ("path.id", "cannot parse `abc` as u32"),
    allow: Some("GET,HEAD,POST"),
};

pub const ACTIX: Framework = Framework {
    json_data: ("body", JSON_DATA),
    query_invalid: ("query", "invalid digit found in string"),
    path_invalid: ("path.id", "can not parse \"abc\" to a u32"),
    allow: Some("GET, POST"),
};

pub const POEM: Framework = Framework {
    json_data: ("body", JSON_DATA),
    query_invalid: ("query", "invalid digit found in string"),
    path_invalid: ("path", "invalid path params"),
    allow: None,
};

/// The body in `format` for `code`/`status`/`message`, with `extra` simple-format
/// members (`errors`, `details`) placed where each format puts them.
// One argument per body member keeps each call site a readable row of the table.
#[allow(clippy::too_many_arguments)]
pub fn expected(
    format: FormatKind,
    code: &str,
    status: u16,
    title: &str,
    message: &str,
    docs: bool,
    request_id: &str,
    instance: &str,
    errors: Option<Value>,
    details: Option<Value>,
) -> Value {
    let docs_url = docs.then(|| format!("https://docs.example.com/errors#{code}"));
    let mut body = match format {
        FormatKind::Simple => json!({"error": code, "message": message}),
        FormatKind::Problem => json!({
            "type": docs_url.clone().unwrap_or_else(|| "about:blank".into()),
            "title": title, "status": status, "detail": message, "instance": instance, "code": code,
            "request_id": request_id
        }),
        FormatKind::Envelope => json!({"meta": {"requestId": request_id}, "error": {
            "title": title, "detail": message, "status": status,
            "type": docs_url.clone().unwrap_or_else(|| "about:blank".into()), "code": code
        }}),
    };
    let object = match format {
        FormatKind::Envelope => body["error"].as_object_mut().unwrap(),
        _ => body.as_object_mut().unwrap(),
    };
    if format == FormatKind::Simple {
        if let Some(docs) = &docs_url {
            object.insert("docs".into(), json!(docs));
        }
        object.insert("request_id".into(), json!(request_id));
    }
    if let Some(errors) = errors {
        object.insert("errors".into(), errors);
    }
    if let Some(details) = details {
        match format {
            FormatKind::Problem => object.extend(details.as_object().unwrap().clone()),
            _ => {
                object.insert("details".into(), details);
            }
        }
    }
    body
}

/// One request of the scenario and the error response it must get.
struct Case {
    method: reqwest::Method,
    path: &'static str,
    /// The `x-request-id` sent; a valid one comes back, any other is replaced.
    request_id: Option<&'static str>,
    /// `Content-Type` and body sent.
    body: Option<(&'static str, String)>,
    status: u16,
    code: &'static str,
    title: &'static str,
    message: &'static str,
    /// Whether the code is the derived type's (with a docs URL), not a rejection's.
    derived: bool,
    /// Headers besides `Content-Type` and `Vary`.
    headers: Vec<(&'static str, &'static str)>,
    errors: Option<Value>,
    details: Option<Value>,
}

impl Case {
    fn new(method: reqwest::Method, path: &'static str, status: u16, code: &'static str) -> Case {
        Case {
            method,
            path,
            request_id: None,
            body: None,
            status,
            code,
            title: "",
            message: "",
            derived: false,
            headers: Vec::new(),
            errors: None,
            details: None,
        }
    }

    fn says(mut self, title: &'static str, message: &'static str) -> Case {
        self.title = title;
        self.message = message;
        self
    }

    fn derived(mut self) -> Case {
        self.derived = true;
        self
    }

    fn id(mut self, id: &'static str) -> Case {
        self.request_id = Some(id);
        self
    }

    fn json(mut self, body: impl Into<String>) -> Case {
        self.body = Some(("application/json", body.into()));
        self
    }

    fn header(mut self, name: &'static str, value: &'static str) -> Case {
        self.headers.push((name, value));
        self
    }

    fn violation(mut self, (location, message): (&str, &str)) -> Case {
        self.errors = Some(json!([{"location": location, "message": message}]));
        self
    }
}

/// The scenario's error cases, for `framework`.
fn cases(framework: &Framework) -> Vec<Case> {
    use reqwest::Method;
    let bad_request =
        |path, code, message| Case::new(Method::GET, path, 400, code).says("Bad Request", message);
    let key_required = |method, path| {
        Case::new(method, path, 401, "API_KEY_REQUIRED")
            .says("Unauthorized", "API key is required")
            .derived()
            .header("www-authenticate", "Bearer")
    };
    let mut method_not_allowed = Case::new(Method::DELETE, "/links", 405, "METHOD_NOT_ALLOWED")
        .says(
            "Method Not Allowed",
            "This method is not allowed on this path",
        );
    if let Some(allow) = framework.allow {
        method_not_allowed = method_not_allowed.header("allow", allow);
    }
    vec![
        // A derived error, with the incoming request id echoed.
        Case {
            details: Some(json!({"id": 7})),
            ..Case::new(Method::GET, "/links/7", 404, "LINK_NOT_FOUND")
                .says("Not Found", "Link 7 not found")
                .derived()
                .id("req_client_1")
        },
        // 401 carries WWW-Authenticate; a malformed incoming id is replaced.
        key_required(Method::POST, "/private").id("bad id with spaces"),
        key_required(Method::POST, "/private"),
        // 429 carries Retry-After, rounded up; the envelope labels it problem+json.
        Case::new(Method::POST, "/links", 429, "RATE_LIMITED")
            .says("Too Many Requests", "Rate limit exceeded")
            .derived()
            .json(r#"{"url":"limit"}"#)
            .header("retry-after", "2"),
        // A 500 never carries the source error.
        Case::new(Method::POST, "/links", 500, "LINK_CREATE_FAILED")
            .says("Internal Server Error", "Failed to create link")
            .derived()
            .json(r#"{"url":"fail"}"#),
        // Extractor rejections.
        Case::new(Method::POST, "/links", 400, "INVALID_JSON")
            .says("Bad Request", "Request body is not valid JSON")
            .json("{not json")
            .violation(("body", "key must be a string at line 1 column 2")),
        Case::new(Method::POST, "/links", 422, "INVALID_BODY")
            .says(
                "Unprocessable Entity",
                "Request body does not match the expected schema",
            )
            .json(r#"{"url": 5}"#)
            .violation(framework.json_data),
        // A missing field is located at the field, not at the object holding it.
        Case::new(Method::POST, "/links", 422, "INVALID_BODY")
            .says(
                "Unprocessable Entity",
                "Request body does not match the expected schema",
            )
            .json("{}")
            .violation(("body.url", "missing field `url` at line 1 column 2")),
        Case {
            body: Some(("text/plain", "x".into())),
            errors: Some(json!([{
                "location": "header.content-type", "message": "expected `application/json`",
                "fix": "send the header `Content-Type: application/json`"
            }])),
            ..Case::new(Method::POST, "/links", 415, "UNSUPPORTED_MEDIA_TYPE").says(
                "Unsupported Media Type",
                "Request body must be JSON, sent with Content-Type: application/json",
            )
        },
        Case::new(Method::POST, "/links", 413, "PAYLOAD_TOO_LARGE")
            .says("Payload Too Large", "Request body is too large")
            .json(format!(r#"{{"url":"{}"}}"#, "x".repeat(300)))
            .violation(("body", "the body exceeds the size limit")),
        bad_request(
            "/links?limit=many",
            "INVALID_QUERY",
            "Query string is invalid",
        )
        .violation(framework.query_invalid),
        bad_request("/links?max=3", "INVALID_QUERY", "Query string is invalid")
            .violation(("query.limit", "missing field `limit`")),
        bad_request("/links/abc", "INVALID_PATH", "Path parameter is invalid")
            .violation(framework.path_invalid),
        // The router's fallbacks.
        Case::new(Method::GET, "/nowhere", 404, "NOT_FOUND")
            .says("Not Found", "No route matches this path"),
        method_not_allowed,
        // An error returned by a middleware inside the request-id one is rendered in
        // the request.
        key_required(Method::GET, "/blocked").id("req_blocked"),
    ]
}

/// Runs the scenario against the app at `base` (see the module docs) serving its
/// errors in `format`, on `framework`.
pub async fn exercise(base: &str, format: FormatKind, framework: &Framework) {
    let client = reqwest::Client::new();
    let json_type = match format {
        FormatKind::Problem => "application/problem+json",
        _ => "application/json",
    };
    let mut generated = Vec::new();
    for case in cases(framework) {
        let what = format!("{format:?} {} {}", case.method, case.path);
        let mut request = client.request(case.method.clone(), format!("{base}{}", case.path));
        if let Some(id) = case.request_id {
            request = request.header("x-request-id", id);
        }
        if let Some((content_type, body)) = case.body.clone() {
            request = request.header("content-type", content_type).body(body);
        }
        let reply = send(request).await;
        assert_eq!(reply.status, case.status, "{what}");
        match case.request_id.filter(|id| !id.contains(' ')) {
            Some(id) => assert_eq!(reply.request_id, id, "{what}"),
            None => {
                assert!(
                    reply.request_id.starts_with("req_") && reply.request_id.len() == 36,
                    "{what}: {}",
                    reply.request_id
                );
                generated.push(reply.request_id.clone());
            }
        }
        let content_type = match (format, case.status) {
            (FormatKind::Envelope, 429) => "application/problem+json",
            _ => json_type,
        };
        let mut expected_headers = vec![("content-type", content_type)];
        expected_headers.extend(case.headers.iter().copied());
        assert_eq!(reply.headers, varying(format, &expected_headers), "{what}");
        let instance = case.path.split('?').next().unwrap();
        let body = expected(
            format,
            case.code,
            case.status,
            case.title,
            case.message,
            case.derived,
            &reply.request_id,
            instance,
            case.errors,
            case.details,
        );
        assert_eq!(reply.body, body, "{what}");
    }
    // Each generated id is new.
    let count = generated.len();
    generated.sort();
    generated.dedup();
    assert_eq!(generated.len(), count, "{generated:?}");

    // Success responses carry the request id too, and handlers can read the context.
    let reply = send(
        client
            .get(format!("{base}/context"))
            .header("x-request-id", "req_ok"),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.request_id, "req_ok");
    assert_eq!(
        reply.body,
        Value::String(r#"Some("req_ok") Some("/context")"#.into())
    );
    let reply = send(client.get(format!("{base}/links?limit=3"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!(3));
    assert!(reply.request_id.starts_with("req_"), "{}", reply.request_id);
}

/// The app at `base` without the request-id middleware: `GET /` fails with
/// `SimpleError::NotFound { id: 3 }` and `GET /context` answers the context a handler
/// reads. Errors carry no request context then, and handlers read an empty one.
pub async fn exercise_without_middleware(base: &str) {
    let client = reqwest::Client::new();
    let reply = send(client.get(format!("{base}/"))).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.request_id, "");
    assert_eq!(
        reply.headers,
        super::server::headers(&[("content-type", "application/json")])
    );
    assert_eq!(
        reply.body,
        json!({
            "error": "LINK_NOT_FOUND", "message": "Link 3 not found",
            "docs": "https://docs.example.com/errors#LINK_NOT_FOUND", "details": {"id": 3}
        })
    );
    let reply = send(client.get(format!("{base}/context"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Value::String("None None".into()));
}

/// What each framework's own response trait (`ResponseError`) made of
/// `ProblemError::RateLimited { wait: 3 s }`, outside any request: `status`, the
/// headers as (name, value) pairs, and the body.
pub fn check_rate_limited_problem<'a>(
    status: u16,
    headers: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    body: &[u8],
) {
    assert_eq!(status, 429);
    let mut list: Vec<(String, String)> = headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), String::from_utf8(value.to_vec()).unwrap()))
        .collect();
    list.sort();
    assert_eq!(
        list,
        super::server::headers(&[
            ("content-type", "application/problem+json"),
            ("retry-after", "3")
        ])
    );
    assert_eq!(
        serde_json::from_slice::<Value>(body).unwrap(),
        json!({
            "type": "https://docs.example.com/errors#RATE_LIMITED", "title": "Too Many Requests",
            "status": 429, "detail": "Rate limit exceeded", "code": "RATE_LIMITED"
        })
    );
}
