//! Rule 14: every derived type lists its codes.

use http_api_error::{ApiError, Catalog, CatalogEntry, GrpcCode};
use serde_json::json;

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}", category = "Links")]
enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
    NotFound,
    #[api(
        status = 410,
        title = "Link Gone",
        retry = true,
        message = "Link {id} | {{id}} has been deleted"
    )]
    Gone { id: String },
    #[api(status = 500)]
    Storage(#[source] std::io::Error),
    #[api(transparent)]
    Quota(#[from] QuotaError),
}

#[derive(Debug, ApiError)]
#[api(category = "Quotas")]
enum QuotaError {
    #[api(
        status = 403,
        code = "PLAN_LIMIT_EXCEEDED",
        message = "Plan limit exceeded",
        grpc = "FAILED_PRECONDITION"
    )]
    Plan,
    #[api(
        status = 429,
        message = "Rate limit exceeded. Wait and retry with exponential backoff."
    )]
    RateLimited,
}

fn entries() -> Vec<CatalogEntry> {
    vec![
        CatalogEntry {
            code: "LINK_NOT_FOUND",
            status: 404,
            title: "Not Found",
            message: "Link not found",
            retryable: false,
            docs_url: Some("https://docs.example.com/errors#LINK_NOT_FOUND"),
            category: Some("Links"),
            variant: "LinkError::NotFound",
            rebuildable: true,
            retry_after: false,
            grpc: GrpcCode::NotFound,
            example: &[],
        },
        CatalogEntry {
            code: "GONE",
            status: 410,
            title: "Link Gone",
            message: "Link {id} | {{id}} has been deleted",
            retryable: true,
            docs_url: Some("https://docs.example.com/errors#GONE"),
            category: Some("Links"),
            variant: "LinkError::Gone",
            rebuildable: false,
            retry_after: false,
            grpc: GrpcCode::NotFound,
            example: &[],
        },
        CatalogEntry {
            code: "STORAGE",
            status: 500,
            title: "Internal Server Error",
            message: "Internal Server Error",
            retryable: true,
            docs_url: Some("https://docs.example.com/errors#STORAGE"),
            category: Some("Links"),
            variant: "LinkError::Storage",
            rebuildable: false,
            retry_after: false,
            grpc: GrpcCode::Internal,
            example: &[],
        },
        CatalogEntry {
            code: "PLAN_LIMIT_EXCEEDED",
            status: 403,
            title: "Forbidden",
            message: "Plan limit exceeded",
            retryable: false,
            // The outer type's docs template reaches nested codes without their own.
            docs_url: Some("https://docs.example.com/errors#PLAN_LIMIT_EXCEEDED"),
            category: Some("Quotas"),
            variant: "QuotaError::Plan",
            rebuildable: true,
            retry_after: false,
            grpc: GrpcCode::FailedPrecondition,
            example: &[],
        },
        CatalogEntry {
            code: "RATE_LIMITED",
            status: 429,
            title: "Too Many Requests",
            message: "Rate limit exceeded. Wait and retry with exponential backoff.",
            retryable: true,
            docs_url: Some("https://docs.example.com/errors#RATE_LIMITED"),
            category: Some("Quotas"),
            variant: "QuotaError::RateLimited",
            rebuildable: true,
            retry_after: false,
            grpc: GrpcCode::ResourceExhausted,
            example: &[],
        },
    ]
}

#[test]
fn entries_in_declaration_order_with_nested_types_in_place() {
    let catalog = LinkError::catalog();
    assert_eq!(catalog.entries(), entries().as_slice());
    assert_eq!(catalog.len(), 5);
    assert_eq!(catalog.get("RATE_LIMITED").map(|e| e.status), Some(429));
    assert_eq!(catalog.get("NOPE"), None);
    assert!(Catalog::new().is_empty());
}

#[test]
fn paths_name_the_transparent_variants_on_the_way() {
    let catalog = LinkError::catalog();
    let paths: Vec<String> = (0..catalog.len()).filter_map(|i| catalog.path(i)).collect();
    assert_eq!(
        paths,
        [
            "LinkError::NotFound",
            "LinkError::Gone",
            "LinkError::Storage",
            "LinkError::Quota → QuotaError::Plan",
            "LinkError::Quota → QuotaError::RateLimited",
        ]
    );
    assert_eq!(catalog.path(5), None);
    assert_eq!(catalog.duplicates(), []);
}

#[test]
fn catalog_entries_agree_with_the_errors() {
    let errors = [
        LinkError::NotFound,
        LinkError::Gone { id: "x".into() },
        LinkError::Storage(std::io::Error::other("disk")),
        LinkError::from(QuotaError::Plan),
        LinkError::from(QuotaError::RateLimited),
    ];
    let catalog = LinkError::catalog();
    assert_eq!(catalog.len(), errors.len());
    for (error, entry) in errors.iter().zip(catalog.entries()) {
        assert_eq!(entry.code, error.code());
        assert_eq!(entry.status, error.status().as_u16());
        assert_eq!(entry.title, error.title());
        assert_eq!(entry.retryable, error.retryable());
        assert_eq!(entry.docs_url, error.docs_url());
    }
}

#[test]
fn markdown_sections_per_category() {
    assert_eq!(
        LinkError::catalog().to_markdown(),
        "\
## Links

| Error code       | Status | Message                              |
| ---------------- | ------ | ------------------------------------ |
| `LINK_NOT_FOUND` | 404    | Link not found                       |
| `GONE`           | 410    | Link {id} \\| {{id}} has been deleted |
| `STORAGE`        | 500    | Internal Server Error                |

## Quotas

| Error code            | Status | Message                                                       |
| --------------------- | ------ | ------------------------------------------------------------- |
| `PLAN_LIMIT_EXCEEDED` | 403    | Plan limit exceeded                                           |
| `RATE_LIMITED`        | 429    | Rate limit exceeded. Wait and retry with exponential backoff. |
"
    );
}

#[test]
fn markdown_with_a_grpc_column() {
    assert_eq!(
        LinkError::catalog().to_markdown_with_grpc(),
        "\
## Links

| Error code       | Status | gRPC        | Message                              |
| ---------------- | ------ | ----------- | ------------------------------------ |
| `LINK_NOT_FOUND` | 404    | `NOT_FOUND` | Link not found                       |
| `GONE`           | 410    | `NOT_FOUND` | Link {id} \\| {{id}} has been deleted |
| `STORAGE`        | 500    | `INTERNAL`  | Internal Server Error                |

## Quotas

| Error code            | Status | gRPC                  | Message                                                       |
| --------------------- | ------ | --------------------- | ------------------------------------------------------------- |
| `PLAN_LIMIT_EXCEEDED` | 403    | `FAILED_PRECONDITION` | Plan limit exceeded                                           |
| `RATE_LIMITED`        | 429    | `RESOURCE_EXHAUSTED`  | Rate limit exceeded. Wait and retry with exponential backoff. |
"
    );
}

#[test]
fn markdown_without_categories_is_one_table() {
    #[derive(Debug, ApiError)]
    enum Plain {
        #[api(status = 404)]
        Missing,
    }
    assert_eq!(Plain::Missing.code(), "MISSING");
    assert_eq!(
        Plain::catalog().to_markdown(),
        "\
| Error code | Status | Message   |
| ---------- | ------ | --------- |
| `MISSING`  | 404    | Not Found |
"
    );
}

#[test]
fn json() {
    let parsed: serde_json::Value = serde_json::from_str(&LinkError::catalog().to_json()).unwrap();
    assert_eq!(
        parsed,
        json!([
            {"code": "LINK_NOT_FOUND", "status": 404, "title": "Not Found", "message": "Link not found",
             "retryable": false, "docs": "https://docs.example.com/errors#LINK_NOT_FOUND", "category": "Links",
             "rebuildable": true, "grpc": "NOT_FOUND"},
            {"code": "GONE", "status": 410, "title": "Link Gone", "message": "Link {id} | {{id}} has been deleted",
             "retryable": true, "docs": "https://docs.example.com/errors#GONE", "category": "Links",
             "rebuildable": false, "grpc": "NOT_FOUND"},
            {"code": "STORAGE", "status": 500, "title": "Internal Server Error", "message": "Internal Server Error",
             "retryable": true, "docs": "https://docs.example.com/errors#STORAGE", "category": "Links",
             "rebuildable": false, "grpc": "INTERNAL"},
            {"code": "PLAN_LIMIT_EXCEEDED", "status": 403, "title": "Forbidden", "message": "Plan limit exceeded",
             "retryable": false, "docs": "https://docs.example.com/errors#PLAN_LIMIT_EXCEEDED",
             "category": "Quotas", "rebuildable": true, "grpc": "FAILED_PRECONDITION"},
            {"code": "RATE_LIMITED", "status": 429, "title": "Too Many Requests",
             "message": "Rate limit exceeded. Wait and retry with exponential backoff.", "retryable": true,
             "docs": "https://docs.example.com/errors#RATE_LIMITED", "category": "Quotas",
             "rebuildable": true, "grpc": "RESOURCE_EXHAUSTED"}
        ])
    );
}

#[test]
fn an_empty_enum_has_an_empty_catalog() {
    #[derive(Debug, ApiError)]
    enum Never {}
    assert!(Never::catalog().is_empty());
}
