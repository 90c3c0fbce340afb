use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum NoteError {
    #[api(status = 409, message = "Note {note_id} already uses slug {slug}")]
    SlugTaken { slug: String, existing: u64 },
}

fn main() {}
