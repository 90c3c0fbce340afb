//! The poem integration on a real server (127.0.0.1, port 0) called with a real HTTP
//! client: every response is checked for status, headers and the whole JSON body.

mod common;

use common::scenario::{
    EnvelopeError, LinkPath, ListQuery, NewLink, POEM, ProblemError, SimpleError,
    check_rate_limited_problem, exercise, exercise_without_middleware, expected,
};
use common::server::{get_with_id, headers, send, varying};
#[path = "support/servers.rs"]
mod servers;

use std::time::Duration;

use http_api_error::poem::{RequestId, catch_all};
use http_api_error::{FormatKind, RequestContext};
use poem::middleware::SizeLimit;
use poem::web::{Json, Path, Query};
use poem::{Endpoint, EndpointExt, Route, get, handler, post};
use serde_json::{Value, json};

macro_rules! app {
    ($error:ident, $format:expr) => {
        app!($error, $format, RequestId::new().format($format))
    };
    ($error:ident, $format:expr, $middleware:expr) => {{
        #[handler]
        fn get_link(Path(LinkPath { id }): Path<LinkPath>) -> Result<String, $error> {
            $error::get_link(id)
        }
        #[handler]
        fn list(Query(query): Query<ListQuery>) -> Result<String, $error> {
            Ok(query.limit.to_string())
        }
        #[handler]
        fn create(Json(link): Json<NewLink>) -> Result<String, $error> {
            $error::create(link.url)
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
            // A middleware failing with an error: rendered by `RequestId`.
            .around(|endpoint, request| async move {
                if request.uri().path() == "/blocked" {
                    return Err($error::ApiKeyRequired.into());
                }
                endpoint.call(request).await
            })
            .with($middleware)
    }};
}

/// The scenario shared by every framework (`common::scenario`), in each format.
#[tokio::test]
async fn every_format() {
    let simple = servers::poem(app!(SimpleError, FormatKind::Simple)).await;
    exercise(&simple, FormatKind::Simple, &POEM).await;
    let problem = servers::poem(app!(ProblemError, FormatKind::Problem)).await;
    exercise(&problem, FormatKind::Problem, &POEM).await;
    let envelope = servers::poem(app!(EnvelopeError, FormatKind::Envelope)).await;
    exercise(&envelope, FormatKind::Envelope, &POEM).await;
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
    let app = Route::new()
        .at("/", get(not_found))
        .at("/context", get(context));
    exercise_without_middleware(&servers::poem(app).await).await;
}

#[tokio::test]
async fn request_id_renders_the_errors_that_reach_it() {
    #[handler]
    fn private() -> Result<String, ProblemError> {
        Err(ProblemError::ApiKeyRequired)
    }
    let base = servers::poem(
        Route::new()
            .at("/private", get(private))
            .with(RequestId::new().format(FormatKind::Problem)),
    )
    .await;
    let client = reqwest::Client::new();

    // A derived error: rendered with the request context.
    let reply = get_with_id(&base, "/private", "req_direct").await;
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
    let reply = send(client.get(format!("{base}/nowhere"))).await;
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
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(response.into_body().into_bytes())
        .unwrap();
    check_rate_limited_problem(
        status,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())),
        &body,
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
    let base = servers::poem(app).await;
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
    let base = servers::poem(app).await;
    let data = get_with_id(&base, "/data", "p-1").await;
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
    let timeout = get_with_id(&base, "/timeout", "p-2").await;
    assert_eq!(timeout.status, 408);
    assert_eq!(
        timeout.body,
        json!({"error": "REQUEST_TIMEOUT", "message": "The server timed out handling the request", "request_id": "p-2"})
    );
    // A status without a rejection kind is left as poem renders it.
    let teapot = get_with_id(&base, "/teapot", "p-3").await;
    assert_eq!(teapot.status, 418);
    assert_eq!(teapot.body, Value::String(String::new()));
    assert_eq!(teapot.headers, headers(&[("x-error", "none")]));
    // A derived error keeps its `RenderedError` through poem's error conversion.
    let gone = get_with_id(&base, "/gone", "p-4").await;
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
        &servers::poem(app!(SimpleError, FormatKind::Simple)).await,
        &servers::poem(app!(
            SimpleError,
            FormatKind::Simple,
            RequestId::new().negotiate(false)
        ))
        .await,
        &servers::poem(app!(ProblemError, FormatKind::Problem)).await,
    )
    .await;
}
