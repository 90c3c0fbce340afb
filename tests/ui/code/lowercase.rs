use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "link_not_found", status = 404)]
    NotFound,
}

fn main() {}
