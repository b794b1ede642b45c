//! Response decoding for every operation, the error decoder, the paging and
//! batch state machines, and whole model operations run through a client
//! over an in-memory transport that answers with the fuzz input.
//!
//! Input: `[selector, status, body…]`. `selector` picks what decodes the
//! body; `status` (used by the error decoder and the client) maps below 128
//! to 200, else to 400 + (status - 128), i.e. 400..=527.

use std::sync::Arc;

use crate::{Animal, Everything, FuzzTransport, Sparse, block_on, touch_error};
use rynamo_core::batch::{BatchGetAs, BatchGetter, BatchWriter};
use rynamo_core::client::{Hook, ResponseInfo};
use rynamo_core::expr::{KeyCondition, PathExpr};
use rynamo_core::machine::Paginator;
use rynamo_core::machine::{Machine, Step};
use rynamo_core::model::{Transaction, TransactionRead};
use rynamo_core::op::{
    BatchGetItem, BatchWriteItem, CreateTable, DeleteItem, DeleteTable, DescribeTable,
    DescribeTimeToLive, EncodeOptions, GetItem, ListTables, Operation, PutItem, Query, Scan,
    TransactGetItems, TransactWriteItems, UpdateItem, UpdateTimeToLive, WriteRequest,
};
use rynamo_core::retry::RetryPolicy;
use rynamo_core::transport::Response;
use rynamo_core::{AttributeValue, Client, Error, Key, Model};

/// How many times the transport answers before failing for good: enough
/// for retries and a few pages, and a bound on every loop.
const ANSWERS: u32 = 6;

fn decode<O: Operation>(response: &Response) {
    if let Err(e) = O::decode(response) {
        touch_error(&e);
    }
}

fn check<T>(result: Result<T, Error>) {
    if let Err(e) = result {
        touch_error(&e);
    }
}

/// Reads what hooks are shown, as a logging hook would.
struct Observe;

impl Hook for Observe {
    fn after_send(&self, response: &ResponseInfo<'_>) {
        let _ = format!("{:?}", response.consumed_capacity);
        if let Err(e) = response.outcome {
            touch_error(e);
        }
    }
}

fn key() -> Key {
    Key::hash("pk", AttributeValue::S("a".into())).range("sk", AttributeValue::N(1u32.into()))
}

/// Drives a machine by hand, answering every request with `response`,
/// for at most `polls` polls (pauses and outputs count).
fn drive<M: Machine>(machine: &mut M, response: &Response, polls: usize) {
    for _ in 0..polls {
        match machine.poll(&EncodeOptions::default()) {
            Ok(Step::Send(requests)) => {
                let n = requests.len();
                for index in 0..n {
                    if let Err(e) = machine.handle(index, Ok(response.clone())) {
                        return touch_error(&e);
                    }
                }
            }
            Ok(Step::Pause(_) | Step::Output(_)) => {}
            Ok(Step::Done) => break,
            Err(e) => return touch_error(&e),
        }
    }
}

fn paginate<O: rynamo_core::op::PagedOperation>(operation: O, body: &[u8]) {
    let response = Response {
        status: 200,
        body: body.to_vec(),
        request_id: None,
    };
    let mut pages = Paginator::new(operation)
        .page_size(2)
        .limit(3)
        .key_names(vec!["pk".into(), "sk".into()])
        .rate_limit(1.5);
    drive(&mut pages, &response, 3 * ANSWERS as usize);
    let _ = pages.resume_key();
}

fn batch_write(body: &[u8]) {
    let response = Response {
        status: 200,
        body: body.to_vec(),
        request_id: None,
    };
    let sparse = Sparse::sample();
    let mut writes = vec![WriteRequest::put(&sparse).expect("sample encodes")];
    writes.extend((0..30).map(|_| WriteRequest::delete(key().as_item()).expect("key encodes")));
    let mut writer = BatchWriter::new("fuzz_sparse", writes, RetryPolicy::default(), 1);
    // Each round sends up to 25 writes; the rounds limit ends the loop.
    drive(&mut writer, &response, 120);
    let _ = writer.pending();
}

fn batch_get(body: &[u8]) {
    let response = Response {
        status: 200,
        body: body.to_vec(),
        request_id: None,
    };
    let keys = (0..120).map(|_| key()).collect();
    let getter = BatchGetter::new("fuzz_sparse", keys, RetryPolicy::default(), 1);
    let mut machine = BatchGetAs::new(getter, BatchGetItem::decode);
    drive(&mut machine, &response, 120);
}

/// Whole model operations through a client, as an application runs them.
fn through_client(which: u8, status: u16, body: &[u8]) {
    let db = Client::new(FuzzTransport::new(status, body, ANSWERS))
        .hook(Arc::new(Observe))
        .return_consumed_capacity(true);
    block_on(async {
        match which {
            0 => {
                // Get, then save what was read (its version came from the reply).
                match Everything::get(("e1", 7u64))
                    .consistent_read(true)
                    .send(&db)
                    .await
                {
                    Ok(mut found) => check(found.save().send(&db).await),
                    Err(e) => touch_error(&e),
                }
            }
            1 => check(
                Animal::query("o")
                    .rate_limit(2.0)
                    .limit(5)
                    .page_size(2)
                    .all(&db)
                    .await,
            ),
            2 => check(Everything::scan().count(&db).await),
            3 => {
                let mut items = Sparse::scan().rate_limit(0.5).items(&db);
                for _ in 0..8 {
                    match items.next().await {
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(e) => return touch_error(&e),
                    }
                }
                let _ = items.resume_key();
            }
            4 => match TransactionRead::new()
                .get::<Everything>(("e1", 7u64))
                .get::<Sparse>(vec![1u8])
                .get::<Animal>(("o", "rex"))
                .send(&db)
                .await
            {
                Ok(read) => {
                    check(read.get::<Everything>(0));
                    check(read.get::<Sparse>(1));
                    check(read.get::<Animal>(2));
                    check(read.get::<Sparse>(3));
                }
                Err(e) => touch_error(&e),
            },
            5 => check(Sparse::batch_get([vec![1u8], vec![2u8]]).send(&db).await),
            6 => check(
                Sparse::batch_write()
                    .put(&Sparse::sample())
                    .delete(vec![9u8])
                    .send(&db)
                    .await,
            ),
            7 => check(
                Transaction::new()
                    .put(&Sparse::sample())
                    .check::<Everything>(("e1", 7u64), Everything::FLAG.eq(true))
                    .token("fuzz")
                    .send(&db)
                    .await,
            ),
            8 => {
                let mut everything = Everything::sample();
                check(everything.apply().add(Everything::I, 1i64).send(&db).await);
                check(
                    Sparse::update(vec![1u8])
                        .set(Sparse::N, rynamo_core::Number::from(2))
                        .send_and_read(&db)
                        .await,
                );
            }
            9 => {
                let mut everything = Everything::sample();
                check(everything.refresh().send(&db).await);
                check(everything.delete().send(&db).await);
            }
            10 => {
                check(Everything::table().describe(&db).await);
                check(Everything::table().enable_ttl(&db).await);
                check(
                    db.wait_until_active("fuzz_everything", std::time::Duration::ZERO, 3)
                        .await,
                );
            }
            11 => {
                // Get, then put what was read in a transaction.
                match Everything::get(("e1", 7u64)).send(&db).await {
                    Ok(found) => check(Transaction::new().put(&found).send(&db).await),
                    Err(e) => touch_error(&e),
                }
            }
            _ => check(Animal::scan().parallel(3).all(&db).await),
        }
    });
}

/// One fuzz input: panics on a broken property.
pub fn run(data: &[u8]) {
    let [selector, status, body @ ..] = data else {
        return;
    };
    let status = if *status < 128 {
        200
    } else {
        400 + u16::from(*status - 128)
    };
    let response = Response {
        status: 200,
        body: body.to_vec(),
        request_id: None,
    };
    match selector % 34 {
        0 => decode::<GetItem>(&response),
        1 => decode::<PutItem<'static>>(&response),
        2 => decode::<UpdateItem>(&response),
        3 => decode::<DeleteItem>(&response),
        4 => decode::<Query>(&response),
        5 => decode::<Scan>(&response),
        6 => decode::<BatchGetItem>(&response),
        7 => {
            if let Ok(unprocessed) = BatchWriteItem::decode(&response) {
                for w in &unprocessed {
                    check(w.item());
                }
            }
        }
        8 => decode::<TransactGetItems>(&response),
        9 => decode::<TransactWriteItems>(&response),
        10 => decode::<DescribeTable>(&response),
        11 => decode::<CreateTable>(&response),
        12 => decode::<DeleteTable>(&response),
        13 => decode::<ListTables>(&response),
        14 => decode::<DescribeTimeToLive>(&response),
        15 => decode::<UpdateTimeToLive>(&response),
        16 => touch_error(&Error::from_response(status, body)),
        17 => paginate(
            Query::new("t", KeyCondition::new("pk", AttributeValue::S("a".into()))),
            body,
        ),
        18 => paginate(Scan::new("t").segment(1, 4), body),
        19 => batch_write(body),
        20 => batch_get(body),
        n => through_client(n - 21, status, body),
    }
}
