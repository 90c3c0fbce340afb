use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 429)]
    RateLimited {
        #[api(retry_after)]
        wait: String,
    },
}

fn main() {}
