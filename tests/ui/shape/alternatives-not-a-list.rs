use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 404, alternatives = "HtmlPage")]
pub struct Missing;

fn main() {}
