use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, message = "Link {} has been deleted")]
    Gone(String),
}

fn main() {}
