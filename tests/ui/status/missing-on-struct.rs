use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(code = "LINK_NOT_FOUND")]
pub struct LinkNotFound;

fn main() {}
