//! `cargo run --example unkey_service --features axum`: two operations of Unkey's API
//! (`identities.createIdentity`, `keys.getKey`), answering every error status Unkey's
//! SDK types, in the envelope format, for the SDK test in `tests/unkey-sdk/`. It serves
//! the same routes twice, on two ports of 127.0.0.1: behind the request-id middleware,
//! and without it, and prints `{"with": URL, "without": URL}` as its first line.
//!
//! The request body's `externalId` (or `keyId`) chooses the answer: `taken` 409,
//! `forbidden` 403, `limited` 429, `fail` 500, `malformed` a 400 without violations, an
//! empty one a 400 with a violation; any `keyId` 404. No `Authorization` header: 401.
//! A rate limit that does not fit (`limit: -1`) is rejected with 400 `INVALID_BODY`.

use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use http_api_error::axum::{Json, RequestIdLayer};
use http_api_error::{ApiError, FieldViolation, FormatKind, Rejection};
use serde_json::{Value, json};

/// Unkey's errors, as its API sends them.
#[derive(Debug, ApiError)]
#[api(
    format = "envelope",
    docs = "https://unkey.com/docs/errors/unkey/application/{code}"
)]
enum UnkeyError {
    #[api(
        code = "INVALID_INPUT",
        status = 400,
        message = "POST request body for '{path}' failed to validate schema"
    )]
    InvalidInput {
        path: &'static str,
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(
        code = "MALFORMED_REQUEST",
        status = 400,
        title = "Bad Request",
        message = "The request could not be processed"
    )]
    Malformed,
    #[api(
        code = "MISSING_ROOT_KEY",
        status = 401,
        message = "Authorization header is missing: send your root key as a Bearer token"
    )]
    MissingRootKey,
    #[api(
        code = "INSUFFICIENT_PERMISSIONS",
        status = 403,
        message = "The root key lacks the permission identity.*.create_identity"
    )]
    Forbidden,
    #[api(
        code = "KEY_NOT_FOUND",
        status = 404,
        message = "The requested key does not exist"
    )]
    KeyNotFound,
    #[api(
        code = "IDENTITY_ALREADY_EXISTS",
        status = 409,
        message = "An identity with this externalId already exists"
    )]
    IdentityExists,
    #[api(
        code = "RATE_LIMITED",
        status = 429,
        message = "Too many requests: retry later"
    )]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(code = "INTERNAL_SERVER_ERROR", status = 500)]
    Internal(#[source] std::io::Error),
    /// The framework's own failures, in the same envelope.
    #[api(transparent)]
    Request(#[from] Rejection),
}

fn authorized(headers: &HeaderMap) -> Result<(), UnkeyError> {
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(value) if value.starts_with("Bearer ") => Ok(()),
        _ => Err(UnkeyError::MissingRootKey),
    }
}

/// The answer chosen by a request's identifying value.
fn answer(path: &'static str, field: &str, value: &str) -> Result<(), UnkeyError> {
    match value {
        "" => Err(UnkeyError::InvalidInput {
            path,
            errors: vec![
                FieldViolation::new(format!("body.{field}"), "must not be empty")
                    .with_fix(format!("send a non-empty `{field}`")),
            ],
        }),
        "malformed" => Err(UnkeyError::Malformed),
        "forbidden" => Err(UnkeyError::Forbidden),
        "taken" => Err(UnkeyError::IdentityExists),
        "limited" => Err(UnkeyError::RateLimited {
            wait: Duration::from_secs(3),
        }),
        "fail" => Err(UnkeyError::Internal(std::io::Error::other(
            "clickhouse insert timed out on shard 3",
        ))),
        _ => Ok(()),
    }
}

/// The body of `identities.createIdentity`, as strict as Unkey's schema: a rate limit
/// of -1 parses as JSON but does not fit, which Unkey answers with a 400.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct CreateIdentity {
    external_id: String,
    #[serde(default)]
    ratelimits: Vec<RateLimit>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct RateLimit {
    name: String,
    limit: u32,
    duration: u64,
    #[serde(default)]
    auto_apply: bool,
}

async fn create_identity(
    headers: HeaderMap,
    body: Result<Json<CreateIdentity>, Rejection>,
) -> Result<axum::Json<Value>, UnkeyError> {
    authorized(&headers)?;
    // Through the API's own error, so that the rejection is in the envelope with or
    // without the middleware.
    let Json(body) = body?;
    answer(
        "/v2/identities.createIdentity",
        "externalId",
        &body.external_id,
    )?;
    Ok(axum::Json(json!({
        "meta": {"requestId": "req_ok"},
        "data": {"identityId": "id_1"}
    })))
}

async fn get_key(headers: HeaderMap, Json(body): Json<Value>) -> Result<String, UnkeyError> {
    authorized(&headers)?;
    let key_id = body["keyId"].as_str().unwrap_or_default();
    answer("/v2/keys.getKey", "keyId", key_id)?;
    Err(UnkeyError::KeyNotFound)
}

/// The router's 404, in the API's envelope with or without the middleware.
async fn unknown_route() -> UnkeyError {
    Rejection::not_found().into()
}

fn routes() -> Router {
    Router::new()
        .route("/v2/identities.createIdentity", post(create_identity))
        .route("/v2/keys.getKey", post(get_key))
        .fallback(unknown_route)
}

async fn serve(app: Router) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{address}"))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Unkey answers every request that does not fit with 400, as its SDK expects.
    http_api_error::set_invalid_body_status(http_api_error::StatusCode::BAD_REQUEST)
        .map_err(std::io::Error::other)?;
    let with = serve(routes().layer(RequestIdLayer::new().format(FormatKind::Envelope))).await?;
    let without = serve(routes()).await?;
    println!("{}", json!({"with": with, "without": without}));
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}
