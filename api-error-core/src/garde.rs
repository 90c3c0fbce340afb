//! [garde](https://docs.rs/garde) 0.23 reports as field violations (feature `garde`).
//!
//! [`validate`] runs garde's `Validate` with messages of this crate's own, so each
//! violation carries the rule as its code (`LENGTH`, `EMAIL`, `PATTERN`), a message and,
//! where the rule implies one, a fix; a `custom` rule's error keeps its own message and
//! has no code. Locations use the crate's syntax: `body.items[2].name`.
//!
//! ```
//! use http_api_error_core::FieldViolation;
//! use garde::Validate;
//!
//! #[derive(Validate)]
//! struct NewLink {
//!     #[garde(url)]
//!     url: String,
//!     #[garde(length(min = 1, max = 100))]
//!     title: String,
//! }
//!
//! let link = NewLink { url: "not a url".into(), title: String::new() };
//! assert_eq!(
//!     http_api_error_core::garde::validate(&link, "body").unwrap_err(),
//!     [
//!         FieldViolation::new("body.title", "must have a length of at least 1")
//!             .with_code("LENGTH")
//!             .with_fix("send a value of length 1 or more"),
//!         FieldViolation::new("body.url", "must be a URL (relative URL without a base)")
//!             .with_code("URL")
//!             .with_fix("send an absolute URL such as https://example.com/page"),
//!     ]
//! );
//! ```

use std::borrow::Cow;
use std::fmt::Display;

use garde::i18n::{I18n, InvalidCreditCard, InvalidEmail, InvalidPhoneNumber, InvalidUrl, IpKind};

use crate::FieldViolation;

/// Separates the code, the message and the fix inside a garde error message made by
/// [`Coded`]: a control character no rule's text contains.
const SEPARATOR: char = '\u{1f}';

/// A value deserialized by the extractor it wraps, then validated with garde:
/// `Garde<Json<T>>` extracts like the framework's `Json<T>` (and with axum,
/// `Garde<Query<T>>` like `Query<T>`), then runs `T`'s `garde::Validate` through
/// [`validate`]. A failure is `INVALID_BODY` (422) or `INVALID_QUERY` (400) with one
/// violation per failed rule and a code per rule, in the API's format like every
/// rejection. One type for every framework: the `axum`, `actix` and `poem` modules
/// implement their extractor traits for it and re-export it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Garde<T>(pub T);

/// Validates `value` with garde and returns its violations, located under `root`
/// (`body`, `query`), with a code per rule (see the [module docs](self)); sorted by
/// location, then code.
///
/// # Errors
///
/// The violations, when `value` is invalid.
pub fn validate<T>(value: &T, root: &str) -> Result<(), Vec<FieldViolation>>
where
    T: garde::Validate + ?Sized,
    T::Context: Default,
{
    match garde::i18n::with_i18n(Coded, || value.validate()) {
        Ok(()) => Ok(()),
        Err(report) => Err(violations(&report, root)),
    }
}

/// The violations of `report`, located under `root`. A report made by [`validate`]
/// carries a code and fix per rule; one made by garde's own `validate()` carries its
/// messages only.
#[must_use]
pub fn violations(report: &garde::Report, root: &str) -> Vec<FieldViolation> {
    let mut out: Vec<FieldViolation> = report
        .iter()
        .map(|(path, error)| {
            let path = path.to_string();
            let location = match (root.is_empty(), path.is_empty()) {
                (_, true) => root.to_owned(),
                (true, false) => path,
                (false, false) if path.starts_with('[') => format!("{root}{path}"),
                (false, false) => format!("{root}.{path}"),
            };
            let mut parts = error.message().split(SEPARATOR);
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(""), Some(code), Some(message), fix) => {
                    let mut violation = FieldViolation::new(location, message.to_owned())
                        .with_code(code.to_owned());
                    if let Some(fix) = fix.filter(|fix| !fix.is_empty()) {
                        violation = violation.with_fix(fix.to_owned());
                    }
                    violation
                }
                _ => FieldViolation::new(location, error.message().to_owned()),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.location, &a.code).cmp(&(&b.location, &b.code)));
    out
}

/// garde's messages as `SEPARATOR code SEPARATOR message [SEPARATOR fix]`.
struct Coded;

fn coded(code: &str, message: impl Display, fix: Option<String>) -> Cow<'static, str> {
    let fix = fix
        .map(|fix| format!("{SEPARATOR}{fix}"))
        .unwrap_or_default();
    format!("{SEPARATOR}{code}{SEPARATOR}{message}{fix}").into()
}

impl I18n for Coded {
    fn length_lower_than(&self, min: usize) -> Cow<'static, str> {
        coded(
            "LENGTH",
            format_args!("must have a length of at least {min}"),
            Some(format!("send a value of length {min} or more")),
        )
    }

    fn length_greater_than(&self, max: usize) -> Cow<'static, str> {
        coded(
            "LENGTH",
            format_args!("must have a length of at most {max}"),
            Some(format!("send a value of length {max} or less")),
        )
    }

    fn range_lower_than(&self, min: &dyn Display) -> Cow<'static, str> {
        coded(
            "RANGE",
            format_args!("must be at least {min}"),
            Some(format!("send a number of at least {min}")),
        )
    }

    fn range_greater_than(&self, max: &dyn Display) -> Cow<'static, str> {
        coded(
            "RANGE",
            format_args!("must be at most {max}"),
            Some(format!("send a number of at most {max}")),
        )
    }

    fn credit_card_invalid(&self, reason: InvalidCreditCard) -> Cow<'static, str> {
        coded(
            "CREDIT_CARD",
            format_args!("must be a credit card number ({reason})"),
            None,
        )
    }

    fn pattern_no_match(&self, pattern: &dyn Display) -> Cow<'static, str> {
        coded("PATTERN", format_args!("must match /{pattern}/"), None)
    }

    fn contains_missing(&self, pattern: &dyn Display) -> Cow<'static, str> {
        coded(
            "CONTAINS",
            format_args!("must contain {:?}", pattern.to_string()),
            None,
        )
    }

    fn url_invalid(&self, reason: InvalidUrl) -> Cow<'static, str> {
        coded(
            "URL",
            format_args!("must be a URL ({reason})"),
            Some("send an absolute URL such as https://example.com/page".to_owned()),
        )
    }

    fn prefix_missing(&self, pattern: &dyn Display) -> Cow<'static, str> {
        let pattern = pattern.to_string();
        coded(
            "PREFIX",
            format_args!("must begin with {pattern:?}"),
            Some(format!("send a value beginning with {pattern:?}")),
        )
    }

    fn suffix_missing(&self, pattern: &dyn Display) -> Cow<'static, str> {
        let pattern = pattern.to_string();
        coded(
            "SUFFIX",
            format_args!("must end with {pattern:?}"),
            Some(format!("send a value ending with {pattern:?}")),
        )
    }

    fn phone_number_invalid(&self, reason: InvalidPhoneNumber) -> Cow<'static, str> {
        match reason {
            InvalidPhoneNumber::Invalid => coded("PHONE_NUMBER", "must be a phone number", None),
            reason => coded(
                "PHONE_NUMBER",
                format_args!("must be a phone number ({reason})"),
                None,
            ),
        }
    }

    fn ip_invalid(&self, kind: IpKind) -> Cow<'static, str> {
        coded("IP", format_args!("must be an {kind} address"), None)
    }

    fn matches_field_mismatch(&self, field: &dyn Display) -> Cow<'static, str> {
        coded(
            "MATCHES",
            format_args!("must match the field {field}"),
            Some("send the same value in both fields".to_owned()),
        )
    }

    fn email_invalid(&self, reason: InvalidEmail) -> Cow<'static, str> {
        coded(
            "EMAIL",
            format_args!("must be an email address ({reason})"),
            Some("send an address such as name@example.com".to_owned()),
        )
    }

    fn ascii_invalid(&self) -> Cow<'static, str> {
        coded("ASCII", "must contain only ASCII characters", None)
    }

    fn alphanumeric_invalid(&self) -> Cow<'static, str> {
        coded("ALPHANUMERIC", "must contain only letters and digits", None)
    }

    fn required_not_set(&self) -> Cow<'static, str> {
        coded("REQUIRED", "is required", Some("send a value".to_owned()))
    }
}
