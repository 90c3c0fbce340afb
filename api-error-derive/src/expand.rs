//! Code generation: parse -> validate -> generate.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr, Type};

use crate::ast::{Field, Input};
use crate::fallback;
use crate::model::{Kind, Message, Model, Own, VariantModel, borrows};
use crate::valid::{BodyFormat, ExampleValue, Spec};

pub fn derive(input: &DeriveInput) -> TokenStream {
    match try_expand(input) {
        Ok(tokens) => tokens,
        Err(errors) => {
            let errors = errors.to_compile_error();
            // A union gets no impls at all: they could not be used, and impls needing
            // `Debug` would only add errors about the union itself.
            let fallback = match input.data {
                syn::Data::Union(_) => TokenStream::new(),
                _ => fallback::expand(input),
            };
            quote! { #errors #fallback }
        }
    }
}

fn try_expand(original: &DeriveInput) -> syn::Result<TokenStream> {
    let input = Input::from_syn(original)?;
    let model = Model::resolve(&input)?;
    Ok(Generator::new(&model).expand())
}

struct Generator<'a> {
    model: &'a Model<'a>,
    /// `__api_error`: the generated block imports the runtime (`::http_api_error::__private`,
    /// or the `__private` of the `crate = "..."` path) once under this name, and every
    /// generated path goes through it. Short paths keep the expansion small; the `__`
    /// prefix keeps the name clear of the user's.
    private: Ident,
    type_params: BTreeSet<String>,
}

impl<'a> Generator<'a> {
    fn new(model: &'a Model<'a>) -> Self {
        Generator {
            model,
            private: Ident::new("__api_error", Span::call_site()),
            type_params: model
                .generics
                .type_params()
                .map(|p| p.ident.to_string())
                .collect(),
        }
    }

    fn expand(&self) -> TokenStream {
        let krate = &self.model.krate;
        let private = &self.private;
        let metas = self.impl_metas();
        // A format of the user's own, named once so that a value that is not a `Format`
        // is one error, at its path.
        let custom_format = self.model.custom_format.map(|path| {
            quote_spanned! {path.span()=>
                const __API_FORMAT: &'static dyn #private::Format = &#path;
            }
        });
        let resolve = self.impl_resolve();
        let http_api_error = self.impl_api_error();
        let std_traits = if self.model.thiserror {
            TokenStream::new()
        } else {
            self.impl_display_error()
        };
        let from = self.impl_from();
        let serialize = self.impl_serialize();
        let integrations = if self.model.framework_impls {
            self.impl_integrations()
        } else {
            TokenStream::new()
        };
        let from_remote = self.impl_from_remote();
        let declared_format = self.impl_declared_format();
        // The impls name the type's deprecated variants and fields, which only the
        // user's own uses should warn about. Emitted only when something is deprecated:
        // an `allow` the user forbids is an error (E0453).
        let allow = self.model.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            const _: () = {
                use #krate::__private as #private;
                #custom_format
                #metas
                #resolve
                #http_api_error
                #std_traits
                #from
                #serialize
                #integrations
                #from_remote
                #declared_format
            };
        }
    }

    /// The type's format, without a value (for `error_set!`'s documentation).
    fn impl_declared_format(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let format = match (self.model.custom_format, self.model.format) {
            (Some(_), _) => quote!(__API_FORMAT),
            (None, format) => {
                let variant = Ident::new(format.variant(), Span::call_site());
                quote!(#private::FormatKind::#variant.as_format())
            }
        };
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::DeclaredFormat for #ident #ty_generics #where_clause {
                const FORMAT: &'static dyn #private::Format = #format;
            }
        }
    }

    /// The variants with facts of their own.
    fn own(&self) -> impl Iterator<Item = (&'a VariantModel<'a>, &'a Own<'a>)> + 'a {
        self.model
            .variants
            .iter()
            .filter_map(|variant| match &variant.kind {
                Kind::Own(own) => Some((variant, &**own)),
                Kind::Transparent(_) => None,
            })
    }

    /// A pattern binding `fields` to their locals.
    fn pattern(variant: &VariantModel, fields: &[&Field]) -> TokenStream {
        let path = &variant.path;
        let bindings = fields.iter().map(|field| {
            let member = &field.member;
            let binding = field.binding();
            match member {
                syn::Member::Named(ident) if *ident == binding => quote!(#binding,),
                _ => quote!(#member: #binding,),
            }
        });
        quote!(#path { #(#bindings)* .. })
    }

    /// A pattern binding `fields` to locals that the format string `lit` can name.
    ///
    /// `write!` captures `{id}` with the hygiene of the literal, so the locals resolve
    /// at the literal's span; otherwise a message passed into a `macro_rules!` macro
    /// (`message = $msg`) could not see fields the macro itself declares, or the
    /// `__fieldN` locals of positional placeholders. They keep the field's location for
    /// diagnostics.
    fn message_pattern(variant: &VariantModel, fields: &[&Field], lit: &LitStr) -> TokenStream {
        let path = &variant.path;
        let bindings = fields.iter().map(|field| {
            let member = &field.member;
            let mut binding = field.binding();
            binding.set_span(binding.span().resolved_at(lit.span()));
            // Shorthand where possible: `id: id` would trip `non_shorthand_field_patterns`
            // on the user's field name.
            match member {
                syn::Member::Named(_) => quote!(#binding,),
                syn::Member::Unnamed(_) => quote!(#member: #binding,),
            }
        });
        quote!(#path { #(#bindings)* .. })
    }

    /// The marker type naming a transparent `field`'s type (`__ApiTransparent0`, by
    /// the field's variant), or `None` when the type mentions a type parameter or a
    /// lifetime: those are bounded on the impls instead.
    fn transparent_marker(&self, field: &Field) -> Option<Ident> {
        if self.mentions_type_param(&field.ty) || borrows(&field.ty) {
            return None;
        }
        let index = self.model.variants.iter().position(|variant| {
            variant.via.is_none()
                && matches!(&variant.kind, Kind::Transparent(f) if std::ptr::eq(*f, field))
        })?;
        Some(format_ident!("__ApiTransparent{index}"))
    }

    /// `__API_METAS`, one `Meta` per non-transparent variant in declaration order:
    /// everything known at compile time, and for a variant whose body cannot vary, the
    /// place its bodies are kept once rendered. One array rather than a `static` per variant, so that rustc checks,
    /// evaluates and emits one item instead of hundreds; each element is a `meta(...)`
    /// call, fewer tokens than the struct literals.
    fn impl_metas(&self) -> TokenStream {
        let private = &self.private;
        let metas: Vec<TokenStream> = self.own().map(|(variant, own)| {
            let spec = &own.spec;
            let (status, code, title, template, retryable) =
                (spec.status, &spec.code, &spec.title, &spec.template, spec.retryable);
            let option = |value: Option<&str>| match value {
                Some(value) => quote!(#private::Some(#value)),
                None => quote!(#private::None),
            };
            let docs = option(spec.docs.as_deref());
            let variant_name = &variant.name;
            let message = option(match &own.message {
                Message::Static(text) => Some(text),
                _ => None,
            });
            let fixed = own.is_fixed();
            let rebuildable = own.is_rebuildable();
            let retry_after = own.retry_after.is_some();
            let rare = self.rare(spec);
            quote! {
                #private::meta(#code, #status, #title, #template, #retryable, #docs, #variant_name, #message, #fixed, #rebuildable, #retry_after, #rare)
            }
        }).collect();
        if metas.is_empty() {
            return TokenStream::new();
        }
        let len = metas.len();
        quote! {
            static __API_METAS: [#private::Meta; #len] = [#(#metas),*];
        }
    }

    /// The variant's `Rare` facts: `USUAL` when all are at their default, as for nearly
    /// every variant.
    fn rare(&self, spec: &Spec) -> TokenStream {
        let private = &self.private;
        if spec.category.is_none()
            && spec.www_authenticate.is_none()
            && spec.log.is_none()
            && spec.grpc.is_none()
            && spec.example.is_empty()
        {
            return quote!(#private::USUAL);
        }
        let option = |value: Option<&str>| match value {
            Some(value) => quote!(#private::Some(#value)),
            None => quote!(#private::None),
        };
        let category = option(spec.category.as_deref());
        let www_authenticate = option(spec.www_authenticate.as_deref());
        let log = match spec.log {
            Some(level) => {
                let level = Ident::new(level.variant, Span::call_site());
                quote!(#private::Some(#private::LogLevel::#level))
            }
            None => quote!(#private::None),
        };
        let grpc = match spec.grpc {
            Some(grpc) => {
                let grpc = Ident::new(grpc.variant, Span::call_site());
                quote!(#private::Some(#private::GrpcCode::#grpc))
            }
            None => quote!(#private::None),
        };
        let example = spec.example.iter().map(|example| {
            let name = &example.name;
            let exposed = example.exposed;
            let value = match &example.value {
                ExampleValue::Str(text) => quote!(#private::ExampleValue::Str(#text)),
                ExampleValue::Number(text) => quote!(#private::ExampleValue::Number(#text)),
                ExampleValue::Bool(value) => quote!(#private::ExampleValue::Bool(#value)),
            };
            quote!(#private::ExampleField { name: #name, value: #value, exposed: #exposed })
        });
        quote! {
            #private::Rare {
                category: #category,
                www_authenticate: #www_authenticate,
                log: #log,
                grpc: #grpc,
                example: &[#(#example),*],
            }
        }
    }

    /// `__ApiResolve::__resolve`: the one match from a value to its variant's facts,
    /// which every fixed property reads. A trait local to the generated block rather than
    /// an inherent method, so the user's type gains no visible method and the impl can
    /// carry `#[automatically_derived]` (rustc rejects it on inherent impls).
    fn impl_resolve(&self) -> TokenStream {
        let private = &self.private;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let where_clause = self.where_clause(where_clause, self.api_bounds());
        let ident = &self.model.ident;
        // The match gives the variant's position in `__API_METAS`, one integer per arm;
        // a transparent variant returns its field instead.
        let has_metas = self.model.has_own();
        let arms = self
            .model
            .variants
            .iter()
            .map(|variant| match &variant.kind {
                Kind::Own(own) => {
                    let pattern = Self::pattern(variant, &[]);
                    let position = own.meta_index;
                    quote!(#pattern => #position,)
                }
                Kind::Transparent(field) => {
                    let pattern = Self::pattern(variant, &[field]);
                    let binding = field.binding();
                    let ret = has_metas.then(|| quote!(return));
                    let inner = match (variant.via, self.transparent_marker(field)) {
                        // The function's error, a reference into the field or a static.
                        (Some(via), _) => quote_spanned!(via.span()=> #via(#binding)),
                        (None, Some(marker)) => {
                            quote!(#private::transparent::<#marker>(#binding))
                        }
                        (None, None) => quote!(#binding),
                    };
                    quote!(#pattern => #ret #private::Resolved::Inner(#inner),)
                }
            });
        // One `Transparent` impl per transparent field whose type is known here: the
        // one place its `ApiError` bound is checked (see `__private::Transparent`).
        let markers = self.model.variants.iter().filter_map(|variant| {
            let Kind::Transparent(field) = &variant.kind else {
                return None;
            };
            let marker = self.transparent_marker(field)?;
            let ty = &field.ty;
            Some(quote_spanned! {ty.span()=>
                struct #marker;
                #[automatically_derived]
                impl #private::Transparent for #marker {
                    type Inner = #ty;
                }
            })
        });
        let body = if self.model.variants.is_empty() {
            quote!(match *self {})
        } else if has_metas {
            quote!(#private::Resolved::Meta(&__API_METAS[match self { #(#arms)* }]))
        } else {
            quote!(match self { #(#arms)* })
        };
        quote! {
            #(#markers)*

            trait __ApiResolve {
                fn __resolve(&self) -> #private::Resolved<'_>;
            }

            #[automatically_derived]
            impl #impl_generics __ApiResolve for #ident #ty_generics #where_clause {
                #[inline]
                fn __resolve(&self) -> #private::Resolved<'_> {
                    #body
                }
            }
        }
    }

    fn impl_api_error(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let where_clause = self.where_clause(where_clause, self.api_bounds());
        // The log reads the value as a `std::error::Error`. A type with type parameters
        // is one only under bounds of its own (thiserror's, or ours on a source field),
        // which every impl naming `ApiError` would then have to repeat: it keeps the
        // default, and its log event carries the public facts.
        let as_std_error = self.model.generics.type_params().next().is_none().then(|| {
            quote! {
                #[inline]
                fn as_std_error(&self) -> ::core::option::Option<&dyn ::std::error::Error> {
                    ::core::option::Option::Some(self)
                }
            }
        });
        // A nested error without its own docs URL or challenge takes the type's.
        let option = |value: &Option<String>| match value {
            Some(value) => quote!(#private::Some(#value)),
            None => quote!(#private::None),
        };
        let (docs, challenge) = (
            option(&self.model.docs),
            option(&self.model.www_authenticate),
        );
        let docs_url = quote!(__ApiResolve::__resolve(self).docs_url(#docs));
        let www_authenticate = quote!(__ApiResolve::__resolve(self).www_authenticate(#challenge));
        let fmt_message = self.impl_fmt_message();
        let retry_after = self.impl_retry_after();
        let errors = self.impl_errors();
        let details = self.impl_details();
        let message_args = self.impl_message_args();
        // The service's name for its codes: the type's `domain`, else the crate's name.
        let domain = match &self.model.domain {
            Some(domain) => quote!(#domain),
            None => quote!(::core::env!("CARGO_PKG_NAME")),
        };
        let format = match (self.model.custom_format, self.model.format) {
            // A format of the user's own, spanned to its path so that a value that is
            // not a `Format` is reported there.
            // The format is named once, in `__API_FORMAT` (see `expand`).
            (Some(_), _) => quote! {
                #[inline]
                fn body_format(&self) -> &'static dyn #private::Format { __API_FORMAT }
            },
            (None, BodyFormat::Simple) => TokenStream::new(),
            (None, format) => {
                let variant = Ident::new(format.variant(), Span::call_site());
                quote! {
                    #[inline]
                    fn format(&self) -> #private::FormatKind { #private::FormatKind::#variant }
                }
            }
        };
        let catalog = self.impl_catalog();
        let fixed_bodies = self.impl_fixed_bodies();
        let alternatives = (!self.model.alternatives.is_empty()).then(|| {
            let paths =
                self.model.alternatives.iter().map(
                    |path| quote_spanned!(path.span()=> &#path as &'static dyn #private::Format),
                );
            quote! {
                #[inline]
                fn alternative_formats(&self) -> &'static [&'static dyn #private::Format] {
                    &[#(#paths),*]
                }
            }
        });
        // (No `#[diagnostic::do_not_recommend]` to keep this impl out of rustc's hints:
        // the `diagnostic` namespace does not resolve under `#![no_implicit_prelude]`.)
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::ApiError for #ident #ty_generics #where_clause {
                #[inline]
                fn status(&self) -> #private::StatusCode { __ApiResolve::__resolve(self).status() }
                #[inline]
                fn code(&self) -> &'static ::core::primitive::str { __ApiResolve::__resolve(self).code() }
                #[inline]
                fn title(&self) -> &'static ::core::primitive::str { __ApiResolve::__resolve(self).title() }
                #[inline]
                fn retryable(&self) -> ::core::primitive::bool { __ApiResolve::__resolve(self).retryable() }
                #[inline]
                fn docs_url(&self) -> ::core::option::Option<&'static ::core::primitive::str> { #docs_url }
                #[inline]
                fn www_authenticate(&self) -> ::core::option::Option<&'static ::core::primitive::str> {
                    #www_authenticate
                }
                #[inline]
                fn log_level(&self) -> #private::LogLevel { __ApiResolve::__resolve(self).log_level() }
                #[inline]
                fn grpc_code(&self) -> #private::GrpcCode { __ApiResolve::__resolve(self).grpc_code() }
                #[inline]
                fn error_domain(&self) -> ::core::option::Option<&'static ::core::primitive::str> {
                    ::core::option::Option::Some(#domain)
                }
                #as_std_error
                #fixed_bodies
                #fmt_message
                #retry_after
                #errors
                #details
                #message_args
                #format
                #alternatives
                #catalog
            }
        }
    }

    /// `match self { arms, _ => fallback }`, without the `_` arm when the arms cover
    /// every variant (it would be unreachable) and without the match when there are none.
    fn dispatch(&self, arms: Vec<TokenStream>, fallback: TokenStream) -> TokenStream {
        if arms.is_empty() {
            fallback
        } else if arms.len() == self.model.variants.len() {
            quote!(match self { #(#arms)* })
        } else {
            quote!(match self { #(#arms)* _ => #fallback, })
        }
    }

    fn impl_fmt_message(&self) -> TokenStream {
        let formatter = hygienic_local("__formatter");
        let mut arms = Vec::new();
        for (variant, own) in self.own() {
            match &own.message {
                Message::Static(_) => {}
                Message::Display => {
                    let pattern = Self::pattern(variant, &[]);
                    arms.push(quote!(#pattern => ::core::fmt::Display::fmt(self, #formatter),));
                }
                Message::Format {
                    lit,
                    bound,
                    unknown,
                    ..
                } => {
                    // With a placeholder that names no field, every field is bound so
                    // that rustc's "cannot find value" error can suggest the closest.
                    let allow = unknown.then(|| quote!(#[allow(unused_variables)]));
                    let pattern = Self::message_pattern(variant, bound, lit);
                    arms.push(quote! {
                        #allow
                        #pattern => ::core::write!(#formatter, #lit),
                    });
                }
            }
        }
        let body = self.dispatch(
            arms,
            quote!(__ApiResolve::__resolve(self).fmt_message(#formatter)),
        );
        quote! {
            fn fmt_message(&self, #formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        }
    }

    /// `visit_message_args`: the fields the public message interpolates, each once and
    /// formatted as the message formats it (`{id:?}` passes the `Debug` text), for
    /// translations that place them differently. Nothing else: a translation can show
    /// only what the English message shows.
    fn impl_message_args(&self) -> TokenStream {
        let private = &self.private;
        let visitor = hygienic_local("__visit");
        let mut arms = Vec::new();
        for (variant, own) in self.own() {
            let Message::Format { uses, unknown, .. } = &own.message else {
                continue;
            };
            // rustc reports the unknown placeholder at the message.
            if uses.is_empty() || *unknown {
                continue;
            }
            // Each field once, formatted as its first use formats it.
            let mut first_uses: Vec<(&Field, Option<char>)> = Vec::new();
            for &(field, trait_char) in uses {
                if !first_uses
                    .iter()
                    .any(|(seen, _)| std::ptr::eq(*seen, field))
                {
                    first_uses.push((field, trait_char));
                }
            }
            let fields: Vec<&Field> = first_uses.iter().map(|&(field, _)| field).collect();
            let pattern = Self::pattern(variant, &fields);
            let visits = first_uses.iter().map(|&(field, trait_char)| {
                let name = field.name();
                let binding = field.binding();
                // The formatting trait alone: width and precision are layout, which
                // a translation does itself.
                let spec = match trait_char {
                    Some(c @ ('?' | 'x' | 'X' | 'o' | 'b' | 'e' | 'E')) => format!("{{:{c}}}"),
                    _ => "{}".to_owned(),
                };
                // A plain function call: calling the `dyn FnMut` itself here, once per
                // field, is an overloaded call rustc resolves each time, which made
                // this method a third of a 300-variant enum's type checking.
                if spec == "{}" {
                    quote!(#private::visit_arg(#visitor, #name, #binding);)
                } else {
                    quote!(#private::visit_arg(#visitor, #name, &::core::format_args!(#spec, #binding));)
                }
            });
            arms.push(quote!(#pattern => { #(#visits)* }));
        }
        if arms.is_empty() && !self.model.has_transparent() {
            return TokenStream::new();
        }
        let body = self.dispatch(
            arms,
            quote!(__ApiResolve::__resolve(self).visit_message_args(#visitor)),
        );
        quote! {
            #private::i18n! {
                fn visit_message_args(&self, #visitor: &mut dyn ::core::ops::FnMut(&'static ::core::primitive::str, &dyn ::core::fmt::Display)) {
                    #body
                }
            }
        }
    }

    /// One match arm per variant that has the field `pick` chooses: its pattern binding
    /// the field, then `arm(type, binding)`, spanned to the field's type so that a type
    /// error lands on the user's field.
    fn field_arms(
        &self,
        pick: impl Fn(&Own<'a>) -> Option<&'a Field>,
        arm: impl Fn(&Type, &Ident) -> TokenStream,
    ) -> Vec<TokenStream> {
        self.own()
            .filter_map(|(variant, own)| {
                let field = pick(own)?;
                let pattern = Self::pattern(variant, &[field]);
                let (ty, binding) = (&field.ty, field.binding());
                let arm = arm(ty, &binding);
                Some(quote_spanned! {ty.span()=> #pattern #arm })
            })
            .collect()
    }

    fn impl_retry_after(&self) -> TokenStream {
        let private = &self.private;
        let arms = self.field_arms(
            |own| own.retry_after,
            |ty, binding| quote!(=> <#ty as #private::AsRetryAfter>::as_retry_after(#binding),),
        );
        if arms.is_empty() && !self.model.has_transparent() {
            return TokenStream::new();
        }
        let body = self.dispatch(arms, quote!(__ApiResolve::__resolve(self).retry_after()));
        quote! {
            fn retry_after(&self) -> ::core::option::Option<#private::RetryAfter> { #body }
        }
    }

    /// The prepared bodies of fixed variants, from the metadata table; a variant whose
    /// `errors` field is its only varying part has them only while the list is empty.
    fn impl_fixed_bodies(&self) -> TokenStream {
        let private = &self.private;
        let arms = self.field_arms(
            |own| own.errors.filter(|_| own.is_fixed()),
            |ty, binding| {
                quote! {
                    if !<#ty as #private::AsViolations>::as_violations(#binding).is_empty() => {
                        ::core::option::Option::None
                    }
                }
            },
        );
        let resolve = match &self.model.docs {
            Some(template) if self.model.has_transparent() => {
                quote!(__ApiResolve::__resolve(self).fixed_bodies_with_docs(#private::Some(#template)))
            }
            _ => quote!(__ApiResolve::__resolve(self).fixed_bodies()),
        };
        let body = if arms.is_empty() {
            resolve
        } else {
            quote!(match self { #(#arms)* _ => #resolve, })
        };
        quote! {
            #[inline]
            fn fixed_bodies(&self) -> ::core::option::Option<&'static #private::FixedBodies> {
                #body
            }
        }
    }

    fn impl_errors(&self) -> TokenStream {
        let private = &self.private;
        let arms = self.field_arms(
            |own| own.errors,
            |ty, binding| {
                quote!(=> ::core::option::Option::Some(<#ty as #private::AsViolations>::as_violations(#binding)),)
            },
        );
        if arms.is_empty() && !self.model.has_transparent() {
            return TokenStream::new();
        }
        let body = self.dispatch(arms, quote!(__ApiResolve::__resolve(self).errors()));
        quote! {
            fn errors(&self) -> ::core::option::Option<&[#private::FieldViolation]> { #body }
        }
    }

    fn impl_details(&self) -> TokenStream {
        let private = &self.private;
        let visitor = hygienic_local("__visit");
        let mut visit_arms = Vec::new();
        let mut has_arms = Vec::new();
        for (variant, own) in self.own() {
            let exposed = &own.exposed;
            if exposed.is_empty() {
                continue;
            }
            let pattern = Self::pattern(variant, exposed);
            let visits = exposed.iter().map(|field| {
                let name = field.name();
                let binding = field.binding();
                let ty = &field.ty;
                let exposed =
                    quote_spanned! {ty.span()=> <#ty as #private::Expose>::as_exposed(#binding) };
                // A function call, not a call of the `dyn FnMut` (see `impl_message_args`).
                quote!(#private::visit_detail(#visitor, #name, #exposed);)
            });
            visit_arms.push(quote!(#pattern => { #(#visits)* }));
            let pattern = Self::pattern(variant, &[]);
            has_arms.push(quote!(#pattern => true,));
        }
        if visit_arms.is_empty() && !self.model.has_transparent() {
            return TokenStream::new();
        }
        let visit = self.dispatch(
            visit_arms,
            quote!(__ApiResolve::__resolve(self).visit_details(#visitor)),
        );
        let has = self.dispatch(
            has_arms,
            quote!(__ApiResolve::__resolve(self).has_details()),
        );
        quote! {
            fn visit_details(&self, #visitor: &mut dyn ::core::ops::FnMut(&'static ::core::primitive::str, &dyn #private::ErasedSerialize)) {
                #visit
            }
            fn has_details(&self) -> ::core::primitive::bool { #has }
        }
    }

    /// The catalog: runs of this type's entries, and nested types' catalogs in place.
    fn impl_catalog(&self) -> TokenStream {
        let private = &self.private;
        let mut steps = Vec::new();
        let mut run: Option<(usize, usize)> = None;
        let flush = |run: &mut Option<(usize, usize)>, steps: &mut Vec<TokenStream>| {
            if let Some((start, end)) = run.take() {
                steps.push(quote! {
                    #private::extend_catalog(&mut __catalog, &__API_METAS[#start..#end]);
                });
            }
        };
        for variant in &self.model.variants {
            match &variant.kind {
                Kind::Own(own) => {
                    let position = own.meta_index;
                    let (start, _) = run.unwrap_or((position, position));
                    run = Some((start, position + 1));
                }
                Kind::Transparent(field) => {
                    flush(&mut run, &mut steps);
                    let catalog = match (variant.via, self.transparent_marker(field)) {
                        // Every code the function can return, from its return type; none
                        // can be rebuilt into this variant, whose field the body lacks.
                        (Some(via), _) => {
                            quote_spanned!(via.span()=> #private::catalog_via(#via))
                        }
                        (None, Some(marker)) => {
                            quote!(#private::transparent_catalog::<#marker>())
                        }
                        (None, None) => {
                            let ty = &field.ty;
                            quote!(<#ty as #private::ApiError>::catalog())
                        }
                    };
                    let via = &variant.name;
                    let docs = match &self.model.docs {
                        Some(template) => quote!(#private::Some(#template)),
                        None => quote!(#private::None),
                    };
                    steps.push(quote! {
                        #private::nest(&mut __catalog, #via, #catalog, #docs);
                    });
                }
            }
        }
        flush(&mut run, &mut steps);
        let body = if steps.is_empty() {
            quote!(#private::Catalog::new())
        } else {
            quote! {
                let mut __catalog = #private::Catalog::new();
                #(#steps)*
                __catalog
            }
        };
        quote! {
            fn catalog() -> #private::Catalog { #body }
        }
    }

    /// `Display` (the public message) and `std::error::Error` (`source()` from
    /// `#[source]`, `#[from]` or a `source` field; transparent variants delegate).
    fn impl_display_error(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let display_where = self.where_clause(where_clause, self.api_bounds());
        let mut error_bounds = self.api_bounds();
        if !self.type_params.is_empty() {
            error_bounds.push(quote!(#ident #ty_generics: ::core::fmt::Debug));
        }
        let mut arms = Vec::new();
        for variant in &self.model.variants {
            match &variant.kind {
                Kind::Own(_) => {
                    let Some(field) = variant.source else {
                        continue;
                    };
                    let pattern = Self::pattern(variant, &[field]);
                    let binding = field.binding();
                    let ty = &field.ty;
                    let inner = option_inner(ty);
                    let error_ty = inner.unwrap_or(ty);
                    if self.mentions_type_param(error_ty) {
                        error_bounds.push(quote!(#error_ty: ::std::error::Error + 'static));
                    }
                    // An `Option` source is the inner error when present (thiserror
                    // accepts it, recognized by its name the same way).
                    let source = if inner.is_some() {
                        quote!(#binding.as_ref()?.as_dyn_error())
                    } else {
                        quote!(#binding.as_dyn_error())
                    };
                    arms.push(quote_spanned! {ty.span()=>
                        #pattern => ::core::option::Option::Some({
                            use #private::AsDynError as _;
                            #source
                        }),
                    });
                }
                Kind::Transparent(field) => {
                    let pattern = Self::pattern(variant, &[field]);
                    let binding = field.binding();
                    let ty = &field.ty;
                    // The inner error's own source when it implements `Error`, else
                    // none: rule 9 only asks the inner type to implement `ApiError`.
                    // Through a function, the field is the cause and the source;
                    // otherwise the inner error's own source.
                    let source = if variant.via.is_some() {
                        quote_spanned! {ty.span()=>
                            use #private::itself_source::*;
                            (&#private::Inner(#binding)).itself()
                        }
                    } else {
                        quote_spanned! {ty.span()=>
                            use #private::inner_source::*;
                            (&#private::Inner(#binding)).inner_source()
                        }
                    };
                    arms.push(quote_spanned! {ty.span()=>
                        #pattern => {
                            // One of the two traits is picked per type: a glob import
                            // counts as used when either is, so no `allow` is needed
                            // (a user's `forbid(unused_imports)` would refuse one).
                            #source
                        }
                    });
                }
            }
        }
        let error_where = self.where_clause(where_clause, error_bounds);
        let source = self.dispatch(arms, quote!(::core::option::Option::None));
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #display_where {
                fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #private::ApiError::fmt_message(self, __formatter)
                }
            }

            #[automatically_derived]
            impl #impl_generics ::std::error::Error for #ident #ty_generics #error_where {
                fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                    #source
                }
            }
        }
    }

    fn impl_from(&self) -> TokenStream {
        if self.model.thiserror {
            return TokenStream::new();
        }
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let impls = self.model.variants.iter().filter_map(|variant| {
            let field = variant.from?;
            let ty = &field.ty;
            let member = &field.member;
            let path = &variant.path;
            let from_span = field.from.unwrap_or_else(|| ty.span());
            let from_trait = quote_spanned!(from_span=> ::core::convert::From<#ty>);
            Some(quote! {
                #[automatically_derived]
                impl #impl_generics #from_trait for #ident #ty_generics #where_clause {
                    fn from(__source: #ty) -> Self {
                        #path { #member: __source }
                    }
                }
            })
        });
        quote!(#(#impls)*)
    }

    /// `FromRemote` (with the `client` feature of http-api-error): rebuilds a variant from a
    /// decoded response by its code, when every field can be read back from the body
    /// or headers (exposed, `errors`, `retry_after`); transparent variants ask their
    /// inner type. A field whose type cannot be read back makes the variant
    /// unrecoverable at run time rather than a compile error (the runtime's wrappers
    /// choose by autoref), so deriving never fails because of the client.
    fn impl_from_remote(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let wrappers = quote!(#private::remote::__private);
        let mut arms = Vec::new();
        let mut transparent = Vec::new();
        // A field whose type mentions a type parameter is rebuilt where the parameter
        // allows it: the impl is bounded on what its wrapper needs, so `Api<LinkError>`
        // rebuilds `Service(LinkError::Gone)` instead of answering `None` silently.
        let mut bounds = Vec::new();
        let mut bound = |ty: &Type, what: TokenStream| {
            if self.mentions_type_param(ty) {
                bounds.push(quote!(#ty: #what));
            }
        };
        for variant in &self.model.variants {
            let path = &variant.path;
            let own = match &variant.kind {
                Kind::Own(own) => own,
                Kind::Transparent(field) => {
                    // Through a function the field cannot be rebuilt from the response.
                    if variant.via.is_none() && !borrows(&field.ty) {
                        let (ty, member) = (&field.ty, &field.member);
                        bound(ty, quote!(#private::remote::FromRemote));
                        transparent.push(quote! {
                            if let ::core::option::Option::Some(__inner) =
                                #wrappers::Transparent::<#ty>::new(__remote).recover()
                            {
                                return ::core::option::Option::Some(#path { #member: __inner });
                            }
                        });
                    }
                    continue;
                }
            };
            // Exactly the variants the catalog calls rebuildable get an arm.
            if !own.is_rebuildable() {
                continue;
            }
            let inits: Option<Vec<TokenStream>> = own
                .roles
                .iter()
                .map(|&(field, role)| {
                    let ty = &field.ty;
                    // Borrowed data cannot be rebuilt from a response, and a lifetime
                    // failure is a hard error that the run-time fallback cannot absorb.
                    if borrows(ty) {
                        return None;
                    }
                    let value = if role.retry_after {
                        bound(ty, quote!(#wrappers::FromRetryAfter));
                        quote!(#wrappers::RetryAfterField::<#ty>::new(__remote).recover()?)
                    } else if role.errors {
                        bound(ty, quote!(#wrappers::FromViolations));
                        quote!(#wrappers::Errors::<#ty>::new(__remote).recover()?)
                    } else if role.exposed {
                        bound(ty, quote!(#wrappers::DeserializeOwned));
                        let name = field.name();
                        quote!(#wrappers::Exposed::<#ty>::new(__remote, #name).recover()?)
                    } else {
                        return None;
                    };
                    let member = &field.member;
                    Some(quote!(#member: #value))
                })
                .collect();
            if let Some(inits) = inits {
                let code = &own.spec.code;
                arms.push(quote!(#code => ::core::option::Option::Some(#path { #(#inits),* }),));
            }
        }
        let body = if arms.is_empty() {
            quote! {
                #(#transparent)*
                ::core::option::Option::None
            }
        } else {
            quote! {
                match __remote.code()? {
                    #(#arms)*
                    _ => {
                        #(#transparent)*
                        ::core::option::Option::None
                    }
                }
            }
        };
        let where_clause = self.where_clause(where_clause, bounds);
        // A format of the user's own may complete what its bodies leave out (a code).
        let read_back = self.model.custom_format.map(|_| {
            quote! {
                let __read = #private::Format::read_back(__API_FORMAT, __remote);
                let __remote = __read.as_ref().unwrap_or(__remote);
            }
        });
        quote! {
            #private::client! {
                #[automatically_derived]
                impl #impl_generics #private::remote::FromRemote for #ident #ty_generics #where_clause {
                    fn from_remote(
                        __remote: &#private::remote::RemoteError,
                    ) -> ::core::option::Option<Self> {
                        // Either trait may go unused, depending on the field types; a
                        // glob import is used when one is (see `impl_display_error`).
                        use #wrappers::recover::*;
                        #read_back
                        #body
                    }
                }
            }
        }
    }

    fn impl_serialize(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let where_clause = self.where_clause(where_clause, self.api_bounds());
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::Serialize for #ident #ty_generics #where_clause {
                fn serialize<__S: #private::Serializer>(
                    &self,
                    __serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #private::serialize(self, __serializer)
                }
            }
        }
    }

    fn impl_integrations(&self) -> TokenStream {
        let private = &self.private;
        let ident = &self.model.ident;
        let (impl_generics, ty_generics, where_clause) = self.model.generics.split_for_impl();
        let where_clause = self.where_clause(where_clause, self.api_bounds());
        // A format of the user's own describes itself (`custom path`).
        let format = match self.model.custom_format {
            Some(_) => quote!(custom __API_FORMAT),
            None => {
                let variant = Ident::new(self.model.format.variant(), Span::call_site());
                quote!(#variant)
            }
        };
        quote! {
            #private::integrations! {
                impl [#impl_generics] [#ident #ty_generics] [#where_clause] format [#format]
            }
        }
    }

    /// Bounds the `ApiError` impl needs on fields whose types mention a type parameter.
    fn api_bounds(&self) -> Vec<TokenStream> {
        let private = &self.private;
        let mut bounds = Vec::new();
        for variant in &self.model.variants {
            let own = match &variant.kind {
                Kind::Own(own) => own,
                Kind::Transparent(field) => {
                    if variant.via.is_none() && self.mentions_type_param(&field.ty) {
                        let ty = &field.ty;
                        bounds.push(quote!(#ty: #private::ApiError));
                    }
                    continue;
                }
            };
            if let Message::Format { uses, .. } = &own.message {
                for (field, trait_char) in uses {
                    // A width or precision (`$`) must be a `usize`: no trait to bound.
                    if *trait_char == Some('$') || !self.mentions_type_param(&field.ty) {
                        continue;
                    }
                    let ty = &field.ty;
                    let fmt_trait = match trait_char {
                        Some('?') => quote!(Debug),
                        Some('x') => quote!(LowerHex),
                        Some('X') => quote!(UpperHex),
                        Some('o') => quote!(Octal),
                        Some('b') => quote!(Binary),
                        Some('e') => quote!(LowerExp),
                        Some('E') => quote!(UpperExp),
                        Some('p') => quote!(Pointer),
                        _ => quote!(Display),
                    };
                    bounds.push(quote!(#ty: ::core::fmt::#fmt_trait));
                }
            }
            for &(field, role) in &own.roles {
                if !self.mentions_type_param(&field.ty) {
                    continue;
                }
                let ty = &field.ty;
                if role.retry_after {
                    bounds.push(quote!(#ty: #private::AsRetryAfter));
                }
                if role.errors {
                    bounds.push(quote!(#ty: #private::AsViolations));
                }
                if role.exposed {
                    bounds.push(quote!(#ty: #private::Expose));
                }
            }
        }
        bounds
    }

    fn where_clause(
        &self,
        existing: Option<&syn::WhereClause>,
        extra: Vec<TokenStream>,
    ) -> TokenStream {
        let mut seen = BTreeSet::new();
        let extra: Vec<_> = extra
            .into_iter()
            .filter(|bound| seen.insert(bound.to_string()))
            .collect();
        match (existing, extra.is_empty()) {
            (None, true) => TokenStream::new(),
            (None, false) => quote!(where #(#extra),*),
            (Some(clause), true) => quote!(#clause),
            (Some(clause), false) => {
                let predicates = clause.predicates.iter();
                quote!(where #(#predicates,)* #(#extra),*)
            }
        }
    }

    fn mentions_type_param(&self, ty: &Type) -> bool {
        fn walk(tokens: TokenStream, params: &BTreeSet<String>) -> bool {
            tokens.into_iter().any(|token| match token {
                TokenTree::Ident(ident) => params.contains(&ident.to_string()),
                TokenTree::Group(group) => walk(group.stream(), params),
                _ => false,
            })
        }
        !self.type_params.is_empty() && walk(quote!(#ty), &self.type_params)
    }
}

/// A local of the generated code that sits in the same scope as the user's fields (the
/// match arms bind them by name): resolved at the macro's mixed site, so that no field
/// name, even a `__` one, can shadow it.
fn hygienic_local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// `T` when `ty` is written as `Option<T>` (any path ending in `Option` with one type
/// argument), the way thiserror recognizes an optional source.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (last.ident == "Option", args.args.first(), args.args.len()) {
        (true, Some(syn::GenericArgument::Type(inner)), 1) => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    use super::derive;

    /// Every shape and key at once, so each generator emits something.
    fn everything(krate: &str) -> TokenStream {
        let krate = syn::LitStr::new(krate, proc_macro2::Span::call_site());
        derive(&syn::parse_quote! {
            #[api(crate = #krate, docs = "https://docs.example.com/{code}", format = "problem")]
            enum E<'a, T: Debug> where T: Display {
                #[api(status = 404)]
                Unit,
                #[api(status = 400, message = "bad {name} {value:?}")]
                Named { name: &'a str, #[api(expose)] value: T },
                #[api(status = 500)]
                Tuple(#[source] std::io::Error),
                #[api(status = 429, message = "wait {0:?}")]
                Wait(#[api(retry_after)] Duration),
                #[api(status = 400)]
                Invalid { #[api(errors)] errors: Vec<FieldViolation> },
                #[api(transparent)]
                Inner(#[from] Other),
            }
        })
    }

    /// An input with a mistake (a variant without a status): the errors and the fallback.
    fn fallback(krate: &str) -> TokenStream {
        let krate = syn::LitStr::new(krate, proc_macro2::Span::call_site());
        derive(&syn::parse_quote! {
            #[api(crate = #krate)]
            enum E<T> {
                Unit,
                Inner(#[from] Other<T>),
            }
        })
    }

    fn idents(tokens: TokenStream, out: &mut Vec<String>) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => out.push(ident.to_string()),
                TokenTree::Group(group) => idents(group.stream(), out),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }

    fn all_idents(tokens: TokenStream) -> Vec<String> {
        let mut out = Vec::new();
        idents(tokens, &mut out);
        out
    }

    /// Every `impl` item in `tokens` is directly preceded by attributes that include
    /// `#[automatically_derived]`. Macro invocation bodies (`name! { impl ... }`) are
    /// not items and are skipped.
    fn assert_impls_automatically_derived(tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Ident(ident) if ident == "impl" => {
                    let mut derived = false;
                    let mut j = i;
                    while j >= 2 {
                        let (TokenTree::Punct(hash), TokenTree::Group(attr)) =
                            (&tokens[j - 2], &tokens[j - 1])
                        else {
                            break;
                        };
                        if hash.as_char() != '#' || attr.delimiter() != Delimiter::Bracket {
                            break;
                        }
                        derived |= attr.stream().to_string() == "automatically_derived";
                        j -= 2;
                    }
                    let context: Vec<String> = tokens[i..tokens.len().min(i + 8)]
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    assert!(
                        derived,
                        "impl without #[automatically_derived]: {context:?}"
                    );
                }
                TokenTree::Group(group) => {
                    let invocation = i > 0
                        && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!');
                    if !invocation {
                        assert_impls_automatically_derived(group.stream());
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn crate_path_is_used_for_every_item() {
        for tokens in [
            everything("::my_framework::errors"),
            fallback("my_framework::errors"),
        ] {
            let idents = all_idents(tokens.clone());
            assert!(idents.iter().any(|i| i == "my_framework"), "{tokens}");
            assert!(
                !idents
                    .iter()
                    .any(|i| i == "http_api_error" || i == "http_api_error_core"),
                "{tokens}"
            );
        }
    }

    #[test]
    fn every_impl_is_automatically_derived() {
        assert_impls_automatically_derived(everything("::http_api_error"));
        let fallback = fallback("::http_api_error");
        assert!(
            all_idents(fallback.clone())
                .iter()
                .any(|i| i == "compile_error")
        );
        assert_impls_automatically_derived(fallback);
    }

    #[test]
    fn generated_code_cannot_panic_and_is_safe() {
        let idents = all_idents(everything("::http_api_error"));
        for forbidden in [
            "unsafe",
            "panic",
            "unreachable",
            "unwrap",
            "expect",
            "todo",
            "unimplemented",
            "transmute",
        ] {
            assert!(!idents.iter().any(|i| i == forbidden), "{forbidden}");
        }
        let fallback = all_idents(fallback("::http_api_error"));
        assert!(!fallback.iter().any(|i| i == "unsafe"));
    }
}
