use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 410, message = "Link {idd} has been deleted")]
    Gone { id: String },
}

fn main() {}
