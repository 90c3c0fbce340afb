use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api = "problem"]
pub enum LinkError {
    #[api(status = 404)]
    NotFound,
}

fn main() {}
