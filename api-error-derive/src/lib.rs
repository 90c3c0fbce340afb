//! `#[derive(ApiError)]`: an implementation detail of the
//! [`http-api-error`](https://docs.rs/http-api-error) crate, which re-exports it. Depend on
//! `http-api-error`, not on this crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod errors;
mod expand;
mod fallback;
mod fmt;
mod model;
mod status;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// See the `http-api-error` crate documentation.
#[proc_macro_derive(ApiError, attributes(api, source, from))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
