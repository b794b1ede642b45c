//! The JS/TypeScript API: a `Client` over plain JS objects, `Condition`
//! and `Update` builders, `NumberValue` for exact numbers, and errors whose
//! `name` is DynamoDB's error name.

mod error;
mod expr;
mod marshal;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use rynamo_core::expr::{KeyCondition, Projection};
use rynamo_core::op::{
    BillingMode, CreateTable, DeleteItem, DeleteTable, DescribeTable, GetItem, PagedOperation,
    Paginator, PutItem, Query, ReturnValues, Scan, SecondaryIndex, TransactWrite,
    TransactWriteItems, TransactWriteKind, UpdateItem, WriteRequest,
};
use rynamo_core::value::ScalarAttributeType;
use rynamo_core::{Error, Item, Key};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub use expr::{Condition, Update};
pub use marshal::NumberValue;

use crate::fetch::FetchTransport;
use crate::sigv4::Credentials;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A plain item: strings, numbers, bigints, NumberValues, booleans, null, arrays, objects, Sets, Uint8Arrays. */
export type Item = Record<string, any>;
/** A path: "a.b[0].c", or ["a.b", 0, "c"] for names containing dots. */
export type Path = string | (string | number)[];
export interface ClientConfig {
  endpoint: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  tablePrefix?: string;
  maxAttempts?: number;
}
export interface WriteOptions { condition?: Condition; returnOld?: boolean; returnValues?: "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW"; returnItemOnConditionFailure?: boolean }
export interface GetOptions { consistentRead?: boolean; projection?: Path[] }
export interface ReadOptions { index?: string; filter?: Condition; pageSize?: number; consistentRead?: boolean; startKey?: Item; projection?: Path[] }
export interface QueryOptions extends ReadOptions { key: Item; range?: Condition; reverse?: boolean }
export interface ScanOptions extends ReadOptions { segment?: number; totalSegments?: number }
export interface Page { items: Item[]; count: number; lastEvaluatedKey?: Item }
export interface KeyAttribute { name: string; type: "S" | "N" | "B" }
export interface TableOptions {
  hashKey: KeyAttribute; rangeKey?: KeyAttribute;
  indexes?: { name: string; global: boolean; hashKey: KeyAttribute; rangeKey?: KeyAttribute; projection?: "ALL" | "KEYS_ONLY" | string[] }[];
  billing?: { read: number; write: number };
}
export type TransactItem =
  | { put: { table: string; item: Item; condition?: Condition } }
  | { update: { table: string; key: Item; update: Update; condition?: Condition } }
  | { delete: { table: string; key: Item; condition?: Condition } }
  | { check: { table: string; key: Item; condition: Condition } };
"#;

fn get(options: &JsValue, key: &str) -> Option<JsValue> {
    if options.is_undefined() || options.is_null() {
        return None;
    }
    Reflect::get(options, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(options: &JsValue, key: &str) -> Option<String> {
    get(options, key).and_then(|v| v.as_string())
}

fn flag(options: &JsValue, key: &str) -> bool {
    get(options, key).and_then(|v| v.as_bool()).unwrap_or(false)
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A `Condition` passed in an options object. wasm-bindgen objects are
/// recognised by their class name and re-read through their pointer.
fn condition(
    options: &JsValue,
    key: &str,
) -> Result<Option<rynamo_core::expr::Condition>, JsValue> {
    let Some(value) = get(options, key) else {
        return Ok(None);
    };
    let condition: Condition = Condition::try_from_js(&value)
        .ok_or_else(|| type_error(&format!("`{key}` must be a Condition")))?;
    Ok(Some(condition.inner))
}

fn projection(options: &JsValue) -> Result<Projection, JsValue> {
    let Some(list) = get(options, "projection") else {
        return Ok(Projection::new());
    };
    Array::from(&list)
        .iter()
        .map(|p| expr::path(&p))
        .collect::<Result<_, _>>()
}

fn key(value: &JsValue) -> Result<Key, JsValue> {
    Ok(Key::from_item(marshal::to_item(value)?))
}

fn return_values(options: &JsValue, default: ReturnValues) -> ReturnValues {
    if flag(options, "returnOld") {
        return ReturnValues::AllOld;
    }
    match string(options, "returnValues").as_deref() {
        Some("ALL_OLD") => ReturnValues::AllOld,
        Some("UPDATED_OLD") => ReturnValues::UpdatedOld,
        Some("ALL_NEW") => ReturnValues::AllNew,
        Some("UPDATED_NEW") => ReturnValues::UpdatedNew,
        Some("NONE") => ReturnValues::None,
        _ => default,
    }
}

fn optional_item(item: Option<Item>) -> JsValue {
    item.as_ref().map_or(JsValue::UNDEFINED, marshal::from_item)
}

type Core = rynamo_core::Client<FetchTransport>;

/// Runs `work` on the client as a JS promise; Rynamo errors become JS errors.
fn promise<F>(client: &Rc<Core>, work: impl FnOnce(Rc<Core>) -> F + 'static) -> Promise
where
    F: core::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    let client = client.clone();
    future_to_promise(async move { work(client).await })
}

fn rynamo(error: Error) -> JsValue {
    error::to_js(error)
}

/// Keeps every request sent (action and exact JSON body) until taken.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<(String, String)>>);

impl rynamo_core::client::Hook for Recorder {
    fn before_send(&self, request: &rynamo_core::client::RequestInfo<'_>) {
        if let Ok(mut log) = self.0.lock() {
            log.push((
                request.action.name().into(),
                String::from_utf8_lossy(request.body).into_owned(),
            ));
        }
    }
}

/// A DynamoDB client for JS: `new Client({ endpoint, region, credentials })`.
#[wasm_bindgen(js_name = Client)]
pub struct JsClient {
    inner: Rc<Core>,
    recorder: std::sync::Arc<Recorder>,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// A client from `{ endpoint, region?, credentials?, tablePrefix?, maxAttempts? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientConfig")] config: JsValue,
    ) -> Result<JsClient, JsValue> {
        let endpoint =
            string(&config, "endpoint").ok_or_else(|| type_error("config.endpoint is required"))?;
        let region = string(&config, "region").unwrap_or_else(|| "us-east-1".into());
        let creds = get(&config, "credentials").unwrap_or(JsValue::UNDEFINED);
        let credentials = Credentials {
            access_key_id: string(&creds, "accessKeyId").unwrap_or_else(|| "local".into()),
            secret_access_key: string(&creds, "secretAccessKey").unwrap_or_else(|| "local".into()),
            session_token: string(&creds, "sessionToken"),
        };
        let mut client =
            rynamo_core::Client::new(FetchTransport::new(&endpoint, &region, credentials));
        if let Some(prefix) = string(&config, "tablePrefix") {
            client = client.table_prefix(prefix);
        }
        if let Some(n) = get(&config, "maxAttempts").and_then(|n| n.as_f64()) {
            let mut policy = client.current_settings().retry;
            policy.max_attempts = n.max(1.0) as u32;
            client = client.retry_policy(policy);
        }
        let recorder = std::sync::Arc::new(Recorder::default());
        let client = client.hook(recorder.clone());
        Ok(JsClient {
            inner: Rc::new(client),
            recorder,
        })
    }

    /// Every request sent since the last call, oldest first, as
    /// `{ action, body }` with the exact JSON body (retries included).
    #[wasm_bindgen(js_name = takeRequests, unchecked_return_type = "{ action: string; body: string }[]")]
    pub fn take_requests(&self) -> Array {
        let taken = self
            .recorder
            .0
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default();
        taken
            .into_iter()
            .map(|(action, body)| {
                let o = Object::new();
                let _ = Reflect::set(&o, &"action".into(), &action.into());
                let _ = Reflect::set(&o, &"body".into(), &body.into());
                JsValue::from(o)
            })
            .collect()
    }

    /// Every table name (all pages).
    #[wasm_bindgen(js_name = listTables, unchecked_return_type = "Promise<string[]>")]
    pub fn list_tables(&self) -> Promise {
        promise(&self.inner, move |db| async move {
            let names = Array::new();
            let mut request = rynamo_core::op::ListTables::new();
            loop {
                let page = db.send(&request).await.map_err(rynamo)?;
                for name in &page.names {
                    names.push(&name.as_str().into());
                }
                match page.last_evaluated {
                    Some(last) => request = rynamo_core::op::ListTables::new().start(last),
                    None => return Ok(names.into()),
                }
            }
        })
    }

    fn table(&self, name: &str) -> String {
        self.inner.table_name(name).into_owned()
    }

    /// Puts `item`; resolves to the old item when `returnOld` is set.
    #[wasm_bindgen(unchecked_return_type = "Promise<Item | undefined>")]
    pub fn put(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Item")] item: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WriteOptions | undefined")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let item = marshal::to_item(&item)?;
            let mut op = PutItem::new(table, &item)
                .return_values(return_values(&options, ReturnValues::None))
                .return_item_on_condition_failure(flag(&options, "returnItemOnConditionFailure"));
            if let Some(c) = condition(&options, "condition")? {
                op = op.condition(c);
            }
            db.send(&op).await.map(optional_item).map_err(rynamo)
        })
    }

    /// Gets the item with `key`; resolves to `undefined` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Promise<Item | undefined>")]
    pub fn get(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Item")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GetOptions | undefined")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let op = GetItem::new(table, self::key(&key)?)
                .consistent_read(flag(&options, "consistentRead"))
                .projection(projection(&options)?);
            db.send(&op).await.map(optional_item).map_err(rynamo)
        })
    }

    /// Applies `update` to the item with `key`; resolves to the attributes
    /// `returnValues` asks for.
    #[wasm_bindgen(unchecked_return_type = "Promise<Item | undefined>")]
    pub fn update(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Item")] key: JsValue,
        update: &Update,
        #[wasm_bindgen(unchecked_param_type = "WriteOptions | undefined")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        let update = update.inner.clone();
        promise(&self.inner, move |db| async move {
            let mut op = UpdateItem::new(table, self::key(&key)?, update)
                .return_values(return_values(&options, ReturnValues::None))
                .return_item_on_condition_failure(flag(&options, "returnItemOnConditionFailure"));
            if let Some(c) = condition(&options, "condition")? {
                op = op.condition(c);
            }
            db.send(&op).await.map(optional_item).map_err(rynamo)
        })
    }

    /// Deletes the item with `key`; resolves to the old item when `returnOld` is set.
    #[wasm_bindgen(unchecked_return_type = "Promise<Item | undefined>")]
    pub fn delete(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Item")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WriteOptions | undefined")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let mut op = DeleteItem::new(table, self::key(&key)?)
                .return_values(return_values(&options, ReturnValues::None))
                .return_item_on_condition_failure(flag(&options, "returnItemOnConditionFailure"));
            if let Some(c) = condition(&options, "condition")? {
                op = op.condition(c);
            }
            db.send(&op).await.map(optional_item).map_err(rynamo)
        })
    }

    /// Pages of a query, as an async iterable: `for await (const page of client.query(...))`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Page>")]
    pub fn query(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "QueryOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let hash = marshal::to_item(
            &get(&options, "key")
                .ok_or_else(|| type_error("options.key ({ hashKeyName: value }) is required"))?,
        )?;
        let (name, value) = hash
            .into_iter()
            .next()
            .ok_or_else(|| type_error("options.key names the hash key"))?;
        let mut key_condition = KeyCondition::new(name, value);
        if let Some(range) = condition(&options, "range")? {
            key_condition = key_condition.range(range);
        }
        let mut op = Query::new(self.table(table), key_condition)
            .scan_index_forward(!flag(&options, "reverse"));
        read_options(&mut op, &options)?;
        Ok(pages(self.inner.clone(), paginator(op, &options)))
    }

    /// Pages of a scan (or one segment of a parallel scan), as an async iterable.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Page>")]
    pub fn scan(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "ScanOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let mut op = Scan::new(self.table(table));
        if let (Some(s), Some(t)) = (
            get(&options, "segment").and_then(|v| v.as_f64()),
            get(&options, "totalSegments").and_then(|v| v.as_f64()),
        ) {
            op = op.segment(s as u32, t as u32);
        }
        read_options(&mut op, &options)?;
        Ok(pages(self.inner.clone(), paginator(op, &options)))
    }

    /// Puts and deletes any number of items, 25 per request, re-sending
    /// unprocessed ones; rejects with `RynamoBatchIncomplete` (and what was
    /// not written) if it cannot finish.
    #[wasm_bindgen(js_name = batchWrite, unchecked_return_type = "Promise<void>")]
    pub fn batch_write(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "{ puts?: Item[]; deletes?: Item[] }")]
        writes: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let mut requests = Vec::new();
            for item in get(&writes, "puts")
                .map(|a| Array::from(&a))
                .unwrap_or_default()
                .iter()
            {
                requests.push(
                    WriteRequest::put(&marshal::to_item(&item)?).map_err(|e| rynamo(e.into()))?,
                );
            }
            for k in get(&writes, "deletes")
                .map(|a| Array::from(&a))
                .unwrap_or_default()
                .iter()
            {
                requests.push(
                    WriteRequest::delete(&marshal::to_item(&k)?).map_err(|e| rynamo(e.into()))?,
                );
            }
            let writer = rynamo_core::batch::BatchWriter::new(
                table,
                requests,
                db.current_settings().retry,
                rynamo_core::transport::Transport::jitter_seed(db.transport()),
            );
            db.write_batch(writer)
                .await
                .map(|()| JsValue::UNDEFINED)
                .map_err(rynamo)
        })
    }

    /// Gets any number of items by key, 100 per request; resolves to the items found.
    #[wasm_bindgen(js_name = batchGet, unchecked_return_type = "Promise<Item[]>")]
    pub fn batch_get(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Item[]")] keys: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GetOptions | undefined")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let keys = Array::from(&keys)
                .iter()
                .map(|k| key(&k))
                .collect::<Result<Vec<_>, _>>()?;
            let getter = rynamo_core::batch::BatchGetter::new(
                table,
                keys,
                db.current_settings().retry,
                rynamo_core::transport::Transport::jitter_seed(db.transport()),
            )
            .consistent_read(flag(&options, "consistentRead"))
            .projection(projection(&options)?);
            let items = db.get_batch(getter).await.map_err(rynamo)?;
            Ok(items
                .iter()
                .map(marshal::from_item)
                .collect::<Array>()
                .into())
        })
    }

    /// Writes up to 100 items atomically; a cancellation rejects with
    /// `TransactionCanceledException` and `reasons` in the order given.
    #[wasm_bindgen(js_name = transactWrite, unchecked_return_type = "Promise<void>")]
    pub fn transact_write(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactItem[]")] items: JsValue,
        token: Option<String>,
    ) -> Promise {
        let prefix = self.inner.clone();
        promise(&self.inner, move |db| async move {
            let mut op = TransactWriteItems::new();
            for entry in Array::from(&items).iter() {
                op = op.item(transact_item(&prefix, &entry)?);
            }
            if let Some(token) = token {
                op = op.client_request_token(token);
            }
            db.send(&op)
                .await
                .map(|()| JsValue::UNDEFINED)
                .map_err(rynamo)
        })
    }

    /// Creates a table (for tests and local work) and resolves once it is ACTIVE.
    #[wasm_bindgen(js_name = createTable, unchecked_return_type = "Promise<void>")]
    pub fn create_table(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "TableOptions")] options: JsValue,
    ) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let op = create_table_request(&table, &options)?;
            db.send(&op).await.map_err(rynamo)?;
            db.wait_until_active(&table, core::time::Duration::from_millis(200), 300)
                .await
                .map_err(rynamo)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Describes a table: `{ name, status, itemCount, keySchema }`.
    #[wasm_bindgen(js_name = describeTable, unchecked_return_type = "Promise<{ name: string; status: string; itemCount: number; keySchema: { name: string; hash: boolean }[]; indexes: { name: string; global: boolean; keySchema: { name: string; hash: boolean }[] }[] }>")]
    pub fn describe_table(&self, table: &str) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            let d = db.send(&DescribeTable::new(table)).await.map_err(rynamo)?;
            let o = Object::new();
            Reflect::set(&o, &"name".into(), &d.name.into())?;
            Reflect::set(&o, &"status".into(), &d.status.as_str().into())?;
            Reflect::set(&o, &"itemCount".into(), &(d.item_count as f64).into())?;
            let key_list = |schema: &[rynamo_core::op::KeyElement]| -> Array {
                schema
                    .iter()
                    .map(|k| {
                        let e = Object::new();
                        let _ = Reflect::set(&e, &"name".into(), &k.name.as_str().into());
                        let _ = Reflect::set(&e, &"hash".into(), &k.is_hash.into());
                        JsValue::from(e)
                    })
                    .collect()
            };
            let keys = key_list(&d.key_schema);
            let indexes: Array = d
                .indexes
                .iter()
                .map(|i| {
                    let e = Object::new();
                    let _ = Reflect::set(&e, &"name".into(), &i.name.as_str().into());
                    let _ = Reflect::set(&e, &"global".into(), &i.global.into());
                    let _ = Reflect::set(&e, &"keySchema".into(), &key_list(&i.key_schema));
                    JsValue::from(e)
                })
                .collect();
            Reflect::set(&o, &"indexes".into(), &indexes)?;
            Reflect::set(&o, &"keySchema".into(), &keys)?;
            Ok(o.into())
        })
    }

    /// Deletes a table.
    #[wasm_bindgen(js_name = deleteTable, unchecked_return_type = "Promise<void>")]
    pub fn delete_table(&self, table: &str) -> Promise {
        let table = self.table(table);
        promise(&self.inner, move |db| async move {
            db.send(&DeleteTable::new(table))
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(rynamo)
        })
    }
}

fn read_options<O: PagedOperation>(op: &mut O, options: &JsValue) -> Result<(), JsValue> {
    if let Some(index) = string(options, "index") {
        op.settings_mut().index = Some(index);
    }
    op.settings_mut().consistent_read = flag(options, "consistentRead");
    if let Some(start) = get(options, "startKey") {
        op.settings_mut().exclusive_start_key = Some(marshal::to_item(&start)?);
    }
    *op.filter_mut() = condition(options, "filter")?;
    *op.projection_mut() = projection(options)?;
    Ok(())
}

fn paginator<O: PagedOperation>(op: O, options: &JsValue) -> Paginator<O> {
    match get(options, "pageSize").and_then(|v| v.as_f64()) {
        Some(n) => Paginator::new(op).page_size(n.max(1.0) as u32),
        None => Paginator::new(op),
    }
}

/// An async iterator over pages: an object with `next()` and
/// `[Symbol.asyncIterator]()`, fetching a page per `next()`.
fn pages<O: PagedOperation + 'static>(db: Rc<Core>, paginator: Paginator<O>) -> JsValue {
    let state = Rc::new(RefCell::new(paginator));
    let iterator = Object::new();
    let next = Closure::<dyn FnMut() -> Promise>::new(move || {
        let (db, state) = (db.clone(), state.clone());
        future_to_promise(async move {
            let result = Object::new();
            let request = state.borrow_mut().next_request().map_err(rynamo)?;
            let Some(request) = request else {
                Reflect::set(&result, &"done".into(), &true.into())?;
                return Ok(result.into());
            };
            let response = db.execute(&request).await.map_err(rynamo)?;
            let (page, _) = state.borrow_mut().on_response(&response).map_err(rynamo)?;
            let value = Object::new();
            let items: Array = page.items.iter().map(marshal::from_item).collect();
            Reflect::set(&value, &"items".into(), &items)?;
            Reflect::set(&value, &"count".into(), &(page.count as f64).into())?;
            if let Some(last) = &page.last_evaluated_key {
                Reflect::set(
                    &value,
                    &"lastEvaluatedKey".into(),
                    &marshal::from_item(last),
                )?;
            }
            Reflect::set(&result, &"value".into(), &value)?;
            Reflect::set(&result, &"done".into(), &false.into())?;
            Ok(result.into())
        })
    });
    let _ = Reflect::set(&iterator, &"next".into(), next.as_ref());
    next.forget();
    let this = iterator.clone();
    let async_iterator = Closure::<dyn FnMut() -> JsValue>::new(move || this.clone().into());
    let _ = Reflect::set(
        &iterator,
        &js_sys::Symbol::async_iterator(),
        async_iterator.as_ref(),
    );
    async_iterator.forget();
    iterator.into()
}

fn key_attribute(value: &JsValue) -> Result<(String, ScalarAttributeType), JsValue> {
    let name = string(value, "name").ok_or_else(|| type_error("a key needs a name"))?;
    let t = match string(value, "type").as_deref() {
        Some("S") => ScalarAttributeType::S,
        Some("N") => ScalarAttributeType::N,
        Some("B") => ScalarAttributeType::B,
        _ => return Err(type_error("a key's type is \"S\", \"N\" or \"B\"")),
    };
    Ok((name, t))
}

fn create_table_request(table: &str, options: &JsValue) -> Result<CreateTable, JsValue> {
    let (hash, hash_type) = key_attribute(
        &get(options, "hashKey").ok_or_else(|| type_error("options.hashKey is required"))?,
    )?;
    let mut op = CreateTable::new(table, hash, hash_type);
    if let Some(range) = get(options, "rangeKey") {
        let (name, t) = key_attribute(&range)?;
        op = op.range_key(name, t);
    }
    if let Some(billing) = get(options, "billing") {
        let n = |k| get(&billing, k).and_then(|v| v.as_f64()).unwrap_or(1.0) as u64;
        op = op.billing(BillingMode::Provisioned {
            read: n("read"),
            write: n("write"),
        });
    }
    for index in get(options, "indexes")
        .map(|a| Array::from(&a))
        .unwrap_or_default()
        .iter()
    {
        let projection = match get(&index, "projection") {
            Some(p) if Array::is_array(&p) => rynamo_core::op::IndexProjection::Include(
                Array::from(&p)
                    .iter()
                    .filter_map(|s| s.as_string())
                    .collect(),
            ),
            Some(p) if p.as_string().as_deref() == Some("KEYS_ONLY") => {
                rynamo_core::op::IndexProjection::KeysOnly
            }
            _ => rynamo_core::op::IndexProjection::All,
        };
        op = op.index(SecondaryIndex {
            name: string(&index, "name").ok_or_else(|| type_error("an index needs a name"))?,
            global: flag(&index, "global"),
            hash_key: key_attribute(
                &get(&index, "hashKey").ok_or_else(|| type_error("an index needs a hashKey"))?,
            )?,
            range_key: get(&index, "rangeKey")
                .map(|r| key_attribute(&r))
                .transpose()?,
            projection,
        });
    }
    Ok(op)
}

fn transact_item(db: &Core, entry: &JsValue) -> Result<TransactWrite, JsValue> {
    let (kind_name, body) = ["put", "update", "delete", "check"]
        .into_iter()
        .find_map(|k| get(entry, k).map(|b| (k, b)))
        .ok_or_else(|| {
            type_error("a transaction item is { put }, { update }, { delete } or { check }")
        })?;
    let table = db
        .table_name(
            &string(&body, "table")
                .ok_or_else(|| type_error("a transaction item needs a table"))?,
        )
        .into_owned();
    let key = || {
        get(&body, "key")
            .ok_or_else(|| type_error("a transaction item needs a key"))
            .and_then(|k| self::key(&k))
    };
    let kind = match kind_name {
        "put" => {
            let item = marshal::to_item(
                &get(&body, "item").ok_or_else(|| type_error("a put needs an item"))?,
            )?;
            let mut json = Vec::new();
            rynamo_core::json::write_item(&mut json, &item).map_err(|e| rynamo(e.into()))?;
            TransactWriteKind::Put(json)
        }
        "update" => {
            let update = get(&body, "update")
                .and_then(|u| Update::try_from_js(&u))
                .ok_or_else(|| type_error("an update needs an Update"))?;
            TransactWriteKind::Update(key()?, update.inner)
        }
        "delete" => TransactWriteKind::Delete(key()?),
        _ => TransactWriteKind::ConditionCheck(key()?),
    };
    Ok(TransactWrite {
        table,
        kind,
        condition: condition(&body, "condition")?,
        return_item_on_condition_failure: flag(&body, "returnItemOnConditionFailure"),
    })
}

impl Condition {
    /// A `Condition` from a JS value holding one.
    fn try_from_js(value: &JsValue) -> Option<Condition> {
        use wasm_bindgen::convert::TryFromJsValue;
        Condition::try_from_js_value(value.clone()).ok()
    }
}

impl Update {
    /// An `Update` from a JS value holding one.
    fn try_from_js(value: &JsValue) -> Option<Update> {
        use wasm_bindgen::convert::TryFromJsValue;
        Update::try_from_js_value(value.clone()).ok()
    }
}

/// A plain item as DynamoDB JSON text (`{"name":{"S":"…"}}`).
#[wasm_bindgen(js_name = toDynamoJson)]
pub fn to_dynamo_json(
    #[wasm_bindgen(unchecked_param_type = "Item")] item: JsValue,
) -> Result<String, JsValue> {
    let item = marshal::to_item(&item)?;
    let mut json = Vec::new();
    rynamo_core::json::write_item(&mut json, &item).map_err(|e| rynamo(e.into()))?;
    Ok(String::from_utf8_lossy(&json).into_owned())
}

/// DynamoDB JSON text as a plain item.
#[wasm_bindgen(js_name = fromDynamoJson, unchecked_return_type = "Item")]
pub fn from_dynamo_json(text: &str) -> Result<JsValue, JsValue> {
    let item: Item = rynamo_core::json::item_from_slice(text.as_bytes())
        .map_err(|e| type_error(&format!("not DynamoDB JSON: {e}")))?;
    Ok(marshal::from_item(&item))
}
