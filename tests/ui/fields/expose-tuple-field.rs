use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404)]
    NotFound(#[api(expose)] String),
}

fn main() {}
