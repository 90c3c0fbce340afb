//! gRPC from the same enum, over a real tonic server and client on 127.0.0.1: every
//! variant kind round-trips into the server's own variant, the details are read with
//! tonic-types' own `StatusExt`, a 5xx leaks nothing, the request id travels both
//! ways, and the HTTP-to-gRPC mapping is tested whole.

#[path = "../examples/support/grpc.rs"]
mod grpc;

use std::time::Duration;

use http_api_error::client::{FromRemote, RemoteError, RetryPolicy};
use http_api_error::tonic::RequestIdLayer;
use http_api_error::{ApiError, FieldViolation, GrpcCode};
use tonic::Code;
use tonic_types::StatusExt;

// `Overloaded::queue` exists to be kept out of the status.
#[allow(dead_code)]
#[derive(Debug, ApiError)]
#[api(
    domain = "links.example.com",
    docs = "https://docs.example.com/errors#{code}"
)]
enum LinkError {
    #[api(status = 404, message = "Link not found")]
    NotFound,
    #[api(status = 410, message = "Link {id} has been deleted")]
    Gone {
        #[api(expose)]
        id: String,
    },
    #[api(
        status = 409,
        grpc = "ALREADY_EXISTS",
        message = "Slug {slug} is taken"
    )]
    Taken {
        #[api(expose)]
        slug: String,
        #[api(expose)]
        attempts: u32,
    },
    #[api(status = 400, message = "Request validation failed")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 429, message = "Slow down")]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(status = 500)]
    Storage(#[source] std::io::Error),
    #[api(status = 503)]
    Overloaded { queue: String },
    #[api(transparent)]
    Auth(#[from] AuthError),
}

/// Nested without a domain of its own: the crate's name.
#[derive(Debug, ApiError)]
enum AuthError {
    #[api(status = 401, message = "API key is required")]
    ApiKeyRequired,
}

const SENTINEL: &str = "SENTINEL-password=hunter2";

/// The error the server answers `kind` with.
fn error_for(kind: &str) -> Option<LinkError> {
    Some(match kind {
        "not_found" => LinkError::NotFound,
        "gone" => LinkError::Gone { id: "lnk_1".into() },
        "taken" => LinkError::Taken {
            slug: "promo".into(),
            attempts: 3,
        },
        "invalid" => LinkError::Invalid {
            errors: vec![
                FieldViolation::new("body.url", "must be an absolute http or https URL")
                    .with_code("URL"),
                FieldViolation::new("body.items[2].name", "is required"),
            ],
        },
        "limited" => LinkError::RateLimited {
            wait: Duration::from_secs(3),
        },
        "storage" => LinkError::Storage(std::io::Error::other(SENTINEL)),
        "overloaded" => LinkError::Overloaded {
            queue: SENTINEL.into(),
        },
        "auth" => AuthError::ApiKeyRequired.into(),
        _ => return None,
    })
}

/// The request and reply of the one method, `/links.Links/Run`.
#[derive(Clone, PartialEq, prost::Message)]
struct Run {
    #[prost(string, tag = "1")]
    kind: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Done {
    #[prost(string, tag = "1")]
    text: String,
}

/// `Run { kind }` answers the error `kind` names; `?` turns the derived error into a
/// `tonic::Status`.
struct RunMethod;

impl grpc::Method for RunMethod {
    const SERVICE: &'static str = "links.Links";
    const PATH: &'static str = "/links.Links/Run";
    type Request = Run;
    type Response = Done;

    fn call(
        request: tonic::Request<Run>,
    ) -> grpc::BoxFuture<Result<tonic::Response<Done>, tonic::Status>> {
        Box::pin(async move {
            let kind = request.into_inner().kind;
            if let Some(error) = error_for(&kind) {
                Err(error)?;
            }
            Ok(tonic::Response::new(Done { text: kind }))
        })
    }
}

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(RequestIdLayer::new())
            .add_service(grpc::Server::<RunMethod>::new())
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    format!("http://{address}")
}

/// Calls `Run { kind }`, with `request_id` as `x-request-id` metadata when given.
async fn call(base: &str, kind: &str, request_id: Option<&str>) -> tonic::Status {
    let channel = tonic::transport::Endpoint::from_shared(base.to_owned())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut request = tonic::Request::new(Run { kind: kind.into() });
    if let Some(id) = request_id {
        request
            .metadata_mut()
            .insert("x-request-id", id.parse().unwrap());
    }
    grpc::call::<RunMethod>(channel, request).await.unwrap_err()
}

/// The details as tonic-types reads them, flattened to comparable text.
fn details(status: &tonic::Status) -> Vec<String> {
    let details = status.check_error_details().unwrap();
    let mut out = Vec::new();
    if let Some(info) = details.error_info() {
        let mut metadata: Vec<_> = info.metadata.iter().collect();
        metadata.sort();
        out.push(format!(
            "ErrorInfo {} {} {metadata:?}",
            info.reason, info.domain
        ));
    }
    if let Some(bad) = details.bad_request() {
        for field in &bad.field_violations {
            out.push(format!(
                "BadRequest {} {:?} {:?}",
                field.field, field.description, field.reason
            ));
        }
    }
    if let Some(retry) = details.retry_info() {
        out.push(format!("RetryInfo {:?}", retry.retry_delay));
    }
    if let Some(help) = details.help() {
        for link in &help.links {
            out.push(format!("Help {} {}", link.description, link.url));
        }
    }
    if let Some(info) = details.request_info() {
        out.push(format!("RequestInfo {}", info.request_id));
    }
    out
}

#[tokio::test]
async fn every_variant_kind_round_trips_with_its_details() {
    let base = start().await;
    let docs = |code: &str| format!("Help {code} https://docs.example.com/errors#{code}");
    // (kind, code, message, details)
    let cases: Vec<(&str, Code, &str, Vec<String>)> = vec![
        (
            "not_found",
            Code::NotFound,
            "Link not found",
            vec![
                "ErrorInfo NOT_FOUND links.example.com []".into(),
                docs("NOT_FOUND"),
                "RequestInfo r-not_found".into(),
            ],
        ),
        (
            "gone",
            Code::NotFound,
            "Link lnk_1 has been deleted",
            vec![
                r#"ErrorInfo GONE links.example.com [("id", "lnk_1")]"#.into(),
                docs("GONE"),
                "RequestInfo r-gone".into(),
            ],
        ),
        (
            "taken",
            Code::AlreadyExists,
            "Slug promo is taken",
            vec![
                r#"ErrorInfo TAKEN links.example.com [("attempts", "3"), ("slug", "promo")]"#
                    .into(),
                docs("TAKEN"),
                "RequestInfo r-taken".into(),
            ],
        ),
        (
            "invalid",
            Code::InvalidArgument,
            "Request validation failed",
            vec![
                "ErrorInfo INVALID links.example.com []".into(),
                r#"BadRequest body.url "must be an absolute http or https URL" "URL""#.into(),
                r#"BadRequest body.items[2].name "is required" """#.into(),
                docs("INVALID"),
                "RequestInfo r-invalid".into(),
            ],
        ),
        (
            "limited",
            Code::ResourceExhausted,
            "Slow down",
            vec![
                "ErrorInfo RATE_LIMITED links.example.com []".into(),
                "RetryInfo Some(3s)".into(),
                docs("RATE_LIMITED"),
                "RequestInfo r-limited".into(),
            ],
        ),
        (
            "storage",
            Code::Internal,
            "Internal Server Error",
            vec![
                "ErrorInfo STORAGE links.example.com []".into(),
                docs("STORAGE"),
                "RequestInfo r-storage".into(),
            ],
        ),
        (
            "overloaded",
            Code::Unavailable,
            "Service Unavailable",
            vec![
                "ErrorInfo OVERLOADED links.example.com []".into(),
                docs("OVERLOADED"),
                "RequestInfo r-overloaded".into(),
            ],
        ),
        // Transparent: the inner type's code, the outer type's domain (the service's
        // name for every code it sends) and docs template.
        (
            "auth",
            Code::Unauthenticated,
            "API key is required",
            vec![
                "ErrorInfo API_KEY_REQUIRED links.example.com []".into(),
                docs("API_KEY_REQUIRED"),
                "RequestInfo r-auth".into(),
            ],
        ),
    ];
    for (kind, code, message, expected) in cases {
        let id = format!("r-{kind}");
        let status = call(&base, kind, Some(&id)).await;
        assert_eq!(status.code(), code, "{kind}");
        assert_eq!(status.message(), message, "{kind}");
        assert_eq!(details(&status), expected, "{kind}");
        assert_eq!(
            status.metadata().get("x-request-id").unwrap(),
            &id,
            "{kind}"
        );

        // Back into the server's own variant, as from an HTTP response.
        let remote = RemoteError::from_status(&status);
        assert_eq!(remote.request_id(), Some(id.as_str()), "{kind}");
        let rebuilt = LinkError::from_remote(&remote);
        let sent = error_for(kind).unwrap();
        match (&sent, &rebuilt) {
            // A source error or an unexposed field cannot be rebuilt.
            (LinkError::Storage(_) | LinkError::Overloaded { .. }, None) => {}
            (_, Some(rebuilt)) => assert_eq!(format!("{rebuilt:?}"), format!("{sent:?}"), "{kind}"),
            (_, None) => panic!("{kind} was not rebuilt from {remote:?}"),
        }
    }
}

#[tokio::test]
async fn the_client_sees_the_code_retry_delay_and_retryability() {
    let base = start().await;
    let limited = RemoteError::from_status(&call(&base, "limited", None).await);
    assert_eq!(limited.grpc_code(), Some(GrpcCode::ResourceExhausted));
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.code(), Some("RATE_LIMITED"));
    assert!(limited.retryable());
    // RetryInfo is the wait, whatever the backoff would say.
    assert_eq!(
        RetryPolicy::new().next_delay(1, &limited),
        Some(Duration::from_secs(3))
    );
    // A generated request id when the client sent none, the same in both places.
    let id = limited.request_id().unwrap();
    assert!(id.starts_with("req_") && id.len() == 36, "{id}");

    for (kind, grpc, http, retryable) in [
        ("not_found", GrpcCode::NotFound, 404, false),
        ("taken", GrpcCode::AlreadyExists, 409, false),
        ("invalid", GrpcCode::InvalidArgument, 400, false),
        ("storage", GrpcCode::Internal, 500, true),
        ("overloaded", GrpcCode::Unavailable, 503, true),
    ] {
        let remote = RemoteError::from_status(&call(&base, kind, None).await);
        assert_eq!(remote.grpc_code(), Some(grpc), "{kind}");
        assert_eq!(remote.status(), http, "{kind}");
        assert_eq!(remote.retryable(), retryable, "{kind}");
        assert_eq!(
            RetryPolicy::new().next_delay(1, &remote).is_some(),
            retryable,
            "{kind}"
        );
    }
    let invalid = RemoteError::from_status(&call(&base, "invalid", None).await);
    assert_eq!(
        invalid.errors(),
        [
            FieldViolation::new("body.url", "must be an absolute http or https URL")
                .with_code("URL"),
            FieldViolation::new("body.items[2].name", "is required"),
        ]
    );
    assert_eq!(
        invalid.docs_url(),
        Some("https://docs.example.com/errors#INVALID")
    );
}

/// The sentinel in a source error and in an unexposed field of a 5xx reaches neither
/// the message, nor the details' bytes, nor the metadata.
#[tokio::test]
async fn a_server_error_leaks_nothing_over_grpc() {
    let base = start().await;
    for kind in ["storage", "overloaded"] {
        let status = call(&base, kind, None).await;
        assert!(!status.message().contains("SENTINEL"), "{kind}");
        let bytes = status.details();
        assert!(
            !bytes.windows(8).any(|window| window == b"SENTINEL"),
            "{kind}: the details carry the sentinel"
        );
        for entry in status.metadata().iter() {
            if let tonic::metadata::KeyAndValueRef::Ascii(_, value) = entry {
                assert!(!value.to_str().unwrap().contains("SENTINEL"), "{kind}");
            }
        }
        assert!(
            !format!("{:?}", details(&status)).contains("SENTINEL"),
            "{kind}"
        );
    }
}

#[test]
fn a_status_without_our_details_decodes_without_a_panic() {
    // Garbage details, no details, an OK code, an unknown number.
    let statuses = [
        tonic::Status::with_details(Code::Internal, "boom", b"\xff\x00\x12garbage"[..].into()),
        tonic::Status::new(Code::NotFound, ""),
        tonic::Status::new(Code::Ok, "fine"),
        tonic::Status::from_header_map(&{
            let mut headers = http::HeaderMap::new();
            headers.insert("grpc-status", "99".parse().unwrap());
            headers.insert("grpc-message", "odd".parse().unwrap());
            headers
        })
        .unwrap(),
    ];
    let decoded: Vec<String> = statuses
        .iter()
        .map(|status| {
            let remote = RemoteError::from_status(status);
            format!(
                "{:?} {} {:?} {:?} {:?}",
                remote.grpc_code(),
                remote.status().as_u16(),
                remote.code(),
                remote.message(),
                remote.errors()
            )
        })
        .collect();
    assert_eq!(
        decoded,
        [
            "Some(Internal) 500 None Some(\"boom\") []",
            "Some(NotFound) 404 None None []",
            "None 500 None Some(\"fine\") []",
            "Some(Unknown) 500 None Some(\"odd\") []",
        ]
    );
}

/// The HTTP-to-gRPC table, whole: every status from 400 to 599.
#[test]
fn the_mapping_table_whole() {
    let mut table = Vec::new();
    for status in 400..=599_u16 {
        let expected = match status {
            400 | 411 | 413 | 414 | 415 | 422 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 | 410 => "NOT_FOUND",
            405 | 501 => "UNIMPLEMENTED",
            408 | 504 => "DEADLINE_EXCEEDED",
            409 => "ABORTED",
            412 => "FAILED_PRECONDITION",
            416 => "OUT_OF_RANGE",
            429 => "RESOURCE_EXHAUSTED",
            499 => "CANCELLED",
            502 | 503 => "UNAVAILABLE",
            400..=499 => "FAILED_PRECONDITION",
            _ => "INTERNAL",
        };
        table.push((status, GrpcCode::for_status(status).name(), expected));
    }
    for (status, got, expected) in table {
        assert_eq!(got, expected, "{status}");
    }
    // And back, as grpc-gateway answers: every code.
    let back: Vec<(&str, u16)> = GrpcCode::ALL
        .iter()
        .map(|code| (code.name(), code.http_status()))
        .collect();
    assert_eq!(
        back,
        [
            ("CANCELLED", 499),
            ("UNKNOWN", 500),
            ("INVALID_ARGUMENT", 400),
            ("DEADLINE_EXCEEDED", 504),
            ("NOT_FOUND", 404),
            ("ALREADY_EXISTS", 409),
            ("PERMISSION_DENIED", 403),
            ("RESOURCE_EXHAUSTED", 429),
            ("FAILED_PRECONDITION", 400),
            ("ABORTED", 409),
            ("OUT_OF_RANGE", 400),
            ("UNIMPLEMENTED", 501),
            ("INTERNAL", 500),
            ("UNAVAILABLE", 503),
            ("DATA_LOSS", 500),
            ("UNAUTHENTICATED", 401),
        ]
    );
    for code in GrpcCode::ALL {
        assert_eq!(GrpcCode::from_name(code.name()), Some(code));
        assert_eq!(GrpcCode::from_value(code.value()), Some(code));
        assert_eq!(code.value(), tonic::Code::from_i32(code.value()) as i32);
    }
    assert_eq!(GrpcCode::from_value(0), None);
    assert_eq!(GrpcCode::from_name("OK"), None);
}

#[test]
fn codes_and_domains_of_derived_types() {
    assert_eq!(LinkError::NotFound.grpc_code(), GrpcCode::NotFound);
    assert_eq!(
        LinkError::Taken {
            slug: String::new(),
            attempts: 0
        }
        .grpc_code(),
        GrpcCode::AlreadyExists
    );
    assert_eq!(
        LinkError::NotFound.error_domain(),
        Some("links.example.com")
    );
    let auth = LinkError::Auth(AuthError::ApiKeyRequired);
    assert_eq!(auth.grpc_code(), GrpcCode::Unauthenticated);
    // The outer type's domain: the service's name for every code it sends.
    assert_eq!(auth.error_domain(), Some("links.example.com"));
    assert_eq!(
        AuthError::ApiKeyRequired.error_domain(),
        Some("http-api-error")
    );
    // A type-level default, overridden per variant.
    #[derive(Debug, ApiError)]
    #[api(grpc = "FAILED_PRECONDITION")]
    enum Plan {
        #[api(status = 403)]
        LimitReached,
        #[api(status = 403, grpc = "RESOURCE_EXHAUSTED")]
        QuotaExhausted,
    }
    assert_eq!(Plan::LimitReached.grpc_code(), GrpcCode::FailedPrecondition);
    assert_eq!(
        Plan::QuotaExhausted.grpc_code(),
        GrpcCode::ResourceExhausted
    );
}
