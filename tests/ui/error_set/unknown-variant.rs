use http_api_error::{ApiError, error_set};

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 404)]
    LinkNotFound,
    #[api(status = 410)]
    LinkGone,
}

error_set! {
    GetLinkErrors: LinkError = [LinkError::LinkNotFund, LinkErrors::LinkGone]
}

fn main() {}
