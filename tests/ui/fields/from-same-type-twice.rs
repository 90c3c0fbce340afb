use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum NoteError {
    #[api(status = 500, message = "Could not read the note")]
    Read(#[from] std::io::Error),
    #[api(status = 500, message = "Could not write the note")]
    Write(#[from] std::io::Error),
}

fn main() {}
