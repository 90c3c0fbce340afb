//! `cargo run --example grpc_service --features axum,utoipa,i18n,validator,tonic,client`:
//! the links API over gRPC, with the error enum of the HTTP links service
//! (`examples/support/links.rs`). It starts a tonic server on 127.0.0.1 behind
//! `http_api_error::tonic::RequestIdLayer`, then calls it as a client would: a link
//! that exists, one that was deleted (`LINK_GONE` comes back as the server's own
//! variant), one that never existed, and a call without an API key.

#[path = "support/grpc.rs"]
mod grpc;
#[path = "support/links.rs"]
#[allow(dead_code)]
mod links;
#[path = "support/userplane.rs"]
mod userplane;

use http_api_error::client::{FromRemote, RemoteError};
use links::LinksError;
use userplane::{AuthenticationError, ResourceError, UserplaneError};

/// `links.Links/GetLink`'s request.
#[derive(Clone, PartialEq, prost::Message)]
struct GetLinkRequest {
    #[prost(string, tag = "1")]
    workspace: String,
    #[prost(string, tag = "2")]
    id: String,
}

/// A link.
#[derive(Clone, PartialEq, prost::Message)]
struct Link {
    #[prost(string, tag = "1")]
    id: String,
    #[prost(string, tag = "2")]
    url: String,
}

struct GetLink;

impl grpc::Method for GetLink {
    const SERVICE: &'static str = "links.Links";
    const PATH: &'static str = "/links.Links/GetLink";
    type Request = GetLinkRequest;
    type Response = Link;

    fn call(
        request: tonic::Request<GetLinkRequest>,
    ) -> grpc::BoxFuture<Result<tonic::Response<Link>, tonic::Status>> {
        Box::pin(async move { Ok(tonic::Response::new(get_link(request)?)) })
    }
}

/// The handler, in the same error type as the HTTP service's: `?` above makes each
/// error a `tonic::Status`.
fn get_link(request: tonic::Request<GetLinkRequest>) -> Result<Link, LinksError> {
    let key = request
        .metadata()
        .get("authorization")
        .and_then(|value| value.to_str().ok());
    if key != Some("Bearer sk_alice") {
        return Err(AuthenticationError::ApiKeyRequired.into());
    }
    let GetLinkRequest { workspace, id } = request.into_inner();
    if workspace != "ws_demo" {
        return Err(ResourceError::WorkspaceNotFound.into());
    }
    match id.as_str() {
        "lnk_1" => Ok(Link {
            id,
            url: "https://example.com".into(),
        }),
        "lnk_2" => Err(ResourceError::LinkGone.into()),
        _ => Err(ResourceError::LinkNotFound.into()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(
        tonic::transport::Server::builder()
            .layer(http_api_error::tonic::RequestIdLayer::new())
            .add_service(grpc::Server::<GetLink>::new())
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    println!("links.Links on {address}\n");
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{address}"))?
        .connect()
        .await?;
    for (id, key) in [
        ("lnk_1", Some("Bearer sk_alice")),
        ("lnk_2", Some("Bearer sk_alice")),
        ("lnk_9", Some("Bearer sk_alice")),
        ("lnk_1", None),
    ] {
        let mut request = tonic::Request::new(GetLinkRequest {
            workspace: "ws_demo".into(),
            id: id.into(),
        });
        if let Some(key) = key {
            request.metadata_mut().insert("authorization", key.parse()?);
        }
        print!(
            "GetLink {id}{}: ",
            if key.is_none() { " without a key" } else { "" }
        );
        match grpc::call::<GetLink>(channel.clone(), request).await {
            Ok(link) => println!("{}", link.into_inner().url),
            Err(status) => {
                let remote = RemoteError::from_status(&status);
                let variant = LinksError::from_remote(&remote);
                println!(
                    "{:?} {:?}, code {}, request id {}\n  -> {variant:?}",
                    status.code(),
                    status.message(),
                    remote.code().unwrap_or("?"),
                    remote.request_id().unwrap_or("?"),
                );
                if id == "lnk_2" && key.is_some() {
                    // The client holds the server's own variant.
                    assert!(matches!(
                        variant,
                        Some(LinksError::Userplane(UserplaneError::Resource(
                            ResourceError::LinkGone
                        )))
                    ));
                }
            }
        }
    }
    Ok(())
}
