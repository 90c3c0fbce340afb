use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "RATE_LIMITED", status = 429)]
    TooManyRequests,
    #[api(status = 429)]
    RateLimited,
}

fn main() {}
