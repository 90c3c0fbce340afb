use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 500, log = off)]
    Storage,
}

fn main() {}
