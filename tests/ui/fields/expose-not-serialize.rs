use http_api_error::ApiError;

#[derive(Debug)]
pub struct LinkId(u64);

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404)]
    NotFound {
        #[api(expose)]
        id: LinkId,
    },
}

fn main() {}
