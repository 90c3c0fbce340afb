//! An independent OpenAPI 3.1 document validator for the test suite.
//!
//! Documents are checked against the OpenAPI Initiative's own JSON Schemas (vendored, unchanged,
//! under `tests/fixtures/openapi-3.1/`, see the README there) using the `jsonschema` crate, so a
//! generated document is judged by a grammar nobody in this project wrote. The `schema-base`
//! variant is used: besides the document structure it validates every Schema Object against the
//! OpenAPI 3.1 dialect (JSON Schema 2020-12 plus the OAS base vocabulary). The JSON Schema 2020-12
//! meta-schemas are built into `jsonschema`; the OAS documents are registered by their `$id`, and
//! the validator is built offline, so nothing is ever fetched.
//!
//! On top of the schema, [`validate`] checks what JSON Schema cannot: that every local reference
//! (`"$ref": "#/..."`, and `#/...` values of a discriminator's `mapping`) points at something that
//! exists in the document.
//!
//! Include it from a test file with:
//!
//! ```ignore
//! #[path = "support/openapi_validator.rs"]
//! mod openapi_validator;
//! ```

use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use serde_json::Value;

/// `$id`s of the vendored documents, and the documents themselves.
const SCHEMA_BASE: (&str, &str) = (
    "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07",
    include_str!("../fixtures/openapi-3.1/schema-base.json"),
);
const RESOURCES: [(&str, &str); 3] = [
    (
        "https://spec.openapis.org/oas/3.1/schema/2022-10-07",
        include_str!("../fixtures/openapi-3.1/schema.json"),
    ),
    (
        "https://spec.openapis.org/oas/3.1/dialect/base",
        include_str!("../fixtures/openapi-3.1/dialect-base.json"),
    ),
    (
        "https://spec.openapis.org/oas/3.1/meta/base",
        include_str!("../fixtures/openapi-3.1/meta-base.json"),
    ),
];

/// Validates `document` against the official OpenAPI 3.1 schema (schema-base dialect when
/// available) and checks that every local `$ref` ("#/...") resolves inside the document.
/// Returns every problem found, each as "<instance path>: <message>".
///
/// The instance path is a JSON Pointer (RFC 6901) into `document`, `""` being the root. Schema
/// messages are `jsonschema`'s, with the offending instance written as `value` to keep them short.
/// As JSON Schema 2020-12 prescribes by default, `format` is an annotation and is not checked.
pub fn validate(document: &Value) -> Result<(), Vec<String>> {
    check(validator(), document)
}

/// What `validator` finds in `document`, and every local `$ref` that does not resolve.
fn check(validator: &Validator, document: &Value) -> Result<(), Vec<String>> {
    let mut problems: Vec<String> = validator
        .iter_errors(document)
        .map(|error| format!("{}: {}", error.instance_path(), error.masked()))
        .collect();
    check_local_refs(document, document, &mut String::new(), &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The compiled `schema-base` validator, built on first use.
///
/// Panics only if the vendored schemas themselves are broken, never because of a document.
fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let parse = |(id, text): (&str, &str)| -> Value {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("vendored {id}: {e}"))
        };
        let registry = RESOURCES
            .into_iter()
            .try_fold(Registry::new(), |registry, resource| {
                registry.add(resource.0, parse(resource))
            })
            .and_then(jsonschema::RegistryBuilder::prepare)
            .unwrap_or_else(|e| panic!("registering the vendored OpenAPI schemas: {e}"));
        jsonschema::options()
            .offline()
            .with_registry(&registry)
            .build(&parse(SCHEMA_BASE))
            .unwrap_or_else(|e| panic!("compiling the vendored OpenAPI 3.1 schema: {e}"))
    })
}

/// Validates `document` against the OpenAPI Initiative's OpenAPI 3.0 schema
/// (`tests/fixtures/openapi-3.0/`, JSON Schema draft 4), and checks that every local
/// `$ref` resolves: for the constructs a 3.0-only reader (progenitor) accepts.
// Not every test that validates 3.1 documents checks 3.0 too.
#[allow(dead_code)]
pub fn validate_3_0(document: &Value) -> Result<(), Vec<String>> {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(include_str!("../fixtures/openapi-3.0/schema.json"))
                .unwrap_or_else(|e| panic!("vendored OpenAPI 3.0 schema: {e}"));
        jsonschema::options()
            .offline()
            .build(&schema)
            .unwrap_or_else(|e| panic!("compiling the vendored OpenAPI 3.0 schema: {e}"))
    });
    check(validator, document)
}

/// Walks `value` (found at `path` in `document`) and reports every local reference that does not
/// resolve: the string value of any `$ref` member starting with `#`, and `#`-values of a
/// discriminator's `mapping`. Other references (to other documents, `#anchor` names) are skipped.
///
/// Every `$ref` string is taken as a reference, even inside example or default values.
fn check_local_refs(
    document: &Value,
    value: &Value,
    path: &mut String,
    problems: &mut Vec<String>,
) {
    let mut check = |path: &str, reference: &Value| {
        let Some(fragment) = reference.as_str().and_then(|r| r.strip_prefix('#')) else {
            return;
        };
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return;
        }
        if resolve(document, fragment).is_none() {
            problems.push(format!(
                "{path}: unresolvable local reference \"#{fragment}\""
            ));
        }
    };
    match value {
        Value::Object(members) => {
            if let Some(reference) = members.get("$ref") {
                check(&format!("{path}/$ref"), reference);
            }
            if let Some(Value::Object(mapping)) = members
                .get("discriminator")
                .and_then(|discriminator| discriminator.get("mapping"))
            {
                for (name, reference) in mapping {
                    let at = format!("{path}/discriminator/mapping/{}", escape(name));
                    check(&at, reference);
                }
            }
            for (key, child) in members {
                descend(document, &escape(key), child, path, problems);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                descend(document, &index.to_string(), child, path, problems);
            }
        }
        _ => {}
    }
}

/// Runs [`check_local_refs`] on `child`, found under the (escaped) reference `token` at `path`.
fn descend(
    document: &Value,
    token: &str,
    child: &Value,
    path: &mut String,
    problems: &mut Vec<String>,
) {
    let len = path.len();
    path.push('/');
    path.push_str(token);
    check_local_refs(document, child, path, problems);
    path.truncate(len);
}

/// Resolves a URI fragment holding a JSON Pointer (without its `#`) against `document`:
/// percent-decodes it (RFC 6901 §6), then unescapes `~1` and `~0` in each reference token.
fn resolve<'a>(document: &'a Value, fragment: &str) -> Option<&'a Value> {
    // `Value::pointer` takes `""` as the whole document, unescapes `~1` then `~0` as RFC 6901 §4
    // requires, and rejects a pointer that does not start with `/`.
    document.pointer(&percent_decode(fragment)?)
}

/// Decodes `%XX` escapes; `None` if that yields invalid UTF-8. A `%` that does not start a valid
/// escape is kept as it is.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|hex| bytes[i] == b'%' && hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        if let Some(byte) = escaped {
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
