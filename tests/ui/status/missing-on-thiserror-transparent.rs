use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("store failed")]
#[api(status = 503)]
pub struct StoreError;

#[derive(Debug, thiserror::Error, ApiError)]
pub enum AppError {
    #[error("note not found")]
    #[api(status = 404)]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn main() {}
