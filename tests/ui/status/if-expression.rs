use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = if cfg!(test) { 404 } else { 410 })]
    NotFound,
}

fn main() {}
