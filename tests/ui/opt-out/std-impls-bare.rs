use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 503, std_impls)]
struct UpstreamDown;

fn main() {}
