use http_api_error::ApiError;

const BASE: u16 = 400;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = BASE + 4)]
    NotFound,
}

fn main() {}
