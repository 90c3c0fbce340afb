use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(code = "LINK_ERROR", status = 404)]
pub enum LinkError {
    NotFound,
    Gone,
}

fn main() {}
