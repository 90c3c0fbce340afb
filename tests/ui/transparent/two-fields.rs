use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 401)]
pub enum AuthError {
    MissingToken,
}

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(transparent)]
    Auth(AuthError, String),
}

fn main() {}
