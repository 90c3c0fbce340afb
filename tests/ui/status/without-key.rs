use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(404)]
    NotFound,
}

fn main() {}
