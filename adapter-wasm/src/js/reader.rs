//! Every multi-request call as one machine: a query's or a scan's
//! paginator, `listTables`' pages, a batch write, a batch get and
//! `createTable`'s creation and wait (the core's `WaitUntilActive`). The
//! core's driver (sending, retrying, pausing for the rate limit) is then
//! compiled once for all of them instead of once per operation, and
//! `run` (a call driven to its end) is one future for `listTables`,
//! `batchWrite` and `batchGet`.

use alloc::{rc::Rc, vec::Vec};
use js_sys::Array;
use rynamo_core::batch::{BatchGetAs, BatchGetter, BatchWriter};
use rynamo_core::expr::{Condition, Projection};
use rynamo_core::machine::{Machine, Paginator, Step, TableNamePages, WaitUntilActive};
use rynamo_core::op::{
    BatchGetItem, BatchGetOutput, EncodeOptions, Operation, Page, PagedOperation, Query,
    ReadSettings, Scan, TableNames,
};
use rynamo_core::transport::{Action, Request, Response};
use rynamo_core::{Error, Item};
use wasm_bindgen::prelude::*;

use super::client::Call;
use super::unmarshal::from_items;

/// How a batch get's replies are read (one function type for the machine).
type DecodeGets = fn(&Response) -> Result<BatchGetOutput, Error>;

/// The machine of a `query`, `scan`, `listTables`, `batchWrite`,
/// `batchGet` or `createTable` call.
#[allow(clippy::large_enum_variant)] // one per call, moved rarely: boxing buys nothing
pub(super) enum Reader {
    Paged(Paginator<Paged>),
    Tables(TableNamePages),
    Writes(BatchWriter),
    Gets(BatchGetAs<Item, DecodeGets>),
    Create(WaitUntilActive),
}

/// A query or a scan, as one operation type: the core's paginator (its
/// polling, page turning and resume-key logic) is then compiled once for
/// both instead of once per operation.
pub(super) enum Paged {
    Query(Query),
    Scan(Scan),
}

impl Operation for Paged {
    type Output = Page;
    /// Not used: `request` is each operation's own (with its action).
    const ACTION: Action = Action::Query;

    fn table(&self) -> Option<&str> {
        match self {
            Paged::Query(q) => q.table(),
            Paged::Scan(s) => s.table(),
        }
    }

    fn writes_consumed_capacity(&self) -> bool {
        match self {
            Paged::Query(q) => q.writes_consumed_capacity(),
            Paged::Scan(s) => s.writes_consumed_capacity(),
        }
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        match self {
            Paged::Query(q) => q.encode(buf),
            Paged::Scan(s) => s.encode(buf),
        }
    }

    fn request(&self, options: &EncodeOptions) -> Result<Request, Error> {
        match self {
            Paged::Query(q) => q.request(options),
            Paged::Scan(s) => s.request(options),
        }
    }

    /// A query's and a scan's replies are read alike (`Page`).
    fn decode(response: &Response) -> Result<Page, Error> {
        Query::decode(response)
    }
}

impl PagedOperation for Paged {
    fn settings_mut(&mut self) -> &mut ReadSettings {
        match self {
            Paged::Query(q) => q.settings_mut(),
            Paged::Scan(s) => s.settings_mut(),
        }
    }

    fn table_mut(&mut self) -> &mut alloc::string::String {
        match self {
            Paged::Query(q) => q.table_mut(),
            Paged::Scan(s) => s.table_mut(),
        }
    }

    fn filter_mut(&mut self) -> &mut Option<Condition> {
        match self {
            Paged::Query(q) => q.filter_mut(),
            Paged::Scan(s) => s.filter_mut(),
        }
    }

    fn projection_mut(&mut self) -> &mut Projection {
        match self {
            Paged::Query(q) => q.projection_mut(),
            Paged::Scan(s) => s.projection_mut(),
        }
    }
}

/// What a [`Reader`] hands out: its machine's output.
pub(super) enum Output {
    Page(Page),
    Names(TableNames),
    Items(Vec<Item>),
    /// A batch write's round (or nothing to hand out).
    Written,
}

impl Reader {
    /// The machine of a batch get.
    pub(super) fn gets(getter: BatchGetter) -> Reader {
        Reader::Gets(BatchGetAs::new(getter, BatchGetItem::decode as DecodeGets))
    }

    /// Where the next page starts, if a page has been read and more remain.
    pub(super) fn resume_key(&self) -> Option<&Item> {
        match self {
            Reader::Paged(p) => p.resume_key(),
            _ => None,
        }
    }

    /// Whether the last page has been read.
    pub(super) fn is_done(&self) -> bool {
        match self {
            Reader::Paged(p) => p.is_done(),
            _ => false,
        }
    }
}

/// `step` with its output made an [`Output`] by `wrap`.
fn wrapped<T>(step: Step<'_, T>, wrap: impl FnOnce(T) -> Output) -> Step<'_, Output> {
    match step {
        Step::Send(requests) => Step::Send(requests),
        Step::Pause(pause) => Step::Pause(pause),
        Step::Output(output) => Step::Output(wrap(output)),
        Step::Done => Step::Done,
    }
}

impl Machine for Reader {
    type Output = Output;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Output>, Error> {
        Ok(match self {
            Reader::Paged(p) => wrapped(p.poll(options)?, Output::Page),
            Reader::Tables(p) => wrapped(p.poll(options)?, Output::Names),
            Reader::Writes(w) => wrapped(w.poll(options)?, |()| Output::Written),
            Reader::Gets(g) => wrapped(g.poll(options)?, Output::Items),
            Reader::Create(c) => wrapped(c.poll(options)?, |_| Output::Written),
        })
    }

    fn handle(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        match self {
            Reader::Paged(p) => p.handle(index, reply),
            Reader::Tables(p) => p.handle(index, reply),
            Reader::Writes(w) => w.handle(index, reply),
            Reader::Gets(g) => g.handle(index, reply),
            Reader::Create(c) => c.handle(index, reply),
        }
    }
}

/// Drives `reader` to its end: every table name (`listTables`), every item
/// found (`batchGet`, as DynamoDB JSON texts), or `undefined` (`batchWrite`,
/// `createTable`).
pub(super) async fn run(call: Rc<Call>, mut reader: Reader) -> Result<JsValue, JsValue> {
    let names = Array::new();
    let mut items = Vec::new();
    while let Some(output) = call
        .db
        .drive_next(&mut reader)
        .await
        .map_err(|e| call.fail(e))?
    {
        match output {
            Output::Names(page) => {
                for name in &page.names {
                    names.push(&name.as_str().into());
                }
            }
            Output::Items(found) => items.extend(found),
            Output::Page(_) | Output::Written => {}
        }
    }
    Ok(match reader {
        Reader::Tables(_) => names.into(),
        Reader::Gets(_) => from_items(&items)?.into(),
        _ => JsValue::UNDEFINED,
    })
}
