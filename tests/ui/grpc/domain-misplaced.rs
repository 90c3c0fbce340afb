use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(domain = "links example")]
enum LinkError {
    #[api(status = 404, domain = "links.example.com")]
    NotFound,
    #[api(status = 410)]
    Gone {
        #[api(grpc = "NOT_FOUND")]
        id: String,
    },
}

fn main() {}
