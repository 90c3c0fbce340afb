//! A tonic service of unary methods without protoc: the server and client plumbing
//! tonic's code generator writes, once, generic over a [`Method`]. The messages are
//! prost's derive.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A boxed future, as tonic's generated code uses.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// One unary method of a service: its names, its messages and its handler.
pub trait Method: Send + Sync + 'static {
    /// The service's full name, such as `links.Links`.
    const SERVICE: &'static str;
    /// The method's path, such as `/links.Links/GetLink`.
    const PATH: &'static str;
    type Request: prost::Message + Default + Send + 'static;
    type Response: prost::Message + Default + Send + 'static;

    fn call(
        request: tonic::Request<Self::Request>,
    ) -> BoxFuture<Result<tonic::Response<Self::Response>, tonic::Status>>;
}

/// The server of the service with the one method `M`.
pub struct Server<M>(PhantomData<M>);

impl<M> Server<M> {
    pub fn new() -> Self {
        Server(PhantomData)
    }
}

impl<M> Clone for Server<M> {
    fn clone(&self) -> Self {
        Server(PhantomData)
    }
}

impl<M: Method> tonic::server::NamedService for Server<M> {
    const NAME: &'static str = M::SERVICE;
}

struct Handler<M>(PhantomData<M>);

impl<M: Method> tonic::server::UnaryService<M::Request> for Handler<M> {
    type Response = M::Response;
    type Future = BoxFuture<Result<tonic::Response<M::Response>, tonic::Status>>;

    fn call(&mut self, request: tonic::Request<M::Request>) -> Self::Future {
        M::call(request)
    }
}

impl<M, B> tower::Service<http::Request<B>> for Server<M>
where
    M: Method,
    B: http_body::Body + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        Box::pin(async move {
            if request.uri().path() != M::PATH {
                return Ok(
                    tonic::Status::unimplemented(request.uri().path().to_owned()).into_http(),
                );
            }
            let codec = tonic_prost::ProstCodec::<M::Response, M::Request>::default();
            Ok(tonic::server::Grpc::new(codec)
                .unary(Handler::<M>(PhantomData), request)
                .await)
        })
    }
}

/// Calls `M` on the server at `channel`.
pub async fn call<M: Method>(
    channel: tonic::transport::Channel,
    request: tonic::Request<M::Request>,
) -> Result<tonic::Response<M::Response>, tonic::Status> {
    let mut client = tonic::client::Grpc::new(channel);
    client
        .ready()
        .await
        .map_err(|error| tonic::Status::unavailable(error.to_string()))?;
    let codec = tonic_prost::ProstCodec::<M::Request, M::Response>::default();
    client
        .unary(
            request,
            http::uri::PathAndQuery::from_static(M::PATH),
            codec,
        )
        .await
}
