//! `cargo run --example quickstart`: Userplane's error table as one derived enum, a
//! few of its responses in each body format, and its catalog as Markdown.

#[path = "support/userplane.rs"]
mod userplane;

use std::time::Duration;

use http_api_error::{ApiError, Bytes, FormatKind, RequestContext, Response};
use userplane::{
    AuthenticationError, MutationError, RateLimitError, ResourceError, UserplaneError,
};

fn main() {
    let context = RequestContext::new().with_request_id("req_2c9a0jf23l4k567");
    let examples: [(&str, UserplaneError); 4] = [
        (
            "a missing API key",
            AuthenticationError::ApiKeyRequired.into(),
        ),
        ("a soft-deleted link", ResourceError::LinkGone.into()),
        (
            "a rate limit",
            RateLimitError::RateLimited {
                retry_after: Duration::from_millis(2500),
            }
            .into(),
        ),
        (
            "a storage failure (the io::Error is logged, never sent)",
            MutationError::LinkCreateFailed(std::io::Error::other("connection refused: db-1:5432"))
                .into(),
        ),
    ];

    for (what, error) in &examples {
        println!("=== {what}: {} ===\n", error.code());
        println!("--- to_response() (simple format) ---");
        print_response(&error.to_response());
        println!("--- RFC 9457 problem+json, with the request id ---");
        print_response(&error.render(&FormatKind::Problem, &context));
        println!("--- envelope, with the request id ---");
        print_response(&error.render(&FormatKind::Envelope, &context));
    }

    if let Some(source) = std::error::Error::source(&examples[3].1) {
        println!("(the storage failure's source, for the logs only: {source})\n");
    }

    println!("=== UserplaneError::catalog().to_markdown() ===\n");
    print!("{}", UserplaneError::catalog().to_markdown());
}

fn print_response(response: &Response<Bytes>) {
    let status = response.status();
    println!(
        "HTTP/1.1 {} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in response.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!("\n{}\n", String::from_utf8_lossy(response.body()));
}
