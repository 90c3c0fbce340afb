use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 404)]
    NotFound,
    #[api(code = "LINK_GONE", status = 410)]
    Gone,
    #[api(code = "LINK_NOT_FOUND", status = 404)]
    Missing,
}

fn main() {}
