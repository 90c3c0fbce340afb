use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404, stauts = 404, message = 404)]
    NotFound,
    #[api(status = 410, status = 404, code = "link_gone")]
    Gone,
    #[api(status = 200)]
    Moved,
}

fn main() {}
