//! The quickstart's error table reproduces every table of Userplane's error page
//! (`tests/fixtures/userplane-error-handling.md`, a copy of the page): same sections,
//! codes, statuses and messages, laid out the same way.

// The catalog example, whose `userplane` module is the quickstart's error table.
#[path = "../examples/catalog.rs"]
#[allow(dead_code)]
mod catalog_example;

use catalog_example::userplane::UserplaneError;
use http_api_error::ApiError;

/// `(section heading, table lines)` for every section with a table.
fn tables(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut heading = String::new();
    let mut in_table = false;
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = h.trim().to_owned();
            in_table = false;
        } else if line.starts_with('|') {
            if !in_table {
                out.push((heading.clone(), Vec::new()));
                in_table = true;
            }
            out.last_mut().unwrap().1.push(line.trim_end().to_owned());
        } else {
            in_table = false;
        }
    }
    out
}

#[test]
fn the_catalog_reproduces_the_reference_tables() {
    let reference = tables(include_str!("fixtures/userplane-error-handling.md"));
    let ours = tables(&UserplaneError::catalog().to_markdown());
    assert_eq!(reference.len(), 7);
    assert_eq!(ours, reference);
}

/// `cargo run --example catalog` writes the page's tables, and the JSON committed as
/// the catalog's stability snapshot.
#[test]
fn the_catalog_example_writes_the_reference_tables_and_the_json() {
    let reference = tables(include_str!("fixtures/userplane-error-handling.md"));
    let page = catalog_example::markdown();
    assert_eq!(tables(&page), reference);
    assert!(page.starts_with("# API errors\n\n"));
    assert_eq!(
        catalog_example::json(),
        include_str!("fixtures/userplane-errors.json")
    );
}

#[test]
fn every_code_is_unique() {
    let catalog = UserplaneError::catalog();
    let mut codes: Vec<&str> = catalog.entries().iter().map(|e| e.code).collect();
    let total = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), total);
    assert_eq!(total, 30);
}

#[test]
fn retry_429_and_5xx_never_other_4xx() {
    for entry in &UserplaneError::catalog() {
        assert_eq!(
            entry.retryable,
            entry.status == 429 || entry.status >= 500,
            "{}",
            entry.code
        );
    }
}
