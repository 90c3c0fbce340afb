//! aide: the derived `OperationOutput` documents the same per-status responses, code
//! enums, named examples and headers as the utoipa output, in a document aide builds
//! from a real `ApiRouter`, which the OpenAPI Initiative's schema accepts.

#[path = "support/openapi_validator.rs"]
mod openapi_validator;

use aide::axum::ApiRouter;
use aide::axum::routing::get;
use aide::openapi::OpenApi;
use http_api_error::{ApiError, FieldViolation, FormatKind};
use serde_json::Value;

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(status = 404, message = "Link {id} not found", example(id = "lnk_1"))]
    NotFound {
        #[api(expose)]
        id: String,
    },
    #[api(status = 410, message = "Link has been deleted")]
    Gone,
    #[api(status = 400, message = "Request validation failed")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 429, message = "Slow down")]
    RateLimited {
        #[api(retry_after)]
        wait: std::time::Duration,
    },
    #[api(status = 401, message = "API key is required")]
    ApiKeyRequired,
}

#[derive(Debug, ApiError)]
#[api(format = "envelope")]
enum QuotaError {
    #[api(status = 503, message = "Try again later")]
    Unavailable,
}

async fn get_link() -> Result<String, LinkError> {
    Ok("https://example.com".into())
}

async fn get_quota() -> Result<String, QuotaError> {
    Ok("42".into())
}

fn document() -> Value {
    let mut api = OpenApi {
        info: aide::openapi::Info {
            title: "Links".into(),
            version: "1.0.0".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let _router: axum::Router = ApiRouter::new()
        .api_route("/links/{id}", get(get_link))
        .api_route("/quota", get(get_quota))
        .finish_api(&mut api);
    serde_json::to_value(api).unwrap()
}

/// The error responses of `operation`, by status.
fn error_responses(operation: &Value) -> serde_json::Map<String, Value> {
    operation["responses"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(status, _)| status.starts_with('4') || status.starts_with('5'))
        .map(|(status, response)| (status.clone(), response.clone()))
        .collect()
}

#[test]
fn the_same_responses_as_utoipa() {
    let document = document();
    for (path, catalog, format) in [
        ("/links/{id}", LinkError::catalog(), FormatKind::Simple),
        ("/quota", QuotaError::catalog(), FormatKind::Envelope),
    ] {
        let utoipa =
            serde_json::to_value(http_api_error::utoipa::responses(&catalog, format)).unwrap();
        let mut aide = error_responses(&document["paths"][path]["get"]);
        // aide writes each header's `style`, `simple`, the only one a header can have
        // and the default; utoipa leaves it out.
        for response in aide.values_mut() {
            for header in response["headers"].as_object_mut().unwrap().values_mut() {
                let header = header.as_object_mut().unwrap();
                assert_eq!(header.remove("style"), Some("simple".into()), "{path}");
            }
        }
        let utoipa = utoipa.as_object().unwrap();
        assert_eq!(
            aide.keys().collect::<Vec<_>>(),
            utoipa.keys().collect::<Vec<_>>()
        );
        for (status, response) in utoipa {
            assert_eq!(&aide[status], response, "{path} {status}");
        }
    }
    // Every status of the type, with its codes, examples and headers.
    let links = error_responses(&document["paths"]["/links/{id}"]["get"]);
    assert_eq!(
        links.keys().collect::<Vec<_>>(),
        ["400", "401", "404", "410", "429"]
    );
    assert_eq!(
        links["404"]["content"]["application/json"]["examples"]["NOT_FOUND"]["value"],
        serde_json::json!({
            "error": "NOT_FOUND", "message": "Link lnk_1 not found",
            "docs": "https://docs.example.com/errors#NOT_FOUND", "details": {"id": "lnk_1"}
        })
    );
    assert!(links["429"]["headers"]["Retry-After"].is_object());
    assert!(links["401"]["headers"]["WWW-Authenticate"].is_object());
}

#[test]
fn the_document_is_valid_openapi_with_every_schema_registered() {
    let document = document();
    for name in [
        "ErrorBody",
        "ProblemDetails",
        "ErrorEnvelope",
        "FieldViolation",
    ] {
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{name} is not registered"
        );
    }
    if let Err(problems) = openapi_validator::validate(&document) {
        panic!("invalid OpenAPI document:\n{}", problems.join("\n"));
    }
    // Every `$ref` resolves.
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    out.push(target.clone());
                }
                map.values().for_each(|value| refs(value, out));
            }
            Value::Array(items) => items.iter().for_each(|value| refs(value, out)),
            _ => {}
        }
    }
    let mut targets = Vec::new();
    refs(&document, &mut targets);
    assert!(!targets.is_empty());
    for target in targets {
        let name = target.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target}"
        );
    }
}
