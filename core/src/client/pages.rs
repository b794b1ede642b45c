//! [`Pages`]: a [`Paginator`](crate::machine::Paginator) run by the one driver,
//! one page per call.

use super::Client;
use crate::error::Error;
use crate::transport::Transport;

/// Pages of a Query or Scan, fetched one request at a time as the caller
/// asks, so memory stays bounded by one page.
pub struct Pages<'a, T, O> {
    db: &'a Client<T>,
    paginator: crate::machine::Paginator<O>,
}

impl<'a, T: Transport, O: crate::op::PagedOperation> Pages<'a, T, O> {
    /// Pages of `paginator` read through `db`.
    pub fn new(db: &'a Client<T>, paginator: crate::machine::Paginator<O>) -> Self {
        Pages { db, paginator }
    }

    /// The next page, or `None` after the last one.
    pub async fn next(&mut self) -> Result<Option<crate::op::Page>, Error> {
        self.db.drive_next(&mut self.paginator).await
    }

    /// Where a later read should start to continue after what was returned.
    pub fn resume_key(&self) -> Option<&crate::value::Item> {
        self.paginator.resume_key()
    }
}
