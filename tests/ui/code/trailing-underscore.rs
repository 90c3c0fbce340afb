use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "LINK_NOT_FOUND_", status = 404)]
    NotFound,
}

fn main() {}
