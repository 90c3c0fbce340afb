use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 500)]
    Storage {
        #[from]
        source: std::io::Error,
        path: String,
    },
}

fn main() {}
