//! [`Paginator`]: the machine behind every multi-page Query
//! and Scan — `LastEvaluatedKey` → `ExclusiveStartKey`, an overall item
//! limit that may stop in the middle of a page (with a correct resume key),
//! and an optional rate limit in capacity units per second.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::{Machine, Step};
use crate::error::Error;
use crate::op::{EncodeOptions, Page, PagedOperation};
use crate::transport::{Request, Response};
use crate::value::Item;

/// Whether two keys are equal, compared as the JSON they are sent as
/// (`start` was sent, so it encodes; a key that does not encode differs
/// from it). The JSON writer is there for every request anyway, where
/// `Item`'s `==` compiled `AttributeValue` equality (maps, lists, sets)
/// into the wasm builds for this one check.
fn same_key(a: &Item, b: &Item) -> bool {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    crate::json::write_item(&mut x, a).is_ok()
        && crate::json::write_item(&mut y, b).is_ok()
        && x == y
}

/// The longest pause a rate limit inserts after one page.
const MAX_RATE_PAUSE: Duration = Duration::from_secs(60);

/// The page budget of reads that run to the end in one call (a model
/// read's `count` and `all`) unless the caller sets another: 100,000
/// pages, about 100 GB read at DynamoDB's 1 MB per page. A server that
/// hands out a fresh resume key with every (empty) page would otherwise
/// keep such a call going forever; past the budget it ends with
/// [`Error::PageBudgetExceeded`].
pub const DEFAULT_MAX_PAGES: u64 = 100_000;

/// A rate limit in capacity units per second, with the function that
/// works out the pause after a page. The function is named only where a
/// rate limit is set ([`RateLimit::new`]), not where pages are read, so a
/// build that never limits the rate leaves the pause arithmetic (float to
/// `Duration`, 128-bit) out of every page reader.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateLimit {
    units_per_second: f64,
    pause: fn(f64, f64) -> Duration,
}

impl RateLimit {
    /// `None` unless `units_per_second` is positive and finite.
    pub(crate) fn new(units_per_second: f64) -> Option<Self> {
        (units_per_second > 0.0 && units_per_second.is_finite()).then_some(RateLimit {
            units_per_second,
            pause: rate_pause,
        })
    }
}

/// The pause after a page that consumed `units` at `rate` units per second.
fn rate_pause(units: f64, rate: f64) -> Duration {
    // A nonsensical capacity (1e300 units) must not panic or stall the
    // caller for years: one pause is at most MAX_RATE_PAUSE.
    Duration::try_from_secs_f64(units / rate)
        .map_or(MAX_RATE_PAUSE, |pause| pause.min(MAX_RATE_PAUSE))
}

/// Reads a Query or Scan page by page: a [`Machine`] whose outputs are
/// pages, driven by [`Client::drive_next`](crate::Client::drive_next).
#[derive(Debug, Clone)]
pub struct Paginator<O> {
    operation: O,
    page_size: Option<u32>,
    remaining: Option<u64>,
    key_names: Vec<String>,
    rate_limit: Option<RateLimit>,
    max_pages: Option<u64>,
    pages_read: u64,
    /// Where the next request starts (`ExclusiveStartKey`). Kept here, not
    /// in the operation, and lent to it only while a request is encoded:
    /// the one copy of the key, never cloned (it is also the resume key,
    /// unless `stopped_at` says otherwise).
    start: Option<Item>,
    /// The resume key when it is not `start`: the last item returned when
    /// the limit stopped reading in the middle of a page.
    stopped_at: Option<Option<Item>>,
    done: bool,
    /// The request sent and not yet answered.
    request: Option<Request>,
    /// The rate limit's pause before the next request.
    pause: Option<Duration>,
    /// A page read and not yet handed out.
    page: Option<Page>,
}

impl<O: PagedOperation> Paginator<O> {
    /// Pages through `operation`, starting at its `ExclusiveStartKey`.
    pub fn new(mut operation: O) -> Self {
        let start = operation.settings_mut().exclusive_start_key.take();
        Paginator {
            operation,
            page_size: None,
            remaining: None,
            key_names: Vec::new(),
            rate_limit: None,
            max_pages: None,
            pages_read: 0,
            start,
            stopped_at: None,
            done: false,
            request: None,
            pause: None,
            page: None,
        }
    }

    /// Items DynamoDB reads per request (its `Limit`).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Stops after this many items in all.
    pub fn limit(mut self, items: u64) -> Self {
        self.remaining = Some(items);
        self
    }

    /// The key attributes of the table and index read, so that a limit
    /// reached mid-page yields a resume key at the last returned item.
    pub fn key_names(mut self, names: Vec<String>) -> Self {
        self.key_names = names;
        self
    }

    /// Waits between pages so that consumed capacity stays near
    /// `units_per_second` (PynamoDB's `rate_limit`).
    pub fn rate_limit(self, units_per_second: f64) -> Self {
        self.limit_rate(RateLimit::new(units_per_second))
    }

    /// [`Paginator::rate_limit`] with the limit already made (or none).
    pub(crate) fn limit_rate(mut self, rate: Option<RateLimit>) -> Self {
        if let Some(rate) = rate {
            self.rate_limit = Some(rate);
            self.operation.settings_mut().return_consumed_capacity = true;
        }
        self
    }

    /// Reads at most `pages` pages: asking for one more ends reading with
    /// [`Error::PageBudgetExceeded`] (nothing is sent). Without a budget
    /// the paginator reads until the server gives no resume key.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Whether all pages have been read (or the limit reached).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Where a later read should start (`ExclusiveStartKey`) to continue
    /// after the last item returned so far; `None` once everything was read.
    pub fn resume_key(&self) -> Option<&Item> {
        match &self.stopped_at {
            Some(key) => key.as_ref(),
            None => self.start.as_ref(),
        }
    }

    /// The next step before a page is read: done (all pages read or the
    /// limit reached), the rate limit's pause, or the next request. Pages
    /// themselves are handed out by the [`Machine`] impl (or a wrapper that
    /// decodes replies into models).
    pub fn poll_send<T>(&mut self, options: &EncodeOptions) -> Result<Step<'_, T>, Error> {
        if self.request.is_none() {
            if self.done || self.remaining == Some(0) {
                self.done = true;
                return Ok(Step::Done);
            }
            if let Some(pause) = self.pause.take() {
                return Ok(Step::Pause(pause));
            }
            if let Some(budget) = self.max_pages
                && self.pages_read >= budget
            {
                self.done = true;
                return Err(Error::PageBudgetExceeded { pages: budget });
            }
            let limit = match (self.page_size, self.remaining) {
                (Some(p), Some(r)) => Some(p.min(u32::try_from(r).unwrap_or(u32::MAX))),
                (Some(p), None) => Some(p),
                (None, Some(r)) => Some(u32::try_from(r).unwrap_or(u32::MAX)),
                (None, None) => None,
            };
            let settings = self.operation.settings_mut();
            settings.limit = limit;
            settings.exclusive_start_key = self.start.take();
            let request = self.operation.request(options);
            self.start = self.operation.settings_mut().exclusive_start_key.take();
            self.request = Some(request?);
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    /// Takes a page's reply as `Item`s.
    pub fn on_response(&mut self, response: &Response) -> Result<Page, Error> {
        let page = O::decode(response)?;
        self.on_page(page, |item, names| pick_key(names, item))
    }

    /// Takes a page already decoded into items of any type; `key_of` gives
    /// an item's attributes named in `names` (for a resume key when the
    /// limit stops in the middle of the page). Sets the pause the rate
    /// limit asks for before the next request.
    pub fn on_page<T>(
        &mut self,
        mut page: Page<T>,
        key_of: impl FnOnce(&T, &[String]) -> Result<Item, Error>,
    ) -> Result<Page<T>, Error> {
        let next_start = page.last_evaluated_key.clone();
        self.turn(&mut page.items, next_start, page.consumed_capacity, key_of)?;
        Ok(page)
    }

    /// [`Paginator::on_page`] for a caller that hands over the page's
    /// `LastEvaluatedKey` (`next_start`) rather than keeping it: the key is
    /// moved, not cloned. Truncates `items` to the limit.
    pub(crate) fn turn<T>(
        &mut self,
        items: &mut Vec<T>,
        next_start: Option<Item>,
        consumed_capacity: Option<f64>,
        key_of: impl FnOnce(&T, &[String]) -> Result<Item, Error>,
    ) -> Result<(), Error> {
        self.request = None;
        self.pages_read += 1;
        if let (Some(next), Some(start)) = (&next_start, &self.start)
            && same_key(next, start)
        {
            // The same page would come back forever.
            self.done = true;
            return Err(Error::ResumeKeyRepeated);
        }
        self.stopped_at = None;
        if let Some(remaining) = self.remaining {
            let returned = items.len() as u64;
            let left = if returned > remaining {
                items.truncate(remaining as usize);
                let picked = match items.last() {
                    Some(last) => key_of(last, &self.key_names),
                    None => Err(Error::InvalidRequest("limit of 0 items".into())),
                };
                // Failing, the resume key is the page's own (the next
                // request still starts where this one did).
                match picked {
                    Ok(key) => self.stopped_at = Some(Some(key)),
                    Err(e) => {
                        self.stopped_at = Some(next_start);
                        return Err(e);
                    }
                }
                0
            } else {
                remaining - returned
            };
            self.remaining = Some(left);
            if left == 0 {
                self.done = true;
            }
        }
        if next_start.is_none() {
            self.done = true;
        }
        self.start = next_start;
        self.pause = match (self.rate_limit, consumed_capacity) {
            (Some(rate), Some(units)) if units > 0.0 => {
                Some((rate.pause)(units, rate.units_per_second))
            }
            _ => None,
        };
        Ok(())
    }
}

impl<O: PagedOperation> Machine for Paginator<O> {
    type Output = Page;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Page>, Error> {
        if let Some(page) = self.page.take() {
            return Ok(Step::Output(page));
        }
        self.poll_send(options)
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        self.page = Some(self.on_response(&reply?)?);
        Ok(())
    }
}

/// The attributes of `item` named in `names`: a resume key.
pub fn pick_key(names: &[String], item: &Item) -> Result<Item, Error> {
    let mut key = Item::new();
    for name in names {
        let value = item.get(name).ok_or_else(|| {
            Error::InvalidRequest(crate::text::format(
                "cannot resume after a partial page: key attribute `{}` is not in the projection",
                &[name.into()],
            ))
        })?;
        key.insert(name.clone(), value.clone());
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::KeyCondition;
    use crate::op::Query;
    use crate::value::AttributeValue;

    fn item(pk: &str, sk: u32) -> String {
        alloc::format!(r#"{{"pk":{{"S":"{pk}"}},"sk":{{"N":"{sk}"}},"v":{{"S":"x"}}}}"#)
    }

    fn reply(items: &[String], last: Option<u32>) -> Response {
        let last = last
            .map(|k| {
                alloc::format!(r#","LastEvaluatedKey":{{"pk":{{"S":"a"}},"sk":{{"N":"{k}"}}}}"#)
            })
            .unwrap_or_default();
        let body = alloc::format!(
            r#"{{"Items":[{}],"Count":{}{last}}}"#,
            items.join(","),
            items.len()
        );
        Response {
            status: 200,
            body: body.into_bytes(),
            request_id: None,
        }
    }

    fn query() -> Query {
        Query::new(
            "tab",
            KeyCondition::new("pk", AttributeValue::S("a".into())),
        )
    }

    /// Polls for the next request; its body.
    fn next_body(p: &mut Paginator<Query>) -> Option<String> {
        match p.poll(&EncodeOptions::default()).unwrap() {
            Step::Send([r]) => Some(String::from_utf8(r.body.clone()).unwrap()),
            Step::Done => None,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    /// Hands a reply to the paginator; the page it hands out.
    fn page(p: &mut Paginator<Query>, reply: Response) -> Page {
        p.handle(0, Ok(reply)).unwrap();
        match p.poll(&EncodeOptions::default()).unwrap() {
            Step::Output(page) => page,
            other => panic!("expected a page, got {other:?}"),
        }
    }

    fn capacity_reply(units: &str, last: bool) -> Response {
        let last = if last {
            ""
        } else {
            r#","LastEvaluatedKey":{"pk":{"S":"a"}}"#
        };
        let body = alloc::format!(
            r#"{{"Items":[],"Count":0,"ConsumedCapacity":{{"CapacityUnits":{units}}}{last}}}"#
        );
        Response {
            status: 200,
            body: body.into_bytes(),
            request_id: None,
        }
    }

    #[test]
    fn follows_last_evaluated_key_until_the_end() {
        let mut p = Paginator::new(query()).page_size(2);
        assert_eq!(
            next_body(&mut p).unwrap(),
            r##"{"TableName":"tab","KeyConditionExpression":"#n0 = :v0","Limit":2,"ExpressionAttributeNames":{"#n0":"pk"},"ExpressionAttributeValues":{":v0":{"S":"a"}}}"##
        );
        page(&mut p, reply(&[item("a", 1), item("a", 2)], Some(2)));
        assert_eq!(
            next_body(&mut p).unwrap(),
            r##"{"TableName":"tab","KeyConditionExpression":"#n0 = :v0","Limit":2,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"2"}},"ExpressionAttributeNames":{"#n0":"pk"},"ExpressionAttributeValues":{":v0":{"S":"a"}}}"##
        );
        let last = page(&mut p, reply(&[item("a", 3)], None));
        assert_eq!(last.items.len(), 1);
        assert_eq!(next_body(&mut p), None);
        assert!(p.resume_key().is_none());
    }

    #[test]
    fn a_start_key_is_sent_and_is_the_resume_key_until_a_page_moves_it() {
        let mut op = query();
        let start: Item = [("pk".into(), AttributeValue::S("a".into()))].into();
        op.settings_mut().exclusive_start_key = Some(start.clone());
        let mut p = Paginator::new(op)
            .limit(1)
            .key_names(alloc::vec!["pk".into(), "sk".into()]);
        assert_eq!(p.resume_key(), Some(&start));
        let body = next_body(&mut p).unwrap();
        assert!(
            body.contains(r#""ExclusiveStartKey":{"pk":{"S":"a"}}"#),
            "{body}"
        );
        assert_eq!(
            next_body(&mut p).unwrap(),
            body,
            "the key is sent again, not lost"
        );
        assert_eq!(p.resume_key(), Some(&start));
        // The limit stops mid-page: the resume key is the last item returned.
        page(&mut p, reply(&[item("a", 7), item("a", 8)], Some(8)));
        assert_eq!(
            p.resume_key().unwrap()["sk"],
            AttributeValue::N(7u32.into())
        );
    }

    #[test]
    fn only_the_very_same_resume_key_twice_is_refused() {
        let mut p = Paginator::new(query());
        next_body(&mut p);
        page(&mut p, reply(&[item("a", 1)], Some(1)));
        next_body(&mut p);
        // The same hash key, another range key: a new page, followed.
        page(&mut p, reply(&[item("a", 2)], Some(2)));
        assert!(next_body(&mut p).unwrap().contains(r#""sk":{"N":"2"}"#));
        assert_eq!(
            p.handle(0, Ok(reply(&[], Some(2)))).unwrap_err(),
            Error::ResumeKeyRepeated
        );
        assert!(p.is_done());
    }

    #[test]
    fn polling_twice_before_the_reply_asks_for_the_same_request() {
        let mut p = Paginator::new(query());
        let first = next_body(&mut p);
        assert_eq!(next_body(&mut p), first);
    }

    #[test]
    fn limit_mid_page_resumes_at_the_last_returned_item() {
        let mut p = Paginator::new(query())
            .limit(3)
            .key_names(alloc::vec!["pk".into(), "sk".into()]);
        assert!(next_body(&mut p).unwrap().contains(r#""Limit":3"#));
        page(&mut p, reply(&[item("a", 1), item("a", 2)], Some(2)));
        assert!(
            next_body(&mut p).unwrap().contains(r#""Limit":1"#),
            "asks only for what is left"
        );
        // A page may hold more than the caller still wants (a server that
        // ignores Limit); the limit still holds, and the resume key is the
        // last item returned.
        let got = page(&mut p, reply(&[item("a", 3), item("a", 4)], Some(4)));
        assert_eq!(got.items.len(), 1);
        let resume = p.resume_key().unwrap();
        assert_eq!(resume.len(), 2);
        assert_eq!(resume["sk"], AttributeValue::N(3u32.into()));
        assert_eq!(next_body(&mut p), None);
    }

    #[test]
    fn limit_at_a_page_boundary_resumes_at_last_evaluated_key() {
        let mut p = Paginator::new(query()).limit(2);
        next_body(&mut p);
        page(&mut p, reply(&[item("a", 1), item("a", 2)], Some(2)));
        assert_eq!(next_body(&mut p), None);
        assert_eq!(
            p.resume_key().unwrap()["sk"],
            AttributeValue::N(2u32.into())
        );
    }

    #[test]
    fn rate_limit_pauses_by_consumed_capacity_before_the_next_request() {
        let mut p = Paginator::new(query()).rate_limit(2.0);
        assert!(
            next_body(&mut p)
                .unwrap()
                .contains(r#","ReturnConsumedCapacity":"TOTAL""#)
        );
        page(&mut p, capacity_reply("3.0", false));
        assert_eq!(
            p.poll(&EncodeOptions::default()).unwrap(),
            Step::Pause(Duration::from_millis(1500))
        );
        assert!(next_body(&mut p).unwrap().contains("ExclusiveStartKey"));
    }

    #[test]
    fn no_pause_after_the_last_page() {
        let mut p = Paginator::new(query()).rate_limit(2.0);
        next_body(&mut p);
        page(&mut p, capacity_reply("3.0", true));
        assert_eq!(p.poll(&EncodeOptions::default()).unwrap(), Step::Done);
    }

    #[test]
    fn an_absurd_consumed_capacity_pauses_at_most_a_minute() {
        // Found by the `responses` fuzz target: Duration::from_secs_f64 panicked.
        let mut p = Paginator::new(query()).rate_limit(2.0);
        next_body(&mut p);
        page(&mut p, capacity_reply("1e300", false));
        assert_eq!(
            p.poll(&EncodeOptions::default()).unwrap(),
            Step::Pause(MAX_RATE_PAUSE)
        );
    }
}
