//! Rules 3 (message), 4 (Display, Error, From) and 12 (JSON always valid).

mod common;

use std::error::Error as _;
use std::fmt;

use common::{JSON, assert_response, json, text};
use http_api_error::{ApiError, FormatKind, RequestContext};
use serde_json::json;

#[derive(Debug, ApiError)]
enum Messages {
    #[api(status = 410, message = "Link {id} has been deleted")]
    Named { id: String },
    #[api(status = 400, message = "bad value {value:?} in {field}")]
    Debug { field: &'static str, value: String },
    #[api(status = 400, message = "{0} of {1} requests used")]
    Positional(u32, u32),
    #[api(status = 400, message = "use {{braces}} literally")]
    Braces,
    #[api(status = 404)]
    ClientDefault,
    #[api(status = 404, title = "Link Missing")]
    ClientTitle,
    #[api(status = 503)]
    ServerDefault,
    #[api(status = 503, title = "Storage Down")]
    ServerTitle,
    #[api(status = 400, message = "{text}")]
    Text { text: String },
}

#[test]
fn named_debug_and_positional_placeholders() {
    assert_eq!(
        Messages::Named { id: "lnk_1".into() }.message(),
        "Link lnk_1 has been deleted"
    );
    let debug = Messages::Debug {
        field: "name",
        value: "x\"y".into(),
    };
    assert_eq!(debug.message(), r#"bad value "x\"y" in name"#);
    assert_eq!(
        Messages::Positional(3, 10).message(),
        "3 of 10 requests used"
    );
    assert_eq!(Messages::Braces.message(), "use {braces} literally");
}

#[test]
fn the_body_carries_the_interpolated_message() {
    assert_response(
        &Messages::Named { id: "lnk_1".into() }.to_response(),
        410,
        &[JSON],
        json!({"error": "NAMED", "message": "Link lnk_1 has been deleted"}),
    );
    assert_response(
        &Messages::Braces.to_response(),
        400,
        &[JSON],
        json!({"error": "BRACES", "message": "use {braces} literally"}),
    );
}

#[test]
fn without_a_message_4xx_use_the_title_and_5xx_the_reason_phrase() {
    assert_eq!(Messages::ClientDefault.message(), "Not Found");
    assert_eq!(Messages::ClientTitle.message(), "Link Missing");
    assert_eq!(Messages::ServerDefault.message(), "Service Unavailable");
    // A custom title never replaces the reason phrase of a 5xx message.
    assert_eq!(Messages::ServerTitle.message(), "Service Unavailable");
    assert_eq!(Messages::ServerTitle.title(), "Storage Down");
}

#[test]
fn display_prints_the_public_message() {
    assert_eq!(
        Messages::Named { id: "a".into() }.to_string(),
        "Link a has been deleted"
    );
    assert_eq!(Messages::ServerDefault.to_string(), "Service Unavailable");
}

#[test]
fn hostile_field_contents_give_valid_json_that_round_trips() {
    let nasty = [
        "quote \" backslash \\ slash /",
        "newline \n tab \t carriage \r",
        "controls \u{0} \u{1} \u{1f} \u{7f}",
        "line separators \u{2028} \u{2029}",
        "non-ASCII: é ü 日本 🦀",
        "</script><script>alert(1)</script>",
        "{\"error\":\"FAKE\"}",
        "",
    ];
    for value in nasty {
        let error = Messages::Text {
            text: value.to_owned(),
        };
        for format in FormatKind::ALL {
            let response = error.render(&format, &RequestContext::new().with_request_id(value));
            let body = json(&response);
            let message = match format {
                FormatKind::Simple => &body["message"],
                FormatKind::Problem => &body["detail"],
                FormatKind::Envelope => &body["error"]["detail"],
            };
            assert_eq!(message, value, "{format:?}");
            let request_id = match format {
                FormatKind::Envelope => &body["meta"]["requestId"],
                _ => &body["request_id"],
            };
            assert_eq!(request_id, value, "{format:?}");
        }
    }
}

#[test]
fn a_long_message_is_written_whole() {
    let long = "x".repeat(100_000);
    let response = Messages::Text { text: long.clone() }.to_response();
    assert_eq!(json(&response), json!({"error": "TEXT", "message": long}));
}

/// A `Display` impl that writes part of its text and then fails.
#[derive(Debug)]
struct Broken;

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("partial")?;
        Err(fmt::Error)
    }
}

#[derive(Debug, ApiError)]
enum Fails {
    #[api(status = 422, message = "value {value} rejected")]
    Field { value: Broken },
}

#[test]
fn a_failing_display_never_panics_and_the_body_stays_valid() {
    let error = Fails::Field { value: Broken };
    // The body falls back to the title, which is always safe to render.
    let context = RequestContext::new().with_request_id("req_1");
    for format in FormatKind::ALL {
        let response = error.render(&format, &context);
        assert_eq!(response.status().as_u16(), 422);
        let body = json(&response);
        let expected = match format {
            FormatKind::Simple => json!({
                "error": "FIELD", "message": "Unprocessable Entity", "request_id": "req_1"
            }),
            FormatKind::Problem => json!({
                "type": "about:blank", "title": "Unprocessable Entity", "status": 422,
                "detail": "Unprocessable Entity", "code": "FIELD", "request_id": "req_1"
            }),
            FormatKind::Envelope => json!({"meta": {"requestId": "req_1"}, "error": {
                "title": "Unprocessable Entity", "detail": "Unprocessable Entity", "status": 422,
                "type": "about:blank", "code": "FIELD"
            }}),
        };
        assert_eq!(body, expected);
    }
    // message() keeps the text written before the failure instead of panicking.
    assert_eq!(error.message(), "value partial");
}

#[derive(Debug)]
struct StorageError(String);

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StorageError {}

const SECRET: &str = "postgres://admin:hunter2@db-1/prod";

#[derive(Debug, ApiError)]
enum Internal {
    #[api(status = 500, message = "Failed to create link")]
    Tuple(#[source] StorageError),
    #[api(status = 500, message = "Failed to save {name}")]
    Struct {
        name: String,
        source: StorageError,
        // Held for the server's own use; never named in the message nor exposed.
        #[allow(dead_code)]
        connection: String,
    },
    #[api(status = 502)]
    From(#[from] StorageError),
}

#[test]
fn a_5xx_body_never_carries_the_source_or_unexposed_fields() {
    let errors = [
        Internal::Tuple(StorageError(SECRET.into())),
        Internal::Struct {
            name: "link".into(),
            source: StorageError(SECRET.into()),
            connection: SECRET.into(),
        },
        Internal::From(StorageError(SECRET.into())),
    ];
    for error in &errors {
        for format in FormatKind::ALL {
            let response = error.render(&format, &RequestContext::new().with_request_id("req_1"));
            assert!(!text(&response).contains("hunter2"), "{}", text(&response));
            for value in response.headers().values() {
                assert!(!value.to_str().unwrap().contains("hunter2"));
            }
        }
        assert!(!error.to_string().contains("hunter2"));
        // The source is still there for logs.
        assert_eq!(error.source().unwrap().to_string(), SECRET);
    }
    assert_response(
        &errors[1].to_response(),
        500,
        &[JSON],
        json!({"error": "STRUCT", "message": "Failed to save link"}),
    );
    assert_response(
        &errors[2].to_response(),
        502,
        &[JSON],
        json!({"error": "FROM", "message": "Bad Gateway"}),
    );
}

#[test]
fn from_fields_convert_and_question_mark_works() {
    fn save() -> Result<(), Internal> {
        Err(StorageError("disk full".into()))?;
        Ok(())
    }
    let error = save().unwrap_err();
    assert_eq!(error.code(), "FROM");
    assert_eq!(error.source().unwrap().to_string(), "disk full");
}

#[derive(Debug, ApiError)]
#[api(status = 500)]
enum BoxedSource {
    Boxed {
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    NoSource,
}

#[test]
fn a_field_named_source_is_the_source_and_boxed_errors_work() {
    let error = BoxedSource::Boxed {
        source: "inner".into(),
    };
    assert_eq!(error.source().unwrap().to_string(), "inner");
    assert!(BoxedSource::NoSource.source().is_none());
    assert_response(
        &error.to_response(),
        500,
        &[JSON],
        json!({"error": "BOXED", "message": "Internal Server Error"}),
    );
}

/// Width and precision taken from another field, as `format!` and thiserror allow.
#[derive(Debug, ApiError)]
enum PayError {
    #[api(status = 402, message = "Balance {amount:.digits$} is too low")]
    Low { amount: f64, digits: usize },
    #[api(status = 402, message = "[{name:>width$}] owes {owed:.2}")]
    Padded {
        name: String,
        width: usize,
        owed: f64,
    },
    #[api(status = 402, message = "Due {0:.1$} in {2:0>3$} days")]
    Positional(f64, usize, u32, usize),
}

#[test]
// 3.14159 is the reported input, not an approximation of PI.
#[allow(clippy::approx_constant)]
fn width_and_precision_from_other_fields() {
    let low = PayError::Low {
        amount: 3.14159,
        digits: 2,
    };
    assert_eq!(low.to_string(), "Balance 3.14 is too low");
    assert_response(
        &low.to_response(),
        402,
        &[JSON],
        json!({"error": "LOW", "message": "Balance 3.14 is too low"}),
    );
    assert_eq!(
        PayError::Padded {
            name: "ada".into(),
            width: 6,
            owed: 2.5
        }
        .to_string(),
        "[   ada] owes 2.50"
    );
    assert_eq!(
        PayError::Positional(9.876, 1, 7, 3).to_string(),
        "Due 9.9 in 007 days"
    );
}

/// The arguments a translation gets: each field the message uses (a width or precision
/// field too), once, formatted with the trait of its first use and without width or
/// precision; nothing else; a transparent variant's are its inner error's. (Derived
/// with the `i18n` feature, their one reader.)
#[cfg(feature = "i18n")]
#[test]
fn message_args_are_the_placeholders_and_nothing_else() {
    // `hidden` and `unused` exist to be left out.
    #[allow(dead_code)]
    #[derive(Debug, ApiError)]
    enum Outer {
        #[api(status = 404, message = "{id:?} and {id} of {name:>8}, {ratio:.2}")]
        Shown {
            id: String,
            name: String,
            ratio: f64,
            hidden: String,
        },
        #[api(status = 400, message = "{0:x} then {1}")]
        Tuple(u32, &'static str),
        #[api(status = 409, message = "Fixed text")]
        Fixed { unused: u8 },
        #[api(transparent)]
        Inner(#[from] PayError),
    }
    fn args(error: &dyn http_api_error::ApiError) -> Vec<String> {
        let mut args = Vec::new();
        error.visit_message_args(&mut |name, value| args.push(format!("{name}={value}")));
        args
    }
    let shown = Outer::Shown {
        id: "l1".into(),
        name: "ann".into(),
        ratio: 0.5,
        hidden: "secret".into(),
    };
    assert_eq!(args(&shown), ["id=\"l1\"", "name=ann", "ratio=0.5"]);
    assert_eq!(args(&Outer::Tuple(255, "b")), ["0=ff", "1=b"]);
    assert_eq!(args(&Outer::Fixed { unused: 1 }), Vec::<String>::new());
    let inner = Outer::Inner(PayError::Low {
        amount: 2.5,
        digits: 1,
    });
    assert_eq!(args(&inner), ["amount=2.5", "digits=1"]);
}

/// Without the `i18n` feature the derive leaves `visit_message_args` out: it visits
/// nothing.
#[cfg(not(feature = "i18n"))]
#[test]
fn without_i18n_message_args_are_not_derived() {
    #[derive(Debug, ApiError)]
    enum Shown {
        #[api(status = 404, message = "Link {id} not found")]
        NotFound { id: u32 },
    }
    let mut args = Vec::new();
    http_api_error::ApiError::visit_message_args(&Shown::NotFound { id: 7 }, &mut |name, _| {
        args.push(name);
    });
    assert_eq!(args, Vec::<&str>::new());
}
