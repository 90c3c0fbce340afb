use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404)]
    NotFound,
    #[api(code = "LINK_GONE")]
    Gone,
}

fn main() {}
