use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404)]
    NotFound {
        #[api(expose)]
        r#type: String,
        #[api(expose)]
        status: u16,
        #[api(expose)]
        error: String,
    },
}

fn main() {}
