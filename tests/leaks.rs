//! Internal detail never reaches a client.
//!
//! A sentinel string is put into every source error (`#[source]`, `#[from]`, a field
//! named `source`, a boxed error, thiserror's `Display`) and every field that is neither
//! interpolated into the message nor exposed, of every variant, nested transparently
//! too. No header and no body may contain it, in any format, through `to_response()`,
//! `to_response_with()`, `render()`, `Serialize` and `Display`, and through each
//! framework integration on a real server (127.0.0.1, port 0): axum, actix-web and poem,
//! each when its feature is on. 5xx bodies carry only the public message.

mod reliability;
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
#[macro_use]
#[path = "support/servers.rs"]
mod servers;

use std::error::Error;
use std::fmt;
use std::time::Duration;

use http_api_error::{ApiError, FieldViolation, FormatKind, RequestContext};
use reliability::strict_json;
use serde_json::Value;

/// What must never be sent. Letters and digits only, so that JSON escaping cannot hide
/// it.
const SENTINEL: &str = "SeNtInEl7f3a9c";

/// Text an internal value holds.
fn secret() -> String {
    format!("password={SENTINEL} at db-1.internal:5432")
}

/// A source error whose `Display` and `Debug` hold the sentinel.
#[derive(Debug)]
struct Secret(String);

impl Secret {
    fn new() -> Self {
        Secret(secret())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query failed: {}", self.0)
    }
}

impl Error for Secret {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        None
    }
}

/// Nested transparently.
#[derive(Debug, ApiError)]
#[allow(dead_code)] // the fields holding the sentinel are never read
enum InnerLeak {
    #[api(status = 500, code = "INNER_FAILED")]
    Failed {
        #[source]
        cause: Secret,
        detail: String,
    },
    #[api(status = 422, code = "INNER_REJECTED", message = "Rejected")]
    Rejected { reason: String },
}

/// thiserror's `Display` is internal: it holds the sentinel.
#[derive(Debug, thiserror::Error, ApiError)]
enum StoreError {
    #[error("database error: {0}")]
    #[api(status = 500, code = "STORE_FAILED")]
    Database(#[from] Secret),
    #[error("row {0} missing from table links")]
    #[api(status = 404, code = "ROW_MISSING", message = "Link not found")]
    Missing(String),
    #[error("timeout talking to {host}")]
    #[api(status = 504, code = "STORE_TIMEOUT")]
    Timeout { host: String },
}

macro_rules! leak_error {
    ($name:ident, $format:literal, $kind:expr) => {
        #[derive(Debug, ApiError)]
        #[api(format = $format, docs = "https://docs.example.com/errors#{code}")]
        #[allow(dead_code)] // the fields holding the sentinel are never read
        enum $name {
            #[api(status = 500, message = "Failed to create link")]
            CreateFailed(#[source] std::io::Error),
            #[api(status = 500)]
            NoMessage { source: Secret, query: String },
            #[api(status = 503, message = "Upstream {service} is unavailable")]
            Upstream {
                service: String,
                #[source]
                cause: Box<dyn Error + Send + Sync>,
                dsn: String,
                #[api(retry_after)]
                wait: Duration,
            },
            #[api(status = 502)]
            FromSecret(#[from] Secret),
            #[api(status = 404, message = "Link {id} not found")]
            NotFound {
                #[api(expose)]
                id: String,
                owner_email: String,
                internal_row: String,
            },
            #[api(status = 401, message = "API key is required")]
            Unauthorized { presented_key: String },
            #[api(status = 400, message = "Request validation failed")]
            Invalid {
                #[api(errors)]
                errors: Vec<FieldViolation>,
                raw_body: String,
            },
            #[api(status = 429)]
            Limited {
                #[api(retry_after)]
                wait: Duration,
                bucket: String,
            },
            #[api(status = 409, message = "Slug {0} is taken")]
            Taken(String, String),
            #[api(status = 403)]
            Forbidden(#[source] Secret, String),
            #[api(transparent)]
            Inner(#[from] InnerLeak),
            #[api(transparent)]
            Store(#[from] StoreError),
        }

        impl $name {
            const FORMAT: FormatKind = $kind;

            /// Sample `i`, with the sentinel in every internal place, and its public
            /// message.
            fn sample(i: usize) -> Option<(Self, &'static str)> {
                let s = secret;
                Some(match i {
                    0 => (
                        $name::CreateFailed(std::io::Error::other(s())),
                        "Failed to create link",
                    ),
                    1 => (
                        $name::NoMessage {
                            source: Secret::new(),
                            query: s(),
                        },
                        "Internal Server Error",
                    ),
                    2 => (
                        $name::Upstream {
                            service: "billing".into(),
                            cause: Box::new(Secret::new()),
                            dsn: s(),
                            wait: Duration::from_secs(7),
                        },
                        "Upstream billing is unavailable",
                    ),
                    3 => ($name::FromSecret(Secret::new()), "Bad Gateway"),
                    4 => (
                        $name::NotFound {
                            id: "lnk_1".into(),
                            owner_email: s(),
                            internal_row: s(),
                        },
                        "Link lnk_1 not found",
                    ),
                    5 => (
                        $name::Unauthorized { presented_key: s() },
                        "API key is required",
                    ),
                    6 => (
                        $name::Invalid {
                            errors: vec![FieldViolation::new("body.url", "must be a URL")],
                            raw_body: s(),
                        },
                        "Request validation failed",
                    ),
                    7 => (
                        $name::Limited {
                            wait: Duration::from_secs(3),
                            bucket: s(),
                        },
                        "Too Many Requests",
                    ),
                    8 => ($name::Taken("promo".into(), s()), "Slug promo is taken"),
                    9 => ($name::Forbidden(Secret::new(), s()), "Forbidden"),
                    10 => (
                        $name::Inner(InnerLeak::Failed {
                            cause: Secret::new(),
                            detail: s(),
                        }),
                        "Internal Server Error",
                    ),
                    11 => (
                        $name::Inner(InnerLeak::Rejected { reason: s() }),
                        "Rejected",
                    ),
                    12 => (
                        $name::Store(StoreError::Database(Secret::new())),
                        "Internal Server Error",
                    ),
                    13 => ($name::Store(StoreError::Missing(s())), "Link not found"),
                    14 => (
                        $name::Store(StoreError::Timeout { host: s() }),
                        "Gateway Timeout",
                    ),
                    _ => return None,
                })
            }

            fn samples() -> impl Iterator<Item = (Self, &'static str)> {
                (0..).map_while(Self::sample)
            }
        }
    };
}

leak_error!(SimpleLeak, "simple", FormatKind::Simple);
leak_error!(ProblemLeak, "problem", FormatKind::Problem);
leak_error!(EnvelopeLeak, "envelope", FormatKind::Envelope);

/// Checks a response given as status, headers and body: the sentinel is nowhere, the
/// body is JSON carrying `message` as its public message, and a 5xx body has nothing
/// but the format's own members.
#[track_caller]
fn assert_clean(
    what: &str,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    kind: FormatKind,
    message: &str,
) {
    for (name, value) in headers {
        for text in [name, value] {
            assert!(
                !text.contains(SENTINEL) && !text.contains("password="),
                "{what}: header {name}: {value}"
            );
        }
    }
    let text = String::from_utf8_lossy(body);
    assert!(
        !text.contains(SENTINEL) && !text.contains("password="),
        "{what}: body {text}"
    );
    let json = strict_json(body);
    let (object, message_member) = match kind {
        FormatKind::Simple => (&json, "message"),
        FormatKind::Problem => (&json, "detail"),
        FormatKind::Envelope => (&json["error"], "detail"),
    };
    let object = object.as_object().expect("an object");
    assert_eq!(
        object.get(message_member).and_then(Value::as_str),
        Some(message),
        "{what}: public message"
    );
    if status >= 500 {
        let allowed: &[&str] = match kind {
            FormatKind::Simple => &["error", "message", "docs", "request_id"],
            FormatKind::Problem => &[
                "type",
                "title",
                "status",
                "detail",
                "instance",
                "code",
                "request_id",
            ],
            FormatKind::Envelope => &["title", "detail", "status", "type", "code"],
        };
        for name in object.keys() {
            assert!(
                allowed.contains(&name.as_str()),
                "{what}: 5xx body member {name}"
            );
        }
    }
}

fn response_headers(
    response: &http_api_error::Response<http_api_error::Bytes>,
) -> Vec<(String, String)> {
    reliability::header_text(response)
}

macro_rules! check_in_process {
    ($name:ident) => {{
        let mut count = 0;
        for (error, message) in $name::samples() {
            count += 1;
            let what = format!("{} {}", stringify!($name), error.code());
            // The Debug output does hold the sentinel: the samples reach it.
            assert!(format!("{error:?}").contains(SENTINEL), "{what}");
            assert!(!error.to_string().contains(SENTINEL), "{what}: Display");
            assert_eq!(error.message(), message, "{what}: message");
            let serialized = serde_json::to_vec(&error).unwrap();
            assert_clean(
                &what,
                error.status().as_u16(),
                &[],
                &serialized,
                $name::FORMAT,
                message,
            );
            let contexts = [
                RequestContext::new(),
                RequestContext::new()
                    .with_request_id("req_1")
                    .with_instance("/links/lnk_1"),
            ];
            for context in &contexts {
                let response = error.to_response_with(context);
                assert_clean(
                    &what,
                    response.status().as_u16(),
                    &response_headers(&response),
                    response.body(),
                    $name::FORMAT,
                    message,
                );
                for kind in FormatKind::ALL {
                    let response = error.render(&kind, context);
                    assert_clean(
                        &format!("{what} as {}", kind.name()),
                        response.status().as_u16(),
                        &response_headers(&response),
                        response.body(),
                        kind,
                        message,
                    );
                }
            }
            let response = error.to_response();
            assert_clean(
                &what,
                response.status().as_u16(),
                &response_headers(&response),
                response.body(),
                $name::FORMAT,
                message,
            );
        }
        assert_eq!(count, 15);
    }};
}

#[test]
fn to_response_render_serialize_and_display_never_leak() {
    check_in_process!(SimpleLeak);
    check_in_process!(ProblemLeak);
    check_in_process!(EnvelopeLeak);
}

#[test]
fn the_error_chain_holds_the_detail_for_logs() {
    // What is kept from the client stays available to the server's logs.
    let (error, _) = SimpleLeak::sample(0).unwrap();
    assert!(error.source().unwrap().to_string().contains(SENTINEL));
    let (error, _) = SimpleLeak::sample(14).unwrap();
    assert!(error.source().is_none());
    let SimpleLeak::Store(store) = error else {
        unreachable!()
    };
    assert!(store.to_string().contains(SENTINEL));
}

/// Fetches `{base}/{route}/{i}` for each route and each sample `i` (whose public
/// message is `messages[i]`) and checks each response with [`assert_clean`].
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
async fn fetch_all_clean(
    base: &str,
    routes: &[&str],
    kind: FormatKind,
    messages: impl Iterator<Item = &'static str>,
) {
    let client = reqwest::Client::new();
    for (i, message) in messages.enumerate() {
        for route in routes {
            fetch_clean(&client, format!("{base}/{route}/{i}"), kind, message).await;
        }
    }
}

/// Fetches `url` and checks the response with [`assert_clean`].
#[cfg(any(feature = "axum", feature = "actix-web", feature = "poem"))]
async fn fetch_clean(client: &reqwest::Client, url: String, kind: FormatKind, message: &str) {
    let response = client
        .get(&url)
        .header("x-request-id", "req_leak")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    assert!(
        headers
            .iter()
            .any(|(name, value)| name == "x-request-id" && value == "req_leak"),
        "{url}: {headers:?}"
    );
    let body = response.bytes().await.unwrap();
    assert_clean(&url, status, &headers, &body, kind, message);
}

#[cfg(feature = "axum")]
mod axum_server {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use http_api_error::axum::{Path, RequestIdLayer};

    macro_rules! app {
        ($name:ident) => {{
            async fn handler(Path(i): Path<usize>) -> Result<String, $name> {
                Err($name::sample(i).unwrap().0)
            }
            Router::new()
                .route("/error/{i}", get(handler))
                .layer(RequestIdLayer::new())
        }};
    }

    macro_rules! check {
        ($name:ident) => {{
            let base = servers::axum(app!($name)).await;
            let messages = $name::samples().map(|(_, message)| message);
            fetch_all_clean(&base, &["error"], $name::FORMAT, messages).await;
        }};
    }

    #[tokio::test]
    async fn axum_never_leaks() {
        check!(SimpleLeak);
        check!(ProblemLeak);
        check!(EnvelopeLeak);
    }
}

#[cfg(feature = "actix-web")]
mod actix_server {
    use super::*;
    use actix_web::dev::Service;
    use actix_web::{App, web};
    use http_api_error::actix::RequestId;

    macro_rules! check {
        ($name:ident) => {{
            /// The error returned by a handler.
            async fn handler(i: web::Path<usize>) -> Result<String, $name> {
                Err($name::sample(i.into_inner()).unwrap().0)
            }
            let base = actix_server!(|| {
                App::new()
                    .route("/error/{i}", web::get().to(handler))
                    // The error returned by a middleware, rendered by `RequestId`.
                    .wrap_fn(|request, service| {
                        let index = request
                            .path()
                            .strip_prefix("/middleware/")
                            .and_then(|i| i.parse::<usize>().ok());
                        let response = service.call(request);
                        async move {
                            match index {
                                Some(i) => Err($name::sample(i).unwrap().0.into()),
                                None => response.await,
                            }
                        }
                    })
                    .wrap(RequestId::new())
            });
            let messages = $name::samples().map(|(_, message)| message);
            fetch_all_clean(&base, &["error", "middleware"], $name::FORMAT, messages).await;
        }};
    }

    #[tokio::test]
    async fn actix_never_leaks() {
        check!(SimpleLeak);
        check!(ProblemLeak);
        check!(EnvelopeLeak);
    }
}

#[cfg(feature = "poem")]
mod poem_server {
    use super::*;
    use http_api_error::poem::{RequestId, catch_all};
    use poem::web::Path;
    use poem::{EndpointExt, Route, get, handler};

    macro_rules! check {
        ($name:ident) => {{
            /// The error as the handler's own error type.
            #[handler]
            fn typed(Path(i): Path<usize>) -> Result<String, $name> {
                Err($name::sample(i).unwrap().0)
            }
            /// The error converted into a `poem::Error`.
            #[handler]
            fn converted(Path(i): Path<usize>) -> poem::Result<String> {
                Err($name::sample(i).unwrap().0.into())
            }
            let app = Route::new()
                .at("/error/:i", get(typed))
                .at("/converted/:i", get(converted))
                .catch_all_error(catch_all)
                .with(RequestId::new());
            let base = servers::poem(app).await;
            let messages = $name::samples().map(|(_, message)| message);
            fetch_all_clean(&base, &["error", "converted"], $name::FORMAT, messages).await;
        }};
    }

    #[tokio::test]
    async fn poem_never_leaks() {
        check!(SimpleLeak);
        check!(ProblemLeak);
        check!(EnvelopeLeak);
    }
}
