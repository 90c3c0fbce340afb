use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(example(id = "lnk_1"))]
enum LinkError {
    #[api(status = 410, message = "Link {id} has been deleted")]
    Gone {
        #[api(example(id = "lnk_1"))]
        id: String,
    },
}

fn main() {}
