use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "", status = 404)]
    NotFound,
}

fn main() {}
