//! A query's or a scan's paginator as one machine, so that the core's
//! driver (sending, retrying, pausing for the rate limit) is compiled once
//! for both instead of once per operation.

use rynamo_core::machine::{Machine, Paginator, Step};
use rynamo_core::op::{EncodeOptions, Page, Query, Scan};
use rynamo_core::transport::Response;
use rynamo_core::{Error, Item};

/// The paginator of a `query` or a `scan` call.
pub(super) enum Reader {
    Query(Paginator<Query>),
    Scan(Paginator<Scan>),
}

impl Reader {
    /// Where the next page starts, if a page has been read and more remain.
    pub(super) fn resume_key(&self) -> Option<&Item> {
        match self {
            Reader::Query(p) => p.resume_key(),
            Reader::Scan(p) => p.resume_key(),
        }
    }

    /// Whether the last page has been read.
    pub(super) fn is_done(&self) -> bool {
        match self {
            Reader::Query(p) => p.is_done(),
            Reader::Scan(p) => p.is_done(),
        }
    }
}

impl Machine for Reader {
    type Output = Page;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Page>, Error> {
        match self {
            Reader::Query(p) => p.poll(options),
            Reader::Scan(p) => p.poll(options),
        }
    }

    fn handle(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        match self {
            Reader::Query(p) => p.handle(index, reply),
            Reader::Scan(p) => p.handle(index, reply),
        }
    }
}
