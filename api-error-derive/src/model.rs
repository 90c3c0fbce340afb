//! The one model of a derive input, built once from the parsed input (`ast`) and the
//! facts `valid` checked: what each variant is (its own facts, or a delegation to its
//! one field), the role of each field, the message with its placeholders bound to
//! fields, and the variant's place in the metadata table. Generation (`expand`) reads
//! only this: no attribute keys, no second binding of placeholders, no struct-or-enum
//! branches.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::ext::IdentExt as _;
use syn::{Generics, Ident, LitStr, Path};

use crate::ast::{Field, Input, Variant};
use crate::valid::{self, BodyFormat, Checked, Spec};

pub struct Model<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// thiserror's `#[error]` is present (or `std_impls = false`): `Display`, `Error`
    /// and `From` are written elsewhere.
    pub thiserror: bool,
    /// `framework_impls = false`: no `IntoResponse` / `ResponseError` impls.
    pub framework_impls: bool,
    /// `#[deprecated]` appears in the input.
    pub deprecated: bool,
    /// `::http_api_error`, or the `crate = "..."` path.
    pub krate: Path,
    pub format: BodyFormat,
    /// `#[api(format = MyFormat)]`: a format of the user's own, which renders every
    /// response (`format` stays the built-in one OpenAPI would describe: none).
    pub custom_format: Option<&'a Path>,
    /// `#[api(alternatives = [..])]`: formats offered for content negotiation.
    pub alternatives: &'a [Path],
    /// The type's `docs` template and `WWW-Authenticate` challenge: its variants'
    /// defaults, and what a nested error without its own takes.
    pub docs: Option<String>,
    pub www_authenticate: Option<String>,
    /// `#[api(domain = "...")]`: the `ErrorInfo` domain of the type's codes.
    pub domain: Option<String>,
    pub variants: Vec<VariantModel<'a>>,
}

/// One error: an enum variant, or the struct itself.
pub struct VariantModel<'a> {
    /// How the catalog names it: `Enum::Variant`, or the struct's name.
    pub name: String,
    /// `Self::Variant`, or `Self` for a struct.
    pub path: TokenStream,
    pub kind: Kind<'a>,
    /// `#[source]`, `#[from]` or a field named `source`.
    pub source: Option<&'a Field>,
    /// `#[from]`.
    pub from: Option<&'a Field>,
    /// `#[api(transparent = classify)]`: the function from the transparent field to
    /// the error it stands for.
    pub via: Option<&'a Path>,
}

pub enum Kind<'a> {
    /// `#[api(transparent)]`: everything comes from this field.
    Transparent(&'a Field),
    /// A variant with facts of its own.
    Own(Box<Own<'a>>),
}

pub struct Own<'a> {
    pub spec: Spec,
    pub message: Message<'a>,
    /// Its position in the generated metadata table.
    pub meta_index: usize,
    /// `#[api(retry_after)]`.
    pub retry_after: Option<&'a Field>,
    /// `#[api(errors)]`.
    pub errors: Option<&'a Field>,
    /// `#[api(expose)]`, in declaration order.
    pub exposed: Vec<&'a Field>,
    /// What each field is for, in declaration order.
    pub roles: Vec<(&'a Field, Roles)>,
}

/// What a field of a non-transparent variant is for; a field may be several at once
/// (`#[api(retry_after, expose)]`). A field that is none is kept for the log.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub retry_after: bool,
    pub errors: bool,
    /// Exposed under its name (only named fields can be).
    pub exposed: bool,
}

pub enum Message<'a> {
    /// No placeholders: this exact text.
    Static(String),
    /// `write!(f, lit)`, binding `bound` to locals the literal names.
    Format {
        lit: LitStr,
        /// The fields the placeholders name, each once, with the formatting trait of
        /// each use.
        uses: Vec<(&'a Field, Option<char>)>,
        /// The fields to bind: those used, or all of them when a placeholder names no
        /// field, so that rustc's "cannot find value" can suggest the closest name.
        bound: Vec<&'a Field>,
        /// Some placeholder names no field (rustc reports it).
        unknown: bool,
    },
    /// thiserror's `Display`.
    Display,
}

impl<'a> Model<'a> {
    /// Parses nothing and checks everything: the model of `input`, or every mistake.
    pub fn resolve(input: &'a Input<'a>) -> syn::Result<Self> {
        let Checked { ty, specs } = valid::check(input)?;
        let mut meta_index = 0..;
        let mut variants = Vec::with_capacity(input.variants.len());
        for (variant, spec) in input.variants.iter().zip(specs) {
            let kind = match spec {
                // `valid` has reported a transparent variant without exactly one field.
                None => Kind::Transparent(variant.transparent_field().ok_or_else(|| {
                    syn::Error::new(variant.ident.span(), "a transparent error needs one field")
                })?),
                Some(spec) => Kind::Own(Box::new(Own::new(
                    variant,
                    spec,
                    meta_index.next().unwrap_or_default(),
                ))),
            };
            let (name, path) = if input.is_struct {
                (input.ident.unraw().to_string(), quote!(Self))
            } else {
                let ident = &variant.ident;
                (
                    format!("{}::{}", input.ident.unraw(), ident.unraw()),
                    quote!(Self::#ident),
                )
            };
            variants.push(VariantModel {
                name,
                path,
                kind,
                source: variant.fields.iter().find(|f| f.is_source()),
                from: variant.fields.iter().find(|f| f.from.is_some()),
                via: input.variant_keys(variant).transparent_via.as_ref(),
            });
        }
        Ok(Model {
            ident: &input.ident,
            generics: &input.generics,
            thiserror: input.thiserror,
            framework_impls: input
                .keys
                .framework_impls
                .as_ref()
                .is_none_or(|on| on.value),
            deprecated: input.deprecated,
            krate: ty.krate,
            format: ty.format,
            custom_format: input.keys.format_path.as_ref(),
            alternatives: input.keys.alternatives.as_deref().unwrap_or_default(),
            docs: ty.docs,
            www_authenticate: ty.www_authenticate,
            domain: ty.domain,
            variants,
        })
    }

    pub fn has_transparent(&self) -> bool {
        self.variants
            .iter()
            .any(|v| matches!(v.kind, Kind::Transparent(_)))
    }

    pub fn has_own(&self) -> bool {
        self.variants.iter().any(|v| matches!(v.kind, Kind::Own(_)))
    }
}

impl<'a> Own<'a> {
    fn new(variant: &'a Variant, spec: Spec, meta_index: usize) -> Self {
        let roles: Vec<(&Field, Roles)> = variant
            .fields
            .iter()
            .map(|field| {
                let roles = Roles {
                    retry_after: field.keys.retry_after.is_present(),
                    errors: field.keys.errors.is_present(),
                    exposed: field.keys.expose.is_present()
                        && matches!(field.member, syn::Member::Named(_)),
                };
                (field, roles)
            })
            .collect();
        let with = |wanted: fn(&Roles) -> bool| {
            roles
                .iter()
                .filter(move |(_, r)| wanted(r))
                .map(|(f, _)| *f)
        };
        let message = match &spec.message {
            valid::Message::Static(text) => Message::Static(text.clone()),
            valid::Message::Display => Message::Display,
            valid::Message::Format { lit, uses } => {
                let mut bound: Vec<&Field> = Vec::new();
                let mut resolved = Vec::new();
                let mut unknown = false;
                for (index, trait_char) in uses {
                    match index.and_then(|i| variant.fields.get(i)) {
                        Some(field) => {
                            resolved.push((field, *trait_char));
                            if !bound.iter().any(|b| b.member == field.member) {
                                bound.push(field);
                            }
                        }
                        None => unknown = true,
                    }
                }
                if unknown {
                    bound = variant.fields.iter().collect();
                }
                Message::Format {
                    lit: lit.clone(),
                    uses: resolved,
                    bound,
                    unknown,
                }
            }
        };
        Own {
            retry_after: with(|r| r.retry_after).next(),
            errors: with(|r| r.errors).next(),
            exposed: with(|r| r.exposed).collect(),
            message,
            meta_index,
            spec,
            roles,
        }
    }

    /// Whether the body cannot vary: the runtime then renders it once and serves it
    /// again (see `fixed.rs` in the core).
    ///
    /// A variant whose only varying part is its `errors` field counts: its body is
    /// fixed whenever the list is empty, and the generated `fixed_bodies` answers
    /// `None` for a value whose list is not.
    pub fn is_fixed(&self) -> bool {
        matches!(self.message, Message::Static(_)) && self.exposed.is_empty()
    }

    /// Whether a client can rebuild the variant from its response: every field is sent
    /// (it has a role) and owns its data. The catalog says so per code, and `FromRemote`
    /// has an arm for exactly these variants.
    pub fn is_rebuildable(&self) -> bool {
        self.roles
            .iter()
            .all(|(field, roles)| *roles != Roles::default() && !borrows(&field.ty))
    }
}

/// Whether `ty` holds a reference or a lifetime: borrowed data cannot be rebuilt from a
/// response.
pub fn borrows(ty: &syn::Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Punct(punct) => matches!(punct.as_char(), '&' | '\''),
            TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(quote!(#ty))
}
