//! Requests without sending (ElectroDB's `.params()`): every typed builder
//! can return the [`Request`] — action, table and the exact JSON body — it
//! would send, built by the same code as `send` (the client's table-name
//! prefix or override and its encode options apply).
//!
//! The way to log a request, to pin it in a test, or to send it through
//! another client (POST `body` with `X-Amz-Target: action.target()`).
//!
//! ```
//! use rynamo_core::prelude::*;
//! # use rynamo_core::transport::{Request, Response, Transport, TransportError};
//! # struct Never;
//! # impl Transport for Never {
//! #     async fn send(&self, _: &Request) -> Result<Response, TransportError> { unreachable!() }
//! #     async fn sleep(&self, _: core::time::Duration) {}
//! #     fn jitter_seed(&self) -> u64 { 0 }
//! # }
//!
//! #[derive(Model)]
//! #[rynamo(table = "orders")]
//! struct Order {
//!     #[rynamo(hash_key)] customer: String,
//!     #[rynamo(range_key)] id: String,
//! }
//!
//! let db = Client::new(Never);
//! let request = Order::get(("c1", "o1")).request(&db).unwrap();
//! assert_eq!(request.action.name(), "GetItem");
//! assert_eq!(
//!     core::str::from_utf8(&request.body).unwrap(),
//!     r#"{"TableName":"orders","Key":{"customer":{"S":"c1"},"id":{"S":"o1"}}}"#,
//! );
//! ```
//!
//! Query and Scan return their first page's request (later pages start
//! from the reply's `LastEvaluatedKey`); batches return every request of
//! the plan (25 writes or 100 keys each), as sent when every reply is
//! complete. A transaction without [`token`](super::Transaction::token)
//! gets a fresh client request token each time.

use alloc::vec::Vec;

use super::{
    BatchGet, BatchWrite, Delete, Get, ItemUpdate, Model, ParallelScan, Read, Save, Transaction,
    TransactionRead,
};
use crate::batch::BatchGetAs;
use crate::client::Client;
use crate::error::Error;
use crate::machine::{Machine, Step};
use crate::op::{Operation, PagedOperation, PutItem};
use crate::transport::{Request, Response, Transport};

impl<M: Model> Get<M> {
    /// The GetItem [`send`](Get::send) would send, without sending it.
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        self.operation(db)?.request(&db.encode_options())
    }
}

impl<M: Model> Save<'_, M> {
    /// The PutItem [`send`](Save::send) would send, without sending it
    /// (a versioned model's version is left as it was).
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        let (model, options, old_version, _) = self.prepare()?;
        let table = db.table_name(M::TABLE);
        let request = PutItem::new(table.as_ref(), &*model)
            .options(options)
            .request(&db.encode_options());
        model.set_version(old_version);
        request
    }
}

impl<M: Model> ItemUpdate<'_, M> {
    /// The UpdateItem [`send`](ItemUpdate::send) would send, without
    /// sending it.
    pub fn request<T: Transport>(mut self, db: &Client<T>) -> Result<Request, Error> {
        self.operation(db)?.request(&db.encode_options())
    }
}

impl<M: Model> Delete<M> {
    /// The DeleteItem [`send`](Delete::send) would send, without sending it.
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        self.operation(db)?.request(&db.encode_options())
    }
}

impl<M: Model, O: PagedOperation, R> Read<M, O, R> {
    /// The Query or Scan of the first page, without sending it.
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        let mut paginator = self.paginator(db)?;
        match paginator.poll(&db.encode_options())? {
            Step::Send([first, ..]) => Ok(first.clone()),
            _ => Err(Error::InvalidRequest("this read sends no request".into())),
        }
    }
}

impl<M: Model> ParallelScan<M> {
    /// The first page's Scan of every segment, in segment order, without
    /// sending them (later pages follow each segment's resume key).
    pub fn requests<T: Transport>(self, db: &Client<T>) -> Result<Vec<Request>, Error> {
        planned(&mut self.machine(db)?, db)
    }
}

impl<M: Model> BatchWrite<M> {
    /// Every BatchWriteItem [`send`](BatchWrite::send) would send (25
    /// writes each), without sending them.
    pub fn requests<T: Transport>(self, db: &Client<T>) -> Result<Vec<Request>, Error> {
        planned(&mut self.writer(db)?, db)
    }
}

impl<M: Model> BatchGet<M> {
    /// Every BatchGetItem [`send`](BatchGet::send) would send (100 keys
    /// each), without sending them.
    pub fn requests<T: Transport>(self, db: &Client<T>) -> Result<Vec<Request>, Error> {
        let mut machine = BatchGetAs::new(self.getter(db)?, super::decode::batch_models::<M>);
        planned(&mut machine, db)
    }
}

impl Transaction {
    /// The TransactWriteItems [`send`](Transaction::send) would send,
    /// without sending it.
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        self.operation(db)?.request(&db.encode_options())
    }
}

impl TransactionRead {
    /// The TransactGetItems [`send`](TransactionRead::send) would send,
    /// without sending it.
    pub fn request<T: Transport>(self, db: &Client<T>) -> Result<Request, Error> {
        self.operation(db)?.request(&db.encode_options())
    }
}

/// The requests `machine` sends when every reply is a complete, empty
/// success (`{}`: no unprocessed items, no further page).
fn planned<M: Machine, T: Transport>(
    machine: &mut M,
    db: &Client<T>,
) -> Result<Vec<Request>, Error> {
    let options = db.encode_options();
    let mut out = Vec::new();
    loop {
        let sent = match machine.poll(&options)? {
            Step::Send(requests) => {
                out.extend_from_slice(requests);
                requests.len()
            }
            Step::Pause(_) => continue,
            Step::Output(_) => continue,
            Step::Done => return Ok(out),
        };
        for index in 0..sent {
            let reply = Response {
                status: 200,
                body: b"{}".to_vec(),
                request_id: None,
            };
            machine.handle(index, Ok(reply))?;
        }
    }
}
