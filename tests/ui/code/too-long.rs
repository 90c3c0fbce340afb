use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(
        code = "LINK_NOT_FOUND_IN_THE_DATABASE_OF_THIS_REGION_OR_IN_ANY_OTHER_REGION_WE_KNOW",
        status = 404
    )]
    NotFound,
}

fn main() {}
