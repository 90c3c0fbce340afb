use http_api_error::{ApiError, Rejection};

#[derive(Debug, ApiError)]
enum ApiFailure {
    #[api(transparent, log = "off")]
    Request(Rejection),
}

fn main() {}
