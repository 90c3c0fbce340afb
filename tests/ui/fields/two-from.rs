use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 500)]
    Storage(#[from] std::io::Error, #[from] std::fmt::Error),
}

fn main() {}
