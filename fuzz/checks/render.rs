//! Rendering with arbitrary field contents, request ids and instances: every body in
//! every format is JSON whose members hold exactly the input, `x-request-id` is only
//! ever the request id as a valid header value, and decoding the response with
//! `RemoteError` gives back the code and the message.

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use http_api_error::client::RemoteError;
use http_api_error::request_id::valid_request_id;
use http_api_error::{ApiError, FieldViolation, FormatKind, HeaderValue, RequestContext};
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
    #[api(status = 503, message = "Failed: {reason}")]
    Server {
        reason: String,
        #[api(retry_after)]
        wait: u64,
    },
    #[api(status = 401, message = "{text}")]
    Verbatim { text: String },
}

#[derive(Arbitrary, Debug)]
enum Variant {
    Interpolated(String, String),
    Positional(String, String),
    Exposed {
        name: String,
        tags: Vec<String>,
        note: Option<String>,
        attributes: BTreeMap<String, String>,
        errors: Vec<(String, String, Option<String>)>,
    },
    Server(String, u64),
    Verbatim(String),
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    variant: Variant,
    request_id: Option<String>,
    instance: Option<String>,
}

/// The checks of one fuzz input; the fuzz target and `tests/fuzz_replay.rs` both run them.
pub fn check(input: Input) {
    let (error, message, details) = match input.variant {
        Variant::Interpolated(id, workspace) => {
            let message = format!("Link {id} in {workspace:?} not found");
            (Fuzzed::Interpolated { id, workspace }, message, None)
        }
        Variant::Positional(a, b) => {
            let message = format!("{a} / {b}");
            (Fuzzed::Positional(a, b), message, None)
        }
        Variant::Exposed {
            name,
            tags,
            note,
            attributes,
            errors,
        } => {
            let message = format!("Invalid {name}");
            let details =
                json!({"name": name, "tags": tags, "note": note, "attributes": attributes});
            let errors = errors
                .into_iter()
                .map(|(location, message, fix)| {
                    let violation = FieldViolation::new(location, message);
                    match fix {
                        Some(fix) => violation.with_fix(fix),
                        None => violation,
                    }
                })
                .collect();
            let error = Fuzzed::Exposed {
                name,
                tags,
                note,
                attributes,
                errors,
            };
            (error, message, Some(details))
        }
        Variant::Server(reason, wait) => {
            let message = format!("Failed: {reason}");
            (Fuzzed::Server { reason, wait }, message, None)
        }
        Variant::Verbatim(text) => {
            let message = text.clone();
            (Fuzzed::Verbatim { text }, message, None)
        }
    };
    let mut context = RequestContext::new();
    if let Some(id) = &input.request_id {
        context = context.with_request_id(id.clone());
    }
    if let Some(instance) = &input.instance {
        context = context.with_instance(instance.clone());
    }
    assert_eq!(error.message(), message);

    for kind in FormatKind::ALL {
        let response = error.render(&kind, &context);
        let body: Value = serde_json::from_slice(response.body()).expect("valid JSON");
        let object = match kind {
            FormatKind::Envelope => &body["error"],
            _ => &body,
        };
        let message_member = match kind {
            FormatKind::Simple => "message",
            _ => "detail",
        };
        assert_eq!(object[message_member].as_str(), Some(message.as_str()));
        match kind {
            FormatKind::Simple => {
                assert_eq!(body.get("details"), details.as_ref());
                assert_eq!(
                    body.get("request_id").and_then(Value::as_str),
                    context.request_id()
                );
            }
            FormatKind::Problem => {
                assert_eq!(
                    body.get("instance").and_then(Value::as_str),
                    context.instance()
                );
                assert_eq!(
                    body.get("request_id").and_then(Value::as_str),
                    context.request_id()
                );
            }
            FormatKind::Envelope => {
                assert_eq!(body["error"].get("details"), details.as_ref());
                // Always an id: the context's, else a new one, sent as the header too.
                let id = body["meta"].get("requestId").and_then(Value::as_str);
                match context.request_id() {
                    Some(expected) => assert_eq!(id, Some(expected)),
                    None => {
                        let id = id.expect("the envelope always carries a request id");
                        assert!(id.starts_with("req_") && valid_request_id(id), "{id}");
                        assert_eq!(
                            response
                                .headers()
                                .get("x-request-id")
                                .map(HeaderValue::as_bytes),
                            Some(id.as_bytes())
                        );
                    }
                }
            }
        }
        // The header: the request id unchanged exactly when the crate's rule accepts it
        // (1 to 128 visible ASCII characters), never anything else; without one, only
        // the envelope's new id.
        let echoed = response.headers().get("x-request-id");
        match context.request_id() {
            Some(id) if valid_request_id(id) => {
                assert_eq!(echoed.map(HeaderValue::as_bytes), Some(id.as_bytes()));
            }
            None if kind == FormatKind::Envelope => assert!(echoed.is_some()),
            _ => assert!(echoed.is_none(), "echoed {echoed:?}"),
        }
        // What a client decodes is what was sent.
        let remote = RemoteError::from_response(&response);
        assert_eq!(remote.status(), error.status());
        assert_eq!(remote.code(), Some(error.code()));
        assert_eq!(remote.message(), Some(message.as_str()));
    }
    let response = error.to_response();
    assert_eq!(
        serde_json::to_vec(&error).expect("serializes"),
        response.body().to_vec()
    );
}
