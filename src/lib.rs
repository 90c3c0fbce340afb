#![forbid(unsafe_code)]
pub use api_error_core::*;
#[cfg(feature = "derive")]
pub use api_error_derive::ApiError;
