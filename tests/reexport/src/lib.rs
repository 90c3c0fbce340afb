//! Re-exports `http-api-error` under another path, the way a framework crate that wraps it
//! would, so the tests can derive `ApiError` through `#[api(crate = "...")]`.
#![forbid(unsafe_code)]

pub use http_api_error;
