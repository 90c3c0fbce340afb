use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = NOT_FOUNDD)]
    NotFound,
}

fn main() {}
