use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
pub enum LinkError {
    #[error("link {id} not found")]
    #[api(status = NOT_FOUNDD)]
    NotFound { id: String },
    #[error("storage failed")]
    #[api(status = 500)]
    Io(#[from] std::io::Error),
}

// Nothing below may report an error: thiserror provides `Display`, `Error` and `From`,
// and the derive still implements `ApiError` and `Serialize`.
fn read(path: &str) -> Result<String, LinkError> {
    Ok(std::fs::read_to_string(path)?)
}

fn describe(error: &LinkError) -> String {
    format!("{error} ({} {})", error.status(), error.code())
}

fn response(error: &LinkError) -> http_api_error::Response<http_api_error::Bytes> {
    error.to_response()
}

fn json(error: &LinkError) -> serde_json::Result<String> {
    serde_json::to_string(error)
}

fn main() {
    let _ = (read, describe, response, json);
}
