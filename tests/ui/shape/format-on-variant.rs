use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, format = "problem")]
    Gone,
}

fn main() {}
