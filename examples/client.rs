//! `cargo run --example client --features axum,client,reqwest,utoipa`: the links service seen
//! from a client. The service runs in-process on a free port of 127.0.0.1, with a rate
//! limit of 3 requests per 2 seconds; the client sends a bad key, reads a deleted
//! link, bursts into the rate limit, and retries as `Retry-After` says.

// The example uses part of the service's support code.
#[allow(dead_code)]
#[path = "support/links.rs"]
mod links;
#[path = "support/userplane.rs"]
mod userplane;

use std::time::{Duration, Instant};

use http_api_error::client::{RemoteError, RetryPolicy, send_with_retry};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let config = links::Config {
        rate_limit: 3,
        window: Duration::from_secs(2),
        ..links::Config::default()
    };
    tokio::spawn(async move { axum::serve(listener, links::app(config)).await });
    println!("links service on http://{address} (3 requests per key per 2 s)\n");

    let links = format!("http://{address}/v1/workspaces/ws_demo/links");
    let client = reqwest::Client::new();
    let policy = RetryPolicy::new();

    println!("GET /links with an unknown key");
    let response = client.get(&links).bearer_auth("sk_unknown").send().await?;
    let error = RemoteError::from_reqwest(response).await;
    show(&error, &policy);
    println!();

    println!("POST /links, DELETE it, GET it (key sk_alice)");
    let response = client
        .post(&links)
        .bearer_auth("sk_alice")
        .header("content-type", "application/json")
        .body(r#"{"url":"https://example.com"}"#)
        .send()
        .await?;
    let created: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    println!("  created {id}");
    let link = format!("{links}/{id}");
    let response = client.delete(&link).bearer_auth("sk_alice").send().await?;
    println!("  deleted: {}", response.status());
    let response = client.get(&link).bearer_auth("sk_alice").send().await?;
    let error = RemoteError::from_reqwest(response).await;
    show(&error, &policy);
    match error.code() {
        Some("LINK_GONE") => println!("  -> it existed and was deleted: drop it from the cache\n"),
        Some("LINK_NOT_FOUND") => println!("  -> it never existed\n"),
        _ => println!("  -> unexpected\n"),
    }

    println!("A burst of 4 GET /links (key sk_bob)");
    for request in 1..=4 {
        let response = client.get(&links).bearer_auth("sk_bob").send().await?;
        if response.status().is_success() {
            println!("  {request}: {}", response.status());
        } else {
            let error = RemoteError::from_reqwest(response).await;
            println!("  {request}:");
            show(&error, &policy);
        }
    }
    println!();

    println!("send_with_retry: GET /links again (key sk_bob)");
    let started = Instant::now();
    let response = send_with_retry(|| client.get(&links).bearer_auth("sk_bob"), &policy).await?;
    println!(
        "  {} after {:.1} s: the 429 was retried once its Retry-After had passed",
        response.status(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prints what the client knows about an error response.
fn show(error: &RemoteError, policy: &RetryPolicy) {
    println!("  {error}");
    let format = error.format().map_or("unknown", |format| format.name());
    println!("  format: {format}, retryable: {}", error.retryable());
    if let Some(retry_after) = error.retry_after_delay() {
        println!("  Retry-After: {} s", retry_after.as_secs());
    }
    match policy.next_delay(1, error) {
        Some(delay) if error.retry_after().is_some() => {
            println!("  retry policy: wait {delay:?}, as Retry-After asks");
        }
        Some(delay) => println!("  retry policy: back off {delay:?}"),
        None => println!("  retry policy: do not retry"),
    }
}
