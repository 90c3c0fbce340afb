use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(format = 3, status = 404)]
pub struct Missing;

fn main() {}
