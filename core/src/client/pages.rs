//! [`Pages`]: the driver of a [`Paginator`](crate::op::Paginator).

use super::Client;
use crate::error::Error;
use crate::transport::Transport;

/// Pages of a Query or Scan, fetched one request at a time as the caller
/// asks, so memory stays bounded by one page.
pub struct Pages<'a, T, O> {
    db: &'a Client<T>,
    paginator: crate::op::Paginator<O>,
    pause: Option<core::time::Duration>,
}

impl<'a, T: Transport, O: crate::op::PagedOperation> Pages<'a, T, O> {
    /// Pages of `paginator` read through `db`.
    pub fn new(db: &'a Client<T>, paginator: crate::op::Paginator<O>) -> Self {
        Pages {
            db,
            paginator,
            pause: None,
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next(&mut self) -> Result<Option<crate::op::Page>, Error> {
        self.next_with(|paginator, response| paginator.on_response(response))
            .await
    }

    /// The next page, decoded by `take` (which hands the reply to the
    /// paginator, e.g. through [`Paginator::on_page`](crate::op::Paginator::on_page)).
    pub async fn next_with<R>(
        &mut self,
        take: impl FnOnce(
            &mut crate::op::Paginator<O>,
            &crate::transport::Response,
        ) -> Result<(R, Option<core::time::Duration>), Error>,
    ) -> Result<Option<R>, Error> {
        let Some(request) = self.paginator.next_request()? else {
            return Ok(None);
        };
        if let Some(pause) = self.pause.take() {
            self.db.transport().sleep(pause).await;
        }
        let response = self.db.execute(&request).await?;
        let (page, pause) = take(&mut self.paginator, &response)?;
        self.pause = pause;
        Ok(Some(page))
    }

    /// Where a later read should start to continue after what was returned.
    pub fn resume_key(&self) -> Option<&crate::value::Item> {
        self.paginator.resume_key()
    }
}
