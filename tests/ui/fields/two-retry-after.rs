use http_api_error::ApiError;
use std::time::Duration;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 429)]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
        #[api(retry_after)]
        backoff: Duration,
    },
}

fn main() {}
