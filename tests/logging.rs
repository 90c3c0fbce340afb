//! The log event of every error response (feature `tracing`), read by a real subscriber:
//! tracing-subscriber's JSON formatter writes each event, and the tests parse its
//! output and compare each event whole. Real axum, actix-web and poem servers answer a
//! real HTTP client; `to_response` is checked directly.
//!
//! Each request carries its own `x-request-id`, so the events of one test are told
//! apart from those of the tests running beside it.

use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use http_api_error::{ApiError, RenderedError, RequestContext, StatusCode};
use serde_json::{Value, json};
use tracing_subscriber::layer::SubscriberExt as _;

mod common;
use common::server::{Reply, get_with_id, headers, send};
#[macro_use]
#[path = "support/servers.rs"]
mod servers;

/// The secret a source error carries: it must reach the log and nothing else.
const SECRET: &str = "password=hunter2";
const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link {id} not found")]
    NotFound {
        #[api(expose)]
        id: u32,
    },
    #[api(
        code = "LINK_CREATE_FAILED",
        status = 500,
        message = "Failed to create link"
    )]
    Storage(#[source] StoreError),
    #[api(status = 409, log = "off")]
    Conflict,
    #[api(status = 403, log = "warn")]
    Forbidden,
}

/// A storage error with a cause of its own, so the chain has two levels.
#[derive(Debug)]
struct StoreError(io::Error);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("insert into links failed")
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn storage_failure() -> LinkError {
    LinkError::Storage(StoreError(io::Error::other(format!(
        "connect to db failed: {SECRET}"
    ))))
}

/// What the 500's event says, whatever the framework: everything but the ids.
fn storage_event_fields() -> Value {
    json!({
        "message": "error response",
        "error.type": "LINK_CREATE_FAILED",
        "http.response.status_code": 500,
        "error.message": "Failed to create link",
        "exception.message": "Failed to create link",
        "error.sources": format!("[\"insert into links failed\", \"connect to db failed: {SECRET}\"]"),
        "error.debug": format!("Storage(StoreError(Custom {{ kind: Other, error: \"connect to db failed: {SECRET}\" }}))"),
    })
}

/// Adds members to a JSON object.
fn with(mut value: Value, members: Value) -> Value {
    if let (Value::Object(object), Value::Object(members)) = (&mut value, members) {
        object.extend(members);
    }
    value
}

/// The captured output of the process-wide subscriber.
fn output() -> &'static Arc<Mutex<Vec<u8>>> {
    static OUTPUT: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let output = Arc::new(Mutex::new(Vec::new()));
        let subscriber = tracing_subscriber::registry().with(json_layer(output.clone()));
        tracing::subscriber::set_global_default(subscriber).unwrap();
        output
    })
}

/// tracing-subscriber's JSON formatter, without timestamps, listing the spans an event
/// was emitted in.
fn json_layer<S>(output: Arc<Mutex<Vec<u8>>>) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .json()
        .without_time()
        .with_current_span(false)
        .with_span_list(true)
        .with_writer(move || Capture(output.clone()))
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Every line `output` holds, parsed.
fn lines(output: &Mutex<Vec<u8>>) -> Vec<Value> {
    let output = output.lock().unwrap();
    String::from_utf8_lossy(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// This crate's events for the request `id`.
fn events_for(id: &str) -> Vec<Value> {
    lines(output())
        .into_iter()
        .filter(|event| event["target"] == "http_api_error")
        .filter(|event| event["fields"]["request_id"] == id)
        .collect()
}

/// The one event for the request `id`.
fn one_event_for(id: &str) -> Value {
    let mut events = events_for(id);
    assert_eq!(events.len(), 1, "{id}: {events:#?}");
    events.remove(0)
}

/// Sends the request whose handler fails with `storage_failure()`, as request `id`
/// with a `traceparent`, and checks what every framework answers alike: a 500 whose
/// body is the public facts and the request id, and none of the hidden cause.
async fn create_failing(base: &str, id: &str) -> Reply {
    let reply = send(
        reqwest::Client::new()
            .post(format!("{base}/links"))
            .header("x-request-id", id)
            .header("traceparent", TRACEPARENT)
            .header("content-type", "application/json")
            .body(r#"{"url":"fail"}"#),
    )
    .await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.request_id, id);
    assert_eq!(
        reply.body,
        json!({"error": "LINK_CREATE_FAILED", "message": "Failed to create link", "request_id": id})
    );
    assert_hidden(&reply);
    reply
}

/// A path no route matches, as request `id`: a 404 whose one event is at `DEBUG`.
async fn assert_router_404_logged_at_debug(base: &str, id: &str) {
    let missing = get_with_id(base, "/nowhere", id).await;
    assert_eq!(missing.status, 404);
    let event = one_event_for(id);
    assert_eq!(
        (&event["level"], &event["fields"]["error.type"]),
        (&json!("DEBUG"), &json!("NOT_FOUND"))
    );
}

/// The hidden cause is nowhere in what the client received.
fn assert_hidden(reply: &Reply) {
    let body = reply.body.to_string();
    assert!(!body.contains("hunter2"), "{body}");
    assert!(!body.contains("insert into"), "{body}");
    for (name, value) in &reply.headers {
        assert!(!value.contains("hunter2"), "{name}: {value}");
    }
}

mod axum_server {
    use axum::Router;
    use axum::routing::{get, post};
    use http_api_error::axum::{Json, RequestIdLayer, not_found};
    use tower_http::trace::TraceLayer;

    use super::*;

    #[derive(serde::Deserialize)]
    struct NewLink {
        url: String,
    }

    async fn create(Json(link): Json<NewLink>) -> Result<String, LinkError> {
        match link.url.as_str() {
            "fail" => Err(storage_failure()),
            _ => Ok(link.url),
        }
    }

    async fn get_link(axum::extract::Path(id): axum::extract::Path<u32>) -> LinkError {
        LinkError::NotFound { id }
    }

    /// The app, with a tower layer that reads which error a response came from (the
    /// few lines a user's own metrics or logging hook takes).
    fn app(layer: RequestIdLayer) -> Router {
        Router::new()
            .route("/links", post(create))
            .route("/links/{id}", get(get_link))
            .route("/conflict", get(|| async { LinkError::Conflict }))
            .route("/forbidden", get(|| async { LinkError::Forbidden }))
            .fallback(not_found)
            .layer(layer)
            .layer(axum::middleware::map_response(
                |mut response: axum::response::Response| async move {
                    if let Some(rendered) = response.extensions().get::<RenderedError>().copied() {
                        let value = format!(
                            "{} {} {}",
                            rendered.code,
                            rendered.status.as_u16(),
                            rendered.retryable
                        );
                        response
                            .headers_mut()
                            .insert("x-error", value.parse().unwrap());
                    }
                    response
                },
            ))
            .layer(TraceLayer::new_for_http())
    }

    async fn serve(app: Router) -> String {
        output();
        servers::axum(app).await
    }

    /// The span tower-http's `TraceLayer` opens for a request.
    fn trace_layer_span(method: &str, uri: &str) -> Value {
        json!([{"name": "request", "method": method, "uri": uri, "version": "HTTP/1.1"}])
    }

    #[tokio::test]
    async fn a_500_logs_its_cause_once_inside_the_request_span_and_sends_none_of_it() {
        let base = serve(app(RequestIdLayer::new())).await;
        let reply = create_failing(&base, "axum-500").await;
        assert_eq!(
            reply.headers,
            headers(&[
                ("content-type", "application/json"),
                ("vary", "accept"),
                ("x-error", "LINK_CREATE_FAILED 500 true"),
            ])
        );
        assert_eq!(
            one_event_for("axum-500"),
            json!({
                "level": "ERROR",
                "target": "http_api_error",
                "fields": with(storage_event_fields(), json!({
                    "request_id": "axum-500",
                    "trace_id": TRACE_ID,
                    "url.path": "/links",
                })),
                "spans": trace_layer_span("POST", "/links"),
            })
        );
    }

    #[tokio::test]
    async fn a_404_is_logged_at_debug_with_its_public_facts() {
        let base = serve(app(RequestIdLayer::new())).await;
        let reply = get_with_id(&base, "/links/7", "axum-404").await;
        assert_eq!(reply.status, 404);
        assert_eq!(
            reply.body,
            json!({"error": "LINK_NOT_FOUND", "message": "Link 7 not found", "request_id": "axum-404", "details": {"id": 7}})
        );
        assert_eq!(
            one_event_for("axum-404"),
            json!({
                "level": "DEBUG",
                "target": "http_api_error",
                "fields": {
                    "message": "error response",
                    "error.type": "LINK_NOT_FOUND",
                    "http.response.status_code": 404,
                    "request_id": "axum-404",
                    "url.path": "/links/7",
                    "error.message": "Link 7 not found",
                    "exception.message": "Link 7 not found",
                    "error.debug": "NotFound { id: 7 }",
                },
                "spans": trace_layer_span("GET", "/links/7"),
            })
        );
    }

    #[tokio::test]
    async fn log_off_silences_a_variant_and_log_warn_raises_one() {
        let base = serve(app(RequestIdLayer::new())).await;
        let conflict = get_with_id(&base, "/conflict", "axum-off").await;
        assert_eq!(conflict.status, 409);
        assert_eq!(events_for("axum-off"), Vec::<Value>::new());

        let forbidden = get_with_id(&base, "/forbidden", "axum-warn").await;
        assert_eq!(forbidden.status, 403);
        assert_eq!(one_event_for("axum-warn")["level"], "WARN");
    }

    #[tokio::test]
    async fn a_rejection_and_a_fallback_are_logged_once_each() {
        let base = serve(app(RequestIdLayer::new())).await;
        let client = reqwest::Client::new();
        let bad_json = send(
            client
                .post(format!("{base}/links"))
                .header("x-request-id", "axum-bad-json")
                .header("content-type", "application/json")
                .body("{\"url\":"),
        )
        .await;
        assert_eq!(bad_json.status, 400);
        assert_eq!(bad_json.body["error"], "INVALID_JSON");
        let event = one_event_for("axum-bad-json");
        assert_eq!(event["level"], "DEBUG");
        assert_eq!(event["fields"]["error.type"], "INVALID_JSON");
        assert_eq!(event["fields"]["http.response.status_code"], 400);

        let missing = get_with_id(&base, "/nowhere", "axum-fallback").await;
        assert_eq!(missing.status, 404);
        assert_eq!(missing.request_id, "axum-fallback");
        assert_eq!(
            missing.headers,
            headers(&[
                ("content-type", "application/json"),
                ("vary", "accept"),
                ("x-error", "NOT_FOUND 404 false"),
            ])
        );
        assert_eq!(
            one_event_for("axum-fallback"),
            json!({
                "level": "DEBUG",
                "target": "http_api_error",
                "fields": {
                    "message": "error response",
                    "error.type": "NOT_FOUND",
                    "http.response.status_code": 404,
                    "request_id": "axum-fallback",
                    "url.path": "/nowhere",
                    "error.message": "No route matches this path",
                    "exception.message": "No route matches this path",
                    "error.debug": "Rejection { kind: NotFound, errors: [], detail: None }",
                },
                "spans": trace_layer_span("GET", "/nowhere"),
            })
        );
    }

    #[tokio::test]
    async fn the_trace_id_goes_into_the_body_only_when_exposed() {
        let base = serve(app(RequestIdLayer::new().expose_trace_id(true))).await;
        let reply = send(
            reqwest::Client::new()
                .get(format!("{base}/links/9"))
                .header("x-request-id", "axum-trace")
                .header("traceparent", TRACEPARENT),
        )
        .await;
        assert_eq!(
            reply.body,
            json!({
                "error": "LINK_NOT_FOUND",
                "message": "Link 9 not found",
                "request_id": "axum-trace",
                "trace_id": TRACE_ID,
                "details": {"id": 9},
            })
        );
        assert_eq!(one_event_for("axum-trace")["fields"]["trace_id"], TRACE_ID);

        // An invalid traceparent is ignored: no trace id anywhere.
        let reply = send(
            reqwest::Client::new()
                .get(format!("{base}/links/9"))
                .header("x-request-id", "axum-bad-trace")
                .header(
                    "traceparent",
                    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                ),
        )
        .await;
        assert_eq!(reply.body.get("trace_id"), None);
        assert_eq!(
            one_event_for("axum-bad-trace")["fields"].get("trace_id"),
            None
        );
    }
}

mod axum_wiring {
    use axum::Router;
    use axum::routing::get;
    use http_api_error::axum::{FrameworkErrorsLayer, Path, RequestIdLayer};

    use super::*;

    /// A handler whose `Path` does not fit its route: the client gets a bare 500, the
    /// log gets axum's text.
    #[tokio::test]
    async fn a_wiring_mistake_is_a_bare_500_with_the_detail_in_the_log() {
        async fn pair(Path((a, b)): Path<(String, String)>) -> String {
            format!("{a}{b}")
        }
        output();
        let app = Router::new()
            .route("/pairs/{a}", get(pair))
            .layer(FrameworkErrorsLayer::new())
            .layer(RequestIdLayer::new());
        let base = servers::axum(app).await;
        let reply = get_with_id(&base, "/pairs/x", "axum-wiring").await;
        assert_eq!(reply.status, 500);
        assert_eq!(
            reply.body,
            json!({"error": "INTERNAL_ERROR", "message": "Internal Server Error", "request_id": "axum-wiring"})
        );
        let event = one_event_for("axum-wiring");
        assert_eq!(event["level"], "ERROR");
        assert_eq!(
            event["fields"]["exception.message"],
            "Internal Server Error: Wrong number of path arguments for `Path`. Expected 2 but got 1"
        );
    }
}

mod actix_server {
    use actix_web::{App, web};
    use http_api_error::actix::{RequestId, json_config, not_found};
    use tracing::Instrument as _;

    use super::*;

    #[derive(serde::Deserialize)]
    struct NewLink {
        url: String,
    }

    async fn create(link: web::Json<NewLink>) -> Result<String, LinkError> {
        match link.into_inner().url.as_str() {
            "fail" => Err(storage_failure()),
            url => Ok(url.to_owned()),
        }
    }

    fn serve() -> String {
        output();
        actix_server!(|| {
            App::new()
                .app_data(json_config())
                .route("/links", web::post().to(create))
                .default_service(web::to(not_found))
                .wrap(RequestId::new())
                .wrap_fn(|request, service| {
                    use actix_web::dev::Service as _;
                    let span = tracing::info_span!("actix", path = request.path());
                    let future = service.call(request);
                    async move {
                        let response = future.await?;
                        let rendered = response
                            .response()
                            .extensions()
                            .get::<RenderedError>()
                            .copied();
                        let mut response = response;
                        if let Some(rendered) = rendered {
                            response.headers_mut().insert(
                                actix_web::http::header::HeaderName::from_static("x-error"),
                                actix_web::http::header::HeaderValue::from_str(rendered.code)
                                    .unwrap(),
                            );
                        }
                        Ok(response)
                    }
                    .instrument(span)
                })
        })
    }

    #[tokio::test]
    async fn a_500_a_rejection_and_the_default_service_are_each_logged_once() {
        let base = serve();
        let client = reqwest::Client::new();
        let reply = create_failing(&base, "actix-500").await;
        assert_eq!(
            reply.headers,
            headers(&[
                ("content-type", "application/json"),
                ("vary", "accept"),
                ("x-error", "LINK_CREATE_FAILED"),
            ])
        );
        assert_eq!(
            one_event_for("actix-500"),
            json!({
                "level": "ERROR",
                "target": "http_api_error",
                "fields": with(storage_event_fields(), json!({
                    "request_id": "actix-500",
                    "trace_id": TRACE_ID,
                    "url.path": "/links",
                })),
                "spans": [{"name": "actix", "path": "/links"}],
            })
        );

        let bad_json = send(
            client
                .post(format!("{base}/links"))
                .header("x-request-id", "actix-bad-json")
                .header("content-type", "application/json")
                .body("{\"url\":"),
        )
        .await;
        assert_eq!(bad_json.status, 400);
        let event = one_event_for("actix-bad-json");
        assert_eq!(
            (&event["level"], &event["fields"]["error.type"]),
            (&json!("DEBUG"), &json!("INVALID_JSON"))
        );

        assert_router_404_logged_at_debug(&base, "actix-fallback").await;
    }
}

mod poem_server {
    use http_api_error::poem::{RequestId, catch_all};
    use poem::middleware::Tracing;
    use poem::web::Json;
    use poem::{EndpointExt as _, Route, handler, post};

    use super::*;

    #[derive(serde::Deserialize)]
    struct NewLink {
        url: String,
    }

    #[handler]
    fn create(Json(link): Json<NewLink>) -> Result<String, LinkError> {
        match link.url.as_str() {
            "fail" => Err(storage_failure()),
            url => Ok(url.to_owned()),
        }
    }

    async fn serve() -> String {
        output();
        let app = Route::new()
            .at("/links", post(create))
            .catch_all_error(catch_all)
            .with(RequestId::new())
            .with(Tracing);
        servers::poem(app).await
    }

    #[tokio::test]
    async fn a_500_and_the_router_404_are_each_logged_once() {
        let base = serve().await;
        let reply = create_failing(&base, "poem-500").await;
        assert_eq!(
            reply.headers,
            headers(&[("content-type", "application/json"), ("vary", "accept")])
        );
        let event = one_event_for("poem-500");
        assert_eq!(event["level"], "ERROR");
        assert_eq!(
            event["fields"],
            with(
                storage_event_fields(),
                json!({"request_id": "poem-500", "trace_id": TRACE_ID, "url.path": "/links"})
            )
        );
        // Inside the span poem's `Tracing` middleware opens for the request.
        assert_eq!(event["spans"][0]["name"], "request");
        assert_eq!(event["spans"][0]["uri"], "/links");

        assert_router_404_logged_at_debug(&base, "poem-404").await;
    }
}

/// Runs `f` with a subscriber of its own on this thread, returning its events.
fn captured(f: impl FnOnce()) -> Vec<Value> {
    let local = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry().with(json_layer(local.clone()));
    tracing::subscriber::with_default(subscriber, f);
    lines(&local)
}

#[test]
fn to_response_without_a_request_logs_the_public_facts_and_the_cause() {
    let mut response = None;
    let events = captured(|| response = Some(storage_failure().to_response()));
    let response = response.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"error": "LINK_CREATE_FAILED", "message": "Failed to create link"})
    );
    assert_eq!(
        response.extensions().get::<RenderedError>(),
        Some(&RenderedError::new(
            "LINK_CREATE_FAILED",
            StatusCode::INTERNAL_SERVER_ERROR,
            true
        ))
    );
    assert_eq!(
        events,
        vec![json!({
            "level": "ERROR",
            "target": "http_api_error",
            "fields": storage_event_fields(),
        })]
    );
}

#[test]
fn every_rendering_method_logs_once_and_only_when_called() {
    let context = RequestContext::new()
        .with_request_id("direct-1")
        .with_path("/v1/links")
        .with_trace_id(TRACE_ID);
    let error = LinkError::NotFound { id: 3 };
    let expected = json!({
        "level": "DEBUG",
        "target": "http_api_error",
        "fields": {
            "message": "error response",
            "error.type": "LINK_NOT_FOUND",
            "http.response.status_code": 404,
            "request_id": "direct-1",
            "trace_id": TRACE_ID,
            "url.path": "/v1/links",
            "error.message": "Link 3 not found",
            "exception.message": "Link 3 not found",
            "error.debug": "NotFound { id: 3 }",
        },
    });
    let with_context = captured(|| drop(error.to_response_with(&context)));
    assert_eq!(with_context, vec![expected.clone()]);
    let rendered = captured(|| drop(error.render(&http_api_error::FormatKind::Problem, &context)));
    assert_eq!(rendered, vec![expected.clone()]);
    // Through a trait object, as a handler returning `Box<dyn ApiError>` would.
    let boxed: Box<dyn ApiError + Send + Sync> = Box::new(LinkError::NotFound { id: 3 });
    assert_eq!(
        captured(|| drop(boxed.to_response_with(&context))),
        vec![expected]
    );
    // Reading an error's facts is not responding: nothing is logged.
    let nothing = captured(|| {
        let _ = (
            error.status(),
            error.code(),
            error.message(),
            error.to_string(),
        );
    });
    assert_eq!(nothing, Vec::<Value>::new());
}

#[test]
fn rendering_needs_no_subscriber() {
    // With the no-op dispatcher current, rendering still builds the whole response.
    let response =
        tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || {
            storage_failure().to_response()
        });
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response.extensions().get::<RenderedError>().map(|r| r.code),
        Some("LINK_CREATE_FAILED")
    );
}

/// A gRPC status is an error response too: one event, with the request's id and the
/// cause the status leaves out.
#[test]
fn a_grpc_status_logs_once_with_the_request_id() {
    let context = RequestContext::new().with_request_id("grpc-1");
    let mut status = None;
    let events = captured(|| {
        status = Some(http_api_error::tonic::to_status_with(
            &storage_failure(),
            &context,
        ));
    });
    let status = status.unwrap();
    assert_eq!(status.code(), tonic::Code::Internal);
    assert_eq!(status.message(), "Failed to create link");
    assert_eq!(
        events,
        vec![json!({
            "level": "ERROR",
            "target": "http_api_error",
            "fields": with(storage_event_fields(), json!({"request_id": "grpc-1"})),
        })]
    );
}
