use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// One field-level validation failure, an item of the body's `errors` array.
///
/// Serialized as `{"location": ..., "message": ..., "code": ..., "fix": ...}`; `code`
/// and `fix` are left out when `None`. `location` names the part of the request:
/// `body.name`, `query.limit`, `path.id`, `body.items[2].name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldViolation {
    /// Where the problem is, such as `body.name`.
    pub location: Cow<'static, str>,
    /// What is wrong.
    pub message: Cow<'static, str>,
    /// A machine-readable reason, `SCREAMING_SNAKE_CASE` like error codes (and like
    /// AIP-193's `reason`), such as `LENGTH` or `EMAIL`: a client can branch on it
    /// where the message is for people. The validator bridges use the rule's name.
    pub code: Option<Cow<'static, str>>,
    /// How to fix it, when that is known.
    pub fix: Option<Cow<'static, str>>,
}

impl FieldViolation {
    /// A violation without a fix.
    pub fn new(
        location: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        FieldViolation {
            location: location.into(),
            message: message.into(),
            code: None,
            fix: None,
        }
    }

    /// Adds a machine-readable reason (`SCREAMING_SNAKE_CASE`, such as `LENGTH`).
    #[must_use]
    pub fn with_code(mut self, code: impl Into<Cow<'static, str>>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<Cow<'static, str>>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

impl Serialize for FieldViolation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = 2 + usize::from(self.code.is_some()) + usize::from(self.fix.is_some());
        let mut map = serializer.serialize_map(Some(members))?;
        map.serialize_entry("location", &*self.location)?;
        map.serialize_entry("message", &*self.message)?;
        if let Some(code) = &self.code {
            map.serialize_entry("code", &**code)?;
        }
        if let Some(fix) = &self.fix {
            map.serialize_entry("fix", &**fix)?;
        }
        map.end()
    }
}

/// A field type that holds field violations, for `#[api(errors)]`.
///
/// Implemented for `Vec<FieldViolation>`, arrays, slices and boxed slices of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold field violations",
    label = "`#[api(errors)]` needs a list of `FieldViolation`",
    note = "use `Vec<http_api_error::FieldViolation>`"
)]
pub trait AsViolations {
    /// The violations.
    fn as_violations(&self) -> &[FieldViolation];
}

impl AsViolations for Vec<FieldViolation> {
    fn as_violations(&self) -> &[FieldViolation] {
        self
    }
}

impl AsViolations for [FieldViolation] {
    fn as_violations(&self) -> &[FieldViolation] {
        self
    }
}

impl<const N: usize> AsViolations for [FieldViolation; N] {
    fn as_violations(&self) -> &[FieldViolation] {
        self
    }
}

impl AsViolations for Box<[FieldViolation]> {
    fn as_violations(&self) -> &[FieldViolation] {
        self
    }
}

impl<T: AsViolations + ?Sized> AsViolations for &T {
    fn as_violations(&self) -> &[FieldViolation] {
        (**self).as_violations()
    }
}
