//! `cargo run --example hyper_service`: `to_response()` served from a plain hyper 1
//! service, no framework. Listens on 127.0.0.1:3001 (or `HYPER_ADDR`); Ctrl-C stops it.
//!
//! ```sh
//! curl -i http://127.0.0.1:3001/links/lnk_1     # 200
//! curl -i http://127.0.0.1:3001/links/lnk_2     # 410 LINK_GONE
//! curl -i http://127.0.0.1:3001/anything        # 404 NOT_FOUND
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;

use http_api_error::request_id::request_id_from;
use http_api_error::{ApiError, Bytes, RequestContext, X_REQUEST_ID};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

#[derive(Debug, ApiError)]
#[api(format = "problem", docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(
        code = "LINK_GONE",
        status = 410,
        message = "Link {id} has been deleted"
    )]
    Gone { id: String },
    #[api(status = 404, message = "No route for {path}")]
    NotFound { path: String },
}

async fn handle(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    let result = match path.as_str() {
        "/links/lnk_1" => Ok("https://example.com"),
        "/links/lnk_2" => Err(LinkError::Gone { id: "lnk_2".into() }),
        _ => Err(LinkError::NotFound { path: path.clone() }),
    };
    let response = match result {
        Ok(url) => Response::new(Bytes::from_static(url.as_bytes())),
        Err(error) => {
            // The request context: a well-formed incoming id is kept, else a new one.
            let id = request_id_from(
                request
                    .headers()
                    .get(&X_REQUEST_ID)
                    .and_then(|value| value.to_str().ok()),
            );
            let context = RequestContext::new()
                .with_request_id(id)
                .with_instance(path);
            error.to_response_with(&context)
        }
    };
    Ok(response.map(Full::new))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address: SocketAddr = std::env::var("HYPER_ADDR")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3001)));
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!("hyper service on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => accepted?,
            _ = tokio::signal::ctrl_c() => return Ok(()),
        };
        tokio::spawn(async move {
            let connection =
                http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(handle));
            if let Err(error) = connection.await {
                eprintln!("connection error: {error}");
            }
        });
    }
}
