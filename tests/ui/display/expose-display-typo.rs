use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum LinkError {
    #[error("slug {0:?} is taken")]
    #[api(status = 409, expose_dispaly)]
    SlugTaken(String),
}

fn main() {}
