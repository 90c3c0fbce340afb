use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = MISSING_LINK)]
    NotFound,
}

fn main() {}
