use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 429)]
    RateLimited,
    #[api(code = "RATE_LIMITED", status = 429)]
    TooManyRequests,
}

fn main() {}
