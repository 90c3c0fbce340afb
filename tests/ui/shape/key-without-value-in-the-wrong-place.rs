use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(message)]
pub enum UploadError {
    #[api(status = 502, format)]
    Upstream {
        #[api(status)]
        host: String,
    },
    #[api(status = 413, expose = true)]
    TooLarge { size: u64 },
}

fn main() {}
