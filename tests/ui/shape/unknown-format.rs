use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "problm")]
pub enum LinkError {
    #[api(status = 404)]
    NotFound,
}

fn main() {}
