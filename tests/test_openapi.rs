//! The `utoipa` feature: `IntoResponses` from the same attributes as the responses, one
//! response per status with an example per code, and the body schemas.
// Some variants exist only to be documented.
#![allow(dead_code)]

#[path = "support/openapi_validator.rs"]
mod openapi_validator;
#[path = "../examples/support/userplane.rs"]
mod userplane;

use std::time::Duration;

use http_api_error::utoipa::{ErrorBody, ErrorEnvelope, ErrorSchemas, ProblemDetails};
use http_api_error::{ApiError, FieldViolation, FormatKind};
use serde_json::{Value, json};
use utoipa::{IntoResponses, PartialSchema, ToSchema};

#[derive(Debug, ApiError)]
#[api(format = "problem", docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(status = 404, message = "Link not found")]
    LinkNotFound,
    #[api(status = 410, message = "Link {id} has been deleted")]
    LinkGone { id: String },
    #[api(transparent)]
    Auth(#[from] AuthError),
}

/// Nested in `LinkError`: its codes join `LinkError`'s responses, in `LinkError`'s
/// format, and its own responses use its own (simple) format.
#[derive(Debug, ApiError)]
enum AuthError {
    #[api(
        status = 401,
        www_authenticate = "Bearer realm=\"links\"",
        message = "API key is required"
    )]
    ApiKeyRequired,
    #[api(status = 429, message = "Slow down")]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(status = 404, message = "Workspace not found")]
    WorkspaceNotFound,
    #[api(status = 400, message = "Request validation failed")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
}

#[derive(Debug, ApiError)]
#[api(format = "envelope")]
enum QuotaError {
    #[api(status = 503, message = "Try again later")]
    Unavailable,
}

/// The content type `format` labels a response with `status` (a response map's key).
fn content_type(format: FormatKind, status: &str) -> &'static str {
    format.content_type_for(http_api_error::StatusCode::from_u16(status.parse().unwrap()).unwrap())
}

fn responses<T: IntoResponses>() -> Value {
    serde_json::to_value(T::responses()).unwrap()
}

/// The documented headers of every error response, plus `extra`.
fn headers(extra: &[(&str, &str)]) -> Value {
    let mut headers = serde_json::Map::new();
    for (name, description) in extra.iter().chain([
        &(
            "x-request-id",
            "The request's id, when the service assigns one; quote it to support.",
        ),
        &(
            "Vary",
            "`accept` when the service negotiates the format: a client preferring `application/problem+json` gets RFC 9457 problem details; `accept-language` when it has translations.",
        ),
        &(
            "Content-Language",
            "The language of the message and title, when the service has translations: the one the request's `Accept-Language` chooses.",
        ),
    ]) {
        headers.insert(
            (*name).to_owned(),
            json!({"schema": {"type": "string"}, "description": description}),
        );
    }
    Value::Object(headers)
}

const WWW_AUTHENTICATE: (&str, &str) = (
    "WWW-Authenticate",
    "The authentication challenge (RFC 9110), such as `Bearer`.",
);
const RETRY_AFTER: (&str, &str) = (
    "Retry-After",
    "When the server knows how long to wait: seconds, or an HTTP date. Retry after it.",
);

/// A problem+json response narrowing `ProblemDetails` to `codes`, with `examples`;
/// `rebuildable` lists the codes a client can rebuild (`x-rebuildable`).
fn problem(
    description: &str,
    extra: &[(&str, &str)],
    codes: &[&str],
    rebuildable: &[&str],
    examples: Value,
) -> Value {
    json!({
        "description": description,
        "headers": headers(extra),
        "content": {"application/problem+json": {
            "schema": {"allOf": [
                {"$ref": "#/components/schemas/ProblemDetails"},
                {
                    "type": "object", "required": ["code"],
                    "properties": {"code": {"type": "string", "enum": codes}}
                }
            ]},
            "examples": examples
        }},
        "x-rebuildable": x_rebuildable(codes, rebuildable),
    })
}

/// The `application/problem+json` alternative every response of another format
/// documents (the middleware negotiates it): `ProblemDetails` narrowed to `code`, whose
/// one example has `status`, `title` and `detail` and no docs URL.
fn problem_alternative(code: &str, status: u16, title: &str, detail: &str) -> Value {
    json!({
        "schema": {"allOf": [
            {"$ref": "#/components/schemas/ProblemDetails"},
            {
                "type": "object", "required": ["code"],
                "properties": {"code": {"type": "string", "enum": [code]}}
            }
        ]},
        "examples": {code: {"summary": detail, "value": {
            "type": "about:blank", "title": title, "status": status, "detail": detail,
            "code": code
        }}}
    })
}

/// `x-rebuildable`: each of `codes`, true when in `rebuildable`.
fn x_rebuildable(codes: &[&str], rebuildable: &[&str]) -> Value {
    codes
        .iter()
        .map(|code| ((*code).to_owned(), Value::Bool(rebuildable.contains(code))))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn one_response_per_status_with_a_named_example_per_code() {
    // Nested codes without docs of their own take `LinkError`'s template.
    let docs = |code: &str| format!("https://docs.example.com/errors#{code}");
    assert_eq!(
        responses::<LinkError>(),
        json!({
            "400": problem("Bad Request: INVALID", &[], &["INVALID"], &["INVALID"], json!({
                "INVALID": {"summary": "Request validation failed", "value": {
                    "type": docs("INVALID"), "title": "Bad Request", "status": 400,
                    "detail": "Request validation failed", "code": "INVALID"
                }}
            })),
            "401": problem("Unauthorized: API_KEY_REQUIRED", &[WWW_AUTHENTICATE], &["API_KEY_REQUIRED"], &["API_KEY_REQUIRED"], json!({
                "API_KEY_REQUIRED": {"summary": "API key is required", "value": {
                    "type": docs("API_KEY_REQUIRED"), "title": "Unauthorized", "status": 401,
                    "detail": "API key is required", "code": "API_KEY_REQUIRED"
                }}
            })),
            "404": problem(
                "Not Found: LINK_NOT_FOUND, WORKSPACE_NOT_FOUND",
                &[],
                &["LINK_NOT_FOUND", "WORKSPACE_NOT_FOUND"],
                &["LINK_NOT_FOUND", "WORKSPACE_NOT_FOUND"],
                json!({
                    "LINK_NOT_FOUND": {"summary": "Link not found", "value": {
                        "type": docs("LINK_NOT_FOUND"), "title": "Not Found", "status": 404,
                        "detail": "Link not found", "code": "LINK_NOT_FOUND"
                    }},
                    "WORKSPACE_NOT_FOUND": {"summary": "Workspace not found", "value": {
                        "type": docs("WORKSPACE_NOT_FOUND"), "title": "Not Found", "status": 404,
                        "detail": "Workspace not found", "code": "WORKSPACE_NOT_FOUND"
                    }}
                })
            ),
            "410": problem("Gone: LINK_GONE", &[], &["LINK_GONE"], &[], json!({
                "LINK_GONE": {"summary": "Link {id} has been deleted", "value": {
                    "type": docs("LINK_GONE"), "title": "Gone", "status": 410,
                    "detail": "Link {id} has been deleted", "code": "LINK_GONE"
                }}
            })),
            "429": problem("Too Many Requests: RATE_LIMITED", &[RETRY_AFTER], &["RATE_LIMITED"], &["RATE_LIMITED"], json!({
                "RATE_LIMITED": {"summary": "Slow down", "value": {
                    "type": docs("RATE_LIMITED"), "title": "Too Many Requests", "status": 429,
                    "detail": "Slow down", "code": "RATE_LIMITED"
                }}
            }))
        })
    );
}

#[test]
fn the_simple_and_envelope_formats_narrow_their_own_code_member() {
    let auth = responses::<AuthError>();
    assert_eq!(
        auth["404"],
        json!({
            "description": "Not Found: WORKSPACE_NOT_FOUND",
            "headers": headers(&[]),
            "content": {
                "application/json": {
                    "schema": {"allOf": [
                        {"$ref": "#/components/schemas/ErrorBody"},
                        {"type": "object", "required": ["error"], "properties": {
                            "error": {"type": "string", "enum": ["WORKSPACE_NOT_FOUND"]}
                        }}
                    ]},
                    "examples": {"WORKSPACE_NOT_FOUND": {"summary": "Workspace not found", "value": {
                        "error": "WORKSPACE_NOT_FOUND", "message": "Workspace not found"
                    }}}
                },
                "application/problem+json": problem_alternative(
                    "WORKSPACE_NOT_FOUND", 404, "Not Found", "Workspace not found"
                )
            },
            "x-rebuildable": {"WORKSPACE_NOT_FOUND": true}
        })
    );
    assert_eq!(
        auth.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["400", "401", "404", "429"]
    );
    assert_eq!(
        responses::<QuotaError>(),
        // No variant of this 503 has an `#[api(retry_after)]` field: no `Retry-After`
        // documented, since none is ever sent.
        json!({"503": {
            "description": "Service Unavailable: UNAVAILABLE",
            "headers": headers(&[]),
            "content": {
                "application/json": {
                    "schema": {"allOf": [
                        {"$ref": "#/components/schemas/ErrorEnvelope"},
                        {"type": "object", "required": ["error"], "properties": {"error": {
                            "type": "object", "required": ["code"],
                            "properties": {"code": {"type": "string", "enum": ["UNAVAILABLE"]}}
                        }}}
                    ]},
                    "examples": {"UNAVAILABLE": {"summary": "Try again later", "value": {
                        "meta": {"requestId": "req_2c9a0jf23l4k567"},
                        "error": {
                            "title": "Service Unavailable", "detail": "Try again later", "status": 503,
                            "type": "about:blank", "code": "UNAVAILABLE"
                        }
                    }}}
                },
                "application/problem+json": problem_alternative(
                    "UNAVAILABLE", 503, "Service Unavailable", "Try again later"
                )
            },
            "x-rebuildable": {"UNAVAILABLE": true}
        }})
    );
}

/// The example of a code is the body the error renders: exactly, for a fixed message,
/// and for a template when the fields hold the placeholders' names.
#[test]
fn examples_are_the_bodies_the_errors_render() {
    let errors = [
        LinkError::LinkNotFound,
        LinkError::LinkGone { id: "{id}".into() },
        AuthError::ApiKeyRequired.into(),
        AuthError::RateLimited {
            wait: Duration::from_secs(3),
        }
        .into(),
        AuthError::WorkspaceNotFound.into(),
    ];
    let documented = responses::<LinkError>();
    for error in errors {
        let response = error.to_response();
        let body: Value = serde_json::from_slice(response.body()).unwrap();
        let content =
            &documented[response.status().as_str()]["content"]["application/problem+json"];
        assert_eq!(
            content["examples"][error.code()]["value"],
            body,
            "{error:?}"
        );
    }
}

/// Every code of the Userplane page, in every format: the document lists it under its
/// status with its exact body, and no code is lost or listed twice.
#[test]
fn every_userplane_code_is_documented_with_its_real_body() {
    let catalog = userplane::UserplaneError::catalog();
    for format in FormatKind::ALL {
        let documented =
            serde_json::to_value(http_api_error::utoipa::responses(&catalog, format)).unwrap();
        let mut listed = 0;
        for (status, response) in documented.as_object().unwrap() {
            let content = &response["content"][content_type(format, status)];
            let examples = content["examples"].as_object().unwrap();
            listed += examples.len();
            for (code, example) in examples {
                let entry = catalog.get(code).unwrap();
                assert_eq!(entry.status.to_string(), *status);
                assert_eq!(example["summary"], entry.message);
            }
        }
        assert_eq!(listed, catalog.len());
    }
    let documented = responses::<userplane::UserplaneError>();
    let auth = userplane::AuthenticationError::ApiKeyRequired;
    let body: Value = serde_json::from_slice(auth.to_response().body()).unwrap();
    assert_eq!(
        documented["401"]["content"]["application/json"]["examples"]["API_KEY_REQUIRED"]["value"],
        body
    );
    assert_eq!(
        documented["401"]["description"],
        "Unauthorized: API_KEY_REQUIRED, API_KEY_INVALID, API_KEY_EXPIRED, UNAUTHORIZED"
    );
}

#[test]
fn a_code_declared_twice_is_documented_once() {
    #[derive(Debug, ApiError)]
    enum Twice {
        #[api(transparent)]
        A(AuthError),
        #[api(transparent)]
        B(AuthError),
    }
    assert_eq!(responses::<Twice>(), responses::<AuthError>());
}

#[test]
fn body_schemas() {
    let schema = |value: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| {
        serde_json::to_value(value).unwrap()
    };
    let string = |description: &str| json!({"type": "string", "description": description});
    let code = string("The stable error code, such as `LINK_GONE`: match on it.");
    let status = json!({
        "type": "integer", "description": "The HTTP status of the response.",
        "minimum": 400, "maximum": 599
    });
    let type_uri =
        string("A URI reference identifying the problem type: its docs page, or `about:blank`.");
    let title = string("A short summary, the same for every occurrence of the code.");
    let detail = string("The public explanation of this occurrence.");
    let request_id = string("The request's id, as sent in the `x-request-id` header.");
    let trace_id = string(
        "The W3C trace id of the request's `traceparent` header, when the server exposes it.",
    );
    let errors = json!({
        "type": "array", "description": "Field-level validation failures.",
        "items": {"$ref": "#/components/schemas/FieldViolation"}
    });
    let details = json!({
        "type": "object", "description": "The fields the error exposes, by name.",
        "additionalProperties": true
    });
    assert_eq!(
        schema(ErrorBody::schema()),
        json!({
            "type": "object",
            "description": "An API error: a stable code and a public message.",
            "required": ["error", "message"],
            "properties": {
                "error": code, "message": string("The public message, for people."),
                "docs": string("A page documenting the code."), "request_id": request_id,
                "trace_id": trace_id, "errors": errors, "details": details
            }
        })
    );
    assert_eq!(
        schema(ProblemDetails::schema()),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details. Exposed fields are extension members.",
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": type_uri, "title": title, "status": status, "detail": detail,
                "instance": string("A URI reference identifying this occurrence."),
                "code": code, "request_id": request_id, "trace_id": trace_id,
                "errors": errors
            },
            "additionalProperties": true
        })
    );
    assert_eq!(
        schema(ErrorEnvelope::schema()),
        json!({
            "type": "object",
            "description": "An API error in an envelope with request metadata.",
            "required": ["meta", "error"],
            "properties": {
                "meta": {
                    "type": "object", "description": "About the request.",
                    "required": ["requestId"],
                    "properties": {"requestId": request_id, "traceId": trace_id}
                },
                "error": {
                    "type": "object", "description": "The error.",
                    "required": ["title", "detail", "status", "type", "code"],
                    "properties": {
                        "title": title, "detail": detail, "status": status, "type": type_uri,
                        "code": code, "errors": errors, "details": details
                    }
                }
            }
        })
    );
    assert_eq!(
        schema(FieldViolation::schema()),
        json!({
            "type": "object",
            "description": "One field-level validation failure.",
            "required": ["location", "message"],
            "properties": {
                "location": string("Where the problem is: `body.name`, `query.limit`, `path.id`."),
                "message": string("What is wrong."),
                "code": string("A machine-readable reason in SCREAMING_SNAKE_CASE, such as `LENGTH`, when known."),
                "fix": string("How to fix it, when known.")
            }
        })
    );
    for name in [
        ErrorBody::name(),
        ProblemDetails::name(),
        ErrorEnvelope::name(),
    ] {
        let mut dependencies = Vec::new();
        match &*name {
            "ErrorBody" => ErrorBody::schemas(&mut dependencies),
            "ProblemDetails" => ProblemDetails::schemas(&mut dependencies),
            "ErrorEnvelope" => ErrorEnvelope::schemas(&mut dependencies),
            other => panic!("unexpected schema name {other}"),
        }
        let names: Vec<&str> = dependencies.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["FieldViolation"], "{name}");
    }
}

/// Every documented example is valid against its response's schema, in every format.
#[test]
fn examples_match_their_schemas() {
    let components = json!({"schemas": {
        "ErrorBody": serde_json::to_value(ErrorBody::schema()).unwrap(),
        "ProblemDetails": serde_json::to_value(ProblemDetails::schema()).unwrap(),
        "ErrorEnvelope": serde_json::to_value(ErrorEnvelope::schema()).unwrap(),
        "FieldViolation": serde_json::to_value(FieldViolation::schema()).unwrap(),
    }});
    let catalog = userplane::UserplaneError::catalog();
    let mut checked = 0;
    for format in FormatKind::ALL {
        let documented =
            serde_json::to_value(http_api_error::utoipa::responses(&catalog, format)).unwrap();
        for (status, response) in documented.as_object().unwrap() {
            let content = &response["content"][content_type(format, status)];
            let mut root = content["schema"].clone();
            root["components"] = components.clone();
            let validator = jsonschema::validator_for(&root).unwrap();
            for example in content["examples"].as_object().unwrap().values() {
                let errors: Vec<String> = validator
                    .iter_errors(&example["value"])
                    .map(|error| error.to_string())
                    .collect();
                assert_eq!(errors, Vec::<String>::new(), "{example}");
                checked += 1;
            }
            // A code of another status is rejected by the narrowed schema.
            let mut wrong = content["examples"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()["value"]
                .clone();
            match format {
                FormatKind::Simple => wrong["error"] = json!("NOT_A_CODE"),
                FormatKind::Problem => wrong["code"] = json!("NOT_A_CODE"),
                FormatKind::Envelope => wrong["error"]["code"] = json!("NOT_A_CODE"),
            }
            assert!(!validator.is_valid(&wrong), "{wrong}");
        }
    }
    assert_eq!(checked, 3 * catalog.len());
}

#[utoipa::path(get, path = "/links/{id}", params(("id" = String, Path)), responses((status = 200, description = "The link"), LinkError))]
#[allow(clippy::unused_async)]
async fn get_link() {}

#[utoipa::path(get, path = "/quota", responses((status = 200, description = "The quota"), QuotaError))]
#[allow(clippy::unused_async)]
async fn get_quota() {}

#[utoipa::path(post, path = "/login", responses((status = 204, description = "Logged in"), AuthError, http_api_error::Rejection))]
#[allow(clippy::unused_async)]
async fn login() {}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(get_link, get_quota, login),
    components(schemas(ErrorBody, ProblemDetails, ErrorEnvelope))
)]
struct ApiDoc;

/// A document with responses in all three formats validates against the official
/// OpenAPI 3.1 schema, with every reference resolved.
#[test]
fn a_document_in_every_format_is_valid_openapi() {
    use utoipa::OpenApi as _;
    let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
    if let Err(problems) = openapi_validator::validate(&document) {
        panic!("invalid OpenAPI document:\n{}", problems.join("\n"));
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(
        schemas.keys().collect::<Vec<_>>(),
        [
            "ErrorBody",
            "ErrorEnvelope",
            "FieldViolation",
            "ProblemDetails"
        ]
    );
    let responses = |path: &str, method: &str| {
        let responses = document["paths"][path][method]["responses"]
            .as_object()
            .unwrap();
        responses.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(
        responses("/links/{id}", "get"),
        ["200", "400", "401", "404", "410", "429"]
    );
    assert_eq!(responses("/quota", "get"), ["200", "503"]);
    // utoipa merges the two types' maps by status: the later type's response wins, so
    // types that share a status belong in one error type (a transparent variant).
    assert_eq!(
        responses("/login", "post"),
        [
            "204", "400", "401", "404", "405", "408", "411", "413", "415", "422", "429", "500"
        ]
    );
    assert_eq!(
        document["paths"]["/login"]["post"]["responses"]["404"]["description"],
        "Not Found: NOT_FOUND"
    );
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(get_link, get_quota, login))]
struct Unregistered;

#[derive(utoipa::OpenApi)]
#[openapi(paths(get_link, get_quota, login), modifiers(&ErrorSchemas))]
struct Registered;

/// Forgetting the body schemas is found by `missing_schemas`, and one modifier
/// registers them all.
#[test]
fn error_schemas_registers_every_body_schema_and_missing_schemas_names_the_gap() {
    use http_api_error::utoipa::missing_schemas;
    use utoipa::OpenApi as _;

    assert_eq!(
        missing_schemas(&Unregistered::openapi()),
        ["ErrorBody", "ErrorEnvelope", "ProblemDetails"]
    );
    let document = Registered::openapi();
    assert_eq!(missing_schemas(&document), Vec::<String>::new());
    let document = serde_json::to_value(document).unwrap();
    if let Err(problems) = openapi_validator::validate(&document) {
        panic!("invalid OpenAPI document:\n{}", problems.join("\n"));
    }
    assert_eq!(
        document["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [
            "ErrorBody",
            "ErrorEnvelope",
            "FieldViolation",
            "ProblemDetails"
        ]
    );
    // The document with the schemas listed by hand has nothing missing either.
    assert_eq!(missing_schemas(&ApiDoc::openapi()), Vec::<String>::new());
}

/// `{"message": ...}`: a format of the user's own, which describes its schema.
struct MessageOnly;

impl http_api_error::Format for MessageOnly {
    fn content_type(&self, _error: &http_api_error::ErrorView<'_>) -> http_api_error::HeaderValue {
        http_api_error::HeaderValue::from_static("application/json")
    }

    fn write_body(
        &self,
        error: &http_api_error::ErrorView<'_>,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        serde_json::to_writer(out, &json!({"message": error.message().to_string_lossy()}))
    }

    fn schema(&self) -> Option<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>> {
        Some(
            utoipa::openapi::ObjectBuilder::new()
                .property(
                    "message",
                    utoipa::openapi::ObjectBuilder::new()
                        .schema_type(utoipa::openapi::Type::String),
                )
                .required("message")
                .into(),
        )
    }
}

#[derive(Debug, ApiError)]
#[api(format = MessageOnly)]
enum PasteError {
    #[api(status = 404, message = "No such paste")]
    Missing,
    #[api(status = 429, message = "Slow down")]
    Limited {
        #[api(retry_after)]
        wait: Duration,
    },
}

/// A type in a format of its own is documented in it: the format's schema and content
/// type, and each example rendered by the format.
#[test]
fn a_format_of_your_own_is_documented_in_its_own_shape() {
    let schema = json!({
        "type": "object", "required": ["message"],
        "properties": {"message": {"type": "string"}}
    });
    let response = |description: &str,
                    extra: &[(&str, &str)],
                    (code, status, title): (&str, u16, &str),
                    message: &str| {
        json!({
            "description": description,
            "headers": headers(extra),
            "content": {
                "application/json": {
                    "schema": schema,
                    "examples": {code: {"summary": message, "value": {"message": message}}}
                },
                "application/problem+json": problem_alternative(code, status, title, message)
            },
            "x-rebuildable": {code: true}
        })
    };
    assert_eq!(
        responses::<PasteError>(),
        json!({
            "404": response("Not Found: MISSING", &[], ("MISSING", 404, "Not Found"), "No such paste"),
            "429": response(
                "Too Many Requests: LIMITED",
                &[RETRY_AFTER],
                ("LIMITED", 429, "Too Many Requests"),
                "Slow down"
            ),
        })
    );
}

/// Example values make each named example the exact body the server sends.
#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum Exemplified {
    #[api(
        status = 410,
        message = "Link {id} has been deleted ({reason:?}, {count} times, {{braces}})",
        example(id = "lnk_1", reason = "spam", count = 3)
    )]
    Gone {
        #[api(expose)]
        id: String,
        reason: String,
        count: u32,
    },
    #[api(
        status = 409,
        message = "Slug taken",
        example(slug = "promo", free = false, score = 2.5)
    )]
    Taken {
        #[api(expose)]
        slug: String,
        #[api(expose)]
        free: bool,
        #[api(expose)]
        score: f64,
    },
    /// Without example values: the template as written.
    #[api(status = 404, message = "Link {id} not found")]
    NotFound { id: String },
}

#[test]
fn example_values_make_each_example_the_real_body() {
    let documented = responses::<Exemplified>();
    let example = |status: &str, code: &str| {
        documented[status]["content"]["application/json"]["examples"][code]["value"].clone()
    };
    let sent =
        |error: Exemplified| serde_json::from_slice::<Value>(error.to_response().body()).unwrap();
    let gone = Exemplified::Gone {
        id: "lnk_1".into(),
        reason: "spam".into(),
        count: 3,
    };
    assert_eq!(example("410", "GONE"), sent(gone));
    assert_eq!(
        example("410", "GONE"),
        json!({
            "error": "GONE",
            "message": "Link lnk_1 has been deleted (\"spam\", 3 times, {braces})",
            "docs": "https://docs.example.com/errors#GONE",
            "details": {"id": "lnk_1"}
        })
    );
    let taken = Exemplified::Taken {
        slug: "promo".into(),
        free: false,
        score: 2.5,
    };
    assert_eq!(example("409", "TAKEN"), sent(taken));
    // The problem+json alternative too.
    assert_eq!(
        documented["409"]["content"]["application/problem+json"]["examples"]["TAKEN"]["value"],
        json!({
            "type": "https://docs.example.com/errors#TAKEN", "title": "Conflict", "status": 409,
            "detail": "Slug taken", "code": "TAKEN", "slug": "promo", "free": false, "score": 2.5
        })
    );
    assert_eq!(
        example("404", "NOT_FOUND")["message"],
        "Link {id} not found"
    );
    assert_eq!(
        Exemplified::catalog().get("GONE").unwrap().example,
        [
            http_api_error::ExampleField {
                name: "id",
                value: http_api_error::ExampleValue::Str("lnk_1"),
                exposed: true
            },
            http_api_error::ExampleField {
                name: "reason",
                value: http_api_error::ExampleValue::Str("spam"),
                exposed: false
            },
            http_api_error::ExampleField {
                name: "count",
                value: http_api_error::ExampleValue::Number("3"),
                exposed: false
            },
        ]
    );
}

/// Everything the crate emits (responses in every format, a format of your own, an
/// error set, the body schemas) is also valid OpenAPI 3.0: no 3.1-only construct.
#[test]
fn everything_the_crate_emits_is_valid_openapi_3_0() {
    let mut paths = serde_json::Map::new();
    let mut add = |path: &str, responses: Value| {
        paths.insert(path.to_owned(), json!({"get": {"responses": responses}}));
    };
    add("/links", responses::<LinkError>());
    add("/auth", responses::<AuthError>());
    add("/quota", responses::<QuotaError>());
    add("/pastes", responses::<PasteError>());
    add("/examples", responses::<Exemplified>());
    add("/userplane", responses::<userplane::UserplaneError>());
    let schemas: serde_json::Map<String, Value> = [
        (
            ErrorBody::name(),
            serde_json::to_value(ErrorBody::schema()).unwrap(),
        ),
        (
            ProblemDetails::name(),
            serde_json::to_value(ProblemDetails::schema()).unwrap(),
        ),
        (
            ErrorEnvelope::name(),
            serde_json::to_value(ErrorEnvelope::schema()).unwrap(),
        ),
        (
            FieldViolation::name(),
            serde_json::to_value(FieldViolation::schema()).unwrap(),
        ),
    ]
    .into_iter()
    .map(|(name, schema)| (name.into_owned(), schema))
    .collect();
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Errors", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    if let Err(problems) = openapi_validator::validate_3_0(&document) {
        panic!("not valid OpenAPI 3.0:\n{}", problems.join("\n"));
    }
    // The check can fail: a 3.1-only type list is refused.
    let mut tampered = document.clone();
    tampered["components"]["schemas"]["ErrorBody"]["properties"]["message"]["type"] =
        json!(["string", "null"]);
    assert!(openapi_validator::validate_3_0(&tampered).is_err());
}
