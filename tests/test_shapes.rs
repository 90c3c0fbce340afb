//! Rule 15: every input shape derives: generics, lifetimes, const generics and
//! where-clauses, `macro_rules!` output, deprecated items, raw and non-ASCII
//! identifiers, discriminants and `#[cfg]`, empty enums, structs of every kind, and a
//! re-exported crate path.

mod common;

use std::error::Error as _;
use std::fmt::{Debug, Display};
use std::time::Duration;

use common::{JSON, PROBLEM, assert_response};
use http_api_error::{ApiError, FieldViolation};
use serde_json::json;

fn codes<E: ApiError>() -> Vec<&'static str> {
    E::catalog()
        .entries()
        .iter()
        .map(|entry| entry.code)
        .collect()
}

#[derive(Debug, ApiError)]
pub enum Other {
    #[api(status = 409, message = "Conflict on {resource}")]
    Conflict { resource: String },
}

#[derive(Debug, ApiError)]
pub enum Nested {
    #[api(status = 403, message = "Forbidden")]
    Forbidden,
}

#[derive(Debug)]
pub struct Cause;

impl Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the cause")
    }
}

impl std::error::Error for Cause {}

mod generics {
    use super::{ApiError, Debug, Display, FieldViolation, Other};

    /// Lifetime, bounded type parameters, a defaulted type parameter, a const
    /// parameter and a where-clause; generic fields in messages, exposed, as a source
    /// and as a transparent inner error.
    #[derive(Debug, ApiError)]
    pub enum Generic<'a, T: Debug, S, U = super::Nested, const N: usize = 1>
    where
        T: Display,
    {
        #[api(status = 400, message = "Bad name {name}")]
        Bad { name: &'a str },
        #[api(status = 422, message = "Rejected {value} ({value:?})")]
        Wrapped {
            #[api(expose)]
            value: T,
        },
        #[api(status = 502, message = "Upstream failed")]
        Failed {
            #[source]
            cause: S,
        },
        #[api(status = 400, message = "{0} fields are invalid")]
        Invalid(usize, #[api(errors)] [FieldViolation; N]),
        #[api(transparent)]
        Inner(#[from] Other),
        #[api(transparent)]
        Delegated(U),
    }

    /// Bounds only in the where-clause, and a lifetime bound.
    #[derive(Debug, ApiError)]
    #[api(status = 400)]
    pub enum WhereOnly<'a, 'b: 'a, T>
    where
        T: Debug + Display + 'a,
    {
        #[api(message = "{first} then {second}")]
        Pair { first: &'a T, second: &'b str },
    }
}

type Concrete<'a> = generics::Generic<'a, u32, Cause>;

#[test]
fn generic_enum() {
    let name = String::from("ada");
    let bad: Concrete<'_> = generics::Generic::Bad { name: &name };
    assert_response(
        &bad.to_response(),
        400,
        &[JSON],
        json!({"error": "BAD", "message": "Bad name ada"}),
    );
    let wrapped: Concrete<'_> = generics::Generic::Wrapped { value: 7 };
    assert_response(
        &wrapped.to_response(),
        422,
        &[JSON],
        json!({"error": "WRAPPED", "message": "Rejected 7 (7)", "details": {"value": 7}}),
    );
    let failed: Concrete<'_> = generics::Generic::Failed { cause: Cause };
    assert_response(
        &failed.to_response(),
        502,
        &[JSON],
        json!({"error": "FAILED", "message": "Upstream failed"}),
    );
    let invalid: Concrete<'_> =
        generics::Generic::Invalid(1, [FieldViolation::new("body.name", "too long")]);
    assert_response(
        &invalid.to_response(),
        400,
        &[JSON],
        json!({
            "error": "INVALID",
            "message": "1 fields are invalid",
            "errors": [{"location": "body.name", "message": "too long"}],
        }),
    );
    let inner: Concrete<'_> = Other::Conflict {
        resource: "link".into(),
    }
    .into();
    assert_response(
        &inner.to_response(),
        409,
        &[JSON],
        json!({"error": "CONFLICT", "message": "Conflict on link"}),
    );
    let delegated: Concrete<'_> = generics::Generic::Delegated(Nested::Forbidden);
    assert_response(
        &delegated.to_response(),
        403,
        &[JSON],
        json!({"error": "FORBIDDEN", "message": "Forbidden"}),
    );

    let failed: Concrete<'_> = generics::Generic::Failed { cause: Cause };
    assert_eq!(failed.to_string(), "Upstream failed");
    assert_eq!(
        failed.source().map(ToString::to_string).as_deref(),
        Some("the cause")
    );
    assert_eq!(
        codes::<Concrete<'_>>(),
        [
            "BAD",
            "WRAPPED",
            "FAILED",
            "INVALID",
            "CONFLICT",
            "FORBIDDEN"
        ]
    );

    let second = String::from("b");
    let pair = generics::WhereOnly::Pair {
        first: &'a',
        second: &second,
    };
    assert_response(
        &pair.to_response(),
        400,
        &[JSON],
        json!({"error": "PAIR", "message": "a then b"}),
    );
}

/// Declares an error enum whose field names, messages and statuses all come from the
/// macro's caller.
macro_rules! declare_errors {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $variant:ident { $($field:ident: $ty:ty),* $(,)? } => ($status:literal, $msg:literal),
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, ApiError)]
        $vis enum $name {
            $(
                #[api(status = $status, message = $msg)]
                $variant { $($field: $ty),* },
            )*
        }
    };
}

declare_errors! {
    /// Declared through a macro.
    pub enum Declared {
        NotFound { id: u64 } => (404, "No item {id}"),
        Gone {} => (410, "Gone for good"),
        Mismatch { expected: String, found: String } => (409, "Expected {expected:?}, found {found}"),
    }
}

/// Declares tuple variants whose types come from the caller and whose fields are
/// referred to by position.
macro_rules! declare_tuple_errors {
    ($name:ident { $($variant:ident($($ty:ty),*) => ($status:literal, $msg:literal),)* }) => {
        #[derive(Debug, ApiError)]
        pub enum $name {
            $(
                #[api(status = $status, message = $msg)]
                $variant($($ty),*),
            )*
        }
    };
}

declare_tuple_errors! {
    DeclaredTuple {
        Range(u32, u32) => (416, "Range {0}-{1} not satisfiable"),
    }
}

/// Declares an error whose field is named by the macro itself while the message comes
/// from the caller: the message must still see the field.
macro_rules! declare_resource_error {
    ($name:ident, $msg:literal) => {
        #[derive(Debug, ApiError)]
        pub enum $name {
            #[api(status = 404, message = $msg)]
            Missing { resource: String },
        }
    };
}

declare_resource_error!(ResourceError, "No such {resource}");

#[test]
fn macro_rules_enum() {
    let cases = [
        (
            Declared::NotFound { id: 7 }.to_response(),
            404,
            json!({"error": "NOT_FOUND", "message": "No item 7"}),
        ),
        (
            Declared::Gone {}.to_response(),
            410,
            json!({"error": "GONE", "message": "Gone for good"}),
        ),
        (
            Declared::Mismatch {
                expected: "a".into(),
                found: "b".into(),
            }
            .to_response(),
            409,
            json!({"error": "MISMATCH", "message": "Expected \"a\", found b"}),
        ),
        (
            DeclaredTuple::Range(5, 3).to_response(),
            416,
            json!({"error": "RANGE", "message": "Range 5-3 not satisfiable"}),
        ),
        (
            ResourceError::Missing {
                resource: "link".into(),
            }
            .to_response(),
            404,
            json!({"error": "MISSING", "message": "No such link"}),
        ),
    ];
    for (response, status, body) in cases {
        assert_response(&response, status, &[JSON], body);
    }
}

mod deprecated {
    // Deriving on deprecated items must not warn: only the user's own uses should.
    #![deny(warnings)]

    use http_api_error::ApiError;

    #[derive(Debug, ApiError)]
    pub enum WithDeprecated {
        #[api(status = 404, message = "Missing")]
        Missing,
        #[deprecated = "use `Missing`"]
        #[api(status = 410, message = "Gone since {since}")]
        Gone { since: u16 },
        #[deprecated]
        #[api(status = 400, message = "Bad {0}")]
        Bad(String),
        #[api(status = 422, message = "Invalid {reason}")]
        Invalid {
            #[deprecated]
            reason: String,
            #[deprecated]
            #[api(expose)]
            hint: String,
        },
        #[deprecated]
        #[api(transparent)]
        Inner(#[from] super::Nested),
    }

    #[deprecated = "use `WithDeprecated`"]
    #[derive(Debug, ApiError)]
    #[api(status = 400, message = "Old {field}")]
    pub struct OldError {
        pub field: u8,
    }
}

#[test]
#[allow(deprecated)]
fn deprecated_items() {
    use deprecated::{OldError, WithDeprecated};

    let cases = [
        (
            WithDeprecated::Missing.to_response(),
            404,
            json!({"error": "MISSING", "message": "Missing"}),
        ),
        (
            WithDeprecated::Gone { since: 2020 }.to_response(),
            410,
            json!({"error": "GONE", "message": "Gone since 2020"}),
        ),
        (
            WithDeprecated::Bad("input".into()).to_response(),
            400,
            json!({"error": "BAD", "message": "Bad input"}),
        ),
        (
            WithDeprecated::Invalid {
                reason: "empty".into(),
                hint: "fill it".into(),
            }
            .to_response(),
            422,
            json!({"error": "INVALID", "message": "Invalid empty", "details": {"hint": "fill it"}}),
        ),
        (
            WithDeprecated::from(Nested::Forbidden).to_response(),
            403,
            json!({"error": "FORBIDDEN", "message": "Forbidden"}),
        ),
        (
            OldError { field: 3 }.to_response(),
            400,
            json!({"error": "OLD_ERROR", "message": "Old 3"}),
        ),
    ];
    for (response, status, body) in cases {
        assert_response(&response, status, &[JSON], body);
    }
    assert_eq!(
        codes::<deprecated::WithDeprecated>(),
        ["MISSING", "GONE", "BAD", "INVALID", "FORBIDDEN"]
    );
}

#[allow(non_camel_case_types)]
#[derive(Debug, ApiError)]
pub enum Raw {
    /// A raw variant name: the code drops the `r#`.
    #[api(status = 400, message = "Cannot match {ref}")]
    r#match {
        #[api(expose)]
        r#ref: String,
    },
    /// A keyword field is named without `r#` in a message, as in `format!`, and in the
    /// body.
    #[api(status = 400, message = "Bad type {type} in {async}")]
    BadType {
        r#type: String,
        #[api(expose)]
        r#async: bool,
    },
}

#[test]
fn raw_identifiers() {
    let error = Raw::r#match {
        r#ref: "main".into(),
    };
    assert_response(
        &error.to_response(),
        400,
        &[JSON],
        json!({"error": "MATCH", "message": "Cannot match main", "details": {"ref": "main"}}),
    );
    let error = Raw::BadType {
        r#type: "u8".into(),
        r#async: true,
    };
    assert_response(
        &error.to_response(),
        400,
        &[JSON],
        json!({"error": "BAD_TYPE", "message": "Bad type u8 in true", "details": {"async": true}}),
    );
}

/// Explicit discriminants, `#[cfg]`-removed variants and fields, `#[cfg_attr]` keys
/// and doc comments: the derive sees the configured item.
#[derive(Debug, ApiError)]
#[repr(u8)]
pub enum Configured {
    /// A documented variant.
    #[api(status = 400, message = "Bad {value}")]
    Bad {
        /// A documented field.
        value: u8,
        #[cfg(any())]
        removed: u8,
    } = 3,
    #[cfg(any())]
    #[api(status = 400)]
    Removed,
    #[cfg_attr(all(), api(status = 418, message = "I'm a teapot"))]
    Teapot = 9,
}

/// Identifiers outside ASCII, in the type, a variant, a field and a placeholder.
#[derive(Debug, ApiError)]
pub enum Ошибка {
    #[api(code = "NOT_FOUND", status = 404, message = "Нет {имя}")]
    НеНайдено { имя: String },
}

#[test]
fn configured_and_unicode() {
    assert_response(
        &Configured::Bad { value: 1 }.to_response(),
        400,
        &[JSON],
        json!({"error": "BAD", "message": "Bad 1"}),
    );
    assert_response(
        &Configured::Teapot.to_response(),
        418,
        &[JSON],
        json!({"error": "TEAPOT", "message": "I'm a teapot"}),
    );
    assert_eq!(codes::<Configured>(), ["BAD", "TEAPOT"]);
    assert_response(
        &Ошибка::НеНайдено {
            имя: "ключа".into(),
        }
        .to_response(),
        404,
        &[JSON],
        json!({"error": "NOT_FOUND", "message": "Нет ключа"}),
    );
}

#[derive(Debug, ApiError)]
pub enum Never {}

#[derive(Debug, ApiError)]
#[api(format = "problem", docs = "https://docs.example.com/{code}")]
pub enum NeverGeneric<T> {
    #[api(transparent)]
    Inner(T),
}

fn implements_everything<E>()
where
    E: ApiError + std::error::Error + serde::Serialize + Display + Debug + Send + Sync + 'static,
{
}

#[test]
fn empty_enum() {
    implements_everything::<Never>();
    assert!(Never::catalog().is_empty());
    let result: Result<u8, Never> = Ok(1);
    let Ok(value) = result;
    assert_eq!(value, 1);

    implements_everything::<NeverGeneric<Nested>>();
    let error = NeverGeneric::Inner(Nested::Forbidden);
    // The outer docs template reaches the nested code, which has none of its own.
    assert_response(
        &error.to_response(),
        403,
        &[PROBLEM],
        json!({
            "type": "https://docs.example.com/FORBIDDEN",
            "title": "Forbidden",
            "status": 403,
            "detail": "Forbidden",
            "code": "FORBIDDEN",
        }),
    );
}

#[derive(Debug, ApiError)]
#[api(status = 429, message = "Limit of {limit} reached for {user}")]
pub struct Limited {
    user: String,
    #[api(expose)]
    limit: u32,
    #[api(retry_after)]
    wait: Duration,
}

#[derive(Debug, ApiError)]
#[api(status = 400, message = "Bad {0}: {1:?}")]
pub struct BadInput(&'static str, String);

#[derive(Debug, ApiError)]
#[api(code = "STORAGE_FAILED", status = 500, message = "Storage failed")]
pub struct StorageFailed(#[source] std::io::Error);

#[derive(Debug, ApiError)]
#[api(status = NOT_FOUND, docs = "https://docs.example.com/errors#{code}")]
pub struct LinkNotFound;

#[derive(Debug, ApiError)]
#[api(status = 401, www_authenticate = "Bearer realm=\"api\"")]
pub struct Unauthorized {}

#[derive(Debug, ApiError)]
#[api(transparent)]
pub struct Wrapper(#[from] Other);

#[derive(Debug, ApiError)]
#[api(transparent)]
pub struct GenericWrapper<E> {
    inner: E,
}

#[test]
fn struct_errors() {
    assert_response(
        &Limited {
            user: "ada".into(),
            limit: 100,
            wait: Duration::from_secs(60),
        }
        .to_response(),
        429,
        &[JSON, ("retry-after", "60")],
        json!({
            "error": "LIMITED",
            "message": "Limit of 100 reached for ada",
            "details": {"limit": 100},
        }),
    );
    assert_response(
        &BadInput("url", "ftp://x".into()).to_response(),
        400,
        &[JSON],
        json!({"error": "BAD_INPUT", "message": "Bad url: \"ftp://x\""}),
    );
    assert_response(
        &StorageFailed(std::io::Error::other("disk full")).to_response(),
        500,
        &[JSON],
        json!({"error": "STORAGE_FAILED", "message": "Storage failed"}),
    );
    assert_response(
        &LinkNotFound.to_response(),
        404,
        &[JSON],
        json!({
            "error": "LINK_NOT_FOUND",
            "message": "Not Found",
            "docs": "https://docs.example.com/errors#LINK_NOT_FOUND",
        }),
    );
    assert_response(
        &Unauthorized {}.to_response(),
        401,
        &[JSON, ("www-authenticate", "Bearer realm=\"api\"")],
        json!({"error": "UNAUTHORIZED", "message": "Unauthorized"}),
    );
    assert_response(
        &Wrapper::from(Other::Conflict {
            resource: "slug".into(),
        })
        .to_response(),
        409,
        &[JSON],
        json!({"error": "CONFLICT", "message": "Conflict on slug"}),
    );
    assert_response(
        &GenericWrapper {
            inner: Nested::Forbidden,
        }
        .to_response(),
        403,
        &[JSON],
        json!({"error": "FORBIDDEN", "message": "Forbidden"}),
    );
    let storage = StorageFailed(std::io::Error::other("disk full"));
    assert_eq!(storage.to_string(), "Storage failed");
    assert_eq!(
        storage.source().map(ToString::to_string).as_deref(),
        Some("disk full")
    );
    assert_eq!(codes::<LinkNotFound>(), ["LINK_NOT_FOUND"]);
    assert_eq!(codes::<GenericWrapper<Other>>(), ["CONFLICT"]);
}

/// Reaches the crate only through a re-export, as a framework's users do: the derive
/// must use the `crate` path for every item. (`::http_api_error` still resolves in this test
/// crate, so the derive's unit test `crate_path_is_used_for_every_item` checks that the
/// output never names it.)
mod reexported {
    use http_api_error_reexport::http_api_error as errors;

    #[derive(Debug, errors::ApiError)]
    #[api(crate = "http_api_error_reexport::http_api_error", format = "envelope")]
    pub enum Reexported {
        #[api(status = 404, message = "Missing")]
        Missing,
        #[api(status = 429, message = "Wait {seconds}s")]
        Limited {
            #[api(retry_after, expose)]
            seconds: u64,
        },
        #[api(status = 400, message = "Invalid")]
        Invalid {
            #[api(errors)]
            errors: Vec<errors::FieldViolation>,
        },
        #[api(transparent)]
        Inner(#[from] super::Nested),
    }

    #[derive(Debug, errors::ApiError)]
    #[api(crate = "::http_api_error_reexport::http_api_error", status = 500)]
    pub struct ReexportedStruct<T: std::error::Error + 'static>(#[source] T);

    pub fn responses() -> Vec<errors::Response<errors::Bytes>> {
        use errors::ApiError as _;

        let context = errors::RequestContext::new().with_request_id("req_1");
        vec![
            Reexported::Missing.to_response_with(&context),
            Reexported::Limited { seconds: 5 }.to_response_with(&context),
            Reexported::Invalid {
                errors: vec![errors::FieldViolation::new("query.limit", "too big")],
            }
            .to_response_with(&context),
            Reexported::from(super::Nested::Forbidden).to_response_with(&context),
            ReexportedStruct(super::Cause).to_response_with(&context),
        ]
    }
}

#[test]
fn crate_path_through_reexport() {
    const ID: (&str, &str) = ("x-request-id", "req_1");
    let envelope = |title: &str, detail: &str, status: u16, code: &str| {
        json!({
            "meta": {"requestId": "req_1"},
            "error": {"title": title, "detail": detail, "status": status, "type": "about:blank", "code": code},
        })
    };
    let responses = reexported::responses();
    let [missing, limited, invalid, inner, failed] = responses.as_slice() else {
        panic!("expected 5 responses, got {}", responses.len());
    };
    assert_response(
        missing,
        404,
        &[JSON, ID],
        envelope("Not Found", "Missing", 404, "MISSING"),
    );
    let mut body = envelope("Too Many Requests", "Wait 5s", 429, "LIMITED");
    body["error"]["details"] = json!({"seconds": 5});
    assert_response(limited, 429, &[PROBLEM, ("retry-after", "5"), ID], body);
    let mut body = envelope("Bad Request", "Invalid", 400, "INVALID");
    body["error"]["errors"] = json!([{"location": "query.limit", "message": "too big"}]);
    assert_response(invalid, 400, &[JSON, ID], body);
    assert_response(
        inner,
        403,
        &[JSON, ID],
        envelope("Forbidden", "Forbidden", 403, "FORBIDDEN"),
    );
    assert_response(
        failed,
        500,
        &[JSON, ID],
        json!({"error": "REEXPORTED_STRUCT", "message": "Internal Server Error", "request_id": "req_1"}),
    );
}

/// Every source shape thiserror accepts, `Option` included: `source()` is the inner
/// error when there is one, and the body is the same either way.
mod optional_sources {
    use std::error::Error;

    use http_api_error::ApiError;
    use serde_json::json;

    use super::common::{JSON, assert_response};

    #[derive(Debug, ApiError)]
    enum ExportError {
        // The reported input.
        #[api(status = 502, message = "Export failed")]
        Upstream {
            source: Option<Box<dyn Error + Send + Sync>>,
        },
        #[api(status = 503)]
        Io(#[source] Option<std::io::Error>),
        #[api(status = 500)]
        Qualified {
            #[source]
            cause: std::option::Option<Box<dyn Error + Send + Sync + 'static>>,
        },
    }

    #[derive(Debug, ApiError)]
    #[api(status = 500)]
    struct Generic<E: Error + 'static> {
        source: Option<E>,
    }

    #[test]
    fn option_sources_are_the_inner_error_when_present() {
        let with = ExportError::Upstream {
            source: Some("connection reset".into()),
        };
        assert_eq!(
            with.source().map(ToString::to_string).as_deref(),
            Some("connection reset")
        );
        let without = ExportError::Upstream { source: None };
        assert!(without.source().is_none());
        for error in [with, without] {
            assert_response(
                &error.to_response(),
                502,
                &[JSON],
                json!({"error": "UPSTREAM", "message": "Export failed"}),
            );
        }
        let io = ExportError::Io(Some(std::io::Error::other("disk full")));
        assert_eq!(
            io.source().map(ToString::to_string).as_deref(),
            Some("disk full")
        );
        assert!(ExportError::Io(None).source().is_none());
        let qualified = ExportError::Qualified {
            cause: Some("boom".into()),
        };
        assert_eq!(
            qualified.source().map(ToString::to_string).as_deref(),
            Some("boom")
        );
        let generic = Generic {
            source: Some(std::io::Error::other("inner")),
        };
        assert_eq!(
            generic.source().map(ToString::to_string).as_deref(),
            Some("inner")
        );
        assert!(
            Generic::<std::io::Error> { source: None }
                .source()
                .is_none()
        );
        assert_response(
            &generic.to_response(),
            500,
            &[JSON],
            json!({"error": "GENERIC", "message": "Internal Server Error"}),
        );
    }
}
