//! The actix-web integration on a real server (127.0.0.1, port 0) called with a real
//! HTTP client: every response is checked for status, headers and the whole JSON body.

mod common;

use common::server::{headers, send, varying};

use std::net::SocketAddr;
use std::time::Duration;

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpServer, web};
use http_api_error::actix::{
    RequestId, json_config, method_not_allowed, not_found, path_config, query_config,
};
use http_api_error::{ApiError, FormatKind, RequestContext};
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

/// Starts the app built by `$factory` on its own actix system and returns its address.
macro_rules! serve {
    ($factory:expr) => {{
        let (sender, receiver) = std::sync::mpsc::channel::<SocketAddr>();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new($factory)
                    .workers(1)
                    .disable_signals()
                    .bind(("127.0.0.1", 0))
                    .unwrap();
                sender.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        receiver.recv().unwrap()
    }};
}

macro_rules! app {
    ($error:ident, $format:expr) => {
        app!($error, $format, RequestId::new().format($format))
    };
    ($error:ident, $format:expr, $middleware:expr) => {{
        async fn get_link(path: web::Path<LinkPath>) -> Result<String, $error> {
            match path.into_inner().id {
                1 => Ok("https://example.com".into()),
                id => Err($error::NotFound { id }),
            }
        }
        async fn list(query: web::Query<ListQuery>) -> Result<String, $error> {
            Ok(query.limit.to_string())
        }
        async fn create(link: web::Json<NewLink>) -> Result<String, $error> {
            let link = link.into_inner();
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
        async fn private() -> Result<String, $error> {
            Err($error::ApiKeyRequired)
        }
        async fn context(context: RequestContext) -> String {
            format!("{:?} {:?}", context.request_id(), context.instance())
        }
        move || {
            App::new()
                .app_data(json_config().limit(256))
                .app_data(query_config())
                .app_data(path_config())
                .service(
                    web::resource("/links")
                        .route(web::get().to(list))
                        .route(web::post().to(create)),
                )
                .route("/links/{id}", web::get().to(get_link))
                .route("/private", web::post().to(private))
                .route("/context", web::get().to(context))
                .default_service(web::to(not_found))
                // A middleware failing with an error: rendered by `RequestId`.
                .wrap_fn(|request, service| {
                    let blocked = request.path() == "/blocked";
                    let response = service.call(request);
                    async move {
                        if blocked {
                            Err($error::ApiKeyRequired.into())
                        } else {
                            response.await
                        }
                    }
                })
                .wrap(
                    ErrorHandlers::new()
                        .handler(StatusCode::METHOD_NOT_ALLOWED, method_not_allowed),
                )
                .wrap($middleware)
        }
    }};
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

/// What actix reports for the extractor failures the tests provoke: it deserializes
/// without tracking paths, so body failures point at `body` and path failures at the
/// parameter whose value the message quotes.
const JSON_SYNTAX_MESSAGE: &str = "key must be a string at line 1 column 2";
const JSON_DATA_MESSAGE: &str = "invalid type: integer `5`, expected a string at line 1 column 9";
const PATH_LOCATION: &str = "path.id";
const PATH_MESSAGE: &str = "can not parse \"abc\" to a u32";
/// actix's resource answers a method it has no route for with `Allow`.
const ALLOW: Option<&str> = Some("GET, POST");

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

    // An error returned by a middleware inside `RequestId` is rendered in the request.
    let reply = send(
        client
            .get(format!("{base}/blocked"))
            .header("x-request-id", "req_blocked"),
    )
    .await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.request_id, "req_blocked");
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
            "req_blocked",
            "/blocked",
            None,
            None
        )
    );
}

#[tokio::test]
async fn simple_format() {
    exercise(
        serve!(app!(SimpleError, FormatKind::Simple)),
        FormatKind::Simple,
    )
    .await;
}

#[tokio::test]
async fn problem_format() {
    exercise(
        serve!(app!(ProblemError, FormatKind::Problem)),
        FormatKind::Problem,
    )
    .await;
}

#[tokio::test]
async fn envelope_format() {
    exercise(
        serve!(app!(EnvelopeError, FormatKind::Envelope)),
        FormatKind::Envelope,
    )
    .await;
}

#[tokio::test]
async fn without_the_middleware_errors_have_no_request_context() {
    async fn handler() -> Result<String, SimpleError> {
        Err(SimpleError::NotFound { id: 3 })
    }
    async fn context(context: RequestContext) -> String {
        format!("{:?} {:?}", context.request_id(), context.instance())
    }
    let address = serve!(|| {
        App::new()
            .route("/", web::get().to(handler))
            .route("/context", web::get().to(context))
    });
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

#[test]
fn response_error_carries_status_headers_and_body() {
    use actix_web::ResponseError;

    let error = ProblemError::RateLimited {
        wait: Duration::from_secs(3),
    };
    assert_eq!(ResponseError::status_code(&error).as_u16(), 429);
    let response = ResponseError::error_response(&error);
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
    let body = actix_web::body::to_bytes(response.into_body());
    let body = actix_web::rt::System::new().block_on(body).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"type": "https://docs.example.com/errors#RATE_LIMITED", "title": "Too Many Requests", "status": 429, "detail": "Rate limit exceeded", "code": "RATE_LIMITED"})
    );
}

/// A handler whose `Path` does not fit its route, and missing application data, are the
/// server's mistakes: a 500 that says nothing more. actix's other own error responses
/// (a `web::Json` without this crate's config) come out in the API's format through
/// `framework_errors`.
#[tokio::test]
async fn wiring_mistakes_are_500s_and_framework_errors_take_the_api_format() {
    use http_api_error::actix::framework_errors;

    async fn pair(path: web::Path<(String, String)>) -> String {
        let (a, b) = path.into_inner();
        format!("{a}{b}")
    }
    async fn data(value: web::Data<u32>) -> String {
        value.to_string()
    }
    async fn plain_json(link: web::Json<NewLink>) -> String {
        link.into_inner().url
    }
    let address = serve!(|| {
        App::new()
            .app_data(path_config())
            .route("/pairs/{a}", web::get().to(pair))
            .route("/data", web::get().to(data))
            .route("/json", web::post().to(plain_json))
            .wrap(ErrorHandlers::new().default_handler(framework_errors))
            .wrap(RequestId::new())
    });
    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let internal = |id: &str| json!({"error": "INTERNAL_ERROR", "message": "Internal Server Error", "request_id": id});
    for (request, status, body, id) in [
        (
            client.get(format!("{base}/pairs/x")),
            500,
            internal("a-1"),
            "a-1",
        ),
        (
            client.get(format!("{base}/data")),
            500,
            internal("a-2"),
            "a-2",
        ),
        (
            client
                .post(format!("{base}/json"))
                .header("content-type", "application/json")
                .body("{not json"),
            400,
            json!({"error": "BAD_REQUEST", "message": "The request is invalid", "request_id": "a-3"}),
            "a-3",
        ),
    ] {
        let reply = send(request.header("x-request-id", id)).await;
        assert_eq!(reply.status, status, "{id}");
        assert_eq!(
            reply.headers,
            varying(FormatKind::Simple, &[("content-type", "application/json")]),
            "{id}"
        );
        assert_eq!(reply.request_id, id);
        assert_eq!(reply.body, body, "{id}");
    }
}

/// Content negotiation through the middleware (see `common::server::check_negotiation`);
/// off with `negotiate(false)`.
#[tokio::test]
async fn the_format_follows_the_accept_header() {
    common::server::check_negotiation(
        &format!("http://{}", serve!(app!(SimpleError, FormatKind::Simple))),
        &format!(
            "http://{}",
            serve!(app!(
                SimpleError,
                FormatKind::Simple,
                RequestId::new().negotiate(false)
            ))
        ),
        &format!("http://{}", serve!(app!(ProblemError, FormatKind::Problem))),
    )
    .await;
}
