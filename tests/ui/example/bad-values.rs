use http_api_error::ApiError;

const ID: &str = "lnk_1";

#[derive(Debug, ApiError)]
enum LinkError {
    #[api(status = 410, message = "Link {id} has been deleted", example(id = ID))]
    Gone { id: String },
    #[api(status = 409, message = "Slug {slug} is taken", example(slug = "a", slug = "b"))]
    Taken { slug: String },
    #[api(status = 404, message = "Link {id} not found", example = "lnk_1")]
    NotFound { id: String },
}

fn main() {}
