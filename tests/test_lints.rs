//! Rule 15: derived code is free of warnings under the strictest lint levels users turn
//! on, rustc's and clippy's (CI runs `cargo clippy --all-targets -- -D warnings`), for
//! every attribute and every input shape.
#![deny(
    warnings,
    unused_qualifications,
    rust_2018_idioms,
    unused_lifetimes,
    trivial_casts,
    trivial_numeric_casts,
    clippy::pedantic,
    clippy::nursery
)]

use std::time::{Duration, SystemTime};

use http_api_error::{ApiError, FieldViolation, FormatKind, RequestContext};
use serde_json::json;

/// The derived types, under restriction lints on top of the file's: the generated code
/// promises no panics, no `unwrap` and no indexing.
mod types {
    #![deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::as_conversions,
        clippy::arithmetic_side_effects,
        clippy::allow_attributes_without_reason,
        clippy::wildcard_enum_match_arm,
        clippy::shadow_unrelated,
        clippy::used_underscore_items,
        clippy::std_instead_of_core,
        clippy::std_instead_of_alloc
    )]

    use core::fmt::{Debug, Display};
    use core::time::Duration;
    use std::time::SystemTime;

    use http_api_error::{ApiError, FieldViolation};

    #[derive(Debug, ApiError)]
    #[api(
        docs = "https://docs.example.com/errors#{code}",
        category = "Links",
        www_authenticate = "Bearer realm=\"links\""
    )]
    pub enum LinkError {
        #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
        NotFound,
        #[api(status = GONE, retry = false, title = "Link Gone", message = "Link {id} has been deleted")]
        Gone { id: String },
        #[api(status = 429, message = "Rate limit exceeded: {{{limit}}} per minute")]
        RateLimited {
            #[api(retry_after)]
            wait: Duration,
            #[api(expose)]
            limit: u32,
        },
        #[api(status = 503, retry = true, message = "Retry at the given time")]
        Maintenance {
            #[api(retry_after)]
            until: SystemTime,
        },
        #[api(status = 503)]
        Throttled(#[api(retry_after)] Option<u64>),
        #[api(
            code = "LINK_CREATE_FAILED",
            status = 500,
            message = "Failed to create link"
        )]
        CreateFailed(#[source] std::io::Error),
        #[api(status = 502)]
        Upstream { source: std::io::Error },
        #[api(status = 500, docs = "https://status.example.com")]
        Boxed(#[source] Box<dyn core::error::Error + Send + Sync>),
        #[api(status = 401, www_authenticate = "Basic")]
        Unauthorized,
        #[api(
            status = 401,
            category = "Auth",
            message = "Token {0} expired {1:?} ago"
        )]
        Expired(String, Duration),
        #[api(transparent)]
        Auth(#[from] AuthError),
        #[api(
            code = "VALIDATION_FAILED",
            status = 400,
            message = "Request validation failed"
        )]
        Invalid {
            #[api(errors)]
            errors: Vec<FieldViolation>,
            #[api(expose)]
            form: &'static str,
        },
        #[deprecated = "use `NotFound`"]
        #[api(status = 404)]
        Missing,
    }

    #[derive(Debug, ApiError)]
    #[api(format = "problem", status = 401)]
    pub enum AuthError {
        #[api(message = "Missing credentials")]
        Missing,
        #[api(status = FORBIDDEN, message = "{user} may not {action}")]
        Forbidden { user: String, action: &'static str },
    }

    #[derive(Debug, ApiError)]
    #[api(format = "envelope", status = 400, retry = false)]
    pub enum Generic<'a, T, S, U = AuthError, const N: usize = 2>
    where
        T: Debug + Display + serde::Serialize,
        S: core::error::Error + 'static,
    {
        #[api(message = "Bad name {name}")]
        Bad {
            name: &'a str,
        },
        #[api(message = "Rejected {value}")]
        Wrapped {
            #[api(expose)]
            value: T,
        },
        #[api(status = 500)]
        Failed(#[source] S),
        Invalid(#[api(errors)] [FieldViolation; N]),
        #[api(transparent)]
        Inner(U),
    }

    #[derive(Debug, ApiError)]
    pub enum Never {}

    #[derive(Debug, ApiError)]
    #[api(status = 413, message = "Body larger than {limit} bytes")]
    pub struct TooLarge {
        #[api(expose)]
        pub limit: usize,
    }

    #[derive(Debug, ApiError)]
    #[api(status = 400, message = "Bad {0}")]
    pub struct BadInput(pub &'static str);

    #[derive(Debug, ApiError)]
    #[api(status = NOT_FOUND, code = "NOWHERE", format = "simple")]
    pub struct Nowhere;

    #[derive(Debug, ApiError)]
    #[api(status = 400)]
    pub enum Raw {
        #[api(message = "Bad {type} since v{old}")]
        r#Type {
            r#type: &'static str,
            #[api(expose)]
            r#ref: u8,
            #[deprecated]
            old: u8,
        },
    }

    macro_rules! declare {
        ($name:ident { $($variant:ident { $field:ident: $ty:ty } => ($status:literal, $msg:literal),)* }) => {
            #[derive(Debug, ApiError)]
            pub enum $name {
                $(
                    #[api(status = $status, message = $msg)]
                    $variant {
                        #[api(expose)]
                        $field: $ty,
                    },
                )*
            }
        };
    }

    declare! {
        Declared {
            Missing { id: u64 } => (404, "No item {id}"),
        }
    }

    #[derive(Debug, ApiError)]
    #[api(transparent)]
    pub struct Wrapper(#[from] pub LinkError);

    #[derive(Debug, thiserror::Error, ApiError)]
    #[api(crate = "::http_api_error")]
    pub enum WithThiserror {
        #[error("item {0} not found")]
        #[api(status = 404, expose_display)]
        NotFound(u64),
        #[error("storage failed")]
        #[api(status = 500)]
        Storage(#[from] std::io::Error),
        #[error("static text")]
        #[api(status = 400, message = "Public text")]
        Static,
    }
}

type Concrete = types::Generic<'static, u8, std::io::Error>;

#[test]
fn sources_and_messages() {
    use types::{AuthError, LinkError};

    assert_eq!(LinkError::NotFound.code(), "LINK_NOT_FOUND");
    let failures = [
        LinkError::CreateFailed(std::io::Error::other("disk")),
        LinkError::Upstream {
            source: std::io::Error::other("reset"),
        },
        LinkError::Boxed("boxed".into()),
    ];
    let sources: Vec<_> = failures
        .iter()
        .map(|error| std::error::Error::source(error).map(ToString::to_string))
        .collect();
    assert_eq!(
        sources,
        [
            Some("disk".into()),
            Some("reset".into()),
            Some("boxed".into())
        ]
    );
    assert_eq!(
        failures.iter().map(ApiError::message).collect::<Vec<_>>(),
        [
            "Failed to create link",
            "Bad Gateway",
            "Internal Server Error"
        ]
    );
    let missing = LinkError::Auth(AuthError::Missing);
    let response = missing.to_response();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["content-type"], "application/json");
    // The nested 401 has no challenge of its own: the outer type's.
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer realm=\"links\""
    );
    let forbidden = LinkError::from(AuthError::Forbidden {
        user: "ada".into(),
        action: "delete",
    });
    assert_eq!(forbidden.code(), "FORBIDDEN");
    assert_eq!(forbidden.to_string(), "ada may not delete");
    #[allow(deprecated)]
    let missing = LinkError::Missing;
    assert_eq!(missing.to_string(), "Not Found");
}

#[test]
fn statuses_and_headers() {
    use types::LinkError;

    let gone = LinkError::Gone { id: "lnk_1".into() };
    assert_eq!(gone.status(), 410);
    assert_eq!(gone.title(), "Link Gone");
    assert!(!gone.retryable());
    assert_eq!(
        serde_json::to_value(&gone).ok(),
        Some(json!({
            "error": "GONE",
            "message": "Link lnk_1 has been deleted",
            "docs": "https://docs.example.com/errors#GONE",
        }))
    );
    let limited = LinkError::RateLimited {
        wait: Duration::from_secs(3),
        limit: 60,
    };
    assert_eq!(limited.message(), "Rate limit exceeded: {60} per minute");
    assert_eq!(limited.to_response().headers()["retry-after"], "3");
    let maintenance = LinkError::Maintenance {
        until: SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777),
    };
    assert_eq!(
        maintenance.to_response().headers()["retry-after"],
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(LinkError::Throttled(None).retry_after(), None);
    assert_eq!(
        LinkError::Unauthorized.to_response().headers()["www-authenticate"],
        "Basic"
    );
    let expired = LinkError::Expired("t".into(), Duration::from_secs(1));
    assert_eq!(expired.message(), "Token t expired 1s ago");
    assert_eq!(
        expired.to_response().headers()["www-authenticate"],
        "Bearer realm=\"links\""
    );
}

#[test]
fn transparent_struct_in_problem_format() {
    use types::{LinkError, Wrapper};

    let response = Wrapper(LinkError::Invalid {
        errors: vec![FieldViolation::new("body.url", "required").with_fix("send a URL")],
        form: "create",
    })
    .render(
        &FormatKind::Problem,
        &RequestContext::new().with_request_id("req_1"),
    );
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["x-request-id"], "req_1");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(response.body()).ok(),
        Some(json!({
            "type": "https://docs.example.com/errors#VALIDATION_FAILED",
            "title": "Bad Request",
            "status": 400,
            "detail": "Request validation failed",
            "code": "VALIDATION_FAILED",
            "request_id": "req_1",
            "errors": [{"location": "body.url", "message": "required", "fix": "send a URL"}],
            "form": "create",
        }))
    );
}

#[test]
fn generic_enum() {
    use types::AuthError;

    let generics: [Concrete; 4] = [
        types::Generic::Bad { name: "x" },
        types::Generic::Failed(std::io::Error::other("io")),
        types::Generic::Invalid([FieldViolation::new("a", "b"), FieldViolation::new("c", "d")]),
        types::Generic::Inner(AuthError::Missing),
    ];
    assert_eq!(
        generics
            .iter()
            .map(|error| error.status().as_u16())
            .collect::<Vec<_>>(),
        [400, 500, 400, 401]
    );
    let generic: Concrete = types::Generic::Wrapped { value: 9 };
    assert_eq!(
        serde_json::to_value(&generic).ok(),
        Some(json!({
            "meta": {},
            "error": {
                "title": "Bad Request",
                "detail": "Rejected 9",
                "status": 400,
                "type": "about:blank",
                "code": "WRAPPED",
                "errors": [],
                "details": {"value": 9},
            },
        }))
    );
    assert_eq!(
        Concrete::catalog()
            .entries()
            .iter()
            .map(|entry| entry.code)
            .collect::<Vec<_>>(),
        [
            "BAD",
            "WRAPPED",
            "FAILED",
            "INVALID",
            "MISSING",
            "FORBIDDEN"
        ]
    );
}

#[test]
fn structs_empty_enum_and_thiserror() {
    use types::{BadInput, Nowhere, TooLarge, WithThiserror};

    assert!(types::Never::catalog().is_empty());
    assert_eq!(
        TooLarge { limit: 10 }.message(),
        "Body larger than 10 bytes"
    );
    assert_eq!(BadInput("url").to_string(), "Bad url");
    assert_eq!(Nowhere.code(), "NOWHERE");
    #[allow(deprecated)]
    let raw = types::Raw::r#Type {
        r#type: "u8",
        r#ref: 1,
        old: 0,
    };
    assert_eq!(
        serde_json::to_value(&raw).ok(),
        Some(json!({"error": "TYPE", "message": "Bad u8 since v0", "details": {"ref": 1}}))
    );
    assert_eq!(
        serde_json::to_value(types::Declared::Missing { id: 4 }).ok(),
        Some(json!({"error": "MISSING", "message": "No item 4", "details": {"id": 4}}))
    );
    assert_eq!(WithThiserror::NotFound(3).message(), "item 3 not found");
    assert_eq!(
        WithThiserror::from(std::io::Error::other("disk")).message(),
        "Internal Server Error"
    );
    assert_eq!(WithThiserror::Static.message(), "Public text");
}

/// Lints a user may `forbid`: the derive emits no `allow` for them, so the derived code
/// compiles where an `allow` would be refused (E0453). Transparent variants and the
/// client's `FromRemote` once needed `allow(unused_imports)`. (thiserror's own output
/// allows some of these, so its derive is not part of this module.)
mod forbidden {
    #![forbid(
        unused_imports,
        unused_qualifications,
        unused_variables,
        unused_mut,
        unused_results,
        deprecated,
        dead_code,
        non_snake_case,
        non_shorthand_field_patterns,
        clippy::allow_attributes,
        clippy::allow_attributes_without_reason
    )]

    use http_api_error::ApiError;

    #[derive(Debug, ApiError)]
    pub enum Inner {
        #[api(status = 409)]
        Exists,
    }

    #[derive(Debug, ApiError)]
    pub enum Outer {
        #[api(transparent)]
        Inner(Inner),
        #[api(status = 410, message = "Gone {id}")]
        Gone {
            #[api(expose)]
            id: String,
        },
        #[api(status = 500)]
        Failed(#[from] std::io::Error),
    }

    pub fn codes() -> [&'static str; 2] {
        [
            Outer::Inner(Inner::Exists).code(),
            Outer::Gone { id: "x".into() }.code(),
        ]
    }
}

#[test]
fn forbidden_lints_compile() {
    assert_eq!(forbidden::codes(), ["EXISTS", "GONE"]);
}
