//! The accept loop: one task per connection, HTTP/1.1 keep-alive, every
//! task sharing one [`Client`] (and so one DynamoDB connection pool).

use std::convert::Infallible;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rynamo_native::Client;
use tokio::net::TcpListener;

use crate::routes;

/// Serves the orders API on `listener` until the task is dropped.
///
/// A failed `accept` (a client that hung up during the handshake, a full
/// file table) is reported and retried after a pause, not fatal: a service
/// keeps serving the connections it has.
pub async fn serve(listener: TcpListener, db: Client) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                eprintln!("accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let db = db.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let db = db.clone();
                async move { Ok::<_, Infallible>(routes::handle(request, &db).await) }
            });
            // A client that goes away mid-request is its own business.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
