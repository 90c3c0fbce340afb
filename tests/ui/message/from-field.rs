use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 500, message = "Failed to create link: {0}")]
    CreateFailed(#[from] std::io::Error),
}

fn main() {}
