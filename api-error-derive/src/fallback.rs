//! What the derive emits beside its errors when the input is invalid: impls of every
//! trait it would have implemented, so that the rest of the crate still type-checks
//! and the user sees only the errors that matter (thiserror's `fallback.rs`).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{DeriveInput, Fields, LitStr};

pub fn expand(input: &DeriveInput) -> TokenStream {
    let krate = crate_path(input);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let thiserror = has_error_attr(input);
    let std_traits = if thiserror {
        TokenStream::new()
    } else {
        let debug_bound = if input.generics.type_params().next().is_some() {
            let predicates = where_clause
                .map(|w| w.predicates.iter().collect::<Vec<_>>())
                .unwrap_or_default();
            quote!(where #(#predicates,)* #ident #ty_generics: ::core::fmt::Debug)
        } else {
            quote!(#where_clause)
        };
        let froms = from_types(input).into_iter().map(|ty| {
            quote! {
                #[automatically_derived]
                impl #impl_generics ::core::convert::From<#ty> for #ident #ty_generics #where_clause {
                    fn from(_: #ty) -> Self { ::core::unreachable!() }
                }
            }
        });
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { ::core::unreachable!() }
            }
            #[automatically_derived]
            impl #impl_generics ::std::error::Error for #ident #ty_generics #debug_bound {}
            #(#froms)*
        }
    };
    quote! {
        #[allow(deprecated, unused_qualifications)]
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::__private::ApiError for #ident #ty_generics #where_clause {
                fn status(&self) -> #krate::__private::StatusCode { ::core::unreachable!() }
                fn code(&self) -> &'static ::core::primitive::str { ::core::unreachable!() }
            }
            #[automatically_derived]
            impl #impl_generics #krate::__private::Serialize for #ident #ty_generics #where_clause {
                fn serialize<__S: #krate::__private::Serializer>(&self, _: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    ::core::unreachable!()
                }
            }
            #std_traits
        };
    }
}

/// `#[api(crate = "...")]` read loosely (the input may be invalid), else `::http_api_error`.
fn crate_path(input: &DeriveInput) -> TokenStream {
    let mut path = None;
    for attr in input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("api"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let lit: LitStr = meta.value()?.parse()?;
                path = lit.parse::<syn::Path>().ok();
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    match path {
        Some(path) => quote!(#path),
        None => quote!(::http_api_error),
    }
}

fn has_error_attr(input: &DeriveInput) -> bool {
    let on = |attrs: &[syn::Attribute]| attrs.iter().any(|attr| attr.path().is_ident("error"));
    on(&input.attrs)
        || match &input.data {
            syn::Data::Enum(data) => data.variants.iter().any(|v| on(&v.attrs)),
            _ => false,
        }
}

/// The types of `#[from]` fields, so that `?` keeps compiling in the user's handlers.
fn from_types(input: &DeriveInput) -> Vec<&syn::Type> {
    let fields: Vec<&Fields> = match &input.data {
        syn::Data::Enum(data) => data.variants.iter().map(|v| &v.fields).collect(),
        syn::Data::Struct(data) => vec![&data.fields],
        syn::Data::Union(_) => Vec::new(),
    };
    // Compared as written: two `From` impls for one type would conflict.
    let mut types: Vec<(&syn::Type, String)> = Vec::new();
    for field in fields
        .into_iter()
        .filter(|f| f.len() == 1)
        .flat_map(|f| f.iter())
    {
        let is_from = field.attrs.iter().any(|attr| attr.path().is_ident("from"));
        let written = field.ty.to_token_stream().to_string();
        if is_from && !types.iter().any(|(_, seen)| *seen == written) {
            types.push((&field.ty, written));
        }
    }
    types.into_iter().map(|(ty, _)| ty).collect()
}
