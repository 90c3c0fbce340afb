use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 404, message = "No such file")]
pub struct Missing {
    path: std::path::Path,
}

#[derive(Debug, ApiError)]
#[api(status = 400, message = "Bad items")]
pub struct BadItems([u32]);

fn main() {}
