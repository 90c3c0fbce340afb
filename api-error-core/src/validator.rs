//! [validator](https://docs.rs/validator) 0.21 reports as field violations (feature
//! `validator`).
//!
//! ```
//! use http_api_error_core::FieldViolation;
//! use validator::Validate;
//!
//! #[derive(Validate)]
//! struct NewLink {
//!     #[validate(url)]
//!     url: String,
//!     #[validate(length(min = 1, max = 100))]
//!     title: String,
//! }
//!
//! let link = NewLink { url: "not a url".into(), title: String::new() };
//! let errors = link.validate().unwrap_err();
//! assert_eq!(
//!     http_api_error_core::validator::violations(&errors, "body"),
//!     [
//!         FieldViolation::new("body.title", "must be 1 to 100 characters long")
//!             .with_code("LENGTH")
//!             .with_fix("send 1 to 100 characters"),
//!         FieldViolation::new("body.url", "must be a URL")
//!             .with_code("URL")
//!             .with_fix("send an absolute URL such as https://example.com/page"),
//!     ]
//! );
//! ```

use std::borrow::Cow;

use serde_json::Value;
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::FieldViolation;

/// A value deserialized by the extractor it wraps, then validated: `Valid<Json<T>>`
/// extracts like the framework's `Json<T>` (and with axum, `Valid<Query<T>>` like
/// `Query<T>`), then runs `T`'s `validator::Validate`. A failure is `INVALID_BODY` (422)
/// or `INVALID_QUERY` (400) with one violation per failed rule (see [`violations`]), in
/// the API's format like every rejection. One type for every framework: the `axum`,
/// `actix` and `poem` modules implement their extractor traits for it and re-export it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Valid<T>(pub T);

/// Validates `value` and returns its violations located under `root` (see
/// [`violations`]): what the framework integrations' `Valid` extractors run.
#[cfg_attr(
    not(any(feature = "axum", feature = "actix-web", feature = "poem")),
    allow(dead_code)
)]
pub(crate) fn check<T: validator::Validate + ?Sized>(
    value: &T,
    root: &str,
) -> Result<(), Vec<FieldViolation>> {
    value.validate().map_err(|errors| violations(&errors, root))
}

/// The violations of `errors`, located under `root` (`body`, `query`) with nested
/// fields and list items in the crate's location syntax (`body.items[2].name`), the
/// rule's name as the code (`LENGTH`, `EMAIL`, `MUST_MATCH`), the rule's message when
/// it has one, else a sentence built from its parameters, and a fix where the rule
/// implies one. Sorted by location, then code: validator keeps fields in a hash map.
#[must_use]
pub fn violations(errors: &ValidationErrors, root: &str) -> Vec<FieldViolation> {
    let mut out = Vec::new();
    collect(errors, root, &mut out);
    out.sort_by(|a, b| (&a.location, &a.code).cmp(&(&b.location, &b.code)));
    out
}

fn collect(errors: &ValidationErrors, at: &str, out: &mut Vec<FieldViolation>) {
    for (field, kind) in errors.errors() {
        let location = if at.is_empty() {
            field.to_string()
        } else {
            format!("{at}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(list.iter().map(|error| violation(&location, error)));
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &location, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{location}[{index}]"), out);
                }
            }
        }
    }
}

/// A parameter of the rule, as text (`3`, `name`).
fn param(error: &ValidationError, name: &str) -> Option<String> {
    error.params.get(name).map(|value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    })
}

/// The rule's name as a code: `length` → `LENGTH`, `must_match` → `MUST_MATCH`.
fn code(rule: &str) -> String {
    rule.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// What is wrong and how to fix it, from the rule and its parameters.
fn explain(error: &ValidationError) -> (String, Option<String>) {
    let (min, max, equal) = (
        param(error, "min"),
        param(error, "max"),
        param(error, "equal"),
    );
    // `unit` in the singular when the one number is 1 ("at least 1 character").
    let bounds = |unit: &str| {
        let one = |n: &str| {
            if n == "1" {
                unit.trim_end_matches('s').to_owned()
            } else {
                unit.to_owned()
            }
        };
        match (&min, &max, &equal) {
            (_, _, Some(equal)) => Some(format!("exactly {equal}{}", one(equal))),
            (Some(min), Some(max), None) => Some(format!("{min} to {max}{unit}")),
            (Some(min), None, None) => Some(format!("at least {min}{}", one(min))),
            (None, Some(max), None) => Some(format!("at most {max}{}", one(max))),
            (None, None, None) => None,
        }
    };
    match &*error.code {
        "length" => match bounds(" characters") {
            Some(bounds) => (
                format!("must be {bounds} long"),
                Some(format!("send {bounds}")),
            ),
            None => ("has an invalid length".to_owned(), None),
        },
        "range" => match bounds("") {
            Some(bounds) => (
                format!("must be {bounds}"),
                Some(format!("send a number {bounds}")),
            ),
            None => ("is out of range".to_owned(), None),
        },
        "email" => (
            "must be an email address".to_owned(),
            Some("send an address such as name@example.com".to_owned()),
        ),
        "url" => (
            "must be a URL".to_owned(),
            Some("send an absolute URL such as https://example.com/page".to_owned()),
        ),
        "required" => ("is required".to_owned(), Some("send a value".to_owned())),
        // validator's parameters hold the two values, not the other field's name, and
        // one of them may be a password: neither is repeated.
        "must_match" => (
            "must match the field it confirms".to_owned(),
            Some("send the same value in both fields".to_owned()),
        ),
        "contains" => match param(error, "needle") {
            Some(needle) => (format!("must contain {needle:?}"), None),
            None => ("is missing a required part".to_owned(), None),
        },
        "does_not_contain" => match param(error, "needle") {
            Some(needle) => (format!("must not contain {needle:?}"), None),
            None => ("contains a forbidden part".to_owned(), None),
        },
        "regex" => ("has an invalid format".to_owned(), None),
        other => (format!("is invalid ({other})"), None),
    }
}

fn violation(location: &str, error: &ValidationError) -> FieldViolation {
    let (message, fix) = explain(error);
    let message: Cow<'static, str> = match &error.message {
        Some(own) => own.clone(),
        None => message.into(),
    };
    let mut violation =
        FieldViolation::new(location.to_owned(), message).with_code(code(&error.code));
    if let Some(fix) = fix {
        violation = violation.with_fix(fix);
    }
    violation
}
