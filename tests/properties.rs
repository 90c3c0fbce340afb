//! Properties over arbitrary input.
//!
//! - Any text (control characters, U+2028, quotes, braces, very long strings) in any
//!   interpolated or exposed field, violation, request id or instance gives a body that
//!   is valid JSON, in every format, whose members hold exactly that text.
//! - Header values are built only from checked input: an explicit request id reaches
//!   `x-request-id` only as a valid header value, unchanged.
//! - Through axum's `RequestIdLayer` (in process, with `tower::ServiceExt::oneshot`),
//!   an incoming `x-request-id` reaches the response only when
//!   `http_api_error::request_id::valid_request_id` accepts it; otherwise a fresh id is sent.

mod reliability;

use std::collections::BTreeMap;

use http_api_error::request_id::{MAX_LEN, generate_request_id, valid_request_id};
use http_api_error::{
    ApiError, Bytes, FieldViolation, FormatKind, HeaderValue, RequestContext, Response,
};
use proptest::prelude::*;
use reliability::body_json;
use serde_json::{Value, json};

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum Fuzzed {
    #[api(status = 404, message = "Link {id} in {workspace:?} not found")]
    Interpolated { id: String, workspace: String },
    #[api(status = 409, message = "{0} / {1}")]
    Positional(String, String),
    #[api(status = 422, message = "Invalid {name}")]
    Exposed {
        #[api(expose)]
        name: String,
        #[api(expose)]
        tags: Vec<String>,
        #[api(expose)]
        note: Option<String>,
        #[api(expose)]
        attributes: BTreeMap<String, String>,
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 500, message = "Failed: {reason}")]
    Server { reason: String },
    #[api(status = 400, message = "{text}")]
    Verbatim { text: String },
}

/// thiserror's `Display`, published as the public message with `expose_display`.
#[derive(Debug, thiserror::Error, ApiError)]
enum WithThiserror {
    #[error("bad input: {0}")]
    #[api(status = 400, expose_display)]
    Bad(String),
}

/// Characters that need care in JSON, headers or format strings.
fn special_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec![
            '\u{7f}',
            '\u{85}',
            '\u{a0}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{fffd}',
            '\u{10ffff}',
            '"',
            '\\',
            '/',
            '{',
            '}',
            '<',
            '>',
            '&',
            '\'',
            '%',
            '😀',
            'é',
        ]),
        any::<char>(),
    ]
}

/// Arbitrary text: any characters, mostly special ones, single control characters, and
/// now and then very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        4 => prop::collection::vec(special_char(), 0..48).prop_map(String::from_iter),
        2 => special_char().prop_map(String::from),
        // Long: a short random run repeated, up to about 32 000 characters.
        1 => (prop::collection::vec(special_char(), 1..16), 256..2048usize)
            .prop_map(|(run, times)| String::from_iter(run).repeat(times)),
    ]
}

fn violation() -> impl Strategy<Value = FieldViolation> {
    (text(), text(), prop::option::of(text())).prop_map(|(location, message, fix)| {
        let violation = FieldViolation::new(location, message);
        match fix {
            Some(fix) => violation.with_fix(fix),
            None => violation,
        }
    })
}

/// An error of any variant with arbitrary field contents, with its expected public
/// message and exposed fields (as the simple format's `details`) and violations.
fn fuzzed() -> impl Strategy<Value = (Fuzzed, String, Option<Value>, Option<Value>)> {
    prop_oneof![
        (text(), text()).prop_map(|(id, workspace)| {
            let message = format!("Link {id} in {workspace:?} not found");
            (Fuzzed::Interpolated { id, workspace }, message, None, None)
        }),
        (text(), text()).prop_map(|(a, b)| {
            let message = format!("{a} / {b}");
            (Fuzzed::Positional(a, b), message, None, None)
        }),
        (
            text(),
            prop::collection::vec(text(), 0..4),
            prop::option::of(text()),
            prop::collection::btree_map(text(), text(), 0..4),
            prop::collection::vec(violation(), 0..3),
        )
            .prop_map(|(name, tags, note, attributes, errors)| {
                let message = format!("Invalid {name}");
                let details =
                    json!({"name": name, "tags": tags, "note": note, "attributes": attributes});
                let violations = serde_json::to_value(&errors).unwrap();
                let error = Fuzzed::Exposed {
                    name,
                    tags,
                    note,
                    attributes,
                    errors,
                };
                (error, message, Some(details), Some(violations))
            }),
        text().prop_map(|reason| {
            let message = format!("Failed: {reason}");
            (Fuzzed::Server { reason }, message, None, None)
        }),
        text().prop_map(|text| {
            let message = text.clone();
            (Fuzzed::Verbatim { text }, message, None, None)
        }),
    ]
}

fn context() -> impl Strategy<Value = RequestContext> {
    (prop::option::of(text()), prop::option::of(text())).prop_map(|(id, instance)| {
        let mut context = RequestContext::new();
        if let Some(id) = id {
            context = context.with_request_id(id);
        }
        if let Some(instance) = instance {
            context = context.with_instance(instance);
        }
        context
    })
}

/// The body is strict JSON holding exactly the error's message, code, exposed fields,
/// violations and context, and the headers hold only checked values.
fn check(
    response: &Response<Bytes>,
    kind: FormatKind,
    error: &dyn ApiError,
    context: &RequestContext,
    message: &str,
    details: Option<&Value>,
    errors: Option<&Value>,
) {
    let body = body_json(response);
    let (object, message_member) = match kind {
        FormatKind::Simple => (&body, "message"),
        FormatKind::Problem => (&body, "detail"),
        FormatKind::Envelope => (&body["error"], "detail"),
    };
    assert_eq!(object[message_member], message);
    assert_eq!(
        object["code"].as_str().or(body["error"].as_str()),
        Some(error.code())
    );
    // Every 400 in the envelope carries `errors`, empty when the error has none.
    let empty = json!([]);
    let errors = match errors {
        None if kind == FormatKind::Envelope && error.status() == 400 => Some(&empty),
        errors => errors,
    };
    assert_eq!(object.get("errors"), errors);
    // The envelope always carries a request id: the context's, else a new one.
    let request_id = match (context.request_id(), kind) {
        (None, FormatKind::Envelope) => {
            let header = response.headers().get("x-request-id").expect("a new id");
            Some(header.to_str().expect("text").to_owned())
        }
        (id, _) => id.map(str::to_owned),
    };
    match kind {
        FormatKind::Simple => {
            assert_eq!(body.get("details"), details);
            assert_eq!(
                body.get("request_id").and_then(Value::as_str),
                context.request_id()
            );
        }
        FormatKind::Problem => {
            for (name, value) in details.and_then(Value::as_object).into_iter().flatten() {
                assert_eq!(body.get(name), Some(value), "{name}");
            }
            assert_eq!(
                body.get("request_id").and_then(Value::as_str),
                context.request_id()
            );
            assert_eq!(
                body.get("instance").and_then(Value::as_str),
                context.instance()
            );
        }
        FormatKind::Envelope => {
            assert_eq!(body["error"].get("details"), details);
            assert_eq!(
                body["meta"].get("requestId").and_then(Value::as_str),
                request_id.as_deref()
            );
        }
    }
    // The only header built from run-time text is x-request-id: present exactly when
    // the request id is well-formed (the middleware's rule), and then unchanged.
    match response.headers().get("x-request-id") {
        Some(value) => {
            let id = request_id.as_deref().expect("a request id");
            assert_eq!(value.as_bytes(), id.as_bytes());
            assert!(valid_request_id(id));
        }
        None => assert!(
            context.request_id().is_none_or(|id| !valid_request_id(id)),
            "a well-formed request id was dropped"
        ),
    }
    for (name, value) in response.headers() {
        if name != "x-request-id" {
            assert!(value.to_str().is_ok_and(|v| v.is_ascii()), "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_gives_json_that_round_trips(
        (error, message, details, errors) in fuzzed(),
        context in context(),
    ) {
        prop_assert_eq!(error.message(), message.as_str());
        prop_assert_eq!(error.to_string(), message.as_str());
        for kind in FormatKind::ALL {
            let response = error.render(&kind, &context);
            check(&response, kind, &error, &context, &message, details.as_ref(), errors.as_ref());
        }
        let response = error.to_response_with(&context);
        check(&response, FormatKind::Simple, &error, &context, &message, details.as_ref(), errors.as_ref());
        let response = error.to_response();
        check(&response, FormatKind::Simple, &error, &RequestContext::new(), &message, details.as_ref(), errors.as_ref());
        // Serialize writes the same body.
        prop_assert_eq!(serde_json::to_vec(&error).unwrap(), response.body().to_vec());
    }

    #[test]
    fn arbitrary_display_text_of_thiserror_round_trips(input in text(), context in context()) {
        let error = WithThiserror::Bad(input.clone());
        let message = format!("bad input: {input}");
        for kind in FormatKind::ALL {
            let response = error.render(&kind, &context);
            check(&response, kind, &error, &context, &message, None, None);
        }
    }

    #[test]
    fn valid_request_ids_are_short_visible_ascii(id in prop_oneof![text(), "[!-~]{0,130}", "[ -~]{0,8}"]) {
        let expected = (1..=MAX_LEN).contains(&id.len()) && id.bytes().all(|b| (0x21..=0x7e).contains(&b));
        prop_assert_eq!(valid_request_id(&id), expected);
        if valid_request_id(&id) {
            prop_assert!(HeaderValue::from_str(&id).is_ok());
        }
    }
}

#[test]
fn generated_request_ids_are_valid_and_distinct() {
    let ids: std::collections::BTreeSet<String> =
        (0..1000).map(|_| generate_request_id()).collect();
    assert_eq!(ids.len(), 1000);
    for id in &ids {
        assert!(valid_request_id(id), "{id}");
        assert!(id.starts_with("req_") && id.len() == 36, "{id}");
        assert!(
            id[4..]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}

/// `RequestIdLayer` in process: an incoming `x-request-id` is echoed (in the header and
/// the body) only when well-formed.
#[cfg(feature = "axum")]
mod axum_layer {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use http_api_error::axum::RequestIdLayer;
    use tower::ServiceExt;

    async fn failing() -> Result<String, Fuzzed> {
        Err(Fuzzed::Verbatim {
            text: "boom".into(),
        })
    }

    async fn ok() -> &'static str {
        "ok"
    }

    fn app() -> Router {
        Router::new()
            .route("/error", get(failing))
            .route("/ok", get(ok))
            .layer(RequestIdLayer::new())
    }

    /// Any value a client can put in a header: printable text near the validity limits,
    /// arbitrary bytes (obs-text included), and text with spaces.
    fn incoming() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            "[!-~]{0,130}".prop_map(String::into_bytes),
            "[ -~]{0,12}".prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..160),
            text().prop_map(String::into_bytes),
        ]
        .prop_filter("a header value", |bytes| {
            HeaderValue::from_bytes(bytes).is_ok()
        })
    }

    fn is_generated(id: &str) -> bool {
        id.len() == 36
            && id.starts_with("req_")
            && id[4..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    async fn call(path: &str, incoming: &[Vec<u8>]) -> (String, Bytes) {
        let mut request = http::Request::builder().uri(path);
        for value in incoming {
            request = request.header("x-request-id", HeaderValue::from_bytes(value).unwrap());
        }
        let response = app()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let ids: Vec<_> = response.headers().get_all("x-request-id").iter().collect();
        assert_eq!(ids.len(), 1, "one x-request-id");
        let id = ids[0].to_str().unwrap().to_owned();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (id, body)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn incoming_request_ids_are_echoed_only_when_well_formed(
            first in incoming(),
            second in prop::option::of(incoming()),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let incoming: Vec<Vec<u8>> = std::iter::once(first.clone()).chain(second).collect();
            let well_formed = std::str::from_utf8(&first).ok().filter(|id| valid_request_id(id));
            for path in ["/error", "/ok"] {
                let (id, body) = runtime.block_on(call(path, &incoming));
                match well_formed {
                    Some(first) => prop_assert_eq!(id.as_str(), first),
                    None => prop_assert!(is_generated(&id), "{:?} replaced by {:?}", first, id),
                }
                if path == "/error" {
                    let body: Value = reliability::strict_json(&body);
                    prop_assert_eq!(body["request_id"].as_str(), Some(id.as_str()));
                    prop_assert_eq!(body.as_object().map(|o| o.len()), Some(4));
                } else {
                    prop_assert_eq!(&body[..], b"ok");
                }
            }
        }
    }
}
