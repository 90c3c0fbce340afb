use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum LinkError {
    // A misspelt field, and a field no body shows.
    #[api(status = 410, message = "Link {id} has been deleted", example(idd = "lnk_1", owner = "ann"))]
    Gone { id: String, owner: String },
    #[api(status = 404, example(id = "lnk_1"))]
    NotFound,
}

fn main() {}
