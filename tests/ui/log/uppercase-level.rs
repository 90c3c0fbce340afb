use http_api_error::ApiError;

// The enum's level is checked once, as the default of every variant.
#[derive(Debug, ApiError)]
#[api(log = "WARN")]
enum LinkError {
    #[api(status = 404)]
    NotFound,
    #[api(status = 429, log = "warning")]
    RateLimited,
}

fn main() {}
