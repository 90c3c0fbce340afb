use http_api_error::{ApiError, FieldViolation};

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 400)]
    Invalid {
        #[api(errors)]
        body: Vec<FieldViolation>,
        #[api(errors)]
        query: Vec<FieldViolation>,
    },
}

fn main() {}
