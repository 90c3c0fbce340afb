use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 4040)]
    NotFound { id: String },
    #[api(status = 500)]
    Io(#[from] std::io::Error),
}

// Nothing below may report an error: the derive still implements every trait.
fn status(error: &LinkError) -> u16 {
    error.status().as_u16()
}

fn response(error: &LinkError) -> http_api_error::Response<http_api_error::Bytes> {
    error.to_response()
}

fn read(path: &str) -> Result<String, LinkError> {
    Ok(std::fs::read_to_string(path)?)
}

fn display(error: &LinkError) -> String {
    format!("{error}: {}", error.code())
}

fn boxed(error: LinkError) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(error)
}

fn serialized(error: &LinkError) -> impl serde::Serialize + '_ {
    error
}

fn main() {
    let _ = (status, response, read, display, boxed, serialized);
}
