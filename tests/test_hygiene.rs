//! Rule 15: the generated code names everything by its full path, so it compiles in a
//! module without the prelude and beside items that shadow prelude and primitive names.

mod common;

use common::{JSON, PROBLEM, assert_response};
use http_api_error::ApiError as _;
use serde_json::json;

mod no_prelude {
    #![no_implicit_prelude]

    use ::http_api_error::ApiError as _;

    #[derive(::core::fmt::Debug, ::http_api_error::ApiError)]
    pub enum AuthError {
        #[api(status = 401, message = "Missing credentials")]
        Missing,
    }

    #[derive(::core::fmt::Debug, ::http_api_error::ApiError)]
    #[api(docs = "https://docs.example.com/errors#{code}")]
    pub enum Error {
        #[api(status = 404, message = "Link not found")]
        NotFound,
        #[api(code = "STORAGE_FAILED", status = 500)]
        Storage(#[source] ::std::io::Error),
        #[api(status = 429, message = "Slow down, {user}: {remaining} requests left")]
        RateLimited {
            user: ::std::string::String,
            #[api(expose)]
            remaining: u32,
            #[api(retry_after)]
            wait: ::core::time::Duration,
        },
        #[api(status = 400, message = "Request validation failed")]
        Invalid {
            #[api(errors)]
            errors: ::std::vec::Vec<::http_api_error::FieldViolation>,
        },
        #[api(transparent)]
        Auth(#[from] AuthError),
    }

    /// A generic struct: the derive's bounds (`T: Display`, `T: Serialize`, `Self: Debug`)
    /// are written in full too.
    #[derive(::core::fmt::Debug, ::http_api_error::ApiError)]
    #[api(status = 400, message = "Bad {value} ({value:?})", format = "envelope")]
    pub struct Bad<T> {
        #[api(expose)]
        pub value: T,
    }

    pub fn responses() -> ::std::vec::Vec<::http_api_error::Response<::http_api_error::Bytes>> {
        let io = ::std::io::Error::other("disk full");
        let violation = ::http_api_error::FieldViolation::new("body.url", "must be a URL");
        ::std::vec![
            Error::NotFound.to_response(),
            Error::Storage(io).to_response(),
            Error::RateLimited {
                user: <::std::string::String as ::core::convert::From<&str>>::from("ada"),
                remaining: 0,
                wait: ::core::time::Duration::from_millis(1500),
            }
            .to_response(),
            Error::Invalid {
                errors: ::std::vec![violation],
            }
            .to_response(),
            <Error as ::core::convert::From<AuthError>>::from(AuthError::Missing).to_response(),
            Bad { value: 'x' }.to_response(),
        ]
    }
}

#[test]
fn no_implicit_prelude() {
    let responses = no_prelude::responses();
    let [not_found, storage, limited, invalid, auth, bad] = responses.as_slice() else {
        panic!("expected 6 responses, got {}", responses.len());
    };
    assert_response(
        not_found,
        404,
        &[JSON],
        json!({
            "error": "NOT_FOUND",
            "message": "Link not found",
            "docs": "https://docs.example.com/errors#NOT_FOUND",
        }),
    );
    assert_response(
        storage,
        500,
        &[JSON],
        json!({
            "error": "STORAGE_FAILED",
            "message": "Internal Server Error",
            "docs": "https://docs.example.com/errors#STORAGE_FAILED",
        }),
    );
    assert_response(
        limited,
        429,
        &[JSON, ("retry-after", "2")],
        json!({
            "error": "RATE_LIMITED",
            "message": "Slow down, ada: 0 requests left",
            "docs": "https://docs.example.com/errors#RATE_LIMITED",
            "details": {"remaining": 0},
        }),
    );
    assert_response(
        invalid,
        400,
        &[JSON],
        json!({
            "error": "INVALID",
            "message": "Request validation failed",
            "docs": "https://docs.example.com/errors#INVALID",
            "errors": [{"location": "body.url", "message": "must be a URL"}],
        }),
    );
    // Nested without docs of its own: the outer type's template.
    assert_response(
        auth,
        401,
        &[JSON, ("www-authenticate", "Bearer")],
        json!({
            "error": "MISSING",
            "message": "Missing credentials",
            "docs": "https://docs.example.com/errors#MISSING",
        }),
    );
    // The envelope makes a request id when it has none, and carries `errors` on a 400.
    let id = bad.headers()["x-request-id"].to_str().unwrap();
    assert_response(
        bad,
        400,
        &[JSON, ("x-request-id", id)],
        json!({
            "meta": {"requestId": id},
            "error": {
                "title": "Bad Request",
                "detail": "Bad x ('x')",
                "status": 400,
                "type": "about:blank",
                "code": "BAD",
                "errors": [],
                "details": {"value": "x"},
            },
        }),
    );
}

#[test]
fn no_implicit_prelude_std_traits() {
    use std::error::Error as _;

    let error = no_prelude::Error::Storage(std::io::Error::other("disk full"));
    assert_eq!(error.to_string(), "Internal Server Error");
    assert_eq!(
        error.source().map(ToString::to_string).as_deref(),
        Some("disk full")
    );
    let error = no_prelude::Error::from(no_prelude::AuthError::Missing);
    assert_eq!(error.to_string(), "Missing credentials");
    assert_eq!(
        serde_json::to_value(&error).expect("serializes"),
        json!({
            "error": "MISSING",
            "message": "Missing credentials",
            "docs": "https://docs.example.com/errors#MISSING",
        })
    );
}

/// Items named like everything the generated code could reach through the prelude, or
/// through a relative path.
// The shadowing items exist only to be in scope; the macros must stay unused.
#[allow(dead_code, non_camel_case_types, unused_macros)]
mod shadowed {
    use ::http_api_error::ApiError;

    struct Result;
    struct Option;
    struct Some;
    struct None;
    struct Ok;
    struct Err;
    struct String;
    struct Box;
    struct Vec;
    struct Formatter;
    struct Duration;
    struct bool;
    struct str;
    struct u8;
    struct u16;
    struct usize;
    trait Debug {}
    trait Display {}
    trait Error {}
    trait From {}
    trait Into {}
    trait Serialize {}
    trait Serializer {}
    trait FnMut {}
    trait Fn {}
    trait Iterator {}
    trait Sized {}
    trait Send {}
    trait Sync {}
    mod core {}
    mod std {}
    mod alloc {}
    mod http_api_error {}
    mod http {}
    mod bytes {}
    mod serde {}
    macro_rules! write {
        ($($tt:tt)*) => {
            ::core::compile_error!("the generated code used a shadowed `write!`")
        };
    }
    macro_rules! concat {
        ($($tt:tt)*) => {
            ::core::compile_error!("the generated code used a shadowed `concat!`")
        };
    }
    macro_rules! format_args {
        ($($tt:tt)*) => {
            ::core::compile_error!("the generated code used a shadowed `format_args!`")
        };
    }

    #[derive(::core::fmt::Debug, ApiError)]
    pub enum Inner {
        #[api(status = 409, message = "Already exists")]
        Exists,
    }

    #[derive(::core::fmt::Debug, ApiError)]
    #[api(format = "problem")]
    pub enum LinkError {
        #[api(status = 404)]
        Missing,
        #[api(status = 503, message = "Storage unavailable")]
        Storage(#[source] ::std::io::Error),
        #[api(status = 429, message = "Wait {seconds} seconds, {user}")]
        Limited {
            user: ::std::string::String,
            #[api(expose)]
            plan: &'static ::core::primitive::str,
            #[api(retry_after)]
            seconds: ::core::primitive::u64,
        },
        #[api(status = 422, message = "Invalid {0:?}")]
        Invalid(
            ::std::string::String,
            #[api(errors)] ::std::vec::Vec<::http_api_error::FieldViolation>,
        ),
        #[api(transparent)]
        Inner(#[from] Inner),
    }

    /// Generic, so the derive writes bounds on `Display`, `Debug`, `Serialize` and
    /// `ApiError` next to the traits of those names above.
    #[derive(::core::fmt::Debug, ApiError)]
    pub enum Generic<T, U> {
        #[api(status = 400, message = "{value} {value:?}")]
        Value {
            #[api(expose)]
            value: T,
        },
        #[api(transparent)]
        Inner(U),
    }

    /// Fields named like the generated code's locals.
    #[derive(::core::fmt::Debug, ApiError)]
    pub enum Locals {
        #[api(
            status = 400,
            message = "{__formatter} {__catalog} {__source} {__field0}"
        )]
        Named {
            __formatter: ::core::primitive::u8,
            __catalog: ::core::primitive::u8,
            __source: ::core::primitive::u8,
            __field0: ::core::primitive::u8,
            #[api(expose)]
            __visit: ::core::primitive::u8,
            #[api(retry_after)]
            __format: ::core::primitive::u64,
        },
        #[api(status = 400, message = "{0} {1}")]
        Positional(::core::primitive::u8, ::core::primitive::u8),
    }

    /// A struct error next to the same shadowing items.
    #[derive(::core::fmt::Debug, ApiError)]
    #[api(status = 410, message = "Gone since {since}")]
    pub struct Gone {
        pub since: ::core::primitive::u16,
    }

    pub fn errors() -> ::std::vec::Vec<::std::boxed::Box<dyn ApiError>> {
        ::std::vec![
            ::std::boxed::Box::new(LinkError::Missing),
            ::std::boxed::Box::new(LinkError::Storage(::std::io::Error::other("disk"))),
            ::std::boxed::Box::new(LinkError::Limited {
                user: "ada".into(),
                plan: "free",
                seconds: 30,
            }),
            ::std::boxed::Box::new(LinkError::Invalid(
                "link".into(),
                ::std::vec![::http_api_error::FieldViolation::new(
                    "body.url", "required"
                )],
            )),
            ::std::boxed::Box::new(LinkError::from(Inner::Exists)),
            ::std::boxed::Box::new(Gone { since: 2024 }),
            ::std::boxed::Box::new(Locals::Named {
                __formatter: 1,
                __catalog: 2,
                __source: 3,
                __field0: 4,
                __visit: 5,
                __format: 6,
            }),
            ::std::boxed::Box::new(Locals::Positional(7, 8)),
            ::std::boxed::Box::new(Generic::<::core::primitive::u8, Inner>::Value { value: 9 }),
            ::std::boxed::Box::new(Generic::<::core::primitive::u8, Inner>::Inner(
                Inner::Exists
            )),
        ]
    }
}

#[test]
fn shadowed_prelude_names() {
    let errors = shadowed::errors();
    let [
        missing,
        storage,
        limited,
        invalid,
        inner,
        gone,
        named,
        positional,
        generic,
        generic_inner,
    ] = errors.as_slice()
    else {
        panic!("expected 10 errors, got {}", errors.len());
    };
    assert_response(
        &missing.to_response(),
        404,
        &[PROBLEM],
        json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "Not Found",
            "code": "MISSING",
        }),
    );
    assert_response(
        &storage.to_response(),
        503,
        &[PROBLEM],
        json!({
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": "Storage unavailable",
            "code": "STORAGE",
        }),
    );
    assert_response(
        &limited.to_response(),
        429,
        &[PROBLEM, ("retry-after", "30")],
        json!({
            "type": "about:blank",
            "title": "Too Many Requests",
            "status": 429,
            "detail": "Wait 30 seconds, ada",
            "code": "LIMITED",
            "plan": "free",
        }),
    );
    assert_response(
        &invalid.to_response(),
        422,
        &[PROBLEM],
        json!({
            "type": "about:blank",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": "Invalid \"link\"",
            "code": "INVALID",
            "errors": [{"location": "body.url", "message": "required"}],
        }),
    );
    // The inner error's facts, in the outer type's format.
    assert_response(
        &inner.to_response(),
        409,
        &[PROBLEM],
        json!({
            "type": "about:blank",
            "title": "Conflict",
            "status": 409,
            "detail": "Already exists",
            "code": "EXISTS",
        }),
    );
    assert_response(
        &gone.to_response(),
        410,
        &[JSON],
        json!({"error": "GONE", "message": "Gone since 2024"}),
    );
    assert_response(
        &named.to_response(),
        400,
        &[JSON, ("retry-after", "6")],
        json!({"error": "NAMED", "message": "1 2 3 4", "details": {"__visit": 5}}),
    );
    assert_response(
        &positional.to_response(),
        400,
        &[JSON],
        json!({"error": "POSITIONAL", "message": "7 8"}),
    );
    assert_response(
        &generic.to_response(),
        400,
        &[JSON],
        json!({"error": "VALUE", "message": "9 9", "details": {"value": 9}}),
    );
    assert_response(
        &generic_inner.to_response(),
        409,
        &[JSON],
        json!({"error": "EXISTS", "message": "Already exists"}),
    );
}
