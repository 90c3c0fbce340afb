//! Semantic checks. Each `check_*` enforces one rule and says why; all of them run and
//! report into one accumulator, so one compile shows every mistake.

use std::collections::HashMap;

use darling::Error;
use heck::ToShoutySnakeCase;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Lit, LitStr};

use crate::ast::{Field, Input, Keys, Variant, key_span};
use crate::fmt::{self, Arg, Placeholder, ScanError};
use crate::status;

/// Members every built-in body may carry; an exposed field is flattened into the
/// problem body, so it must not take one of these names.
const RESERVED: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "request_id",
    "errors",
    "error",
    "message",
    "docs",
    "details",
    "meta",
];

/// The longest code AIP-193 allows.
const MAX_CODE_LEN: usize = 63;

/// A type-level setting that checked out.
pub struct TypeSpec {
    pub format: Option<&'static str>,
    pub krate: syn::Path,
}

/// A non-transparent variant, resolved and checked.
pub struct Spec {
    pub status: u16,
    pub code: String,
    pub title: String,
    pub message: Message,
    /// The message as the catalog lists it.
    pub template: String,
    pub retryable: bool,
    pub docs: Option<String>,
    pub www_authenticate: Option<String>,
    pub category: Option<String>,
}

pub enum Message {
    /// No placeholders: this exact text.
    Static(String),
    /// `write!(f, lit)` with these placeholders; `lit` has positional ones renamed.
    Format {
        lit: LitStr,
        placeholders: Vec<Placeholder>,
    },
    /// thiserror's `Display` (4xx without `#[api(message)]`).
    Display,
}

/// The checked input: one `Spec` per variant, `None` for transparent ones.
pub struct Checked {
    pub ty: TypeSpec,
    pub specs: Vec<Option<Spec>>,
}

pub fn check(input: &Input) -> darling::Result<Checked> {
    let mut errors = Error::accumulator();
    let ty = check_type(input, &mut errors);
    let mut codes: HashMap<String, String> = HashMap::new();
    let mut specs = Vec::with_capacity(input.variants.len());
    for variant in &input.variants {
        check_placement(input, variant, &mut errors);
        check_fields(input, variant, &mut errors);
        let keys = input.variant_keys(variant);
        let spec = if variant.is_transparent(keys) {
            check_transparent(input, variant, &mut errors);
            None
        } else {
            check_variant(input, variant, &mut errors).inspect(|spec| {
                check_unique_code(input, variant, spec, &mut codes, &mut errors);
            })
        };
        specs.push(spec);
    }
    errors.finish_with(Checked { ty, specs })
}

fn check_type(input: &Input, errors: &mut darling::error::Accumulator) -> TypeSpec {
    let keys = &input.keys;
    let format = keys.format.as_ref().and_then(|lit| {
        let name = lit.value();
        let known = ["simple", "problem", "envelope"];
        match known.iter().find(|k| **k == name) {
            Some(k) => Some(*k),
            None => {
                let hint = did_you_mean(&name, known.iter().copied())
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                errors.push(
                    Error::custom(format!(
                        "unknown format `{name}`: expected `simple`, `problem` or `envelope`{hint}"
                    ))
                    .with_span(lit),
                );
                None
            }
        }
    });
    let krate = match &keys.krate {
        Some(lit) => {
            match lit.parse::<syn::Path>() {
                Ok(path) => path,
                Err(_) => {
                    errors.push(
                    Error::custom("`crate` must be a path to api_error, such as `\"::my_crate::api_error\"`")
                        .with_span(lit),
                );
                    syn::parse_quote!(::api_error)
                }
            }
        }
        None => syn::parse_quote!(::api_error),
    };
    if let Some(lit) = &keys.docs {
        check_docs_template(lit, errors);
    }
    if let Some(lit) = &keys.www_authenticate {
        check_header_value(lit, "www_authenticate", errors);
    }
    TypeSpec { format, krate }
}

/// Keys are accepted at every level by the parser; here each must be where it means
/// something, with a message naming where it belongs.
fn check_placement(input: &Input, variant: &Variant, errors: &mut darling::error::Accumulator) {
    const FIELD_ONLY: &[&str] = &["retry_after", "errors", "expose"];
    const TYPE_ONLY: &[&str] = &["format", "crate"];
    const VARIANT_ONLY: &[&str] = &["code", "message", "title", "transparent"];
    let first = input
        .variants
        .first()
        .is_some_and(|v| std::ptr::eq(v, variant));
    // Type level, once.
    if first || input.variants.is_empty() {
        let attrs = input.attrs_of(None, None);
        for key in present(&input.keys) {
            let misplaced = if FIELD_ONLY.contains(&key) {
                Some(format!(
                    "`{key}` marks a field: put `#[api({key})]` on the field"
                ))
            } else if !input.is_struct && VARIANT_ONLY.contains(&key) {
                Some(format!(
                    "`{key}` describes one error: set it on each variant, not on the enum"
                ))
            } else {
                None
            };
            if let Some(message) = misplaced {
                errors.push(
                    Error::custom(message)
                        .with_span(&key_span(attrs, key).unwrap_or_else(Span::call_site)),
                );
            }
        }
    }
    if !input.is_struct {
        let attrs = input.attrs_of(Some(variant), None);
        for key in present(&variant.keys) {
            let message = if FIELD_ONLY.contains(&key) {
                format!("`{key}` marks a field: put `#[api({key})]` on the field")
            } else if TYPE_ONLY.contains(&key) {
                format!("`{key}` applies to the whole enum: move it to the enum's `#[api(...)]`")
            } else {
                continue;
            };
            errors.push(
                Error::custom(message)
                    .with_span(&key_span(attrs, key).unwrap_or_else(|| variant.ident.span())),
            );
        }
    }
    for field in &variant.fields {
        let attrs = input.attrs_of(Some(variant), Some(field));
        for key in present(&field.keys) {
            if FIELD_ONLY.contains(&key) {
                continue;
            }
            let place = if TYPE_ONLY.contains(&key) {
                "type"
            } else {
                "variant"
            };
            errors.push(
                Error::custom(format!(
                    "`{key}` is not a field attribute: set it on the {place}; fields take `retry_after`, `errors` or `expose`"
                ))
                .with_span(&key_span(attrs, key).unwrap_or_else(|| field.ty.span())),
            );
        }
    }
}

/// The names of the keys present in `keys`.
fn present(keys: &Keys) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut add = |present: bool, name| {
        if present {
            out.push(name);
        }
    };
    add(keys.code.is_some(), "code");
    add(keys.status.is_some(), "status");
    add(keys.message.is_some(), "message");
    add(keys.retry.is_some(), "retry");
    add(keys.title.is_some(), "title");
    add(keys.docs.is_some(), "docs");
    add(keys.transparent.is_present(), "transparent");
    add(keys.format.is_some(), "format");
    add(keys.krate.is_some(), "crate");
    add(keys.www_authenticate.is_some(), "www_authenticate");
    add(keys.category.is_some(), "category");
    add(keys.retry_after.is_present(), "retry_after");
    add(keys.errors.is_present(), "errors");
    add(keys.expose.is_present(), "expose");
    out
}

/// A transparent variant takes everything from its one field, so it has nothing of its
/// own to configure.
fn check_transparent(input: &Input, variant: &Variant, errors: &mut darling::error::Accumulator) {
    let keys = input.variant_keys(variant);
    let attrs = input.attrs_of(if input.is_struct { None } else { Some(variant) }, None);
    if variant.fields.len() != 1 {
        let n = variant.fields.len();
        errors.push(
            Error::custom(format!(
                "a transparent error needs exactly one field, the inner error that implements `ApiError`; `{}` has {n}",
                variant.ident
            ))
            .with_span(&keys.transparent.span()),
        );
    }
    for key in present(keys) {
        if matches!(key, "transparent" | "format" | "crate") {
            continue;
        }
        errors.push(
            Error::custom(format!(
                "`{key}` cannot be combined with `transparent`: the inner error provides it"
            ))
            .with_span(&key_span(attrs, key).unwrap_or_else(|| variant.ident.span())),
        );
    }
    for field in &variant.fields {
        let attrs = input.attrs_of(Some(variant), Some(field));
        for key in ["retry_after", "errors", "expose"] {
            if present(&field.keys).contains(&key) {
                errors.push(
                    Error::custom(format!(
                        "`{key}` cannot be used in a transparent error: the inner error provides its body"
                    ))
                    .with_span(&key_span(attrs, key).unwrap_or_else(|| field.ty.span())),
                );
            }
        }
    }
}

fn check_variant(
    input: &Input,
    variant: &Variant,
    errors: &mut darling::error::Accumulator,
) -> Option<Spec> {
    let keys = input.variant_keys(variant);
    let status = check_status(input, variant, errors)?;
    let code = check_code(variant, keys, errors)?;
    let title = match &keys.title {
        Some(lit) if lit.value().trim().is_empty() => {
            errors.push(Error::custom("title must not be empty").with_span(lit));
            return None;
        }
        Some(lit) => lit.value(),
        None => status::default_title(status).to_owned(),
    };
    let (message, template) = check_message(input, variant, keys, status, &title, errors)?;
    let docs = match (&keys.docs, &input.keys.docs) {
        (Some(lit), _) if !input.is_struct => check_docs_template(lit, errors),
        (_, Some(lit)) => check_docs_template(lit, errors),
        _ => None,
    }
    .map(|template| template.replace("{code}", &code));
    let www_authenticate = match &keys.www_authenticate {
        Some(lit) if !input.is_struct => {
            if status != 401 {
                errors.push(
                    Error::custom(format!(
                        "`www_authenticate` only applies to 401 responses; this error is {status}"
                    ))
                    .with_span(lit),
                );
            }
            check_header_value(lit, "www_authenticate", errors)
        }
        _ => input.keys.www_authenticate.as_ref().map(LitStr::value),
    };
    let retryable = keys
        .retry
        .as_ref()
        .or(input.keys.retry.as_ref())
        .map_or(status == 429 || status >= 500, |retry| **retry);
    let category = keys
        .category
        .as_ref()
        .or(input.keys.category.as_ref())
        .map(LitStr::value);
    Some(Spec {
        status,
        code,
        title,
        message,
        template,
        retryable,
        docs,
        www_authenticate,
        category,
    })
}

/// Rule 1: an integer literal in 400..=599 or a `StatusCode` constant name; checked
/// here so that a bad status is a compile error, never a runtime `unwrap`.
fn check_status(
    input: &Input,
    variant: &Variant,
    errors: &mut darling::error::Accumulator,
) -> Option<u16> {
    let keys = input.variant_keys(variant);
    let Some(expr) = keys.status.as_ref().or(input.keys.status.as_ref()) else {
        let message = if input.is_struct {
            "missing status: add `#[api(status = ...)]`, such as `#[api(status = 404)]`".to_owned()
        } else {
            format!(
                "missing status for `{}`: add `#[api(status = ...)]` to the variant, or a default `#[api(status = ...)]` to the enum",
                variant.ident
            )
        };
        errors.push(Error::custom(message).with_span(&variant.ident));
        return None;
    };
    match parse_status(&expr.0) {
        Ok(status) => Some(status),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

fn parse_status(expr: &Expr) -> darling::Result<u16> {
    const RANGE: &str = "status must be an HTTP error status in 400..=599";
    match expr {
        Expr::Group(group) => parse_status(&group.expr),
        Expr::Paren(paren) => parse_status(&paren.expr),
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => match int.base10_parse::<u16>() {
                Ok(status @ 400..=599) => Ok(status),
                Ok(status @ 200..=399) => Err(Error::custom(format!(
                    "{RANGE}; {status} is not an error: return a success response instead of an error"
                ))
                .with_span(int)),
                _ => Err(Error::custom(RANGE).with_span(int)),
            },
            Lit::Str(s) => {
                let hint = match s.value().parse::<u16>() {
                    Ok(n) => format!("write `status = {n}` without quotes"),
                    Err(_) => "write an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`".to_owned(),
                };
                Err(Error::custom(format!("status must be an integer or a `StatusCode` constant name, not a string: {hint}")).with_span(s))
            }
            other => Err(Error::custom(format!(
                "{RANGE}: write an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`"
            ))
            .with_span(other)),
        },
        Expr::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Err(Error::custom(RANGE).with_span(path));
            };
            let name = last.ident.to_string();
            match status::by_name(&name) {
                Some(code) => Ok(code),
                None => {
                    let success = ["OK", "CREATED", "ACCEPTED", "NO_CONTENT", "MOVED_PERMANENTLY", "FOUND", "SEE_OTHER", "NOT_MODIFIED", "TEMPORARY_REDIRECT", "PERMANENT_REDIRECT", "CONTINUE", "SWITCHING_PROTOCOLS", "PROCESSING", "NON_AUTHORITATIVE_INFORMATION", "RESET_CONTENT", "PARTIAL_CONTENT", "MULTI_STATUS", "ALREADY_REPORTED", "IM_USED", "MULTIPLE_CHOICES", "USE_PROXY"];
                    let message = if success.contains(&name.as_str()) {
                        format!("{RANGE}; `{name}` is not an error status")
                    } else {
                        let hint = did_you_mean(&name, status::STATUSES.iter().map(|(_, n, _)| *n))
                            .map(|n| format!("; did you mean `{n}`?"))
                            .unwrap_or_default();
                        format!("unknown `StatusCode` constant `{name}`{hint}")
                    };
                    Err(Error::custom(message).with_span(&last.ident))
                }
            }
        }
        other => Err(Error::custom(format!(
            "{RANGE}: write an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`"
        ))
        .with_span(other)),
    }
}

/// Rule 2: explicit, or the variant name in SCREAMING_SNAKE_CASE; either way in the
/// AIP-193 grammar `^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`, at most 63 characters, because
/// clients match on codes and some store them in fixed-width columns.
fn check_code(
    variant: &Variant,
    keys: &Keys,
    errors: &mut darling::error::Accumulator,
) -> Option<String> {
    let (code, span) = match &keys.code {
        Some(lit) => (lit.value(), lit.span()),
        None => {
            let name = variant.ident.to_string();
            (
                name.trim_start_matches("r#").to_shouty_snake_case(),
                variant.ident.span(),
            )
        }
    };
    let problem = if code.is_empty() {
        Some(
            "code must not be empty: use a SCREAMING_SNAKE_CASE name such as `LINK_NOT_FOUND`"
                .to_owned(),
        )
    } else if code.len() > MAX_CODE_LEN {
        Some(format!(
            "code is {} characters long; codes are at most {MAX_CODE_LEN}",
            code.len()
        ))
    } else if !is_valid_code(&code) {
        let fixed = code.to_shouty_snake_case();
        let fixed = fixed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
        let hint = if is_valid_code(fixed) {
            format!(": write `{fixed}`")
        } else {
            String::new()
        };
        Some(format!(
            "code `{code}` must be SCREAMING_SNAKE_CASE: uppercase letters, digits and single underscores, starting with a letter{hint}"
        ))
    } else {
        None
    };
    match problem {
        Some(message) => {
            let message = if keys.code.is_none() {
                format!("{message} (derived from the variant name; set `#[api(code = \"...\")]`)")
            } else {
                message
            };
            errors.push(Error::custom(message).with_span(&span));
            None
        }
        None => Some(code),
    }
}

pub fn is_valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && code.split('_').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// Rule 2, uniqueness: clients dispatch on the code, so two variants sharing one would
/// be indistinguishable. Reported at the second, naming the first.
fn check_unique_code(
    input: &Input,
    variant: &Variant,
    spec: &Spec,
    codes: &mut HashMap<String, String>,
    errors: &mut darling::error::Accumulator,
) {
    match codes.get(&spec.code) {
        Some(first) => {
            let keys = input.variant_keys(variant);
            let span = keys
                .code
                .as_ref()
                .map_or_else(|| variant.ident.span(), LitStr::span);
            let derived = if keys.code.is_none() {
                " (derived from the variant name)"
            } else {
                ""
            };
            errors.push(
                Error::custom(format!(
                    "duplicate code `{}`{derived}: variant `{first}` already uses it; codes must be unique within the type",
                    spec.code
                ))
                .with_span(&span),
            );
        }
        None => {
            codes.insert(spec.code.clone(), variant.ident.to_string());
        }
    }
}

/// Rule 3: the message is a format string over the variant's fields, rendered into the
/// body; a source error is internal, so it may not appear in it.
fn check_message(
    input: &Input,
    variant: &Variant,
    keys: &Keys,
    status: u16,
    title: &str,
    errors: &mut darling::error::Accumulator,
) -> Option<(Message, String)> {
    let Some(lit) = &keys.message else {
        if status < 500 && input.thiserror {
            // thiserror's Display is the public message of a 4xx.
            let literal = variant
                .error_attr
                .as_ref()
                .and_then(|attr| attr.parse_args::<LitStr>().ok());
            return Some(match literal {
                Some(lit) if !lit.value().contains(['{', '}']) => {
                    (Message::Static(lit.value()), lit.value())
                }
                Some(lit) => (Message::Display, lit.value()),
                None => (Message::Display, title.to_owned()),
            });
        }
        let text = if status >= 500 {
            status::default_title(status).to_owned()
        } else {
            title.to_owned()
        };
        return Some((Message::Static(text.clone()), text));
    };
    let value = lit.value();
    let placeholders = match fmt::scan(&value) {
        Ok(placeholders) => placeholders,
        Err(ScanError::Unclosed) => {
            errors.push(Error::custom("unclosed `{` in message: close the placeholder, or write `{{` for a literal brace").with_span(lit));
            return None;
        }
        Err(ScanError::Unmatched) => {
            errors.push(
                Error::custom("unmatched `}` in message: write `}}` for a literal brace")
                    .with_span(lit),
            );
            return None;
        }
    };
    if placeholders.is_empty() {
        return Some((Message::Static(fmt::unescape(&value)), value));
    }
    let mut ok = true;
    let mut fail = |message: String| {
        errors.push(Error::custom(message).with_span(lit));
        ok = false;
    };
    for placeholder in &placeholders {
        if variant.fields.is_empty() {
            fail(format!(
                "`{}` has no fields to interpolate: remove the placeholder, or write `{{{{` for a literal brace",
                variant.ident
            ));
            break;
        }
        let field = match &placeholder.arg {
            Arg::Next => {
                fail(
                    "empty placeholder `{}` in message: name the field, such as `{id}` or `{0}`"
                        .to_owned(),
                );
                continue;
            }
            Arg::Index(index) => {
                if matches!(variant.style, darling::ast::Style::Struct) {
                    fail(format!(
                        "`{{{index}}}`: this variant's fields have names; refer to them by name"
                    ));
                    continue;
                }
                match variant.fields.get(*index) {
                    Some(field) => field,
                    None => {
                        let n = variant.fields.len();
                        let fields = if n == 1 {
                            "1 field".to_owned()
                        } else {
                            format!("{n} fields")
                        };
                        fail(format!(
                            "`{{{index}}}` is out of range: `{}` has {fields}, numbered from 0",
                            variant.ident
                        ));
                        continue;
                    }
                }
            }
            // Unknown names are left to rustc, which points at the placeholder and
            // suggests the field with the closest name.
            Arg::Named(name) => match variant.field_named(name) {
                Some(field) => field,
                None => continue,
            },
        };
        if field.is_source() {
            fail(format!(
                "the message cannot interpolate `{}`: it is the source error, whose text is internal and never sent; log it instead",
                field.name()
            ));
        }
    }
    if !ok {
        return None;
    }
    let lit = if placeholders.iter().any(|p| matches!(p.arg, Arg::Index(_))) {
        let renamed = fmt::rename_positional(&value, &placeholders, |i| format!("__field{i}"));
        LitStr::new(&renamed, lit.span())
    } else {
        lit.clone()
    };
    Some((Message::Format { lit, placeholders }, value))
}

/// `docs` is a URL, optionally with `{code}`, which is replaced by each variant's code.
fn check_docs_template(lit: &LitStr, errors: &mut darling::error::Accumulator) -> Option<String> {
    let value = lit.value();
    match fmt::scan(&value) {
        Ok(placeholders) => {
            if let Some(other) = placeholders
                .iter()
                .find(|p| p.arg != Arg::Named("code".into()))
            {
                let shown = value.get(other.range.clone()).unwrap_or_default();
                errors.push(
                    Error::custom(format!(
                        "`docs` may only use the `{{code}}` placeholder, not `{{{shown}}}`"
                    ))
                    .with_span(lit),
                );
                return None;
            }
            if value.trim().is_empty() {
                errors.push(Error::custom("`docs` must be a URL").with_span(lit));
                return None;
            }
            Some(value)
        }
        Err(_) => {
            errors.push(
                Error::custom("unbalanced brace in `docs`: the only placeholder is `{code}`")
                    .with_span(lit),
            );
            None
        }
    }
}

/// Header values are visible ASCII (RFC 9110 field-value); checked at compile time so
/// rendering never fails.
fn check_header_value(
    lit: &LitStr,
    key: &str,
    errors: &mut darling::error::Accumulator,
) -> Option<String> {
    let value = lit.value();
    if value.trim().is_empty()
        || !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        errors.push(
            Error::custom(format!("`{key}` must be a non-empty header value of visible ASCII characters, such as `Bearer realm=\"api\"`"))
                .with_span(lit),
        );
        return None;
    }
    Some(value)
}

/// Field markers: each at most once per variant, on a field that can carry it.
fn check_fields(input: &Input, variant: &Variant, errors: &mut darling::error::Accumulator) {
    let attrs = |field: &Field| input.attrs_of(Some(variant), Some(field));
    let span_of =
        |field: &Field, key: &str| key_span(attrs(field), key).unwrap_or_else(|| field.ty.span());
    for (key, fields) in [
        (
            "retry_after",
            variant
                .fields
                .iter()
                .filter(|f| f.keys.retry_after.is_present())
                .collect::<Vec<_>>(),
        ),
        (
            "errors",
            variant
                .fields
                .iter()
                .filter(|f| f.keys.errors.is_present())
                .collect(),
        ),
    ] {
        if let [first, rest @ ..] = fields.as_slice() {
            for field in rest {
                errors.push(
                    Error::custom(format!(
                        "a variant has at most one `{key}` field; `{}` already is one",
                        first.name()
                    ))
                    .with_span(&span_of(field, key)),
                );
            }
        }
    }
    let froms: Vec<&Field> = variant.fields.iter().filter(|f| f.from.is_some()).collect();
    if let [first, rest @ ..] = froms.as_slice() {
        for field in rest {
            errors.push(
                Error::custom(format!(
                    "a variant has at most one `#[from]` field; `{}` already is one",
                    first.name()
                ))
                .with_span(&field.from.unwrap_or_else(|| field.ty.span())),
            );
        }
        if rest.is_empty() && variant.fields.len() > 1 {
            errors.push(
                Error::custom("`#[from]` needs a variant with no other fields: `From` could not fill them; use `#[source]` instead")
                    .with_span(&first.from.unwrap_or_else(|| first.ty.span())),
            );
        }
    }
    for field in variant.exposed_fields() {
        let span = span_of(field, "expose");
        if matches!(field.member, syn::Member::Unnamed(_)) {
            errors.push(
                Error::custom("an exposed field needs a name for its body member: use a struct variant, such as `Variant { id: String }`")
                    .with_span(&span),
            );
        } else if field.is_source() {
            errors.push(
                Error::custom(format!(
                    "`{}` is a source error: it is internal and cannot be exposed",
                    field.name()
                ))
                .with_span(&span),
            );
        } else if RESERVED.contains(&field.name().as_str()) {
            errors.push(
                Error::custom(format!(
                    "an exposed field cannot be named `{}`: the problem format puts exposed fields beside its own `{}` member; rename the field",
                    field.name(),
                    field.name()
                ))
                .with_span(&span),
            );
        }
    }
}

/// The closest of `candidates` to `name`, if close enough to be a typo.
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let upper = name.to_ascii_uppercase();
    candidates
        .map(|candidate| {
            (
                edit_distance(&upper, &candidate.to_ascii_uppercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row.get(j + 1).copied().unwrap_or(0);
            let best = substitute
                .min(previous + 1)
                .min(row.get(j).copied().unwrap_or(0) + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_grammar() {
        for good in ["A", "LINK_GONE", "HTTP2_ERROR", "E1", "A_1_B"] {
            assert!(is_valid_code(good), "{good}");
        }
        for bad in ["", "link_gone", "1ABC", "A__B", "A_", "_A", "Link", "A-B"] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("NOT_FOUNDD", status::STATUSES.iter().map(|s| s.1)),
            Some("NOT_FOUND")
        );
        assert_eq!(
            did_you_mean("problm", ["simple", "problem", "envelope"].into_iter()),
            Some("problem")
        );
        assert_eq!(
            did_you_mean("zzz", ["simple", "problem", "envelope"].into_iter()),
            None
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
