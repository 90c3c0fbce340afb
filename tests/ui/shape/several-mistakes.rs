use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "json")]
pub enum LinkError {
    #[api(code = "link_not_found", status = 4040)]
    NotFound,
    #[api(code = "LINK_GONE", status = 410, message = "Link {0} has been deleted")]
    Gone,
}

fn main() {}
