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
//! - documents the headers: `WWW-Authenticate` on 401, `Retry-After` on 429 and 503,
//!   and `x-request-id`.
//!
//! Use the error type in `responses(...)` and register the body schema once:
//!
//! ```ignore
//! #[utoipa::path(get, path = "/links/{id}", responses((status = 200, body = Link), LinkError))]
//! async fn get_link() { /* ... */ }
//!
//! #[derive(utoipa::OpenApi)]
//! #[openapi(paths(get_link), components(schemas(api_error::utoipa::ErrorBody)))]
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

use crate::{
    ApiError, Catalog, CatalogEntry, FieldViolation, FormatKind, RequestContext, StatusCode,
};

/// The OpenAPI responses of every code in `catalog`, one per status, bodies in `format`:
/// what the derived [`utoipa::IntoResponses`] impl returns (see the [module](self) docs).
#[must_use]
pub fn responses(catalog: &Catalog, format: FormatKind) -> BTreeMap<String, RefOr<Response>> {
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
                response(status, &entries, format).into(),
            )
        })
        .collect()
}

fn response(status: u16, entries: &[&CatalogEntry], format: FormatKind) -> Response {
    let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
    let schema = AllOfBuilder::new()
        .item(Ref::from_schema_name(body_schema_name(format)))
        .item(codes_schema(format, &codes));
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
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Error");
    let mut builder = ResponseBuilder::new()
        .description(format!("{reason}: {}", codes.join(", ")))
        .content(format.content_type_str(), content);
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
    if status == 429 || status == 503 {
        builder = builder.header(
            "Retry-After",
            header(
                "When the server knows how long to wait: seconds, or an HTTP date. Retry after it.",
            ),
        );
    }
    builder
        .header(
            "x-request-id",
            header("The request's id, when the service assigns one; quote it to support."),
        )
        .build()
}

/// The member holding the code, narrowed to `codes`.
fn codes_schema(format: FormatKind, codes: &[&str]) -> ObjectBuilder {
    let codes = string().enum_values(Some(codes.iter().copied()));
    match format {
        FormatKind::Simple => object().property("error", codes),
        FormatKind::Problem => object().property("code", codes),
        FormatKind::Envelope => object().property("error", object().property("code", codes)),
    }
}

/// The body of `entry` as declared, in `format`, with no request context.
fn example_body(entry: &CatalogEntry, format: FormatKind) -> Option<serde_json::Value> {
    let response = Declared(entry).render(&format, &RequestContext::EMPTY);
    serde_json::from_slice(response.body()).ok()
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
    fn fmt_message(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0.message)
    }
    fn retryable(&self) -> bool {
        self.0.retryable
    }
    fn docs_url(&self) -> Option<&'static str> {
        self.0.docs_url
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

fn described(builder: ObjectBuilder, description: &str) -> ObjectBuilder {
    builder.description(Some(description))
}

fn code() -> ObjectBuilder {
    described(
        string(),
        "The stable error code, such as `LINK_GONE`: match on it.",
    )
}

fn status() -> ObjectBuilder {
    described(
        ObjectBuilder::new().schema_type(Type::Integer),
        "The HTTP status of the response.",
    )
    .minimum(Some(400))
    .maximum(Some(599))
}

fn request_id(name: &str) -> (String, ObjectBuilder) {
    (
        name.to_owned(),
        described(
            string(),
            "The request's id, as sent in the `x-request-id` header.",
        ),
    )
}

fn errors() -> ArrayBuilder {
    ArrayBuilder::new()
        .items(Ref::from_schema_name("FieldViolation"))
        .description(Some("Field-level validation failures."))
}

fn details() -> ObjectBuilder {
    described(object(), "The fields the error exposes, by name.")
        .additional_properties(Some(AdditionalProperties::FreeForm(true)))
}

fn dependencies(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((
        FieldViolation::name().into_owned(),
        FieldViolation::schema(),
    ));
}

/// The schema of the `simple` format's body:
/// `{"error": CODE, "message": ..., "docs"?, "request_id"?, "errors"?, "details"?}`.
#[derive(Clone, Copy, Debug)]
pub struct ErrorBody;

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        let (id_name, id) = request_id("request_id");
        object()
            .description(Some("An API error: a stable code and a public message."))
            .property("error", code())
            .required("error")
            .property(
                "message",
                described(string(), "The public message, for people."),
            )
            .required("message")
            .property("docs", described(string(), "A page documenting the code."))
            .property(id_name, id)
            .property("errors", errors())
            .property("details", details())
            .into()
    }
}

impl ToSchema for ErrorBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorBody")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        dependencies(schemas);
    }
}

/// The schema of the `problem` format's body, RFC 9457 problem details
/// (`application/problem+json`) with the `code` extension member.
#[derive(Clone, Copy, Debug)]
pub struct ProblemDetails;

impl PartialSchema for ProblemDetails {
    fn schema() -> RefOr<Schema> {
        let (id_name, id) = request_id("request_id");
        object()
            .description(Some(
                "RFC 9457 problem details. Exposed fields are extension members.",
            ))
            .property(
                "type",
                described(
                    string(),
                    "A URI reference identifying the problem type: its docs page, or `about:blank`.",
                ),
            )
            .required("type")
            .property(
                "title",
                described(string(), "A short summary, the same for every occurrence of the code."),
            )
            .required("title")
            .property("status", status())
            .required("status")
            .property(
                "detail",
                described(string(), "The public explanation of this occurrence."),
            )
            .required("detail")
            .property(
                "instance",
                described(string(), "A URI reference identifying this occurrence."),
            )
            .property("code", code())
            .required("code")
            .property(id_name, id)
            .property("errors", errors())
            .additional_properties(Some(AdditionalProperties::FreeForm(true)))
            .into()
    }
}

impl ToSchema for ProblemDetails {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProblemDetails")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        dependencies(schemas);
    }
}

/// The schema of the `envelope` format's body: `{"meta": {"requestId"?}, "error": {...}}`.
#[derive(Clone, Copy, Debug)]
pub struct ErrorEnvelope;

impl PartialSchema for ErrorEnvelope {
    fn schema() -> RefOr<Schema> {
        let (id_name, id) = request_id("requestId");
        let meta = described(object(), "About the request.").property(id_name, id);
        let error = described(object(), "The error.")
            .property(
                "title",
                described(string(), "A short summary, the same for every occurrence of the code."),
            )
            .required("title")
            .property(
                "detail",
                described(string(), "The public explanation of this occurrence."),
            )
            .required("detail")
            .property("status", status())
            .required("status")
            .property(
                "type",
                described(
                    string(),
                    "A URI reference identifying the problem type: its docs page, or `about:blank`.",
                ),
            )
            .required("type")
            .property("code", code())
            .required("code")
            .property("errors", errors())
            .property("details", details());
        object()
            .description(Some("An API error in an envelope with request metadata."))
            .property("meta", meta)
            .required("meta")
            .property("error", error)
            .required("error")
            .into()
    }
}

impl ToSchema for ErrorEnvelope {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorEnvelope")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        dependencies(schemas);
    }
}

impl PartialSchema for FieldViolation {
    fn schema() -> RefOr<Schema> {
        object()
            .description(Some("One field-level validation failure."))
            .property(
                "location",
                described(
                    string(),
                    "Where the problem is: `body.name`, `query.limit`, `path.id`.",
                ),
            )
            .required("location")
            .property("message", described(string(), "What is wrong."))
            .required("message")
            .property("fix", described(string(), "How to fix it, when known."))
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
