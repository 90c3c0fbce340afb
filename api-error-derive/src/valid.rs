//! Semantic checks. Each `check_*` enforces one rule and says why; all of them run and
//! report into one accumulator, so one compile shows every mistake.

use std::collections::HashMap;

use heck::ToShoutySnakeCase;
use quote::ToTokens as _;
use syn::ext::IdentExt as _;
use syn::spanned::Spanned;
use syn::{Expr, Lit, LitStr};

use crate::ast::{Field, Input, Keys, Variant};
use crate::errors::{Errors, did_you_mean};
use crate::fmt::{self, Arg, ScanError};
use crate::status;

/// Members of the RFC 9457 body, beside which exposed fields are flattened.
const PROBLEM_MEMBERS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "request_id",
    "trace_id",
    "errors",
];

/// Members of the other built-in bodies. An exposed field may take none of these names
/// nor the problem members, so that a detail never reads like a part of the format.
/// Together, the two lists are every key of the runtime's body definitions
/// (`Part::members`); `tests/architecture.rs` keeps them equal.
const OTHER_MEMBERS: &[&str] = &[
    "error",
    "message",
    "docs",
    "details",
    "meta",
    "requestId",
    "traceId",
];

/// The longest code AIP-193 allows.
const MAX_CODE_LEN: usize = 63;

/// The built-in body format of `#[api(format = "...")]`.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyFormat {
    #[default]
    Simple,
    Problem,
    Envelope,
}

impl BodyFormat {
    pub const ALL: [BodyFormat; 3] = [
        BodyFormat::Simple,
        BodyFormat::Problem,
        BodyFormat::Envelope,
    ];

    /// The name written in `#[api(format = "...")]`.
    pub fn name(self) -> &'static str {
        match self {
            BodyFormat::Simple => "simple",
            BodyFormat::Problem => "problem",
            BodyFormat::Envelope => "envelope",
        }
    }

    /// The runtime's `FormatKind` variant.
    pub fn variant(self) -> &'static str {
        match self {
            BodyFormat::Simple => "Simple",
            BodyFormat::Problem => "Problem",
            BodyFormat::Envelope => "Envelope",
        }
    }
}

/// A type-level setting that checked out.
pub struct TypeSpec {
    pub format: BodyFormat,
    pub krate: syn::Path,
    /// The type's `docs` template, checked once for all its variants, and for the codes
    /// of nested types that have none.
    pub docs: Option<String>,
    /// The type's `WWW-Authenticate` challenge, likewise.
    pub www_authenticate: Option<String>,
    /// The type's `log` level, the default of its variants.
    pub log: Option<LogLevel>,
    /// The type's gRPC code, the default of its variants.
    pub grpc: Option<GrpcName>,
    /// The `domain` of its codes in gRPC's `ErrorInfo`.
    pub domain: Option<String>,
}

/// A code of `#[api(grpc = "...")]`: the `GrpcCode` variant it names.
#[derive(Clone, Copy)]
pub struct GrpcName {
    pub variant: &'static str,
}

impl GrpcName {
    /// The codes as `google/rpc/code.proto` spells them, and their `GrpcCode` variants.
    const ALL: [(&'static str, &'static str); 16] = [
        ("CANCELLED", "Cancelled"),
        ("UNKNOWN", "Unknown"),
        ("INVALID_ARGUMENT", "InvalidArgument"),
        ("DEADLINE_EXCEEDED", "DeadlineExceeded"),
        ("NOT_FOUND", "NotFound"),
        ("ALREADY_EXISTS", "AlreadyExists"),
        ("PERMISSION_DENIED", "PermissionDenied"),
        ("RESOURCE_EXHAUSTED", "ResourceExhausted"),
        ("FAILED_PRECONDITION", "FailedPrecondition"),
        ("ABORTED", "Aborted"),
        ("OUT_OF_RANGE", "OutOfRange"),
        ("UNIMPLEMENTED", "Unimplemented"),
        ("INTERNAL", "Internal"),
        ("UNAVAILABLE", "Unavailable"),
        ("DATA_LOSS", "DataLoss"),
        ("UNAUTHENTICATED", "Unauthenticated"),
    ];
}

/// Rule: a gRPC code is one of `google.rpc.Code`'s names other than `OK`, spelled as
/// the proto spells them; an error is never `OK`.
fn check_grpc(lit: &LitStr, errors: &mut Errors) -> Option<GrpcName> {
    let name = lit.value();
    if let Some((_, variant)) = GrpcName::ALL.iter().find(|(known, _)| *known == name) {
        return Some(GrpcName { variant });
    }
    let names = GrpcName::ALL.map(|(name, _)| name);
    // `not_found`, `NotFound`, `not-found`, `Code::NotFound`: the same name.
    let normalized: String = name
        .rsplit("::")
        .next()
        .unwrap_or_default()
        .chars()
        .fold(String::new(), |mut out, c| {
            if c.is_ascii_uppercase() && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(if c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            });
            out
        })
        .replace("__", "_");
    let message = if name.eq_ignore_ascii_case("ok") {
        "`OK` is not an error code: choose the code clients should see, such as `FAILED_PRECONDITION`".to_owned()
    } else if let Some(known) = names.iter().find(|known| **known == normalized) {
        format!(
            "unknown gRPC code `{name}`; did you mean `{known}`? Codes are written as in `google/rpc/code.proto`"
        )
    } else if let Some(known) = did_you_mean(&name, names.iter().copied()) {
        format!("unknown gRPC code `{name}`; did you mean `{known}`?")
    } else {
        format!(
            "unknown gRPC code `{name}`: expected one of `google.rpc.Code`'s names, such as `NOT_FOUND`, `ALREADY_EXISTS` or `FAILED_PRECONDITION`"
        )
    };
    errors.push(lit.span(), message);
    None
}

/// Rule: an `ErrorInfo` domain is a non-empty host-like name without spaces (AIP-193:
/// "the logical grouping to which the reason belongs", typically the service's name).
fn check_domain(lit: &LitStr, errors: &mut Errors) -> Option<String> {
    let domain = lit.value();
    if domain.is_empty() || domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.push(
            lit.span(),
            "`domain` must be a service name without spaces, such as `domain = \"links.example.com\"`",
        );
        return None;
    }
    Some(domain)
}

/// A level of `#[api(log = "...")]`: the name written and the runtime `LogLevel`
/// variant it stands for.
#[derive(Clone, Copy)]
pub struct LogLevel {
    pub variant: &'static str,
}

impl LogLevel {
    const ALL: [(&'static str, &'static str); 6] = [
        ("off", "Off"),
        ("trace", "Trace"),
        ("debug", "Debug"),
        ("info", "Info"),
        ("warn", "Warn"),
        ("error", "Error"),
    ];
}

/// Rule: a log level is one of tracing's five, or `off`, spelled as written in
/// `RUST_LOG`; anything else would be a level the runtime cannot emit.
fn check_log(lit: &LitStr, errors: &mut Errors) -> Option<LogLevel> {
    let name = lit.value();
    if let Some((_, variant)) = LogLevel::ALL.iter().find(|(known, _)| *known == name) {
        return Some(LogLevel { variant });
    }
    let names = LogLevel::ALL.map(|(name, _)| name);
    let lower = name.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "warning" => "warn",
        "err" => "error",
        "none" | "silent" | "false" => "off",
        other => other,
    };
    let message = match names.iter().find(|known| **known == alias) {
        Some(known) if name != lower => format!(
            "unknown log level `{name}`; did you mean `{known}`? Levels are lowercase, as in `RUST_LOG`"
        ),
        Some(known) => format!("unknown log level `{name}`; did you mean `{known}`?"),
        None => match did_you_mean(&name, names.iter().copied()) {
            Some(known) => format!("unknown log level `{name}`; did you mean `{known}`?"),
            None => format!(
                "unknown log level `{name}`: expected `off`, `trace`, `debug`, `info`, `warn` or `error`"
            ),
        },
    };
    errors.push(lit.span(), message);
    None
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
    /// `#[api(log = "...")]` of the variant, else of the type.
    pub log: Option<LogLevel>,
    /// `#[api(grpc = "...")]` of the variant, else of the type.
    pub grpc: Option<GrpcName>,
    /// `#[api(example(...))]`: each field's name, value and whether it is exposed.
    pub example: Vec<Example>,
}

/// An example value of a field, checked.
pub struct Example {
    pub name: String,
    pub value: ExampleValue,
    pub exposed: bool,
}

/// The literal of an example value: a string, a number as its decimal text, a bool.
pub enum ExampleValue {
    Str(String),
    Number(String),
    Bool(bool),
}

/// Rule: an example value names a field of the variant that the body shows (in the
/// message, or exposed); any other would be in no example.
fn check_example(
    variant: &Variant,
    keys: &Keys,
    message: Option<&Message>,
    errors: &mut Errors,
) -> Vec<Example> {
    let Some(values) = &keys.example else {
        return Vec::new();
    };
    let mut examples = Vec::new();
    for (name, lit) in values {
        let position = variant
            .fields
            .iter()
            .position(|field| name.unraw() == field.name());
        let Some(position) = position else {
            let names = variant.fields.iter().map(Field::name).collect::<Vec<_>>();
            let message = match did_you_mean(&name.to_string(), names.iter().map(String::as_str)) {
                Some(known) => format!(
                    "no field `{name}` in `{}`; did you mean `{known}`?",
                    variant.ident
                ),
                None if names.is_empty() => {
                    format!("`{}` has no fields to give example values", variant.ident)
                }
                None => format!(
                    "no field `{name}` in `{}`: its fields are {}",
                    variant.ident,
                    names
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(name.span(), message);
            continue;
        };
        let field = &variant.fields[position];
        let exposed = field.keys.expose.is_present();
        let in_message = match message {
            Some(Message::Format { uses, .. }) => {
                uses.iter().any(|(used, _)| *used == Some(position))
            }
            _ => false,
        };
        if !exposed && !in_message {
            errors.push(
                name.span(),
                format!(
                    "`{name}` is neither in the message nor exposed, so no body shows it: remove its example value, or add `#[api(expose)]` to the field"
                ),
            );
            continue;
        }
        let value = match lit {
            Lit::Str(lit) => ExampleValue::Str(lit.value()),
            Lit::Int(lit) => ExampleValue::Number(lit.base10_digits().to_owned()),
            Lit::Float(lit) => ExampleValue::Number(lit.base10_digits().to_owned()),
            Lit::Bool(lit) => ExampleValue::Bool(lit.value),
            // `ast` reads no other literal.
            _ => continue,
        };
        examples.push(Example {
            name: name.unraw().to_string(),
            value,
            exposed,
        });
    }
    examples
}

pub enum Message {
    /// No placeholders: this exact text.
    Static(String),
    /// `write!(f, lit)`; `lit` has positional placeholders renamed. Each placeholder's
    /// field (its position; `None` for a name rustc will report) and formatting trait.
    Format {
        lit: LitStr,
        uses: Vec<(Option<usize>, Option<char>)>,
    },
    /// thiserror's `Display` (4xx without `#[api(message)]`).
    Display,
}

/// The checked input: one `Spec` per variant, `None` for transparent ones.
pub struct Checked {
    pub ty: TypeSpec,
    pub specs: Vec<Option<Spec>>,
}

pub fn check(input: &Input) -> syn::Result<Checked> {
    let mut errors = Errors::default();
    report_problems(input, Place::Type, &input.keys, &mut errors);
    let ty = check_type(input, &mut errors);
    check_type_placement(input, &mut errors);
    let mut codes = Codes::new();
    let mut specs = Vec::with_capacity(input.variants.len());
    for variant in &input.variants {
        report_problems(input, Place::Variant, &variant.keys, &mut errors);
        for field in &variant.fields {
            report_problems(input, Place::Field, &field.keys, &mut errors);
        }
        check_placement(input, variant, &mut errors);
        let keys = input.variant_keys(variant);
        let spec = if variant.is_transparent(keys) {
            check_transparent(input, variant, &mut errors);
            None
        } else {
            check_fields(input, variant, &mut errors);
            check_variant(input, &ty, variant, &mut codes, &mut errors)
        };
        specs.push(spec);
    }
    check_from_types(input, &mut errors);
    check_sized(input, &mut errors);
    errors.finish(Checked { ty, specs })
}

/// Rule: the type is `Sized`. A struct may end in an unsized field (thiserror accepts
/// one), but an error response is built from a value the handler returns, and the
/// framework traits take `self`; say so at the field, with the owned type to use,
/// rather than failing inside generated code. Only the unsized types a field can be
/// written as are recognized; a type parameter declared `?Sized` is left to rustc.
fn check_sized(input: &Input, errors: &mut Errors) {
    if !input.is_struct {
        return;
    }
    let Some(field) = input
        .variants
        .first()
        .and_then(|variant| variant.fields.last())
    else {
        return;
    };
    let owned = match &field.ty {
        syn::Type::Slice(_) => Some("a `Vec<_>`"),
        syn::Type::TraitObject(_) => Some("a `Box<dyn ...>`"),
        // `str`, and the standard library's unsized `Path`, `OsStr` and `CStr` as
        // written bare or under their module (`std::path::Path`), without generic
        // arguments: a `Path<T>` is someone else's type.
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            let bare = path
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.arguments.is_empty());
            let module = segments.iter().rev().nth(1).map(String::as_str);
            match (segments.last().map(String::as_str), module) {
                (Some("str"), None | Some("primitive")) if bare => {
                    Some("a `String` (or `Box<str>`)")
                }
                (Some("Path"), None | Some("path")) if bare => Some("a `PathBuf`"),
                (Some("OsStr"), None | Some("ffi")) if bare => Some("an `OsString`"),
                (Some("CStr"), None | Some("ffi")) if bare => Some("a `CString`"),
                _ => None,
            }
        }
        _ => None,
    };
    // The type's own name (`Path` in `std::path::Path`), not the path's first segment.
    let span = match &field.ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(|| field.ty.span(), |segment| segment.ident.span()),
        other => other.span(),
    };
    if let Some(owned) = owned {
        errors.push(
            span,
            format!(
                "`ApiError` needs a sized type, and this field makes `{}` unsized: store {owned} instead",
                input.ident
            ),
        );
    }
}

/// Two `#[from]` fields of the same type would make two `From` impls for it, which
/// rustc reports as conflicting at the derive, not at the fields; say so at the second
/// `#[from]`, naming the first. (With thiserror, thiserror writes `From` and reports it.)
fn check_from_types(input: &Input, errors: &mut Errors) {
    if input.thiserror {
        return;
    }
    let mut seen: Vec<(String, &Variant)> = Vec::new();
    for variant in &input.variants {
        for field in variant.fields.iter().filter(|field| field.from.is_some()) {
            let ty = field.ty.to_token_stream().to_string();
            match seen.iter().find(|(first, _)| *first == ty) {
                Some((_, first)) => errors.push(
                    field.from.unwrap_or_else(|| field.ty.span()),
                    format!(
                        "`#[from]` on a second `{}`: variant `{}` already converts from it, and a type can have only one `From<{}>`; use `#[source]` here and construct the variant by hand",
                        ty.replace(' ', ""),
                        first.ident,
                        ty.replace(' ', "")
                    ),
                ),
                None => seen.push((ty, variant)),
            }
        }
    }
}

/// Keys that could not be read at all (unknown, duplicated, wrong kind of value) were
/// set aside while parsing so that the checks below still run; they are reported here,
/// in source order with the rest.
/// A problem with a key that is also in the wrong place is left to the placement check,
/// whose message says where the key belongs.
fn report_problems(input: &Input, place: Place, keys: &Keys, errors: &mut Errors) {
    for problem in &keys.problems {
        let misplaced = problem
            .key
            .is_some_and(|key| misplacement(input, place, key).is_some());
        if !misplaced {
            errors.add(problem.error.clone());
        }
    }
}

fn check_type(input: &Input, errors: &mut Errors) -> TypeSpec {
    let keys = &input.keys;
    let format = keys.format.as_ref().map_or(BodyFormat::Simple, |lit| {
        let name = lit.value();
        match BodyFormat::ALL.into_iter().find(|k| k.name() == name) {
            Some(format) => format,
            None => {
                let known = BodyFormat::ALL.map(BodyFormat::name);
                let message = match did_you_mean(&name, known.iter().copied()) {
                    Some(k) => format!("unknown format `{name}`; did you mean `{k}`?"),
                    None => format!(
                        "unknown format `{name}`: expected `simple`, `problem` or `envelope`"
                    ),
                };
                errors.push(lit.span(), message);
                BodyFormat::Simple
            }
        }
    });
    let krate = match &keys.krate {
        Some(lit) => match lit.parse::<syn::Path>() {
            Ok(path) => path,
            Err(_) => {
                errors.push(
                    lit.span(),
                    "`crate` must be the path of `http_api_error` or of its re-export, such as `crate = \"::my_crate::http_api_error\"`",
                );
                syn::parse_quote!(::http_api_error)
            }
        },
        None => syn::parse_quote!(::http_api_error),
    };
    let docs = keys
        .docs
        .as_ref()
        .and_then(|lit| check_docs_template(lit, errors));
    let www_authenticate = keys
        .www_authenticate
        .as_ref()
        .and_then(|lit| check_header_value(lit, "www_authenticate", errors));
    // On an enum, a default for its 4xx variants; a struct is checked as its variant.
    if !input.is_struct && keys.expose_display.is_present() && !input.thiserror {
        errors.push(keys.expose_display.span(), without_thiserror(input));
    }
    let log = keys.log.as_ref().and_then(|lit| check_log(lit, errors));
    let grpc = keys.grpc.as_ref().and_then(|lit| check_grpc(lit, errors));
    let domain = keys
        .domain
        .as_ref()
        .and_then(|lit| check_domain(lit, errors));
    TypeSpec {
        format,
        krate,
        docs,
        www_authenticate,
        log,
        grpc,
        domain,
    }
}

/// Markers that only mean something on a field.
const FIELD_ONLY: &[&str] = &["retry_after", "errors", "expose"];
/// Settings of the whole type.
const TYPE_ONLY: &[&str] = &[
    "format",
    "alternatives",
    "crate",
    "domain",
    "std_impls",
    "framework_impls",
];
/// Settings of one error, which an enum cannot default.
const VARIANT_ONLY: &[&str] = &["code", "message", "title", "transparent", "example"];

/// Where an attribute is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The enum's or the struct's own `#[api(...)]`.
    Type,
    /// An enum variant.
    Variant,
    /// A field.
    Field,
}

/// Why `key` does not belong at `place`, naming where it does; `None` when it does.
/// The parser accepts every key at every level, so this is the one rule for all of
/// them, whether the key's value could be read or not: a key in the wrong place is
/// first told where it belongs (`#[api(status)]` on a field is not asked for a value).
fn misplacement(input: &Input, place: Place, key: &str) -> Option<String> {
    let kind = input.kind();
    let variant_place = if input.is_struct { kind } else { "variant" };
    match place {
        _ if FIELD_ONLY.contains(&key) && place != Place::Field => Some(format!(
            "`{key}` marks a field: put `#[api({key})]` on the field"
        )),
        Place::Type if !input.is_struct && VARIANT_ONLY.contains(&key) => Some(format!(
            "`{key}` describes one error: set it on each variant, not on the enum"
        )),
        Place::Variant if TYPE_ONLY.contains(&key) => Some(format!(
            "`{key}` applies to the whole enum: move it to the enum's `#[api(...)]`"
        )),
        Place::Field if !FIELD_ONLY.contains(&key) => {
            let place = if TYPE_ONLY.contains(&key) {
                kind
            } else {
                variant_place
            };
            Some(format!(
                "`{key}` is not a field attribute: set it on the {place}; fields take `retry_after`, `errors` or `expose`"
            ))
        }
        _ => None,
    }
}

/// Reports every key of `keys` written at `place` where it does not belong.
fn check_placement_of(input: &Input, place: Place, keys: &Keys, errors: &mut Errors) {
    for (key, span) in keys.written_or_tried() {
        if let Some(message) = misplacement(input, place, key) {
            errors.push(span, message);
        }
    }
}

/// The type's keys in their place.
fn check_type_placement(input: &Input, errors: &mut Errors) {
    check_placement_of(input, Place::Type, &input.keys, errors);
}

/// The variant's and its fields' keys in their place (a struct's keys are the type's).
fn check_placement(input: &Input, variant: &Variant, errors: &mut Errors) {
    if !input.is_struct {
        check_placement_of(input, Place::Variant, &variant.keys, errors);
    }
    for field in &variant.fields {
        check_placement_of(input, Place::Field, &field.keys, errors);
    }
}

/// A transparent variant takes everything from its one field, so it has nothing of its
/// own to configure.
fn check_transparent(input: &Input, variant: &Variant, errors: &mut Errors) {
    let keys = input.variant_keys(variant);
    if variant.fields.len() != 1 {
        let has = match variant.fields.len() {
            0 => "none".to_owned(),
            n => n.to_string(),
        };
        errors.push(
            keys.transparent.span(),
            format!(
                "a transparent error needs exactly one field, the inner error that implements `ApiError`; `{}` has {has}",
                variant.ident
            ),
        );
    }
    for key in keys.present() {
        if matches!(key, "transparent" | "format" | "crate") {
            continue;
        }
        errors.push(
            keys.span(key).unwrap_or_else(|| variant.ident.span()),
            format!("`{key}` cannot be combined with `transparent`: the inner error provides it"),
        );
    }
    for field in &variant.fields {
        for key in field.keys.present().filter(|key| FIELD_ONLY.contains(key)) {
            errors.push(
                field.keys.span(key).unwrap_or_else(|| field.ty.span()),
                format!(
                    "`{key}` cannot be used in a transparent error: the inner error provides its body"
                ),
            );
        }
    }
}

fn check_variant(
    input: &Input,
    ty: &TypeSpec,
    variant: &Variant,
    codes: &mut Codes,
    errors: &mut Errors,
) -> Option<Spec> {
    let keys = input.variant_keys(variant);
    // Each property is checked even when another failed, so that one compile shows
    // every mistake of the variant.
    let code = check_code(variant, keys, errors);
    if let Some(code) = &code {
        check_unique_code(variant, keys, code, codes, errors);
    }
    let status = check_status(input, variant, errors);
    let title = match &keys.title {
        Some(lit) if lit.value().trim().is_empty() => {
            errors.push(
                lit.span(),
                "`title` must not be empty: remove it to use the status's reason phrase",
            );
            None
        }
        Some(lit) => Some(lit.value()),
        None => status.map(|status| status::default_title(status).to_owned()),
    };
    check_expose_display(input, keys, status, errors);
    let message = check_message(input, variant, keys, status, title.as_deref(), errors);
    let docs = match &keys.docs {
        Some(lit) if !input.is_struct => check_docs_template(lit, errors),
        _ => ty.docs.clone(),
    };
    let www_authenticate = match &keys.www_authenticate {
        Some(lit) if !input.is_struct => {
            if let Some(status) = status.filter(|status| *status != 401) {
                errors.push(
                    lit.span(),
                    format!(
                        "`www_authenticate` only applies to 401 responses, and this error is {status}: remove it, or set `status = 401`"
                    ),
                );
            }
            check_header_value(lit, "www_authenticate", errors)
        }
        _ => ty.www_authenticate.clone(),
    };
    let log = match &keys.log {
        Some(lit) if !input.is_struct => check_log(lit, errors),
        _ => ty.log,
    };
    let grpc = match &keys.grpc {
        Some(lit) if !input.is_struct => check_grpc(lit, errors),
        _ => ty.grpc,
    };
    let example = check_example(
        variant,
        keys,
        message.as_ref().map(|(message, _)| message),
        errors,
    );
    let (status, code, title, (message, template)) = (status?, code?, title?, message?);
    let retryable = keys
        .retry
        .as_ref()
        .or(input.keys.retry.as_ref())
        .map_or(status == 429 || status >= 500, |retry| retry.value);
    let category = keys
        .category
        .as_ref()
        .or(input.keys.category.as_ref())
        .map(LitStr::value);
    Some(Spec {
        status,
        docs: docs.map(|template| template.replace("{code}", &code)),
        code,
        title,
        message,
        template,
        retryable,
        www_authenticate,
        category,
        log,
        grpc,
        example,
    })
}

/// Rule 1: an integer literal in 400..=599 or a `StatusCode` constant name; checked
/// here so that a bad status is a compile error, never a runtime `unwrap`.
fn check_status(input: &Input, variant: &Variant, errors: &mut Errors) -> Option<u16> {
    let keys = input.variant_keys(variant);
    let Some(expr) = keys.status.as_ref().or(input.keys.status.as_ref()) else {
        // A `status` that was written but could not be read is already reported, and so
        // is a `transparent` on the enum, whose variants were meant to have none.
        if keys.attempted("status")
            || input.keys.attempted("status")
            || keys.attempted("transparent")
            || (!input.is_struct && input.keys.transparent.is_present())
        {
            return None;
        }
        let message = if input.is_struct {
            "missing status: add `#[api(status = ...)]`, such as `#[api(status = 404)]`".to_owned()
        } else if is_thiserror_transparent(variant) {
            // thiserror's `#[error(transparent)]` delegates `Display` and `source` only;
            // the user nearly always wants the response delegated too.
            format!(
                "missing status for `{}`: it is `#[error(transparent)]`, so add `#[api(transparent)]` to take the status, code and message from the inner error too, or give it `#[api(status = ...)]`",
                variant.ident
            )
        } else {
            format!(
                "missing status for `{}`: add `#[api(status = ...)]` to the variant, or a default `#[api(status = ...)]` to the enum",
                variant.ident
            )
        };
        errors.push(variant.ident.span(), message);
        return None;
    };
    match parse_status(&expr.0) {
        Ok(status) => Some(status),
        Err(error) => {
            errors.add(error);
            None
        }
    }
}

/// Whether `variant` carries thiserror's `#[error(transparent)]`.
fn is_thiserror_transparent(variant: &Variant) -> bool {
    variant.error_attr.as_ref().is_some_and(|attr| {
        attr.parse_args::<syn::Ident>()
            .is_ok_and(|ident| ident == "transparent")
    })
}

/// The `StatusCode` constants of the `http` crate that are not errors, so that
/// `status = OK` is told why it is refused instead of being called unknown.
const NOT_ERRORS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
];

const STATUS_RANGE: &str = "status must be an HTTP error status in 400..=599";

/// Why `status` is not an error status, after `STATUS_RANGE`.
fn status_class(status: u64) -> &'static str {
    match status {
        100..=199 => "an informational status",
        200..=299 => "a success status",
        300..=399 => "a redirection status",
        _ => "not an HTTP status",
    }
}

fn parse_status(expr: &Expr) -> syn::Result<u16> {
    const SYNTAX: &str = "status must be an integer such as `404` or a `StatusCode` constant name such as `NOT_FOUND`";
    match expr {
        Expr::Group(group) => parse_status(&group.expr),
        Expr::Paren(paren) => parse_status(&paren.expr),
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => match int.base10_parse::<u64>() {
                Ok(status @ 400..=599) => Ok(u16::try_from(status).unwrap_or_default()),
                Ok(status) => Err(syn::Error::new(
                    int.span(),
                    format!("{STATUS_RANGE}; {status} is {}", status_class(status)),
                )),
                Err(_) => Err(syn::Error::new(int.span(), STATUS_RANGE)),
            },
            Lit::Str(s) => {
                let value = s.value();
                let fix = if value.trim().parse::<u16>().is_ok()
                    || status::by_name(value.trim()).is_some()
                {
                    format!("write `status = {}` without quotes", value.trim())
                } else {
                    "write an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`".to_owned()
                };
                Err(syn::Error::new(
                    s.span(),
                    format!(
                        "status must be an integer or a `StatusCode` constant name, not a string: {fix}"
                    ),
                ))
            }
            other => Err(syn::Error::new(other.span(), SYNTAX)),
        },
        Expr::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Err(syn::Error::new(path.span(), SYNTAX));
            };
            let name = last.ident.to_string();
            if let Some(code) = status::by_name(&name) {
                return Ok(code);
            }
            let message = match NOT_ERRORS.iter().find(|(_, n)| *n == name) {
                Some((code, _)) => format!(
                    "{STATUS_RANGE}; `{name}` is {code}, {}",
                    status_class(u64::from(*code))
                ),
                None => match did_you_mean(&name, status::STATUSES.iter().map(|(_, n, _)| *n)) {
                    Some(n) => {
                        format!("unknown `StatusCode` constant `{name}`; did you mean `{n}`?")
                    }
                    None => format!(
                        "unknown `StatusCode` constant `{name}`: use the name of a 4xx or 5xx constant such as `NOT_FOUND`, or the number"
                    ),
                },
            };
            Err(syn::Error::new(last.ident.span(), message))
        }
        // Only the first token can be underlined (a proc macro cannot join spans on
        // stable), so the message says that the whole expression is the problem.
        other => Err(syn::Error::new(
            other.span(),
            format!("{SYNTAX}, not an expression"),
        )),
    }
}

/// Rule 2: explicit, or the variant name in SCREAMING_SNAKE_CASE; either way in the
/// AIP-193 grammar `^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`, at most 63 characters, because
/// clients match on codes and some store them in fixed-width columns.
fn check_code(variant: &Variant, keys: &Keys, errors: &mut Errors) -> Option<String> {
    let (code, span, derived) = match &keys.code {
        Some(lit) => (lit.value(), lit.span(), false),
        None => {
            let name = variant.ident.to_string();
            (
                name.trim_start_matches("r#").to_shouty_snake_case(),
                variant.ident.span(),
                true,
            )
        }
    };
    let Some(problem) = code_problem(&code) else {
        return Some(code);
    };
    let message = match problem {
        CodeProblem::Empty => {
            "code must not be empty: use a SCREAMING_SNAKE_CASE name such as `LINK_NOT_FOUND`"
                .to_owned()
        }
        CodeProblem::TooLong(len) if derived => format!(
            "the code derived from the variant name is {len} characters long, more than the {MAX_CODE_LEN} allowed: set a shorter one with `#[api(code = \"...\")]`"
        ),
        CodeProblem::TooLong(len) => format!(
            "code is {len} characters long, more than the {MAX_CODE_LEN} allowed: shorten it"
        ),
        // A fix spelled for the code would not help: the variant name produced it.
        CodeProblem::Grammar { rule, .. } if derived => format!(
            "code `{code}`, derived from the variant name, {rule}: set one with `#[api(code = \"...\")]`"
        ),
        CodeProblem::Grammar { rule, fix } => match fix {
            Some(fix) => format!("code `{code}` {rule}: write `{fix}`"),
            None => format!("code `{code}` {rule}"),
        },
    };
    errors.push(span, message);
    None
}

/// Why a code is refused.
#[derive(Debug, PartialEq, Eq)]
enum CodeProblem {
    Empty,
    TooLong(usize),
    /// `rule` completes "code `X` ..."; `fix` is the code in the grammar, if one is
    /// obvious.
    Grammar {
        rule: &'static str,
        fix: Option<String>,
    },
}

/// The most specific reason `code` is not a valid code, if any.
fn code_problem(code: &str) -> Option<CodeProblem> {
    if code.is_empty() {
        return Some(CodeProblem::Empty);
    }
    if code.len() > MAX_CODE_LEN {
        return Some(CodeProblem::TooLong(code.len()));
    }
    if is_valid_code(code) {
        return None;
    }
    let rule = if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        "may only contain uppercase letters, digits and underscores"
    } else if code.chars().any(|c| c.is_ascii_lowercase()) {
        "must be SCREAMING_SNAKE_CASE"
    } else if !code.starts_with(|c: char| c.is_ascii_uppercase()) {
        "must start with a letter"
    } else if code.contains("__") {
        "must separate words with a single underscore"
    } else {
        "must not end with an underscore"
    };
    // The same words in the grammar; never drops a leading digit, which would change
    // the code's meaning.
    let fix = code.to_shouty_snake_case();
    let fix = (is_valid_code(&fix) && fix != code).then_some(fix);
    Some(CodeProblem::Grammar { rule, fix })
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

/// The codes seen so far: the variant that first used each, and whether that variant's
/// code was derived from its name.
type Codes = HashMap<String, (String, bool)>;

/// Rule 2, uniqueness: clients dispatch on the code, so two variants sharing one would
/// be indistinguishable. Reported at the second, naming the first.
fn check_unique_code(
    variant: &Variant,
    keys: &Keys,
    code: &str,
    codes: &mut Codes,
    errors: &mut Errors,
) {
    let derived = keys.code.is_none();
    match codes.get(code) {
        Some((first, first_derived)) => {
            let span = keys
                .code
                .as_ref()
                .map_or_else(|| variant.ident.span(), LitStr::span);
            let that = if *first_derived {
                " (derived from its name)"
            } else {
                ""
            };
            let message = if derived {
                format!(
                    "duplicate code `{code}`, derived from the variant name: variant `{first}` already uses it{that}; set another with `#[api(code = \"...\")]`"
                )
            } else {
                format!(
                    "duplicate code `{code}`: variant `{first}` already uses it{that}; codes must be unique within the type"
                )
            };
            errors.push(span, message);
        }
        None => {
            codes.insert(code.to_owned(), (variant.ident.to_string(), derived));
        }
    }
}

/// How a field is named in messages: `` `id` ``, or `field 0` in a tuple variant.
fn describe(field: &Field) -> String {
    match &field.member {
        syn::Member::Named(_) => format!("`{}`", field.name()),
        syn::Member::Unnamed(index) => format!("field {}", index.index),
    }
}

/// A placeholder that names `field`: `{id}` or `{0}`.
fn placeholder_for(field: &Field) -> String {
    format!("{{{}}}", field.name())
}

/// Rule 3: the message is a format string over the variant's fields, rendered into the
/// body; a source error is internal, so it may not appear in it.
fn check_message(
    input: &Input,
    variant: &Variant,
    keys: &Keys,
    status: Option<u16>,
    title: Option<&str>,
    errors: &mut Errors,
) -> Option<(Message, String)> {
    let Some(lit) = &keys.message else {
        let status = status?;
        let title = title?;
        // thiserror's `Display` is written for logs: it is the public message only when
        // the user says so (`expose_display`, checked in `check_expose_display`), and
        // never for a 5xx.
        let expose_display =
            keys.expose_display.is_present() || input.keys.expose_display.is_present();
        if expose_display && status < 500 && input.thiserror {
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
    // The literal is the smallest span available: a proc macro cannot point inside a
    // string literal on stable Rust, so each message quotes the placeholder.
    let placeholders = match fmt::scan(&value) {
        Ok(placeholders) => placeholders,
        Err(ScanError::Unclosed) => {
            errors.push(
                lit.span(),
                "unclosed `{` in message: close the placeholder, or write `{{` for a literal brace",
            );
            return None;
        }
        Err(ScanError::Unmatched) => {
            errors.push(
                lit.span(),
                "unmatched `}` in message: write `}}` for a literal brace",
            );
            return None;
        }
    };
    if placeholders.is_empty() {
        return Some((Message::Static(fmt::unescape(&value)), value));
    }
    let mut ok = true;
    let mut fail = |message: String| {
        errors.push(lit.span(), message);
        ok = false;
    };
    let ident = &variant.ident;
    let mut uses = Vec::with_capacity(placeholders.len());
    for placeholder in &placeholders {
        let written = value.get(placeholder.range.clone()).unwrap_or_default();
        if variant.fields.is_empty() {
            fail(format!(
                "`{ident}` has no fields, so `{{{written}}}` cannot be interpolated: remove it, or write `{{{{{written}}}}}` for literal braces"
            ));
            break;
        }
        let field = match &placeholder.arg {
            Arg::Next => {
                let example = variant
                    .fields
                    .first()
                    .map(placeholder_for)
                    .unwrap_or_default();
                fail(format!(
                    "empty placeholder `{{}}` in message: name the field, such as `{example}`"
                ));
                continue;
            }
            Arg::Index(index) => {
                if variant.named {
                    let fix = variant
                        .fields
                        .get(*index)
                        .map(|field| format!(": write `{}`", placeholder_for(field)))
                        .unwrap_or_default();
                    fail(format!(
                        "`{{{index}}}` refers to a field by position, but the fields of `{ident}` have names{fix}"
                    ));
                    continue;
                }
                match variant.fields.get(*index) {
                    Some(field) => (*index, field),
                    None => {
                        let n = variant.fields.len();
                        let fields = if n == 1 {
                            "1 field".to_owned()
                        } else {
                            format!("{n} fields")
                        };
                        fail(format!(
                            "`{{{index}}}` is out of range: `{ident}` has {fields}, numbered from 0"
                        ));
                        continue;
                    }
                }
            }
            // A name close to a field's is left to rustc, which points at the
            // placeholder itself and suggests the field; any other is reported here with
            // the fields the variant has.
            Arg::Named(name) => match variant
                .fields
                .iter()
                .enumerate()
                .find(|(_, f)| f.name() == *name)
            {
                Some(found) => found,
                None => {
                    let names: Vec<String> = variant.fields.iter().map(Field::name).collect();
                    if did_you_mean(name, names.iter().map(String::as_str)).is_none() {
                        let list = names
                            .iter()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        fail(format!(
                            "`{{{written}}}` names no field of `{ident}`, whose fields are {list}: name one of them, or write `{{{{{written}}}}}` for literal braces"
                        ));
                    }
                    uses.push((None, placeholder.trait_char));
                    continue;
                }
            },
        };
        let (index, field) = field;
        uses.push((Some(index), placeholder.trait_char));
        // Width and precision from other fields (`{amount:.digits$}`): bound too, with
        // `$` for "a count", which needs no formatting trait. An unknown name is left
        // to rustc, which points at it.
        for (arg, _) in &placeholder.counts {
            let position = match arg {
                Arg::Named(name) => variant.fields.iter().position(|f| f.name() == *name),
                Arg::Index(index) if !variant.named => Some(*index),
                _ => None,
            };
            uses.push((position.filter(|i| *i < variant.fields.len()), Some('$')));
        }
        if field.is_source() {
            fail(format!(
                "the message cannot interpolate `{{{written}}}`: {} is the source error, whose text is internal and never sent; remove the placeholder",
                describe(field)
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
    Some((Message::Format { lit, uses }, value))
}

/// `expose_display` publishes thiserror's `Display`, which is written for logs: it needs
/// thiserror, cannot sit beside a `message` that says the same thing, and is refused on
/// a 5xx, whose `Display` is where internal detail goes. On the type it is a default
/// that applies to the 4xx variants without a `message`.
fn without_thiserror(input: &Input) -> String {
    format!(
        "`expose_display` publishes thiserror's `Display`, but `{}` has no `#[error(...)]`: without thiserror the derive's `Display` is the public message already; remove `expose_display`",
        input.ident
    )
}

fn check_expose_display(input: &Input, keys: &Keys, status: Option<u16>, errors: &mut Errors) {
    let flag = keys.expose_display;
    if !flag.is_present() {
        return;
    }
    let problem = if !input.thiserror {
        without_thiserror(input)
    } else if keys.message.is_some() {
        "`expose_display` and `message` both set the public message: remove one".to_owned()
    } else if let Some(status @ 500..) = status {
        format!(
            "`expose_display` cannot be used on a {status} error: a server error's `Display` is written for the log and may carry internal detail; give it a public `message` instead"
        )
    } else {
        return;
    };
    errors.push(flag.span(), problem);
}

/// `docs` is a URL, optionally with `{code}`, which is replaced by each variant's code.
fn check_docs_template(lit: &LitStr, errors: &mut Errors) -> Option<String> {
    let value = lit.value();
    match fmt::scan(&value) {
        Ok(placeholders) => {
            if let Some(other) = placeholders
                .iter()
                .find(|p| p.arg != Arg::Named("code".into()))
            {
                let shown = value.get(other.range.clone()).unwrap_or_default();
                errors.push(
                    lit.span(),
                    format!("`docs` may only use the `{{code}}` placeholder, not `{{{shown}}}`"),
                );
                return None;
            }
            if value.trim().is_empty() {
                errors.push(
                    lit.span(),
                    "`docs` must not be empty: give the URL of the documentation",
                );
                return None;
            }
            Some(value)
        }
        Err(_) => {
            errors.push(
                lit.span(),
                "unbalanced brace in `docs`: the only placeholder is `{code}`",
            );
            None
        }
    }
}

/// Header values are visible ASCII (RFC 9110 field-value); checked at compile time so
/// rendering never fails.
fn check_header_value(lit: &LitStr, key: &str, errors: &mut Errors) -> Option<String> {
    let value = lit.value();
    if value.trim().is_empty()
        || !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        errors.push(
            lit.span(),
            format!("`{key}` must be a non-empty header value of visible ASCII characters, such as `Bearer realm=\"api\"`"),
        );
        return None;
    }
    Some(value)
}

/// Field markers of a non-transparent variant: each at most once, on a field that can
/// carry it.
fn check_fields(input: &Input, variant: &Variant, errors: &mut Errors) {
    let span_of =
        |field: &Field, key: &str| field.keys.span(key).unwrap_or_else(|| field.ty.span());
    for key in ["retry_after", "errors"] {
        let marked: Vec<&Field> = variant
            .fields
            .iter()
            .filter(|field| field.keys.span(key).is_some())
            .collect();
        if let [first, rest @ ..] = marked.as_slice() {
            for field in rest {
                errors.push(
                    span_of(field, key),
                    format!(
                        "`{key}` is already on {}: a variant has at most one `{key}` field",
                        describe(first)
                    ),
                );
            }
        }
    }
    let froms: Vec<&Field> = variant.fields.iter().filter(|f| f.from.is_some()).collect();
    if let [first, rest @ ..] = froms.as_slice() {
        for field in rest {
            errors.push(
                field.from.unwrap_or_else(|| field.ty.span()),
                format!(
                    "`#[from]` is already on {}: a variant has at most one `#[from]` field",
                    describe(first)
                ),
            );
        }
        // With thiserror's `#[error]`, thiserror writes `From` (filling a backtrace
        // field beside the source itself) and checks the variant its own way.
        if rest.is_empty() && variant.fields.len() > 1 && !input.thiserror {
            let others: Vec<String> = variant
                .fields
                .iter()
                .filter(|field| field.from.is_none())
                .map(describe)
                .collect();
            errors.push(
                first.from.unwrap_or_else(|| first.ty.span()),
                format!(
                    "`#[from]` needs a variant with no other fields: `From` could not fill {}; use `#[source]` instead",
                    others.join(" and ")
                ),
            );
        }
    }
    for field in variant.exposed_fields() {
        let span = span_of(field, "expose");
        let name = field.name();
        if matches!(field.member, syn::Member::Unnamed(_)) {
            errors.push(
                span,
                "an exposed field needs a name for its body member: use a struct variant, such as `Variant { id: String }`",
            );
        } else if field.is_source() {
            errors.push(
                span,
                format!(
                    "`{name}` is the source error, whose text is internal and never sent: remove `expose`"
                ),
            );
        } else if PROBLEM_MEMBERS.contains(&name.as_str()) || OTHER_MEMBERS.contains(&name.as_str())
        {
            // The name is what must change, so it is what is underlined.
            let span = match &field.member {
                syn::Member::Named(ident) => ident.span(),
                syn::Member::Unnamed(_) => span,
            };
            let reason = if PROBLEM_MEMBERS.contains(&name.as_str()) {
                format!("problem+json bodies put exposed fields beside their own `{name}` member")
            } else {
                format!("the built-in formats use `{name}` for a member of their own")
            };
            errors.push(
                span,
                format!("an exposed field cannot be named `{name}`: {reason}; rename the field"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reported shape: thiserror writes `From` and fills the backtrace beside the
    /// source itself (a nightly feature of thiserror's, so the test is on the check).
    #[test]
    fn from_beside_other_fields_is_left_to_thiserror() {
        let with_thiserror: syn::DeriveInput = syn::parse_quote! {
            enum E {
                #[error("storage failed")]
                #[api(status = 500)]
                Storage {
                    #[from]
                    source: std::io::Error,
                    backtrace: std::backtrace::Backtrace,
                },
            }
        };
        let input = Input::from_syn(&with_thiserror).unwrap();
        assert!(check(&input).is_ok());

        // Without thiserror the derive writes `From`, which could not fill `backtrace`.
        let alone: syn::DeriveInput = syn::parse_quote! {
            enum E {
                #[api(status = 500)]
                Storage {
                    #[from]
                    source: std::io::Error,
                    backtrace: std::backtrace::Backtrace,
                },
            }
        };
        let input = Input::from_syn(&alone).unwrap();
        let Err(error) = check(&input) else {
            panic!("expected an error");
        };
        assert_eq!(
            error.to_string(),
            "`#[from]` needs a variant with no other fields: `From` could not fill `backtrace`; use `#[source]` instead"
        );
    }

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
    fn code_problems_name_the_rule_and_the_fix() {
        let grammar = |code: &str| match code_problem(code) {
            Some(CodeProblem::Grammar { rule, fix }) => (rule, fix),
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(code_problem("LINK_GONE"), None);
        assert_eq!(code_problem(""), Some(CodeProblem::Empty));
        assert_eq!(
            code_problem(&"A".repeat(64)),
            Some(CodeProblem::TooLong(64))
        );
        assert_eq!(code_problem(&"A".repeat(63)), None);
        assert_eq!(
            grammar("link_gone"),
            ("must be SCREAMING_SNAKE_CASE", Some("LINK_GONE".into()))
        );
        assert_eq!(
            grammar("LINK-GONE"),
            (
                "may only contain uppercase letters, digits and underscores",
                Some("LINK_GONE".into())
            )
        );
        // A leading digit is not dropped: that would change the code.
        assert_eq!(grammar("404_NOT_FOUND"), ("must start with a letter", None));
        assert_eq!(
            grammar("_LINK"),
            ("must start with a letter", Some("LINK".into()))
        );
        assert_eq!(
            grammar("LINK__GONE"),
            (
                "must separate words with a single underscore",
                Some("LINK_GONE".into())
            )
        );
        assert_eq!(
            grammar("LINK_GONE_"),
            ("must not end with an underscore", Some("LINK_GONE".into()))
        );
    }

    #[test]
    fn status_messages_say_what_the_value_is() {
        let message = |tokens: &str| {
            let expr: Expr = syn::parse_str(tokens).unwrap();
            parse_status(&expr).map_err(|error| error.to_string())
        };
        assert_eq!(message("404"), Ok(404));
        assert_eq!(message("(599)"), Ok(599));
        assert_eq!(message("GONE"), Ok(410));
        assert_eq!(message("http::StatusCode::CONFLICT"), Ok(409));
        let error = |tokens: &str| message(tokens).unwrap_err();
        assert!(error("200").ends_with("; 200 is a success status"));
        assert!(error("302").ends_with("; 302 is a redirection status"));
        assert!(error("101").ends_with("; 101 is an informational status"));
        assert!(error("600").ends_with("; 600 is not an HTTP status"));
        assert!(error("70000").ends_with("; 70000 is not an HTTP status"));
        assert!(error("OK").ends_with("; `OK` is 200, a success status"));
        assert!(error("\"404\"").ends_with("write `status = 404` without quotes"));
        assert!(error("not_found").ends_with("did you mean `NOT_FOUND`?"));
        assert!(error("4.5").starts_with("status must be an integer such as `404`"));
        assert!(error("BASE + 4").ends_with(", not an expression"));
    }
}
