use http_api_error::ApiError;

#[derive(Debug, ApiError)]
enum DbError {
    #[api(status = 404)]
    NotFound,
}

// Takes a `String`, but the variant's field is an `io::Error`.
fn classify(_: &String) -> &'static DbError {
    &DbError::NotFound
}

#[derive(Debug, ApiError)]
enum NoteError {
    #[api(transparent = classify)]
    Db(#[from] std::io::Error),
}

fn main() {}
