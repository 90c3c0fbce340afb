use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 403, www_authenticate = "Bearer realm=\"links\"")]
    Forbidden,
}

fn main() {}
