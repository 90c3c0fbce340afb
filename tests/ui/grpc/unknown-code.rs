use http_api_error::ApiError;

// Each spelling a user might reach for, and one that is no code at all.
#[derive(Debug, ApiError)]
#[api(grpc = "not_found")]
enum LinkError {
    #[api(status = 404)]
    NotFound,
    #[api(status = 409, grpc = "AlreadyExists")]
    Exists,
    #[api(status = 409, grpc = "ALREADY_EXIST")]
    Taken,
    #[api(status = 400, grpc = "OK")]
    Fine,
    #[api(status = 400, grpc = "TEAPOT")]
    Teapot,
}

fn main() {}
