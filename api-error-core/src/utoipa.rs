//! OpenAPI documentation with [utoipa](https://docs.rs/utoipa) 5, from the same
//! attributes as the responses.
//!
//! With the `utoipa` feature, every `#[derive(ApiError)]` type implements
//! [`utoipa::IntoResponses`]: one response per status the type (and every type nested
//! in it through transparent variants) can answer with. Each response
//!
//! - references the schema of the type's body format ([`ErrorBody`], [`ProblemDetails`]
//!   or [`ErrorEnvelope`]), narrowed to that status's codes as an `enum`, so generated
//!   clients get typed codes;
//! - lists one named example per code, so codes that share a status stay
//!   distinguishable: the body the error renders with the message as declared
//!   (placeholders such as `{id}` kept, exposed fields and `errors` left out, since
//!   their values only exist at run time);
//! - documents the RFC 9457 body beside it (`application/problem+json`, narrowed and
//!   exemplified the same way), which the framework middleware sends to a client that
//!   prefers it;
//! - documents the headers: `WWW-Authenticate` on 401, `Retry-After` where a variant
//!   of the status has an `#[api(retry_after)]` field, `x-request-id`, `Vary` and
//!   `Content-Language` (feature `i18n`);
//! - says, in the extension `x-rebuildable` (code to boolean), which codes a client
//!   can rebuild into the server's own variant ([`CatalogEntry::rebuildable`]).
//!
//! Use the error type in `responses(...)` and register the body schemas once, with the
//! [`ErrorSchemas`] modifier:
//!
//! ```ignore
//! #[utoipa::path(get, path = "/links/{id}", responses((status = 200, body = Link), LinkError))]
//! async fn get_link() { /* ... */ }
//!
//! #[derive(utoipa::OpenApi)]
//! #[openapi(paths(get_link), modifiers(&http_api_error::utoipa::ErrorSchemas))]
//! struct ApiDoc;
//! ```
//!
//! The body schemas list [`FieldViolation`] as a dependency, which utoipa registers with
//! them. [`responses`] builds the same map for any [`Catalog`], such as that of a type
//! implementing [`ApiError`] by hand.

use std::borrow::Cow;
use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, ArrayBuilder, ObjectBuilder, Ref, Schema, Type,
};
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder, example::ExampleBuilder};
use utoipa::{PartialSchema, ToSchema};

use crate::format::{Fact, Member, Part};
use crate::{
    ApiError, Catalog, CatalogEntry, ErrorView, ExampleValue, FieldViolation, Format, FormatKind,
    RequestContext, StatusCode,
};

/// The OpenAPI responses of every code in `catalog`, one per status, bodies in `format`:
/// what the derived [`utoipa::IntoResponses`] impl returns (see the [module](self) docs).
#[must_use]
pub fn responses(catalog: &Catalog, format: FormatKind) -> BTreeMap<String, RefOr<Response>> {
    responses_in(catalog, format.as_format())
}

/// [`responses`] in any [`Format`], one of your own included: the content type each
/// status is sent with, the body schema the format describes
/// ([`Format::schema`]; a JSON object when it describes none) and an example per code
/// rendered by the format itself. What the derived impl of a type with
/// `#[api(format = MyFormat)]` returns.
#[must_use]
pub fn responses_in(catalog: &Catalog, format: &dyn Format) -> BTreeMap<String, RefOr<Response>> {
    responses_of(catalog, format, None)
}

/// [`responses_in`] whose bodies in `format` all refer to the one component schema
/// `schema` (an [`error_set!`](crate::error_set)'s, [`set_schema`]): one error type per
/// operation, which generators such as progenitor need; the RFC 9457 alternative keeps
/// its per-status narrowing.
#[must_use]
pub fn responses_named(
    catalog: &Catalog,
    format: &dyn Format,
    schema: &str,
) -> BTreeMap<String, RefOr<Response>> {
    responses_of(catalog, format, Some(schema))
}

/// The schema of every body in `format` of a code in `catalog`: the format's body
/// schema with the code member narrowed to those codes (an error set's component).
#[must_use]
pub fn set_schema(catalog: &Catalog, format: &dyn Format) -> RefOr<Schema> {
    let mut codes: Vec<&str> = Vec::new();
    for entry in catalog {
        if !codes.contains(&entry.code) {
            codes.push(entry.code);
        }
    }
    match format.builtin() {
        Some(kind) => AllOfBuilder::new()
            .item(Ref::from_schema_name(body_schema_name(kind)))
            .item(codes_schema(kind.into(), 0, &codes).unwrap_or_else(object))
            .into(),
        None => format.schema().unwrap_or_else(|| object().into()),
    }
}

fn responses_of(
    catalog: &Catalog,
    format: &dyn Format,
    named: Option<&str>,
) -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<&CatalogEntry>> = BTreeMap::new();
    for entry in catalog {
        let codes = by_status.entry(entry.status).or_default();
        if !codes.iter().any(|listed| listed.code == entry.code) {
            codes.push(entry);
        }
    }
    by_status
        .into_iter()
        .map(|(status, entries)| {
            (
                status.to_string(),
                response(status, &entries, format, named).into(),
            )
        })
        .collect()
}

fn response(
    status: u16,
    entries: &[&CatalogEntry],
    format: &dyn Format,
    named: Option<&str>,
) -> Response {
    let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Error");
    let (content_type, own) = content(status, entries, format, named);
    let mut builder = ResponseBuilder::new()
        .description(format!("{reason}: {}", codes.join(", ")))
        .content(content_type.clone(), own);
    // The framework middleware negotiates by default: a client preferring RFC 9457 gets
    // it, whatever the type's own format.
    let problem = FormatKind::Problem;
    if format.builtin() != Some(problem) && content_type != problem.content_type_str() {
        let (problem_type, problem_content) = content(status, entries, problem.as_format(), None);
        builder = builder.content(problem_type, problem_content);
    }
    let header = |description: &str| {
        HeaderBuilder::new()
            .schema(string())
            .description(Some(description))
            .build()
    };
    if status == 401 {
        builder = builder.header(
            "WWW-Authenticate",
            header("The authentication challenge (RFC 9110), such as `Bearer`."),
        );
    }
    // Where a variant of this status can send it.
    if entries.iter().any(|entry| entry.retry_after) {
        builder = builder.header(
            "Retry-After",
            header(
                "When the server knows how long to wait: seconds, or an HTTP date. Retry after it.",
            ),
        );
    }
    // Per code, whether a client can rebuild the server's variant from the body
    // (`CatalogEntry::rebuildable`), so a team sees before run time which codes arrive
    // as a typed error and which as a `RemoteError` only.
    let rebuildable: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .map(|entry| (entry.code.to_owned(), entry.rebuildable.into()))
        .collect();
    let extensions: utoipa::openapi::extensions::Extensions =
        [("x-rebuildable", serde_json::Value::Object(rebuildable))]
            .into_iter()
            .collect();
    builder
        .header(
            "x-request-id",
            header("The request's id, when the service assigns one; quote it to support."),
        )
        .header(
            "Vary",
            header("`accept` when the service negotiates the format: a client preferring `application/problem+json` gets RFC 9457 problem details; `accept-language` when it has translations."),
        )
        .header(
            "Content-Language",
            header("The language of the message and title, when the service has translations: the one the request's `Accept-Language` chooses."),
        )
        .extensions(Some(extensions))
        .build()
}

/// The content of a response with `status` in `format`: its content type (as the
/// format labels the first code) and the body schema narrowed to the codes, with an
/// example per code.
fn content(
    status: u16,
    entries: &[&CatalogEntry],
    format: &dyn Format,
    named: Option<&str>,
) -> (String, utoipa::openapi::Content) {
    let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
    let schema: RefOr<Schema> = match (named, format.builtin()) {
        (Some(name), _) => Ref::from_schema_name(name).into(),
        (None, Some(kind)) => AllOfBuilder::new()
            .item(Ref::from_schema_name(body_schema_name(kind)))
            .item(codes_schema(kind.into(), status, &codes).unwrap_or_else(object))
            .into(),
        (None, None) => format.schema().unwrap_or_else(|| object().into()),
    };
    let examples = entries.iter().map(|entry| {
        let example = ExampleBuilder::new()
            .summary(entry.message)
            .value(example_body(entry, format));
        (entry.code, example.build())
    });
    let content = ContentBuilder::new()
        .schema(Some(schema))
        .examples_from_iter(examples)
        .build();
    let content_type = entries.first().map_or_else(
        || "application/json".to_owned(),
        |entry| {
            let context = RequestContext::new();
            let label = format.content_type(&ErrorView::new(&Declared(entry), &context));
            label.to_str().unwrap_or("application/json").to_owned()
        },
    );
    (content_type, content)
}

/// The members of `part` that hold the code, narrowed to `codes` (through nested
/// objects), and `errors` where the format carries it on every 400; `None` when `part`
/// holds no code. The code is required, so that generated clients type it as a required
/// union rather than an optional one.
fn codes_schema(part: Part, status: u16, codes: &[&str]) -> Option<ObjectBuilder> {
    let mut narrowed = object();
    let mut holds_code = false;
    for member in part.members() {
        narrowed = match member.fact {
            Fact::Code => {
                holds_code = true;
                let codes = string().enum_values(Some(codes.iter().copied()));
                narrowed.property(member.key, codes).required(member.key)
            }
            Fact::ErrorsOn400 if status == 400 => narrowed.required(member.key),
            Fact::Object(inner) => match codes_schema(inner, status, codes) {
                Some(inner) => {
                    holds_code = true;
                    narrowed.property(member.key, inner).required(member.key)
                }
                None => narrowed,
            },
            _ => narrowed,
        };
    }
    holds_code.then_some(narrowed)
}

/// The request id of examples in a format whose bodies always carry one: the one in
/// Unkey's documentation.
const EXAMPLE_REQUEST_ID: &str = "req_2c9a0jf23l4k567";

/// The body of `entry` as declared, in `format`, with no request context (with the
/// example request id in a format that always carries one).
fn example_body(entry: &CatalogEntry, format: &dyn Format) -> Option<serde_json::Value> {
    let context = if format.requires_request_id() {
        RequestContext::new().with_request_id(EXAMPLE_REQUEST_ID)
    } else {
        RequestContext::new()
    };
    let response = Declared(entry).render(format, &context);
    // A body that is not JSON (an HTML page) is its text.
    serde_json::from_slice(response.body()).ok().or_else(|| {
        Some(serde_json::Value::String(
            String::from_utf8_lossy(response.body()).into_owned(),
        ))
    })
}

/// A catalog entry as an error: its code, status, title, message (the template as
/// written), retry flag and docs URL.
struct Declared<'a>(&'a CatalogEntry);

impl ApiError for Declared<'_> {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
    fn code(&self) -> &'static str {
        self.0.code
    }
    fn title(&self) -> &'static str {
        self.0.title
    }
    /// The template with each placeholder that has an example value replaced by it
    /// (`{id:?}` quotes a string, as `Debug` does); the others kept as written.
    fn fmt_message(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let example = self.0.example;
        if example.is_empty() {
            return f.write_str(self.0.message);
        }
        let mut rest = self.0.message;
        while let Some(start) = rest.find(['{', '}']) {
            let (before, from) = rest.split_at(start);
            f.write_str(before)?;
            if let Some(after) = from.strip_prefix("{{") {
                f.write_str("{")?;
                rest = after;
                continue;
            }
            if let Some(after) = from.strip_prefix("}}") {
                f.write_str("}")?;
                rest = after;
                continue;
            }
            let placeholder = from
                .strip_prefix('{')
                .and_then(|after| after.split_once('}'));
            let Some((inside, after)) = placeholder else {
                f.write_str(from)?;
                return Ok(());
            };
            let (name, spec) = inside.split_once(':').unwrap_or((inside, ""));
            match example.iter().find(|field| field.name == name.trim()) {
                Some(field) => match field.value {
                    ExampleValue::Str(text) if spec.ends_with('?') => write!(f, "{text:?}")?,
                    ExampleValue::Str(text) | ExampleValue::Number(text) => f.write_str(text)?,
                    ExampleValue::Bool(value) => write!(f, "{value}")?,
                },
                None => write!(f, "{{{inside}}}")?,
            }
            rest = after;
        }
        f.write_str(rest)
    }
    fn retryable(&self) -> bool {
        self.0.retryable
    }
    fn docs_url(&self) -> Option<&'static str> {
        self.0.docs_url
    }
    fn visit_details(&self, visit: &mut dyn FnMut(&'static str, &dyn erased_serde::Serialize)) {
        for field in self.0.example.iter().filter(|field| field.exposed) {
            visit(field.name, &field.value.to_json());
        }
    }
    fn has_details(&self) -> bool {
        self.0.example.iter().any(|field| field.exposed)
    }
}

fn body_schema_name(format: FormatKind) -> &'static str {
    match format {
        FormatKind::Simple => "ErrorBody",
        FormatKind::Problem => "ProblemDetails",
        FormatKind::Envelope => "ErrorEnvelope",
    }
}

fn object() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object)
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn text(description: &str) -> ObjectBuilder {
    string().description(Some(description))
}

/// The schema of one member of a built-in body (see [`Part::members`]).
fn member_schema(member: &Member) -> RefOr<Schema> {
    let schema = match member.fact {
        Fact::Code => text("The stable error code, such as `LINK_GONE`: match on it."),
        Fact::Message if member.key == "message" => text("The public message, for people."),
        Fact::Message => text("The public explanation of this occurrence."),
        Fact::Docs => text("A page documenting the code."),
        Fact::Type => {
            text("A URI reference identifying the problem type: its docs page, or `about:blank`.")
        }
        Fact::Title | Fact::ProblemTitle => {
            text("A short summary, the same for every occurrence of the code.")
        }
        Fact::Status => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .description(Some("The HTTP status of the response."))
            .minimum(Some(400))
            .maximum(Some(599)),
        Fact::Instance => text("A URI reference identifying this occurrence."),
        Fact::RequestId => text("The request's id, as sent in the `x-request-id` header."),
        Fact::TraceId => text(
            "The W3C trace id of the request's `traceparent` header, when the server exposes it.",
        ),
        Fact::Errors | Fact::ErrorsOn400 => {
            return ArrayBuilder::new()
                .items(Ref::from_schema_name("FieldViolation"))
                .description(Some("Field-level validation failures."))
                .into();
        }
        Fact::Details | Fact::FlatDetails => object()
            .description(Some("The fields the error exposes, by name."))
            .additional_properties(Some(AdditionalProperties::FreeForm(true))),
        Fact::Object(part) => return part_schema(part).into(),
    };
    schema.into()
}

/// The schema of a built-in body's object, from its members: each a property, the
/// required ones required; exposed fields flattened into it allow any other member.
fn part_schema(part: Part) -> ObjectBuilder {
    let description = match part {
        Part::Simple => "An API error: a stable code and a public message.",
        Part::Problem => "RFC 9457 problem details. Exposed fields are extension members.",
        Part::Envelope => "An API error in an envelope with request metadata.",
        Part::EnvelopeMeta => "About the request.",
        Part::EnvelopeError => "The error.",
    };
    let object = object().description(Some(description));
    part.members().iter().fold(object, |object, member| {
        if member.fact == Fact::FlatDetails {
            return object.additional_properties(Some(AdditionalProperties::FreeForm(true)));
        }
        let object = object.property(member.key, member_schema(member));
        if member.required {
            object.required(member.key)
        } else {
            object
        }
    })
}

/// Registers the body schemas that every error response of this crate refers to
/// (`ErrorBody`, `ProblemDetails`, `ErrorEnvelope` and `FieldViolation`), so that no
/// `$ref` dangles whichever format the API uses: one line on the document (utoipa takes
/// an identifier there, so import it first):
///
/// ```text
/// use http_api_error::utoipa::ErrorSchemas;
///
/// #[derive(utoipa::OpenApi)]
/// #[openapi(paths(get_link), modifiers(&ErrorSchemas))]
/// struct ApiDoc;
/// ```
///
/// A schema the document already has is left as it is.
///
/// utoipa collects no schemas from `IntoResponses`, so without this (or the schemas
/// listed in `components(schemas(...))`) every error response points at a missing
/// schema; [`missing_schemas`] finds that in a test.
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorSchemas;

/// Every body schema the responses refer to, by component name.
pub(crate) fn body_schemas() -> [(Cow<'static, str>, RefOr<Schema>); 4] {
    [
        (ErrorBody::name(), ErrorBody::schema()),
        (ProblemDetails::name(), ProblemDetails::schema()),
        (ErrorEnvelope::name(), ErrorEnvelope::schema()),
        (FieldViolation::name(), FieldViolation::schema()),
    ]
}

impl utoipa::Modify for ErrorSchemas {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, schema) in body_schemas() {
            components
                .schemas
                .entry(name.into_owned())
                .or_insert(schema);
        }
    }
}

/// The schemas the document refers to (`#/components/schemas/<name>`) but does not
/// define, sorted and without repeats: empty when every `$ref` resolves. Meant for a
/// test, so that a forgotten registration fails there rather than in a client
/// generator:
///
/// ```text
/// assert_eq!(missing_schemas(&ApiDoc::openapi()), Vec::<String>::new());
/// ```
#[must_use]
pub fn missing_schemas(openapi: &utoipa::openapi::OpenApi) -> Vec<String> {
    fn walk(value: &serde_json::Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::String(target)) = object.get("$ref")
                    && let Some(name) = target.strip_prefix("#/components/schemas/")
                {
                    found.insert(name.to_owned());
                }
                object.values().for_each(|child| walk(child, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|child| walk(child, found)),
            _ => {}
        }
    }
    let mut referred = std::collections::BTreeSet::new();
    if let Ok(document) = serde_json::to_value(openapi) {
        walk(&document, &mut referred);
    }
    let defined = openapi.components.as_ref().map(|c| &c.schemas);
    referred
        .into_iter()
        .filter(|name| defined.is_none_or(|schemas| !schemas.contains_key(name)))
        .collect()
}

/// `ToSchema` for a body schema: its name, and `FieldViolation` as a dependency.
macro_rules! body_schema {
    ($($ty:ident),*) => {$(
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push((FieldViolation::name().into_owned(), FieldViolation::schema()));
            }
        }
    )*};
}

body_schema!(ErrorBody, ProblemDetails, ErrorEnvelope);

/// The schema of the `simple` format's body:
/// `{"error": CODE, "message": ..., "docs"?, "request_id"?, "trace_id"?, "errors"?, "details"?}`.
#[derive(Clone, Copy, Debug)]
pub struct ErrorBody;

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        part_schema(Part::Simple).into()
    }
}

/// The schema of the `problem` format's body, RFC 9457 problem details
/// (`application/problem+json`) with the `code` extension member.
#[derive(Clone, Copy, Debug)]
pub struct ProblemDetails;

impl PartialSchema for ProblemDetails {
    fn schema() -> RefOr<Schema> {
        part_schema(Part::Problem).into()
    }
}

/// The schema of the `envelope` format's body:
/// `{"meta": {"requestId", "traceId"?}, "error": {...}}`.
#[derive(Clone, Copy, Debug)]
pub struct ErrorEnvelope;

impl PartialSchema for ErrorEnvelope {
    fn schema() -> RefOr<Schema> {
        part_schema(Part::Envelope).into()
    }
}

impl PartialSchema for FieldViolation {
    fn schema() -> RefOr<Schema> {
        object()
            .description(Some("One field-level validation failure."))
            .property(
                "location",
                text("Where the problem is: `body.name`, `query.limit`, `path.id`."),
            )
            .required("location")
            .property("message", text("What is wrong."))
            .required("message")
            .property(
                "code",
                text("A machine-readable reason in SCREAMING_SNAKE_CASE, such as `LENGTH`, when known."),
            )
            .property("fix", text("How to fix it, when known."))
            .into()
    }
}

impl ToSchema for FieldViolation {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FieldViolation")
    }
}

/// `IntoResponses` for a derived type, in its default format.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error_utoipa {
    // A format of the user's own (`$format`: a `&'static dyn Format`), described by
    // the format itself.
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*] format [custom $format:path]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)* $($where)* {
            fn responses() -> $crate::__private::utoipa::Responses {
                $crate::utoipa::responses_in(&<Self as $crate::ApiError>::catalog(), $format)
            }
        }
    };
    (impl [$($generics:tt)*] [$($ty:tt)*] [$($where:tt)*] format [$format:ident]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)* $($where)* {
            fn responses() -> $crate::__private::utoipa::Responses {
                $crate::utoipa::responses(
                    &<Self as $crate::ApiError>::catalog(),
                    $crate::FormatKind::$format,
                )
            }
        }
    };
}
