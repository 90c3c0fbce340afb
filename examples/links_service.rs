//! `cargo run --example links_service --features axum,utoipa,tracing,i18n,validator`: the links API
//! behind Userplane's error page, on 127.0.0.1:3000 (or `--addr HOST:PORT`, or the
//! `LINKS_ADDR` environment variable). Ctrl-C stops it. `LINKS_RATE_LIMIT` sets the
//! requests a key may make per minute (default 20), for load tests.
//!
//! `--openapi` prints the OpenAPI document instead and exits (`.ci/openapi-typescript.sh`
//! generates TypeScript types from it).
//!
//! Every 5xx is logged on stderr by tracing-subscriber's `fmt` output, with its cause;
//! a link to a host under `.invalid` makes the store fail on purpose.

#[path = "support/links.rs"]
mod links;
#[path = "support/userplane.rs"]
mod userplane;

use std::net::SocketAddr;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    if std::env::args().any(|arg| arg == "--openapi") {
        use utoipa::OpenApi as _;
        let document = links::ApiDoc::openapi()
            .to_pretty_json()
            .map_err(std::io::Error::other)?;
        println!("{document}");
        return Ok(());
    }
    // INFO and above: every 5xx with its cause; 4xx are logged at DEBUG.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let address = address().unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let listener = tokio::net::TcpListener::bind(address).await?;
    let address = listener.local_addr()?;
    let base = format!("http://{address}/v1/workspaces/ws_demo/links");
    println!("links service on http://{address}\n");
    println!("API keys:");
    for (key, who) in links::KEYS {
        println!("  {key:<12} {who}");
    }
    println!(
        "\nTry:\n  \
         curl -i {base} -H 'authorization: Bearer sk_alice' -H 'content-type: application/json' -d '{{\"url\":\"https://example.com\"}}'\n  \
         curl -i {base}/lnk_1 -H 'authorization: Bearer sk_alice'\n  \
         curl -i -X DELETE {base}/lnk_1 -H 'authorization: Bearer sk_alice'\n  \
         curl -i {base}/lnk_1 -H 'authorization: Bearer sk_alice'     # 410 LINK_GONE\n  \
         curl -i {base}                                              # 401 API_KEY_REQUIRED\n  \
         curl -i {base} -H 'accept-language: fr'                     # the same, in French\n  \
         curl -i {base} -H 'accept: application/problem+json'        # the same, in RFC 9457\n  \
         curl -i {base} -H 'authorization: Bearer sk_mallory'        # 403 NOT_A_MEMBER\n  \
         curl -i {base} -H 'authorization: Bearer sk_alice' -H 'content-type: application/json' -d '{{\"url\":\"https://db.invalid\"}}'  # 500, cause in the log\n  \
         curl -s http://{address}/openapi.json                        # the OpenAPI document\n"
    );
    axum::serve(listener, links::app(config()))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            println!("\nshutting down");
        })
        .await
}

/// The demo's limits, with the rate limit from `LINKS_RATE_LIMIT` when set.
fn config() -> links::Config {
    let mut config = links::Config::default();
    if let Some(limit) = std::env::var("LINKS_RATE_LIMIT")
        .ok()
        .and_then(|value| value.parse().ok())
    {
        config.rate_limit = limit;
    }
    config
}

/// `--addr HOST:PORT`, else `LINKS_ADDR`.
fn address() -> Option<SocketAddr> {
    let mut args = std::env::args().skip(1);
    let from_flag = std::iter::from_fn(|| args.next())
        .collect::<Vec<_>>()
        .windows(2)
        .find(|pair| pair[0] == "--addr")
        .map(|pair| pair[1].clone());
    let value = from_flag.or_else(|| std::env::var("LINKS_ADDR").ok())?;
    match value.parse() {
        Ok(address) => Some(address),
        Err(error) => {
            eprintln!("ignoring address {value:?}: {error}");
            None
        }
    }
}
