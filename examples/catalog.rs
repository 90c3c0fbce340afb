//! `cargo run --example catalog`: the error catalog of the quickstart's Userplane API as
//! documentation, generated from the enum so it cannot drift from what the API sends.
//!
//! - no arguments: Markdown on stdout, one `## Category` section per category with an
//!   `Error code | Status | Message` table, the layout of Userplane's error page;
//! - `--json`: the catalog as JSON on stdout;
//! - `--out DIR`: writes `DIR/errors.md` and `DIR/errors.json`.

// `pub(crate)`: tests/test_userplane.rs includes this file and uses the same enum.
#[path = "support/userplane.rs"]
pub(crate) mod userplane;

use std::path::PathBuf;
use std::process::ExitCode;

use http_api_error::ApiError;
use userplane::UserplaneError;

/// The docs page: a title, a line on the conventions, then the catalog's sections.
pub fn markdown() -> String {
    format!(
        "# API errors\n\n\
         Every error answers with a JSON body `{{\"error\": CODE, \"message\": ...}}`. Retry 429 \
         and 5xx responses with exponential backoff; do not retry other 4xx responses.\n\n{}",
        UserplaneError::catalog().to_markdown()
    )
}

/// The catalog as JSON: code, status, title, message, retryable, docs, category.
pub fn json() -> String {
    UserplaneError::catalog().to_json() + "\n"
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => print!("{}", markdown()),
        ["--json"] => print!("{}", json()),
        ["--out", dir] => {
            let dir = PathBuf::from(dir);
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(dir.join("errors.md"), markdown()))
                .and_then(|()| std::fs::write(dir.join("errors.json"), json()));
            if let Err(error) = written {
                eprintln!("cannot write to {}: {error}", dir.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {0}/errors.md and {0}/errors.json", dir.display());
        }
        _ => {
            eprintln!("usage: catalog [--json | --out DIR]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
