use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 404)]
pub struct LinkNotFound {
    #[api(crate = "::http_api_error")]
    id: String,
}

fn main() {}
