use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(stauts = 404)]
    NotFound,
}

fn main() {}
