use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(expose)]
pub enum LinkError {
    #[api(status = 410)]
    Gone { id: String },
}

fn main() {}
