use http_api_error::ApiError;

/// Not a `Format`.
pub struct Plain;

#[derive(Debug, ApiError)]
#[api(format = Plain, status = 404)]
pub struct Missing;

fn main() {}
