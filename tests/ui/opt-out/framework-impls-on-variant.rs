use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 404, framework_impls = false)]
    NotFound,
}

fn main() {}
