use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum LinkError {
    #[error("slug {0:?} is taken")]
    #[api(status = 409, message = "Slug taken", expose_display)]
    SlugTaken(String),
}

fn main() {}
