use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 409, expose_display)]
    SlugTaken(String),
}

fn main() {}
