use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 401)]
pub enum AuthError {
    MissingToken,
}

#[derive(Debug, ApiError)]
#[api(transparent)]
pub enum LinkError {
    Auth(AuthError),
}

fn main() {}
