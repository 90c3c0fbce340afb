use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 400)]
    Invalid {
        #[api(errors)]
        errors: Vec<String>,
    },
}

fn main() {}
