use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 500, message = "Failed to create link: {cause}")]
    CreateFailed {
        #[source]
        cause: std::io::Error,
    },
}

fn main() {}
