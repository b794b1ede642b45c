//! `query`, `scan` and `count`: pages as an async iterator that holds its
//! state until it ends (or `return()` is called, as `for await … break`
//! does); a dropped iterator is freed with its JS object.

use alloc::rc::Rc;
use alloc::{boxed::Box, string::String, vec::Vec};
use core::cell::RefCell;

use js_sys::Promise;
use rynamo_core::Item;
use rynamo_core::expr::KeyCondition;
use rynamo_core::expr::Projection;
use rynamo_core::machine::Paginator;
use rynamo_core::op::{PagedOperation, Query, ReadSettings, Scan, Select};
use wasm_bindgen::prelude::*;

use super::client::{Call, JsClient, settle, spawn};
use super::marshal::{self, type_error, type_error_of};
use super::options::{condition, count, flag, get, projection, string};
use super::reader::{Output, Paged, Reader};
use super::tables::key_schema;
use super::unmarshal::{from_item, from_items};

/// A query waiting for its key schema (read on the first `next()`).
struct Plan {
    table: String,
    index: Option<String>,
    key: Item,
    hash_key: Option<String>,
    range: Option<rynamo_core::expr::Condition>,
    forward: bool,
    /// Everything else, read from the options up front.
    reading: Reading,
    sizes: Sizes,
}

impl Plan {
    fn build(self, condition: KeyCondition, names: Vec<String>) -> Paginator<Paged> {
        let mut op = Query::new(self.table, condition).scan_index_forward(self.forward);
        self.reading.apply(&mut op);
        paginator(Paged::Query(op), self.sizes, names)
    }
}

#[allow(clippy::large_enum_variant)] // one per iterator, moved rarely: boxing buys nothing
enum Source {
    Plan(Plan),
    Read(Reader),
    /// A page is being read (the paginator is with the core's driver).
    Busy,
}

struct State {
    call: Rc<Call>,
    schemas: super::tables::Schemas,
    source: Source,
}

/// Pages of a query or scan: `for await (const page of client.query(…))`.
#[wasm_bindgen(skip_typescript)]
pub struct Pages {
    state: Rc<RefCell<Option<State>>>,
}

/// The hash key (and, if given, range key equality) of a query's `key`.
/// The key is taken apart by one pass in its order, not by
/// `BTreeMap::remove` and `pop_first`: removal (with its rebalancing) is
/// used nowhere else in the package and was about 4 KB of its wasm.
fn key_condition(plan: &mut Plan, names: &[String]) -> Result<KeyCondition, JsValue> {
    let hash = plan.hash_key.clone().or_else(|| names.first().cloned());
    let hash = hash.ok_or_else(|| type_error("the table has no hash key"))?;
    let mut value = None;
    let mut others = Vec::new();
    for (name, v) in core::mem::take(&mut plan.key) {
        if name == hash {
            value = Some(v);
        } else {
            others.push((name, v));
        }
    }
    let value =
        value.ok_or_else(|| type_error_of(&["options.key needs the hash key `", &hash, "`"]))?;
    let mut condition = KeyCondition::new(hash, value);
    let mut others = others.into_iter();
    let range = match (others.next(), plan.range.take()) {
        (None, range) => range,
        (Some((name, value)), None) if names.get(1) == Some(&name) || names.len() < 2 => {
            Some(rynamo_core::expr::Condition::compare(
                rynamo_core::expr::Operand::Path(rynamo_core::expr::AttributePath::new(name)),
                rynamo_core::expr::Comparator::Eq,
                rynamo_core::expr::Operand::Value(value),
            ))
        }
        (Some((name, _)), _) => {
            return Err(type_error_of(&[
                "options.key holds `",
                &name,
                "`, which is not the range key (or `range` is also given)",
            ]));
        }
    };
    if let Some(range) = range {
        condition = condition.range(range);
    }
    if others.next().is_some() {
        return Err(type_error(
            "options.key holds more than the hash and range keys",
        ));
    }
    Ok(condition)
}

async fn next_page(state: Rc<RefCell<Option<State>>>) -> Result<JsValue, JsValue> {
    let Some((call, schemas)) = state
        .borrow()
        .as_ref()
        .map(|s| (s.call.renewed(), s.schemas.clone()))
    else {
        return Ok(JsValue::UNDEFINED);
    };
    let plan = match state.borrow_mut().as_mut().map(|s| &mut s.source) {
        Some(source @ Source::Plan(_)) => match core::mem::replace(source, Source::Busy) {
            Source::Plan(plan) => Some(plan),
            _ => None,
        },
        _ => None,
    };
    if let Some(mut plan) = plan {
        let names = if plan.hash_key.is_some() && plan.key.len() == 1 {
            Vec::new()
        } else {
            let keys = key_schema(&call, &schemas, &plan.table).await;
            let keys = keys.inspect_err(|_| *state.borrow_mut() = None)?;
            keys.names(plan.index.as_deref())
                .map_err(|e| type_error(&e))
                .inspect_err(|_| *state.borrow_mut() = None)?
        };
        let condition =
            key_condition(&mut plan, &names).inspect_err(|_| *state.borrow_mut() = None)?;
        let paginator = plan.build(condition, names);
        if let Some(s) = state.borrow_mut().as_mut() {
            s.source = Source::Read(Reader::Paged(paginator));
        }
    }
    // The paginator leaves the state while the core's driver reads a page
    // (sending, retrying, pausing for the rate limit), so no borrow is held
    // across the await; a second `next()` meanwhile is refused.
    let taken = state
        .borrow_mut()
        .as_mut()
        .map(|s| core::mem::replace(&mut s.source, Source::Busy));
    let stepped = match taken {
        Some(Source::Read(mut reader)) => {
            let stepped = step(&call.db, &mut reader).await;
            (stepped, Source::Read(reader))
        }
        Some(Source::Busy) => {
            return Err(type_error("next() called before the previous page arrived"));
        }
        _ => return Ok(JsValue::UNDEFINED),
    };
    let (stepped, source) = stepped;
    {
        let mut guard = state.borrow_mut();
        if matches!(stepped, Ok(Some((_, _, false)))) {
            if let Some(s) = guard.as_mut() {
                s.source = source;
            }
        } else {
            // Release the paginator and the client as soon as the last page
            // is read (or reading failed).
            *guard = None;
        }
    }
    let Some((page, resume, _)) = stepped.map_err(|e| call.fail(e))? else {
        return Ok(JsValue::UNDEFINED);
    };
    let resume = match &resume {
        Some(last) => from_item(last)?,
        None => JsValue::UNDEFINED,
    };
    let capacity = page
        .consumed_capacity
        .map_or(JsValue::UNDEFINED, JsValue::from);
    Ok(js_sys::Array::of5(
        &from_items(&page.items)?.into(),
        &(page.count as f64).into(),
        &(page.scanned_count as f64).into(),
        &resume,
        &capacity,
    )
    .into())
}

/// A page, where to resume after it, and whether it was the last.
type Step = (rynamo_core::op::Page, Option<Item>, bool);

/// The next page through the core's one driver.
async fn step<T: rynamo_core::transport::Transport>(
    db: &rynamo_core::Client<T>,
    reader: &mut Reader,
) -> Result<Option<Step>, rynamo_core::Error> {
    Ok(match db.drive_next(reader).await? {
        Some(Output::Page(page)) => Some((page, reader.resume_key().cloned(), reader.is_done())),
        _ => None,
    })
}

#[wasm_bindgen]
impl Pages {
    /// The next page as `[items, count, scannedCount, lastEvaluatedKey,
    /// consumedCapacity]` (items and key as DynamoDB JSON text), then
    /// `undefined`: `methods.js` makes the iterator results of them.
    pub fn next(&self) -> Promise {
        spawn(Box::pin(next_page(self.state.clone())))
    }

    /// Ends the iteration early and releases its state (`methods.js`
    /// resolves `return()` to `{ done: true }`).
    #[wasm_bindgen(js_name = return)]
    pub fn finish(&self) {
        *self.state.borrow_mut() = None;
    }
}

/// The options a query and a scan share, read once for both (not per
/// operation type).
struct Reading {
    settings: ReadSettings,
    filter: Option<rynamo_core::expr::Condition>,
    projection: Projection,
}

impl Reading {
    /// `index`, `consistentRead`, `startKey`, `countOnly`, `filter` and
    /// `projection`.
    fn read(options: &JsValue, call: &Call) -> Result<Reading, JsValue> {
        let mut settings = ReadSettings {
            index: string(options, "index"),
            consistent_read: flag(options, "consistentRead"),
            ..ReadSettings::default()
        };
        if let Some(start) = get(options, "startKey") {
            settings.exclusive_start_key = Some(marshal::to_item(&start, &call.marshal)?);
        }
        if flag(options, "countOnly") {
            settings.select = Select::Count;
        }
        Ok(Reading {
            settings,
            filter: condition(options, "filter")?,
            projection: projection(options)?,
        })
    }

    /// Sets them on `op`, a new query or scan.
    fn apply<O: PagedOperation>(self, op: &mut O) {
        *op.settings_mut() = self.settings;
        *op.filter_mut() = self.filter;
        *op.projection_mut() = self.projection;
    }
}

/// `pageSize`, `limit` and `maxPages`.
type Sizes = (Option<u64>, Option<u64>, Option<u64>);

/// `pageSize`, `limit` and `maxPages`; a count, which runs to the end in
/// one call, reads at most `DEFAULT_MAX_PAGES` pages unless told.
fn sizes(options: &JsValue) -> Result<Sizes, JsValue> {
    let max_pages = match count(options, "maxPages")? {
        Some(n) => Some(n),
        None if flag(options, "countOnly") => Some(rynamo_core::machine::DEFAULT_MAX_PAGES),
        None => None,
    };
    Ok((
        count(options, "pageSize")?,
        count(options, "limit")?,
        max_pages,
    ))
}

fn paginator(
    op: Paged,
    (page_size, limit, max_pages): Sizes,
    names: Vec<String>,
) -> Paginator<Paged> {
    let mut paginator = Paginator::new(op).key_names(names);
    if let Some(n) = page_size {
        paginator = paginator.page_size(n.clamp(1, u64::from(u32::MAX)) as u32);
    }
    if let Some(n) = limit {
        paginator = paginator.limit(n);
    }
    if let Some(n) = max_pages {
        paginator = paginator.max_pages(n);
    }
    paginator
}

impl JsClient {
    fn query_pages(&self, table: &str, options: &JsValue) -> Result<(Call, Source), JsValue> {
        let call = self.call(options)?;
        let key = get(options, "key")
            .ok_or_else(|| type_error("options.key ({ hashKeyName: value }) is required"))?;
        let key = marshal::to_item(&key, &call.marshal)?;
        let table = self.table(table);
        let reading = Reading::read(options, &call)?;
        let plan = Plan {
            table,
            index: string(options, "index"),
            key,
            hash_key: string(options, "hashKey"),
            range: condition(options, "range")?,
            forward: !flag(options, "reverse"),
            reading,
            sizes: sizes(options)?,
        };
        Ok((call, Source::Plan(plan)))
    }

    fn scan_pages(&self, table: &str, options: &JsValue) -> Result<(Call, Source), JsValue> {
        let call = self.call(options)?;
        let mut op = Scan::new(self.table(table));
        if let (Some(s), Some(t)) = (count(options, "segment")?, count(options, "totalSegments")?) {
            op = op.segment(s as u32, t as u32);
        }
        Reading::read(options, &call)?.apply(&mut op);
        let sizes = sizes(options)?;
        Ok((
            call,
            Source::Read(Reader::Paged(paginator(Paged::Scan(op), sizes, Vec::new()))),
        ))
    }

    fn state(&self, (call, source): (Call, Source)) -> Rc<RefCell<Option<State>>> {
        Rc::new(RefCell::new(Some(State {
            call: Rc::new(call),
            schemas: self.schemas.clone(),
            source,
        })))
    }
}

impl JsClient {
    /// Pages of a query, as an async iterable. The hash key in `options.key`
    /// is found by the table's (or index's) key schema, read once per client
    /// and table, unless `options.hashKey` names it.
    pub fn query(&self, table: &str, options: JsValue) -> Result<JsValue, JsValue> {
        Ok(Pages {
            state: self.state(self.query_pages(table, &options)?),
        }
        .into())
    }

    /// Pages of a scan (or one segment of a parallel scan), as an async iterable.
    pub fn scan(&self, table: &str, options: JsValue) -> Result<JsValue, JsValue> {
        Ok(Pages {
            state: self.state(self.scan_pages(table, &options)?),
        }
        .into())
    }

    /// The number of matching items (`Select: COUNT`), over all pages: a
    /// query when `options.key` is given, else a scan.
    pub fn count(&self, table: &str, options: JsValue) -> Promise {
        // `options` is the caller's copied with `countOnly: true`
        // (`methods.js`: a wasm-bindgen call per step cost more here).
        settle(|| {
            let parts = if get(&options, "key").is_some() {
                self.query_pages(table, &options)?
            } else {
                self.scan_pages(table, &options)?
            };
            let state = self.state(parts);
            Ok(spawn(Box::pin(async move {
                let mut total = 0.0;
                loop {
                    let page = next_page(state.clone()).await?;
                    if page.is_undefined() {
                        return Ok(JsValue::from_f64(total));
                    }
                    // [items, count, …]
                    total += js_sys::Array::from(&page).get(1).as_f64().unwrap_or(0.0);
                }
            })))
        })
    }
}
