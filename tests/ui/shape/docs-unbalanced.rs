use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, docs = "https://docs.example.com/errors#{code")]
    Gone,
}

fn main() {}
