use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410)]
    Gone {
        #[api(status = 404)]
        id: String,
    },
}

fn main() {}
