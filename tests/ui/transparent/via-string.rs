use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum DbError {
    #[api(status = 404)]
    NotFound,
}

fn classify(_: &std::io::Error) -> &'static DbError {
    &DbError::NotFound
}

#[derive(Debug, ApiError)]
enum NoteError {
    #[api(transparent = "classify")]
    Db(#[from] std::io::Error),
}

fn main() {}
