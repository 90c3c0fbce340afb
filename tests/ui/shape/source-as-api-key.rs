use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 500)]
    CreateFailed {
        #[api(source)]
        cause: std::io::Error,
    },
}

fn main() {}
