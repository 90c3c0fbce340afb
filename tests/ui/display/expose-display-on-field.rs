use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum LinkError {
    #[error("slug {slug:?} is taken")]
    #[api(status = 409)]
    SlugTaken {
        #[api(expose_display)]
        slug: String,
    },
}

fn main() {}
