use api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, crate = "::api_error")]
    Gone,
}

fn main() {}
