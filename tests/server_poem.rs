//! The poem integration on a real server (127.0.0.1, port 0) called with a real HTTP
//! client: every response is checked for status, headers and the whole JSON body.

mod common;

use common::server::{headers, send, varying};

use std::net::SocketAddr;
use std::time::Duration;

use http_api_error::poem::{RequestId, catch_all};
use http_api_error::{ApiError, FormatKind, RequestContext};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::SizeLimit;
use poem::web::{Json, Path, Query};
use poem::{Endpoint, EndpointExt, Route, Server, get, handler, post};
use serde_json::{Value, json};

macro_rules! link_error {
    ($name:ident, $format:literal) => {
        #[derive(Debug, ApiError)]
        #[api(format = $format, docs = "https://docs.example.com/errors#{code}")]
        enum $name {
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
                wait: Duration,
            },
            #[api(
                code = "LINK_CREATE_FAILED",
                status = 500,
                message = "Failed to create link"
            )]
            Storage(#[source] std::io::Error),
        }
    };
}

link_error!(SimpleError, "simple");
link_error!(ProblemError, "problem");
link_error!(EnvelopeError, "envelope");

#[derive(serde::Deserialize)]
struct NewLink {
    url: String,
}

#[derive(serde::Deserialize)]
struct ListQuery {
    limit: u32,
}

#[derive(serde::Deserialize)]
struct LinkPath {
    id: u32,
}

macro_rules! app {
    ($error:ident, $format:expr) => {
        app!($error, $format, RequestId::new().format($format))
    };
    ($error:ident, $format:expr, $middleware:expr) => {{
        #[handler]
        fn get_link(Path(LinkPath { id }): Path<LinkPath>) -> Result<String, $error> {
            if id == 1 {
                Ok("https://example.com".into())
            } else {
                Err($error::NotFound { id })
            }
        }
        #[handler]
        fn list(Query(query): Query<ListQuery>) -> Result<String, $error> {
            Ok(query.limit.to_string())
        }
        #[handler]
        fn create(Json(link): Json<NewLink>) -> Result<String, $error> {
            match link.url.as_str() {
                "fail" => Err($error::Storage(std::io::Error::other(
                    "db password=hunter2",
                ))),
                "limit" => Err($error::RateLimited {
                    wait: Duration::from_millis(1200),
                }),
                _ => Ok(link.url),
            }
        }
        #[handler]
        fn private() -> Result<String, $error> {
            Err($error::ApiKeyRequired)
        }
        #[handler]
        fn context(context: RequestContext) -> String {
            format!("{:?} {:?}", context.request_id(), context.instance())
        }
        Route::new()
            .at("/links", get(list).post(create.with(SizeLimit::new(256))))
            .at("/links/:id", get(get_link))
            .at("/private", post(private))
            .at("/context", get(context))
            .catch_all_error(catch_all)
            .with($middleware)
    }};
}

async fn serve(app: impl Endpoint + 'static) -> SocketAddr {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let address = *acceptor.local_addr()[0].as_socket_addr().unwrap();
    tokio::spawn(Server::new_with_acceptor(acceptor).run(app));
    address
}

/// The body in `format` for `code`/`status`/`message`, with `extra` simple-format
/// members (`errors`, `details`) placed where each format puts them.
// One argument per body member keeps each call site a readable row of the table.
#[allow(clippy::too_many_arguments)]
fn expected(
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

/// What poem reports for the extractor failures the tests provoke: its extractors do
/// not track paths, so body failures point at `body` and path failures at `path`.
const JSON_SYNTAX_MESSAGE: &str = "key must be a string at line 1 column 2";
const JSON_DATA_MESSAGE: &str = "invalid type: integer `5`, expected a string at line 1 column 9";
const PATH_LOCATION: &str = "path";
const PATH_MESSAGE: &str = "invalid path params";
/// poem's router sends no `Allow` with its 405.
const ALLOW: Option<&str> = None;

async fn exercise(address: SocketAddr, format: FormatKind) {
    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let json_type = match format {
        FormatKind::Problem => "application/problem+json",
        _ => "application/json",
    };
    // The envelope labels a 429 `application/problem+json`, as Unkey sends it.
    let rate_limited_type = match format {
        FormatKind::Envelope => "application/problem+json",
        _ => json_type,
    };
    let body = |code: &str,
                status: u16,
                title: &str,
                message: &str,
                request_id: &str,
                instance: &str,
                errors: Option<Value>| {
        expected(
            format, code, status, title, message, false, request_id, instance, errors, None,
        )
    };

    // A derived error, with the incoming request id echoed.
    let reply = send(
        client
            .get(format!("{base}/links/7"))
            .header("x-request-id", "req_client_1"),
    )
    .await;
    assert_eq!(reply.request_id, "req_client_1");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        expected(
            format,
            "LINK_NOT_FOUND",
            404,
            "Not Found",
            "Link 7 not found",
            true,
            "req_client_1",
            "/links/7",
            None,
            Some(json!({"id": 7}))
        )
    );

    // 401 carries WWW-Authenticate; a malformed incoming id is replaced, not reflected.
    let reply = send(
        client
            .post(format!("{base}/private"))
            .header("x-request-id", "bad id with spaces"),
    )
    .await;
    assert!(
        reply.request_id.starts_with("req_") && reply.request_id.len() == 36,
        "{}",
        reply.request_id
    );
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.headers,
        varying(
            format,
            &[("content-type", json_type), ("www-authenticate", "Bearer")]
        )
    );
    assert_eq!(
        reply.body,
        expected(
            format,
            "API_KEY_REQUIRED",
            401,
            "Unauthorized",
            "API key is required",
            true,
            &reply.request_id,
            "/private",
            None,
            None
        )
    );

    // Without an incoming id, one is generated; each request gets its own.
    let first = send(client.post(format!("{base}/private"))).await;
    let second = send(client.post(format!("{base}/private"))).await;
    for reply in [&first, &second] {
        assert!(
            reply.request_id.starts_with("req_") && reply.request_id.len() == 36,
            "{}",
            reply.request_id
        );
        assert_eq!(
            reply.body,
            expected(
                format,
                "API_KEY_REQUIRED",
                401,
                "Unauthorized",
                "API key is required",
                true,
                &reply.request_id,
                "/private",
                None,
                None
            )
        );
    }
    assert_ne!(first.request_id, second.request_id);

    // 429 carries Retry-After, rounded up.
    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "application/json")
            .body(r#"{"url":"limit"}"#),
    )
    .await;
    assert_eq!(reply.status, 429);
    assert_eq!(
        reply.headers,
        varying(
            format,
            &[("content-type", rate_limited_type), ("retry-after", "2")]
        )
    );
    assert_eq!(
        reply.body,
        expected(
            format,
            "RATE_LIMITED",
            429,
            "Too Many Requests",
            "Rate limit exceeded",
            true,
            &reply.request_id,
            "/links",
            None,
            None
        )
    );

    // A 500 never carries the source error.
    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "application/json")
            .body(r#"{"url":"fail"}"#),
    )
    .await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert!(
        !reply.body.to_string().contains("hunter2"),
        "{}",
        reply.body
    );
    assert_eq!(
        reply.body,
        expected(
            format,
            "LINK_CREATE_FAILED",
            500,
            "Internal Server Error",
            "Failed to create link",
            true,
            &reply.request_id,
            "/links",
            None,
            None
        )
    );

    // Extractor rejections.
    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "INVALID_JSON",
            400,
            "Bad Request",
            "Request body is not valid JSON",
            &reply.request_id,
            "/links",
            Some(json!([{"location": "body", "message": JSON_SYNTAX_MESSAGE}]))
        )
    );

    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "application/json")
            .body(r#"{"url": 5}"#),
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "INVALID_BODY",
            422,
            "Unprocessable Entity",
            "Request body does not match the expected schema",
            &reply.request_id,
            "/links",
            Some(json!([{"location": "body", "message": JSON_DATA_MESSAGE}]))
        )
    );

    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "text/plain")
            .body("x"),
    )
    .await;
    assert_eq!(reply.status, 415);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "UNSUPPORTED_MEDIA_TYPE",
            415,
            "Unsupported Media Type",
            "Request body must be JSON, sent with Content-Type: application/json",
            &reply.request_id,
            "/links",
            Some(
                json!([{"location": "header.content-type", "message": "expected `application/json`", "fix": "send the header `Content-Type: application/json`"}])
            )
        )
    );

    let reply = send(
        client
            .post(format!("{base}/links"))
            .header("content-type", "application/json")
            .body(format!(r#"{{"url":"{}"}}"#, "x".repeat(300))),
    )
    .await;
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "PAYLOAD_TOO_LARGE",
            413,
            "Payload Too Large",
            "Request body is too large",
            &reply.request_id,
            "/links",
            Some(json!([{"location": "body", "message": "the body exceeds the size limit"}]))
        )
    );

    let reply = send(client.get(format!("{base}/links?limit=many"))).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "INVALID_QUERY",
            400,
            "Bad Request",
            "Query string is invalid",
            &reply.request_id,
            "/links",
            Some(json!([{"location": "query", "message": "invalid digit found in string"}]))
        )
    );

    let reply = send(client.get(format!("{base}/links?max=3"))).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.body,
        body(
            "INVALID_QUERY",
            400,
            "Bad Request",
            "Query string is invalid",
            &reply.request_id,
            "/links",
            Some(json!([{"location": "query.limit", "message": "missing field `limit`"}]))
        )
    );

    let reply = send(client.get(format!("{base}/links/abc"))).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "INVALID_PATH",
            400,
            "Bad Request",
            "Path parameter is invalid",
            &reply.request_id,
            "/links/abc",
            Some(json!([{"location": PATH_LOCATION, "message": PATH_MESSAGE}]))
        )
    );

    // Unknown path: 404.
    let reply = send(client.get(format!("{base}/nowhere"))).await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.headers,
        varying(format, &[("content-type", json_type)])
    );
    assert_eq!(
        reply.body,
        body(
            "NOT_FOUND",
            404,
            "Not Found",
            "No route matches this path",
            &reply.request_id,
            "/nowhere",
            None
        )
    );

    // Known path, wrong method: 405.
    let reply = send(client.delete(format!("{base}/links"))).await;
    assert_eq!(reply.status, 405);
    let mut expected_headers = vec![("content-type", json_type)];
    expected_headers.extend(ALLOW.map(|allow| ("allow", allow)));
    assert_eq!(reply.headers, varying(format, &expected_headers));
    assert_eq!(
        reply.body,
        body(
            "METHOD_NOT_ALLOWED",
            405,
            "Method Not Allowed",
            "This method is not allowed on this path",
            &reply.request_id,
            "/links",
            None
        )
    );

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

#[tokio::test]
async fn simple_format() {
    exercise(
        serve(app!(SimpleError, FormatKind::Simple)).await,
        FormatKind::Simple,
    )
    .await;
}

#[tokio::test]
async fn problem_format() {
    exercise(
        serve(app!(ProblemError, FormatKind::Problem)).await,
        FormatKind::Problem,
    )
    .await;
}

#[tokio::test]
async fn envelope_format() {
    exercise(
        serve(app!(EnvelopeError, FormatKind::Envelope)).await,
        FormatKind::Envelope,
    )
    .await;
}

#[tokio::test]
async fn without_the_middleware_errors_have_no_request_context() {
    #[handler]
    fn not_found() -> Result<String, SimpleError> {
        Err(SimpleError::NotFound { id: 3 })
    }
    #[handler]
    fn context(context: RequestContext) -> String {
        format!("{:?} {:?}", context.request_id(), context.instance())
    }
    let address = serve(
        Route::new()
            .at("/", get(not_found))
            .at("/context", get(context)),
    )
    .await;
    let client = reqwest::Client::new();
    let reply = send(client.get(format!("http://{address}/"))).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.request_id, "");
    assert_eq!(
        reply.headers,
        headers(&[("content-type", "application/json")])
    );
    assert_eq!(
        reply.body,
        json!({"error": "LINK_NOT_FOUND", "message": "Link 3 not found", "docs": "https://docs.example.com/errors#LINK_NOT_FOUND", "details": {"id": 3}})
    );
    let reply = send(client.get(format!("http://{address}/context"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Value::String("None None".into()));
}

#[tokio::test]
async fn request_id_renders_the_errors_that_reach_it() {
    #[handler]
    fn private() -> Result<String, ProblemError> {
        Err(ProblemError::ApiKeyRequired)
    }
    let address = serve(
        Route::new()
            .at("/private", get(private))
            .with(RequestId::new().format(FormatKind::Problem)),
    )
    .await;
    let client = reqwest::Client::new();

    // A derived error: rendered with the request context.
    let reply = send(
        client
            .get(format!("http://{address}/private"))
            .header("x-request-id", "req_direct"),
    )
    .await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.request_id, "req_direct");
    assert_eq!(
        reply.headers,
        headers(&[
            ("content-type", "application/problem+json"),
            ("www-authenticate", "Bearer")
        ])
    );
    assert_eq!(
        reply.body,
        expected(
            FormatKind::Problem,
            "API_KEY_REQUIRED",
            401,
            "Unauthorized",
            "API key is required",
            true,
            "req_direct",
            "/private",
            None,
            None
        )
    );

    // Without `catch_all`, poem's own errors keep poem's responses, with the id.
    let reply = send(client.get(format!("http://{address}/nowhere"))).await;
    assert_eq!(reply.status, 404);
    assert!(reply.request_id.starts_with("req_"), "{}", reply.request_id);
    assert_eq!(reply.body, Value::String("not found".into()));
}

#[test]
fn response_error_carries_status_headers_and_body() {
    use poem::error::ResponseError;

    let error = ProblemError::RateLimited {
        wait: Duration::from_secs(3),
    };
    assert_eq!(ResponseError::status(&error).as_u16(), 429);
    let response = ResponseError::as_response(&error);
    assert_eq!(response.status().as_u16(), 429);
    let mut list: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    list.sort();
    assert_eq!(
        list,
        headers(&[
            ("content-type", "application/problem+json"),
            ("retry-after", "3")
        ])
    );
    let body = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(response.into_body().into_bytes())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"type": "https://docs.example.com/errors#RATE_LIMITED", "title": "Too Many Requests", "status": 429, "detail": "Rate limit exceeded", "code": "RATE_LIMITED"})
    );
}

#[test]
fn rejection_maps_poems_own_errors_only() {
    use http_api_error::RejectionKind;
    use http_api_error::poem::rejection;
    use poem::error::{MethodNotAllowedError, NotFoundError, SizedLimitError};

    let kind = |error: poem::Error| rejection(&error).map(|rejection| rejection.kind());
    assert_eq!(kind(NotFoundError.into()), Some(RejectionKind::NotFound));
    assert_eq!(
        kind(MethodNotAllowedError.into()),
        Some(RejectionKind::MethodNotAllowed)
    );
    assert_eq!(
        kind(SizedLimitError::PayloadTooLarge.into()),
        Some(RejectionKind::PayloadTooLarge)
    );
    assert_eq!(
        kind(SizedLimitError::MissingContentLength.into()),
        Some(RejectionKind::LengthRequired)
    );
    assert_eq!(kind(SimpleError::ApiKeyRequired.into()), None);
}

/// With `SizeLimit` around the whole app, a request without `Content-Length` (a plain
/// GET, a chunked upload) gets `411 LENGTH_REQUIRED` in the API's format, never
/// poem's plain text.
#[tokio::test]
async fn a_missing_content_length_under_size_limit_is_an_api_error() {
    #[handler]
    fn list() -> String {
        "[]".to_owned()
    }
    let app = Route::new()
        .at("/links", get(list))
        .with(SizeLimit::new(1024))
        .catch_all_error(catch_all)
        .with(RequestId::new());
    let base = format!("http://{}", serve(app).await);
    let client = reqwest::Client::new();
    let reply = send(client.get(format!("{base}/links"))).await;
    assert_eq!(reply.status, 411);
    assert_eq!(
        reply.headers,
        varying(FormatKind::Simple, &[("content-type", "application/json")])
    );
    assert_eq!(
        reply.body,
        json!({
            "error": "LENGTH_REQUIRED",
            "message": "Request must declare its body's length with Content-Length",
            "request_id": reply.request_id,
            "errors": [{
                "location": "header.content-length",
                "message": "required: the endpoint limits the body's size",
            }],
        })
    );
    // With a length, the request goes through.
    let reply = send(
        client
            .get(format!("{base}/links"))
            .header("content-length", "0"),
    )
    .await;
    assert_eq!((reply.status, reply.body), (200, json!([])));
}

/// Missing application data is the server's mistake: a 500 that says nothing more.
/// Any other error poem or a middleware makes on its own, with a status that has a
/// rejection kind, comes out in the API's format through `catch_all`.
#[tokio::test]
async fn wiring_mistakes_are_500s_and_other_errors_take_the_api_format() {
    use poem::web::Data;

    #[poem::handler]
    fn with_data(value: Data<&u32>) -> String {
        value.to_string()
    }
    #[poem::handler]
    fn time_out() -> poem::Result<String> {
        Err(poem::Error::from_status(
            poem::http::StatusCode::REQUEST_TIMEOUT,
        ))
    }
    #[poem::handler]
    fn brew() -> poem::Result<String> {
        Err(poem::Error::from_status(
            poem::http::StatusCode::IM_A_TEAPOT,
        ))
    }
    #[poem::handler]
    fn link_gone() -> Result<String, SimpleError> {
        Err(SimpleError::NotFound { id: 7 })
    }
    // A middleware outside the request id reads which error each response came from.
    let app = Route::new()
        .at("/data", get(with_data))
        .at("/timeout", get(time_out))
        .at("/teapot", get(brew))
        .at("/gone", get(link_gone))
        .catch_all_error(catch_all)
        .with(RequestId::new())
        .around(|endpoint, request| async move {
            let mut response = endpoint.get_response(request).await;
            let code = response
                .extensions()
                .get::<http_api_error::RenderedError>()
                .map_or("none", |rendered| rendered.code);
            response
                .headers_mut()
                .insert("x-error", code.parse().unwrap());
            Ok(response)
        });
    let base = format!("http://{}", serve(app).await);
    let client = reqwest::Client::new();
    let data = send(
        client
            .get(format!("{base}/data"))
            .header("x-request-id", "p-1"),
    )
    .await;
    assert_eq!(data.status, 500);
    assert_eq!(
        data.headers,
        varying(
            FormatKind::Simple,
            &[
                ("content-type", "application/json"),
                ("x-error", "INTERNAL_ERROR")
            ]
        )
    );
    assert_eq!(
        data.body,
        json!({"error": "INTERNAL_ERROR", "message": "Internal Server Error", "request_id": "p-1"})
    );
    let timeout = send(
        client
            .get(format!("{base}/timeout"))
            .header("x-request-id", "p-2"),
    )
    .await;
    assert_eq!(timeout.status, 408);
    assert_eq!(
        timeout.body,
        json!({"error": "REQUEST_TIMEOUT", "message": "The server timed out handling the request", "request_id": "p-2"})
    );
    // A status without a rejection kind is left as poem renders it.
    let teapot = send(
        client
            .get(format!("{base}/teapot"))
            .header("x-request-id", "p-3"),
    )
    .await;
    assert_eq!(teapot.status, 418);
    assert_eq!(teapot.body, Value::String(String::new()));
    assert_eq!(teapot.headers, headers(&[("x-error", "none")]));
    // A derived error keeps its `RenderedError` through poem's error conversion.
    let gone = send(
        client
            .get(format!("{base}/gone"))
            .header("x-request-id", "p-4"),
    )
    .await;
    assert_eq!(gone.status, 404);
    assert_eq!(
        gone.headers,
        varying(
            FormatKind::Simple,
            &[
                ("content-type", "application/json"),
                ("x-error", "LINK_NOT_FOUND")
            ]
        )
    );
}

/// Content negotiation through the middleware (see `common::server::check_negotiation`);
/// off with `negotiate(false)`.
#[tokio::test]
async fn the_format_follows_the_accept_header() {
    common::server::check_negotiation(
        &format!(
            "http://{}",
            serve(app!(SimpleError, FormatKind::Simple)).await
        ),
        &format!(
            "http://{}",
            serve(app!(
                SimpleError,
                FormatKind::Simple,
                RequestId::new().negotiate(false)
            ))
            .await
        ),
        &format!(
            "http://{}",
            serve(app!(ProblemError, FormatKind::Problem)).await
        ),
    )
    .await;
}
