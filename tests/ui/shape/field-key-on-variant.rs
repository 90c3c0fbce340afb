use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, expose)]
    Gone { id: String },
}

fn main() {}
