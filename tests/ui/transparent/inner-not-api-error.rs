use http_api_error::ApiError;

#[derive(Debug)]
pub struct AuthError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(transparent)]
    Auth(AuthError),
}

fn main() {}
