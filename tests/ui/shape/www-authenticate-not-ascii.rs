use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 401, www_authenticate = "Bearer realm=\"Zürich\"")]
    Unauthorized,
}

fn main() {}
