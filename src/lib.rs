#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use http_api_error_core::*;
/// Derives [`ApiError`](trait@ApiError), `Display`, `std::error::Error`, `From` for
/// `#[from]` fields and `serde::Serialize`; see the [crate docs](crate) for the
/// attributes.
#[cfg(feature = "derive")]
pub use http_api_error_derive::ApiError;
