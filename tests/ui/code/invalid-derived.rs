use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[allow(non_camel_case_types)]
pub enum LinkError {
    #[api(status = 404)]
    _404,
}

fn main() {}
