//! `set_invalid_body_status`: Unkey-style APIs answer a body that does not fit with 400.
//! Process-wide, so it has a test binary of its own.

use std::net::SocketAddr;

use axum::Router;
use axum::routing::post;
use http_api_error::axum::{Json, RequestIdLayer};
use http_api_error::{
    ApiError, InvalidBodyStatusError, Rejection, RejectionKind, StatusCode, set_invalid_body_status,
};
use serde_json::{Value, json};

#[derive(Debug, serde::Deserialize)]
struct NewLink {
    #[allow(dead_code)]
    url: String,
}

#[tokio::test]
async fn invalid_body_answers_400_once_set_and_the_catalog_says_so() {
    // Only 400 and 422 are taken.
    let refused = set_invalid_body_status(StatusCode::IM_A_TEAPOT).unwrap_err();
    assert_eq!(refused, InvalidBodyStatusError(StatusCode::IM_A_TEAPOT));
    assert_eq!(
        refused.to_string(),
        "INVALID_BODY answers 400 or 422, not 418"
    );
    let invalid = || Rejection::new(RejectionKind::InvalidBody, Vec::new());
    assert_eq!(invalid().status(), StatusCode::UNPROCESSABLE_ENTITY);

    set_invalid_body_status(StatusCode::BAD_REQUEST).unwrap();
    assert_eq!(invalid().status(), StatusCode::BAD_REQUEST);
    let entry = *Rejection::catalog().get("INVALID_BODY").unwrap();
    assert_eq!(entry.status, 400);
    assert_eq!(entry.title, "Bad Request");

    async fn create(Json(_): Json<NewLink>) -> &'static str {
        "created"
    }
    let app = Router::new()
        .route("/links", post(create))
        .layer(RequestIdLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let response = reqwest::Client::new()
        .post(format!("http://{address}/links"))
        .header("x-request-id", "ib-1")
        .header("content-type", "application/json")
        .body(r#"{"url": 7}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        body,
        json!({
            "error": "INVALID_BODY",
            "message": "Request body does not match the expected schema",
            "request_id": "ib-1",
            "errors": [{
                "location": "body.url",
                "message": "invalid type: integer `7`, expected a string at line 1 column 9"
            }]
        })
    );
    set_invalid_body_status(StatusCode::UNPROCESSABLE_ENTITY).unwrap();
    assert_eq!(invalid().status(), StatusCode::UNPROCESSABLE_ENTITY);
}
