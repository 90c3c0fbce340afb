//! The input as darling reads it, and the IR the other phases query.

use darling::util::{Flag, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta, FromVariant};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, LitStr, Member, Type};

/// Every `#[api(...)]` key. One receiver serves the type, its variants and its fields
/// so that a key in the wrong place is reported by `valid.rs` with a message saying
/// where it belongs, instead of as an unknown key.
#[derive(Default, FromMeta)]
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
    #[darling(rename = "crate")]
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
}

/// `status = ...` kept as written; `valid.rs` decides whether it is a status.
pub struct StatusExpr(pub Expr);

impl FromMeta for StatusExpr {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Ok(StatusExpr(expr.clone()))
    }
}

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
    /// Index into the original input's variants, for key spans (`None` for structs).
    pub index: Option<usize>,
}

pub struct Field {
    pub member: Member,
    pub ty: Type,
    pub keys: Keys,
    // #[source], or a field named `source`
    pub source: Option<Span>,
    // #[from]
    pub from: Option<Span>,
    /// Index into the variant's original fields, for key spans.
    pub index: usize,
}

impl<'a> Input<'a> {
    pub fn from_syn(original: &'a syn::DeriveInput) -> darling::Result<Self> {
        let receiver = InputReceiver::from_derive_input(original)?;
        let mut thiserror = has_error_attr(&receiver.attrs);
        let (variants, is_struct) = match receiver.data {
            darling::ast::Data::Enum(variants) => {
                let variants = variants
                    .into_iter()
                    .enumerate()
                    .map(|(index, variant)| {
                        let error_attr = error_attr(&variant.attrs);
                        thiserror |= error_attr.is_some();
                        Variant {
                            ident: variant.ident,
                            style: variant.fields.style,
                            fields: fields(variant.fields.fields),
                            keys: variant.keys,
                            error_attr,
                            index: Some(index),
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
                    index: None,
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

    /// The attributes of the type, a variant or a field, for locating keys.
    pub fn attrs_of(&self, variant: Option<&Variant>, field: Option<&Field>) -> &'a [Attribute] {
        let original = self.original;
        let variant_fields = match (&original.data, variant.and_then(|v| v.index)) {
            (syn::Data::Enum(data), Some(index)) => match data.variants.iter().nth(index) {
                Some(v) => Some((&v.attrs, &v.fields)),
                None => None,
            },
            (syn::Data::Struct(data), _) => Some((&original.attrs, &data.fields)),
            _ => None,
        };
        match (variant_fields, field) {
            (Some((_, fields)), Some(field)) => match fields.iter().nth(field.index) {
                Some(f) => &f.attrs,
                None => &original.attrs,
            },
            (Some((attrs, _)), None) if variant.is_some() => attrs,
            _ => &original.attrs,
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

    pub fn from_field(&self) -> Option<&Field> {
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
                index,
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

/// The span of `key` inside the `#[api(...)]` attributes among `attrs`.
pub fn key_span(attrs: &[Attribute], key: &str) -> Option<Span> {
    let mut found = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("api")) {
        let _ = attr.parse_nested_meta(|meta| {
            if found.is_none() && meta.path.is_ident(key) {
                found = Some(meta.path.span());
            }
            if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
            }
            Ok(())
        });
    }
    found
}
