use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404, status = 410)]
    NotFound,
}

fn main() {}
