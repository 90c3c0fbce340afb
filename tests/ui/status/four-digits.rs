use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 1000)]
    NotFound,
}

fn main() {}
