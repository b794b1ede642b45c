//! An orders API as a Rust service runs it: hyper on a multi-thread Tokio
//! runtime, one [`rynamo_native::Client`] cloned into every connection's
//! task, each request saving, reading, querying or running a transaction.
//!
//! ```no_run
//! use rynamo_native::Client;
//!
//! #[tokio::main(flavor = "multi_thread")]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // On ECS, EKS or EC2 the region and credentials come from the
//!     // environment, as for the AWS SDKs.
//!     let db = Client::from_env()?;
//!     rynamo_service_example::create_tables(&db).await?;
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//!     rynamo_service_example::serve(listener, db).await;
//!     Ok(())
//! }
//! ```
//!
//! The routes are listed in [`routes`]; `tests/orders.rs` drives hundreds of
//! concurrent requests through it against DynamoDB Local.
#![warn(missing_docs)]

pub mod model;
pub mod routes;
mod server;

use rynamo_core::Model;
use rynamo_native::Client;

pub use server::serve;

/// Creates the service's tables unless they exist (on-demand billing).
pub async fn create_tables(db: &Client) -> Result<(), rynamo_core::Error> {
    if !model::Customer::table().exists(db).await? {
        model::Customer::table().create(db).await?;
    }
    if !model::Order::table().exists(db).await? {
        model::Order::table().create(db).await?;
    }
    Ok(())
}
