use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 4.5)]
    NotFound,
}

fn main() {}
