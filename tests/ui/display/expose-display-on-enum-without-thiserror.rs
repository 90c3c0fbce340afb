use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(expose_display)]
enum LinkError {
    #[api(status = 404)]
    NotFound,
}

fn main() {}
