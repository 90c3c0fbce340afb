//! Real servers on 127.0.0.1, for the tests that run one scenario on every framework:
//! each starts an app and answers its base URL (`http://127.0.0.1:PORT`).
// Each test uses the servers of the frameworks it covers.
#![allow(dead_code, unused_macros)]

/// Serves `app` with axum.
pub async fn axum(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// Serves the app the factory closure makes with actix-web, one worker, on a thread
/// of its own (actix runs its own runtime); a macro, since `HttpServer::new`'s bounds
/// name crates the tests do not depend on.
macro_rules! actix_server {
    ($factory:expr) => {{
        let (sender, receiver) = std::sync::mpsc::channel::<std::net::SocketAddr>();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = actix_web::HttpServer::new($factory)
                    .workers(1)
                    .disable_signals()
                    .bind(("127.0.0.1", 0))
                    .unwrap();
                sender.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        format!("http://{}", receiver.recv().unwrap())
    }};
}

/// Serves `app` with poem.
pub async fn poem(app: impl poem::Endpoint + 'static) -> String {
    use poem::listener::{Acceptor as _, Listener as _};
    let acceptor = poem::listener::TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let address = *acceptor.local_addr()[0].as_socket_addr().unwrap();
    tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(app));
    format!("http://{address}")
}

/// Posts `body` to `{base}/orders` as JSON with the request id `id`, and asserts the
/// `INVALID_BODY` rejection the validating extractors answer with, its violations
/// `errors` compared whole.
pub async fn assert_invalid_body(base: &str, id: &str, body: String, errors: serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/orders"))
        .header("x-request-id", id)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422, "{id}");
    assert_eq!(response.headers()["content-type"], "application/json");
    let sent: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({
            "error": "INVALID_BODY",
            "message": "Request body does not match the expected schema",
            "request_id": id,
            "errors": errors,
        }),
        "{id}"
    );
}

/// `POST /orders` on actix-web behind the request-id middleware, extracting
/// `$wrapper<web::Json<$order>>` (`Valid` or `Garde`): the validating extractor's app,
/// served; answers its base URL.
macro_rules! actix_orders {
    ($wrapper:ident, $order:ty) => {{
        async fn create(
            _: http_api_error::actix::$wrapper<actix_web::web::Json<$order>>,
        ) -> &'static str {
            "created"
        }
        actix_server!(|| {
            actix_web::App::new()
                .app_data(http_api_error::actix::json_config())
                .route("/orders", actix_web::web::post().to(create))
                .wrap(http_api_error::actix::RequestId::new())
        })
    }};
}

/// The same app on poem (see `actix_orders!`), served; answers its base URL.
macro_rules! poem_orders {
    ($wrapper:ident, $order:ty) => {{
        use poem::EndpointExt as _;
        #[poem::handler]
        fn create(_: http_api_error::poem::$wrapper<poem::web::Json<$order>>) -> &'static str {
            "created"
        }
        let app = poem::Route::new()
            .at("/orders", poem::post(create))
            .catch_all_error(http_api_error::poem::catch_all)
            .with(http_api_error::poem::RequestId::new());
        servers::poem(app).await
    }};
}
