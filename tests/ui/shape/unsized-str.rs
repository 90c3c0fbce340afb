use http_api_error::ApiError;

// thiserror accepts a struct ending in an unsized field; an API error is a value.
#[derive(Debug, ApiError)]
#[api(status = 400, message = "Bad name")]
pub struct BadName {
    code: u32,
    name: str,
}

fn main() {}
