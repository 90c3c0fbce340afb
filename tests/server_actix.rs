//! The actix-web integration on a real server (127.0.0.1, port 0) called with a real
//! HTTP client: every response is checked for status, headers and the whole JSON body.

mod common;

use common::scenario::{
    ACTIX, EnvelopeError, LinkPath, ListQuery, NewLink, ProblemError, SimpleError,
    check_rate_limited_problem, exercise, exercise_without_middleware,
};
use common::server::{send, varying};
#[path = "support/servers.rs"]
#[macro_use]
mod servers;

use std::time::Duration;

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, web};
use http_api_error::actix::{
    RequestId, json_config, method_not_allowed, not_found, path_config, query_config,
};
use http_api_error::{FormatKind, RequestContext};
use serde_json::json;

macro_rules! app {
    ($error:ident, $format:expr) => {
        app!($error, $format, RequestId::new().format($format))
    };
    ($error:ident, $format:expr, $middleware:expr) => {{
        async fn get_link(path: web::Path<LinkPath>) -> Result<String, $error> {
            $error::get_link(path.into_inner().id)
        }
        async fn list(query: web::Query<ListQuery>) -> Result<String, $error> {
            Ok(query.limit.to_string())
        }
        async fn create(link: web::Json<NewLink>) -> Result<String, $error> {
            $error::create(link.into_inner().url)
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

/// The scenario shared by every framework (`common::scenario`), in each format.
#[tokio::test]
async fn every_format() {
    let simple = actix_server!(app!(SimpleError, FormatKind::Simple));
    exercise(&simple, FormatKind::Simple, &ACTIX).await;
    let problem = actix_server!(app!(ProblemError, FormatKind::Problem));
    exercise(&problem, FormatKind::Problem, &ACTIX).await;
    let envelope = actix_server!(app!(EnvelopeError, FormatKind::Envelope));
    exercise(&envelope, FormatKind::Envelope, &ACTIX).await;
}

#[tokio::test]
async fn without_the_middleware_errors_have_no_request_context() {
    async fn handler() -> Result<String, SimpleError> {
        Err(SimpleError::NotFound { id: 3 })
    }
    async fn context(context: RequestContext) -> String {
        format!("{:?} {:?}", context.request_id(), context.instance())
    }
    exercise_without_middleware(&actix_server!(|| {
        App::new()
            .route("/", web::get().to(handler))
            .route("/context", web::get().to(context))
    }))
    .await;
}

#[test]
fn response_error_carries_status_headers_and_body() {
    use actix_web::ResponseError;

    let error = ProblemError::RateLimited {
        wait: Duration::from_secs(3),
    };
    assert_eq!(ResponseError::status_code(&error).as_u16(), 429);
    let response = ResponseError::error_response(&error);
    let status = response.status().as_u16();
    let headers: Vec<_> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let body = actix_web::body::to_bytes(response.into_body());
    let body = actix_web::rt::System::new().block_on(body).unwrap();
    check_rate_limited_problem(
        status,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())),
        &body,
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
    let base = actix_server!(|| {
        App::new()
            .app_data(path_config())
            .route("/pairs/{a}", web::get().to(pair))
            .route("/data", web::get().to(data))
            .route("/json", web::post().to(plain_json))
            .wrap(ErrorHandlers::new().default_handler(framework_errors))
            .wrap(RequestId::new())
    });
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
        &actix_server!(app!(SimpleError, FormatKind::Simple)),
        &actix_server!(app!(
            SimpleError,
            FormatKind::Simple,
            RequestId::new().negotiate(false)
        )),
        &actix_server!(app!(ProblemError, FormatKind::Problem)),
    )
    .await;
}
