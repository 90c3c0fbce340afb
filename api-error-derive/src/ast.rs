//! The input as darling reads it, and the IR the other phases query.

use darling::ast::NestedMeta;
use darling::util::{Flag, SpannedValue};
use darling::{Error, FromDeriveInput, FromField, FromMeta, FromVariant};
use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Generics, Ident, Lit, LitStr, Member, Meta, Type};

/// Every `#[api(...)]` key. One receiver serves the type, its variants and its fields
/// so that a key in the wrong place is reported by `valid.rs` with a message saying
/// where it belongs, instead of as an unknown key.
///
/// Read by hand rather than by `#[derive(FromMeta)]`: a key that cannot be read is
/// recorded in `problems` and reading goes on, so that `valid.rs` still runs and one
/// compile shows every mistake of the input (serde's `Ctxt`), with messages in rustc's
/// style that name the fix.
#[derive(Default)]
pub struct Keys {
    // #[api(code = "LINK_GONE")]
    pub code: Option<LitStr>,
    // #[api(status = 410)] or #[api(status = GONE)]
    pub status: Option<StatusExpr>,
    // #[api(message = "Link {id} has been deleted")]
    pub message: Option<LitStr>,
    // #[api(retry = false)]
    pub retry: Option<SpannedValue<bool>>,
    // #[api(title = "Link Gone")]
    pub title: Option<LitStr>,
    // #[api(docs = "https://docs.example.com/errors#{code}")]
    pub docs: Option<LitStr>,
    // #[api(transparent)]
    pub transparent: Flag,
    // #[api(format = "problem")]
    pub format: Option<LitStr>,
    // #[api(crate = "my_reexport::api_error")]
    pub krate: Option<LitStr>,
    // #[api(www_authenticate = "Bearer realm=\"api\"")]
    pub www_authenticate: Option<LitStr>,
    // #[api(category = "Authentication errors")]
    pub category: Option<LitStr>,
    // #[api(retry_after)] on a field
    pub retry_after: Flag,
    // #[api(errors)] on a field
    pub errors: Flag,
    // #[api(expose)] on a field
    pub expose: Flag,
    /// The keys that were read, in the order written: the span of each key's name and
    /// the item as written, for pointing at a duplicate's first occurrence.
    written: Vec<(&'static str, Span, String)>,
    /// Keys that were written but could not be read, and the likely intent of an unknown
    /// key, so that `valid.rs` does not report them as missing as well.
    attempted: Vec<&'static str>,
    /// What could not be read; `valid.rs` reports it together with its own findings.
    pub problems: Vec<darling::Error>,
}

/// Every key, for "did you mean" and for the list shown after an unknown key.
pub const KEYS: &[&str] = &[
    "code",
    "status",
    "message",
    "retry",
    "title",
    "docs",
    "transparent",
    "format",
    "crate",
    "www_authenticate",
    "category",
    "retry_after",
    "errors",
    "expose",
];

impl FromMeta for Keys {
    fn from_list(items: &[NestedMeta]) -> darling::Result<Self> {
        let mut keys = Keys::default();
        for item in items {
            keys.read(item);
        }
        Ok(keys)
    }
}

impl Keys {
    /// The keys that were written, in order.
    pub fn present(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.written.iter().map(|(key, _, _)| *key)
    }

    /// The span of `key`'s name, if it was written.
    pub fn span(&self, key: &str) -> Option<Span> {
        self.written
            .iter()
            .find(|(written, _, _)| *written == key)
            .map(|(_, span, _)| *span)
    }

    /// Whether `key` was written, even if its value could not be read.
    pub fn attempted(&self, key: &str) -> bool {
        self.span(key).is_some() || self.attempted.contains(&key)
    }

    fn read(&mut self, item: &NestedMeta) {
        let (path, value) = match item {
            NestedMeta::Meta(meta) => (meta.path(), Value::Meta(meta)),
            NestedMeta::NameValueInvalidExpr(invalid) => {
                (&invalid.path, Value::Invalid(&invalid.value))
            }
            // darling's receivers report literal items before handing the rest over.
            NestedMeta::Lit(_) => return,
        };
        let name = path_name(path);
        let Some(key) = KEYS.iter().copied().find(|key| *key == name) else {
            self.unknown(path, &name);
            return;
        };
        if let Some((_, _, first)) = self.written.iter().find(|(written, _, _)| *written == key) {
            self.problems.push(
                Error::custom(format!(
                    "`{key}` is specified more than once, first as `{first}`: remove one"
                ))
                .with_span(path),
            );
            return;
        }
        let read = match key {
            "code" => string(&value, path, key, "LINK_NOT_FOUND").map(|lit| self.code = Some(lit)),
            "message" => {
                string(&value, path, key, "Link not found").map(|lit| self.message = Some(lit))
            }
            "title" => {
                string(&value, path, key, "Link Not Found").map(|lit| self.title = Some(lit))
            }
            "docs" => string(&value, path, key, "https://docs.example.com/errors#{code}")
                .map(|lit| self.docs = Some(lit)),
            "format" => string(&value, path, key, "problem").map(|lit| self.format = Some(lit)),
            "crate" => {
                string(&value, path, key, "::my_crate::api_error").map(|lit| self.krate = Some(lit))
            }
            "www_authenticate" => string(&value, path, key, "Bearer realm=\\\"api\\\"")
                .map(|lit| self.www_authenticate = Some(lit)),
            "category" => string(&value, path, key, "Authentication errors")
                .map(|lit| self.category = Some(lit)),
            "status" => match value {
                Value::Meta(Meta::NameValue(nv)) => {
                    self.status = Some(StatusExpr(nv.value.clone()));
                    Ok(())
                }
                _ => Err(value.error(
                    "`status` needs a value: an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`",
                    path,
                )),
            },
            "retry" => retry(&value, path).map(|retry| self.retry = Some(retry)),
            "transparent" => flag(&value, key, path).map(|flag| self.transparent = flag),
            "retry_after" => flag(&value, key, path).map(|flag| self.retry_after = flag),
            "errors" => flag(&value, key, path).map(|flag| self.errors = flag),
            "expose" => flag(&value, key, path).map(|flag| self.expose = flag),
            _ => Ok(()),
        };
        match read {
            Ok(()) => self.written.push((key, path.span(), written(item))),
            Err(error) => {
                self.attempted.push(key);
                self.problems.push(error);
            }
        }
    }

    fn unknown(&mut self, path: &syn::Path, name: &str) {
        let message = match name {
            "source" | "from" => {
                format!("`{name}` is not an `#[api(...)]` key: write `#[{name}]` on the field")
            }
            _ => match suggest_key(name) {
                Some(key) => {
                    self.attempted.push(key);
                    format!("unknown key `{name}`; did you mean `{key}`?")
                }
                None => format!(
                    "unknown key `{name}`: the keys are {}",
                    KEYS.iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        self.problems.push(Error::custom(message).with_span(path));
    }
}

/// The key an unknown `name` most likely meant: a near spelling (`stauts`), else the
/// longest key it contains (`http_status`, `error_code`).
fn suggest_key(name: &str) -> Option<&'static str> {
    crate::valid::did_you_mean(name, KEYS.iter().copied()).or_else(|| {
        let lower = name.to_ascii_lowercase();
        KEYS.iter()
            .copied()
            .filter(|key| lower.contains(key))
            .max_by_key(|key| key.len())
    })
}

/// The value side of one `key ...` item.
enum Value<'a> {
    Meta(&'a Meta),
    /// `key = <tokens that are not an expression>`.
    Invalid(&'a proc_macro2::TokenStream),
}

impl Value<'_> {
    /// The expression after `=`, through the invisible groups `macro_rules!` adds.
    fn expr(&self) -> Option<&Expr> {
        let Value::Meta(Meta::NameValue(nv)) = self else {
            return None;
        };
        let mut expr = &nv.value;
        while let Expr::Group(group) = expr {
            expr = &group.expr;
        }
        Some(expr)
    }

    /// `message` at the value when there is one, else at the key.
    fn error(&self, message: &str, path: &syn::Path) -> Error {
        let error = Error::custom(message);
        match self {
            Value::Meta(Meta::NameValue(nv)) => error.with_span(&nv.value),
            Value::Meta(Meta::List(list)) => error.with_span(&list.delimiter.span().join()),
            Value::Invalid(tokens) => error.with_span(tokens),
            Value::Meta(Meta::Path(_)) => error.with_span(path),
        }
    }
}

/// `key = "..."`.
fn string(value: &Value, path: &syn::Path, key: &str, example: &str) -> darling::Result<LitStr> {
    match value.expr() {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Ok(lit.clone()),
        _ => Err(value.error(
            &format!("`{key}` must be a string literal, such as `{key} = \"{example}\"`"),
            path,
        )),
    }
}

/// `retry = true` or `retry = false`; a bare `retry` means `true`.
fn retry(value: &Value, path: &syn::Path) -> darling::Result<SpannedValue<bool>> {
    if let Value::Meta(Meta::Path(path)) = value {
        return Ok(SpannedValue::new(true, path.span()));
    }
    match value.expr() {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        })) => Ok(SpannedValue::new(lit.value, lit.span())),
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) if matches!(lit.value().as_str(), "true" | "false") => Err(Error::custom(format!(
            "`retry` must be a boolean, not a string: write `retry = {}` without quotes",
            lit.value()
        ))
        .with_span(lit)),
        _ => Err(value.error("`retry` must be `true` or `false`", path)),
    }
}

/// A marker such as `transparent`: a bare word.
fn flag(value: &Value, key: &str, path: &syn::Path) -> darling::Result<Flag> {
    match value {
        Value::Meta(meta @ Meta::Path(_)) => Flag::from_meta(meta),
        _ => Err(value.error(
            &format!("`{key}` takes no value: write `#[api({key})]`"),
            path,
        )),
    }
}

/// The key as written: one identifier, or a path such as `a::b`.
fn path_name(path: &syn::Path) -> String {
    match path.get_ident() {
        Some(ident) => ident.to_string(),
        None => path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// An item as the user wrote it, near enough for a message: `status = 404`.
fn written(item: &NestedMeta) -> String {
    item.to_token_stream().to_string()
}

/// `status = ...` kept as written; `valid.rs` decides whether it is a status.
pub struct StatusExpr(pub Expr);

#[derive(FromDeriveInput)]
#[darling(attributes(api), forward_attrs(error))]
pub struct InputReceiver {
    pub ident: Ident,
    pub generics: Generics,
    pub data: darling::ast::Data<VariantReceiver, FieldReceiver>,
    pub attrs: Vec<Attribute>,
    #[darling(flatten)]
    pub keys: Keys,
}

#[derive(FromVariant)]
#[darling(attributes(api), forward_attrs(error))]
pub struct VariantReceiver {
    pub ident: Ident,
    pub fields: darling::ast::Fields<FieldReceiver>,
    pub attrs: Vec<Attribute>,
    #[darling(flatten)]
    pub keys: Keys,
}

#[derive(FromField)]
#[darling(attributes(api), forward_attrs(source, from))]
pub struct FieldReceiver {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    #[darling(flatten)]
    pub keys: Keys,
}

/// The derive input.
pub struct Input<'a> {
    pub original: &'a syn::DeriveInput,
    pub ident: Ident,
    pub generics: Generics,
    /// Type-level keys (for a struct, its only variant's keys too).
    pub keys: Keys,
    pub variants: Vec<Variant>,
    pub is_struct: bool,
    /// thiserror's `#[error(...)]` is present: it provides `Display` and `Error`.
    pub thiserror: bool,
}

/// One error: an enum variant, or the struct itself.
pub struct Variant {
    /// The variant name; the type name for a struct.
    pub ident: Ident,
    pub style: darling::ast::Style,
    pub fields: Vec<Field>,
    pub keys: Keys,
    /// thiserror's `#[error("...")]` on this variant (or struct), if any.
    pub error_attr: Option<Attribute>,
}

pub struct Field {
    pub member: Member,
    pub ty: Type,
    pub keys: Keys,
    // #[source], or a field named `source`
    pub source: Option<Span>,
    // #[from]
    pub from: Option<Span>,
}

impl<'a> Input<'a> {
    pub fn from_syn(original: &'a syn::DeriveInput) -> darling::Result<Self> {
        let receiver = InputReceiver::from_derive_input(original)?;
        let mut thiserror = has_error_attr(&receiver.attrs);
        let (variants, is_struct) = match receiver.data {
            darling::ast::Data::Enum(variants) => {
                let variants = variants
                    .into_iter()
                    .map(|variant| {
                        let error_attr = error_attr(&variant.attrs);
                        thiserror |= error_attr.is_some();
                        Variant {
                            ident: variant.ident,
                            style: variant.fields.style,
                            fields: fields(variant.fields.fields),
                            keys: variant.keys,
                            error_attr,
                        }
                    })
                    .collect();
                (variants, false)
            }
            darling::ast::Data::Struct(fields_) => {
                let variant = Variant {
                    ident: receiver.ident.clone(),
                    style: fields_.style,
                    fields: fields(fields_.fields),
                    // A struct's keys are read from `Input::keys`; see `Input::variant_keys`.
                    keys: Keys::default(),
                    error_attr: error_attr(&receiver.attrs),
                };
                (vec![variant], true)
            }
        };
        Ok(Input {
            original,
            ident: receiver.ident,
            generics: receiver.generics,
            keys: receiver.keys,
            variants,
            is_struct,
            thiserror,
        })
    }

    /// The keys that describe `variant`: its own, or the type's for a struct.
    pub fn variant_keys<'k>(&'k self, variant: &'k Variant) -> &'k Keys {
        if self.is_struct {
            &self.keys
        } else {
            &variant.keys
        }
    }

    /// What the input is, for messages: `enum` or `struct`.
    pub fn kind(&self) -> &'static str {
        match self.original.data {
            syn::Data::Enum(_) => "enum",
            syn::Data::Struct(_) => "struct",
            syn::Data::Union(_) => "union",
        }
    }
}

impl Variant {
    pub fn is_transparent(&self, keys: &Keys) -> bool {
        keys.transparent.is_present()
    }

    /// The field a transparent variant delegates to.
    pub fn transparent_field(&self) -> Option<&Field> {
        match self.fields.as_slice() {
            [field] => Some(field),
            _ => None,
        }
    }

    pub fn source_field(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.is_source())
    }

    /// The `#[from]` field, which `From` fills.
    pub fn field_with_from(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.from.is_some())
    }

    pub fn retry_after_field(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.keys.retry_after.is_present())
    }

    pub fn errors_field(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.keys.errors.is_present())
    }

    pub fn exposed_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.keys.expose.is_present())
    }

    /// The field named or numbered `name` in a message placeholder.
    pub fn field_named(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name() == name)
    }
}

impl Field {
    /// `#[source]`, `#[from]`, or named `source`: an internal error, never sent.
    pub fn is_source(&self) -> bool {
        self.source.is_some() || self.from.is_some()
    }

    /// The name used in messages and bodies: the identifier without `r#`, or the index.
    pub fn name(&self) -> String {
        match &self.member {
            Member::Named(ident) => {
                let name = ident.to_string();
                name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
            }
            Member::Unnamed(index) => index.index.to_string(),
        }
    }

    /// The local a match arm binds this field to.
    pub fn binding(&self) -> Ident {
        match &self.member {
            Member::Named(ident) => ident.clone(),
            Member::Unnamed(index) => {
                quote::format_ident!("__field{}", index.index, span = self.ty.span())
            }
        }
    }
}

fn fields(receivers: Vec<FieldReceiver>) -> Vec<Field> {
    receivers
        .into_iter()
        .enumerate()
        .map(|(index, field)| {
            let member = match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(syn::Index {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    span: field.ty.span(),
                }),
            };
            let named_source = field.ident.as_ref().is_some_and(|ident| ident == "source");
            let attr_span = |name: &str| {
                field
                    .attrs
                    .iter()
                    .find(|attr| attr.path().is_ident(name))
                    .map(|attr| attr.path().span())
            };
            let source = attr_span("source").or_else(|| {
                named_source.then(|| {
                    field
                        .ident
                        .as_ref()
                        .map_or_else(Span::call_site, Ident::span)
                })
            });
            Field {
                from: attr_span("from"),
                source,
                member,
                ty: field.ty,
                keys: field.keys,
            }
        })
        .collect()
}

fn has_error_attr(attrs: &[Attribute]) -> bool {
    error_attr(attrs).is_some()
}

fn error_attr(attrs: &[Attribute]) -> Option<Attribute> {
    attrs
        .iter()
        .find(|attr| attr.path().is_ident("error"))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(tokens: &str) -> Keys {
        let items = NestedMeta::parse_meta_list(tokens.parse().unwrap()).unwrap();
        Keys::from_list(&items).unwrap()
    }

    fn problems(keys: &Keys) -> Vec<String> {
        keys.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_every_kind_of_key() {
        let keys =
            keys(r#"code = "LINK_GONE", status = 410, retry = false, transparent, crate = "::x""#);
        assert!(keys.problems.is_empty());
        assert_eq!(keys.code.unwrap().value(), "LINK_GONE");
        assert!(keys.status.is_some());
        assert_eq!(keys.retry.map(|retry| *retry), Some(false));
        assert!(keys.transparent.is_present());
        assert_eq!(keys.krate.unwrap().value(), "::x");
    }

    #[test]
    fn keeps_reading_after_a_bad_key() {
        let keys = keys(r#"stauts = 404, message = 404, code = "A", code = "B", expose = true"#);
        assert_eq!(
            problems(&keys),
            [
                "unknown key `stauts`; did you mean `status`?",
                "`message` must be a string literal, such as `message = \"Link not found\"`",
                "`code` is specified more than once, first as `code = \"A\"`: remove one",
                "`expose` takes no value: write `#[api(expose)]`",
            ]
        );
        assert_eq!(keys.code.as_ref().unwrap().value(), "A");
        assert!(keys.attempted("status") && keys.attempted("message"));
        assert!(!keys.attempted("title"));
        assert_eq!(keys.present().collect::<Vec<_>>(), ["code"]);
    }

    #[test]
    fn suggests_the_key_meant() {
        assert_eq!(suggest_key("stauts"), Some("status"));
        assert_eq!(suggest_key("http_status"), Some("status"));
        assert_eq!(suggest_key("status_code"), Some("status"));
        assert_eq!(suggest_key("retry_after_secs"), Some("retry_after"));
        assert_eq!(suggest_key("severity"), None);
    }
}
