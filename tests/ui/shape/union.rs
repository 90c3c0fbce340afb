use http_api_error::ApiError;

#[derive(ApiError)]
#[api(status = 404)]
pub union LinkError {
    id: u64,
    index: u32,
}

fn main() {}
