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
