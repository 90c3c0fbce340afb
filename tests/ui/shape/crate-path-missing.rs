use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(crate = "::my_framework::http_api_error")]
pub enum LinkError {
    #[api(status = 404)]
    NotFound,
}

fn main() {}
