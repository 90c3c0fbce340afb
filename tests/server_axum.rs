//! The axum integration on a real server (127.0.0.1, port 0) called with a real HTTP
//! client: every response is checked for status, headers and the whole JSON body.

mod common;

use common::scenario::{
    AXUM, EnvelopeError, LinkPath, ListQuery, NewLink, ProblemError, SimpleError,
    check_rate_limited_problem, exercise, exercise_without_middleware,
};
use common::server::{headers, send};
#[path = "support/servers.rs"]
mod servers;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use http_api_error::axum::{Json, Path, Query, RequestIdLayer, method_not_allowed, not_found};
use http_api_error::{ApiError, FormatKind, RequestContext};
use serde_json::{Value, json};

macro_rules! routes {
    ($error:ident, $format:expr) => {
        routes!($error, $format, RequestIdLayer::new().format($format))
    };
    ($error:ident, $format:expr, $layer:expr) => {{
        async fn get_link(Path(LinkPath { id }): Path<LinkPath>) -> Result<String, $error> {
            $error::get_link(id)
        }
        async fn list(Query(query): Query<ListQuery>) -> Result<String, $error> {
            Ok(query.limit.to_string())
        }
        async fn create(Json(link): Json<NewLink>) -> Result<String, $error> {
            $error::create(link.url)
        }
        async fn private() -> Result<String, $error> {
            Err($error::ApiKeyRequired)
        }
        async fn context(context: RequestContext) -> String {
            format!("{:?} {:?}", context.request_id(), context.instance())
        }
        Router::new()
            .route("/links", get(list).post(create))
            .route("/links/{id}", get(get_link))
            .route("/private", post(private))
            .route("/context", get(context))
            .fallback(not_found)
            .method_not_allowed_fallback(method_not_allowed)
            .layer(DefaultBodyLimit::max(256))
            // A middleware failing with an error: rendered inside the request.
            .layer(axum::middleware::from_fn(
                |request: axum::extract::Request, next: axum::middleware::Next| async move {
                    if request.uri().path() == "/blocked" {
                        return axum::response::IntoResponse::into_response($error::ApiKeyRequired);
                    }
                    next.run(request).await
                },
            ))
            .layer($layer)
    }};
}

/// The scenario shared by every framework (`common::scenario`), in each format.
#[tokio::test]
async fn every_format() {
    let simple = servers::axum(routes!(SimpleError, FormatKind::Simple)).await;
    exercise(&simple, FormatKind::Simple, &AXUM).await;
    let problem = servers::axum(routes!(ProblemError, FormatKind::Problem)).await;
    exercise(&problem, FormatKind::Problem, &AXUM).await;
    let envelope = servers::axum(routes!(EnvelopeError, FormatKind::Envelope)).await;
    exercise(&envelope, FormatKind::Envelope, &AXUM).await;
}

#[tokio::test]
async fn without_the_layer_errors_have_no_request_context() {
    async fn handler() -> Result<(), SimpleError> {
        Err(SimpleError::NotFound { id: 3 })
    }
    async fn context(context: RequestContext) -> String {
        format!("{:?} {:?}", context.request_id(), context.instance())
    }
    let app = Router::new()
        .route("/", get(handler))
        .route("/context", get(context));
    exercise_without_middleware(&servers::axum(app).await).await;
}

/// axum's `IntoResponse` of a derived error, outside any request.
#[tokio::test]
async fn into_response_carries_status_headers_and_body() {
    let response = axum::response::IntoResponse::into_response(ProblemError::RateLimited {
        wait: Duration::from_secs(3),
    });
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    check_rate_limited_problem(
        status,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())),
        &body,
    );
}

/// Scalar and tuple path parameters are located by the route's names, like a struct's
/// fields, with the crate's own message (the reported `Path<u64>` gave `path` and
/// axum's raw text).
#[tokio::test]
async fn scalar_and_tuple_path_parameters_are_named_from_the_route() {
    async fn number(Path(id): Path<u64>) -> String {
        id.to_string()
    }
    async fn pair(Path((workspace, name, count)): Path<(String, String, u32)>) -> String {
        format!("{workspace}/{name}:{count}")
    }
    let app = Router::new()
        .route("/numbers/{id}", get(number))
        .route("/workspaces/{workspace}/pairs/{name}/{count}", get(pair));
    let base = servers::axum(app).await;
    let client = reqwest::Client::new();
    let cases = [
        (
            "/numbers/abc",
            json!([{"location": "path.id", "message": "cannot parse `abc` as u64"}]),
        ),
        (
            "/workspaces/ws/pairs/x/many",
            json!([{"location": "path.count", "message": "cannot parse `many` as u32"}]),
        ),
    ];
    for (path, errors) in cases {
        let reply = send(client.get(format!("{base}{path}"))).await;
        assert_eq!(reply.status, 400, "{path}");
        assert_eq!(
            reply.body,
            json!({
                "error": "INVALID_PATH",
                "message": "Path parameter is invalid",
                "errors": errors,
            }),
            "{path}"
        );
    }
    assert_eq!(
        send(client.get(format!("{base}/numbers/42"))).await.body,
        json!(42)
    );
}

/// `framework_impls = false`: the derive writes no `IntoResponse`, so the type can have
/// its own, built on `http_api_error::axum::into_response`.
#[derive(Debug, ApiError)]
#[api(framework_impls = false)]
enum Custom {
    #[api(status = 404, message = "Nothing here")]
    Missing,
}

impl axum::response::IntoResponse for Custom {
    fn into_response(self) -> axum::response::Response {
        let mut response = http_api_error::axum::into_response(&self);
        response
            .headers_mut()
            .insert("x-custom", http::HeaderValue::from_static("yes"));
        response
    }
}

#[tokio::test]
async fn a_type_can_write_its_own_into_response() {
    let app = Router::new().route("/", get(|| async { Custom::Missing }));
    let base = servers::axum(app).await;
    let reply = send(reqwest::Client::new().get(format!("{base}/"))).await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.headers,
        [
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-custom".to_owned(), "yes".to_owned()),
        ]
    );
    assert_eq!(
        reply.body,
        json!({"error": "MISSING", "message": "Nothing here"})
    );
}

/// The framework's own error responses, and other layers', in the API's format once
/// `FrameworkErrorsLayer` is in the stack; and a handler whose `Path` does not fit its
/// route is the server's mistake: a 500 that says nothing more.
#[tokio::test]
async fn framework_errors_are_rendered_in_the_api_format() {
    use http_api_error::axum::FrameworkErrorsLayer;

    #[derive(serde::Deserialize)]
    struct NewLink {
        #[allow(dead_code)]
        url: String,
    }
    async fn plain_json(axum::Json(_): axum::Json<NewLink>) -> &'static str {
        "created"
    }
    async fn bytes(body: bytes::Bytes) -> String {
        body.len().to_string()
    }
    async fn form(axum::Form(_): axum::Form<NewLink>) -> &'static str {
        "created"
    }
    async fn extension(axum::Extension(value): axum::Extension<u32>) -> String {
        value.to_string()
    }
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    }
    async fn panics() -> &'static str {
        panic!("handler bug: db pool not initialised")
    }
    async fn pair(Path((a, b)): Path<(String, String)>) -> String {
        format!("{a}{b}")
    }
    let app = Router::new()
        .route("/json", post(plain_json))
        .route("/bytes", post(bytes))
        .route("/form", post(form))
        .route("/extension", get(extension))
        .route("/slow", get(slow))
        .route("/panics", get(panics))
        .route("/pairs/{a}", get(pair))
        .layer(DefaultBodyLimit::max(16))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_millis(50),
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(FrameworkErrorsLayer::new())
        .layer(RequestIdLayer::new().format(FormatKind::Problem));
    let base = servers::axum(app).await;
    let client = reqwest::Client::new();
    let problem = |status: u16, title: &str, code: &str, detail: &str, instance: &str, id: &str| {
        json!({
            "type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": instance, "code": code, "request_id": id,
        })
    };
    let cases = [
        (
            client
                .post(format!("{base}/json"))
                .header("content-type", "application/json")
                .body("{not json"),
            problem(
                400,
                "Bad Request",
                "BAD_REQUEST",
                "The request is invalid",
                "/json",
                "fw-1",
            ),
            vec![],
        ),
        (
            client
                .post(format!("{base}/json"))
                .header("content-type", "application/json")
                .body("{}"),
            problem(
                422,
                "Unprocessable Entity",
                "INVALID_BODY",
                "Request body does not match the expected schema",
                "/json",
                "fw-2",
            ),
            vec![],
        ),
        (
            client.post(format!("{base}/json")).body("{}"),
            problem(
                415,
                "Unsupported Media Type",
                "UNSUPPORTED_MEDIA_TYPE",
                "Request body must be JSON, sent with Content-Type: application/json",
                "/json",
                "fw-3",
            ),
            vec![],
        ),
        (
            client.post(format!("{base}/bytes")).body("x".repeat(64)),
            problem(
                413,
                "Payload Too Large",
                "PAYLOAD_TOO_LARGE",
                "Request body is too large",
                "/bytes",
                "fw-4",
            ),
            vec![],
        ),
        (
            client.get(format!("{base}/extension")),
            problem(
                500,
                "Internal Server Error",
                "INTERNAL_ERROR",
                "Internal Server Error",
                "/extension",
                "fw-5",
            ),
            vec![],
        ),
        (
            client.get(format!("{base}/slow")),
            problem(
                408,
                "Request Timeout",
                "REQUEST_TIMEOUT",
                "The server timed out handling the request",
                "/slow",
                "fw-6",
            ),
            vec![],
        ),
        (
            client.get(format!("{base}/panics")),
            problem(
                500,
                "Internal Server Error",
                "INTERNAL_ERROR",
                "Internal Server Error",
                "/panics",
                "fw-7",
            ),
            vec![],
        ),
        // The router's bare 405 keeps its `Allow` header.
        (
            client.delete(format!("{base}/json")),
            problem(
                405,
                "Method Not Allowed",
                "METHOD_NOT_ALLOWED",
                "This method is not allowed on this path",
                "/json",
                "fw-8",
            ),
            vec![("allow", "POST")],
        ),
        // `Path<(String, String)>` on a route with one parameter: axum's text
        // ("Wrong number of path arguments ...") stays out of the body.
        (
            client.get(format!("{base}/pairs/x")),
            problem(
                500,
                "Internal Server Error",
                "INTERNAL_ERROR",
                "Internal Server Error",
                "/pairs/x",
                "fw-9",
            ),
            vec![],
        ),
        // A plain `axum::Form` whose fields do not fit.
        (
            client
                .post(format!("{base}/form"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("link=x"),
            problem(
                422,
                "Unprocessable Entity",
                "INVALID_BODY",
                "Request body does not match the expected schema",
                "/form",
                "fw-10",
            ),
            vec![],
        ),
    ];
    for (i, (request, body, extra)) in cases.into_iter().enumerate() {
        let id = format!("fw-{}", i + 1);
        let reply = send(request.header("x-request-id", &id)).await;
        let mut expected = extra.clone();
        expected.push(("content-type", "application/problem+json"));
        let expected = headers(&expected);
        assert_eq!(reply.status, body["status"], "{id}");
        assert_eq!(reply.headers, expected, "{id}");
        assert_eq!(reply.request_id, id);
        assert_eq!(reply.body, body, "{id}");
    }
}

/// Without the layer, a plain `axum::Json` rejection stays axum's plain text: the
/// layer is what changes it (the test above would pass vacuously otherwise).
#[tokio::test]
async fn without_the_layer_framework_errors_stay_plain_text() {
    async fn plain_json(axum::Json(value): axum::Json<Value>) -> String {
        value.to_string()
    }
    let app = Router::new()
        .route("/json", post(plain_json))
        .layer(RequestIdLayer::new());
    let base = servers::axum(app).await;
    let reply = send(
        reqwest::Client::new()
            .post(format!("{base}/json"))
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.headers,
        headers(&[("content-type", "text/plain; charset=utf-8")])
    );
}

/// Content negotiation through the middleware (see `common::server::check_negotiation`);
/// off with `negotiate(false)`.
#[tokio::test]
async fn the_format_follows_the_accept_header() {
    common::server::check_negotiation(
        &servers::axum(routes!(SimpleError, FormatKind::Simple)).await,
        &servers::axum(routes!(
            SimpleError,
            FormatKind::Simple,
            RequestIdLayer::new().negotiate(false)
        ))
        .await,
        &servers::axum(routes!(ProblemError, FormatKind::Problem)).await,
    )
    .await;
}
