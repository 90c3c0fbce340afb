use http_api_error::{ApiError, Rejection};

#[derive(Debug, ApiError)]
enum ApiFailure {
    #[api(transparent, grpc = "INTERNAL")]
    Request(Rejection),
}

fn main() {}
