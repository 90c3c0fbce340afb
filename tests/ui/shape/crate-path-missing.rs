use api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(crate = "::my_framework::api_error")]
pub enum LinkError {
    #[api(status = 404)]
    NotFound,
}

fn main() {}
