use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 500)]
    Storage {
        #[api(log = "off")]
        query: String,
    },
}

fn main() {}
