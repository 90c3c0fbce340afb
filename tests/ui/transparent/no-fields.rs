use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(transparent)]
    Auth,
}

fn main() {}
