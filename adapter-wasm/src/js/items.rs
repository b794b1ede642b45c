//! Single-item and batch operations: `put`, `get`, `update`, `delete`,
//! `batchWrite`, `batchGet`.

use alloc::vec::Vec;
use js_sys::{Array, Promise};
use rynamo_core::op::{DeleteItem, GetItem, PutItem, ReturnValues, UpdateItem, WriteRequest};
use wasm_bindgen::prelude::*;

use super::client::{JsClient, promise, send, settle};
use super::expr::read_update;
use super::marshal::{self, type_error, type_error_of};
use super::options::{condition, flag, get, key, projection, return_values};
use super::reader::{Reader, run};
use super::unmarshal::from_optional;

fn list(value: Option<JsValue>, what: &str) -> Result<Array, JsValue> {
    match value {
        None => Ok(Array::new()),
        Some(v) if Array::is_array(&v) => Ok(Array::from(&v)),
        Some(_) => Err(type_error_of(&["`", what, "` is a list"])),
    }
}

impl JsClient {
    /// Puts `item`; resolves to the old item when `returnValues: "ALL_OLD"`.
    pub fn put(&self, table: &str, item: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let item = marshal::to_item(&item, &call.marshal)?;
            let table = self.table(table);
            let returns = return_values(&options, ReturnValues::None)?;
            let return_on_failure = flag(&options, "returnItemOnConditionFailure");
            let condition = condition(&options, "condition")?;
            let mut op = PutItem::new(table, &item)
                .return_values(returns)
                .return_item_on_condition_failure(return_on_failure);
            if let Some(c) = condition {
                op = op.condition(c);
            }
            send(call, &op, |old, _| from_optional(old.as_ref()))
        })
    }

    /// Gets the item with `key`; resolves to `undefined` when there is none.
    pub fn get(&self, table: &str, key: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let op = GetItem::new(self.table(table), self::key(&key, &call.marshal)?)
                .consistent_read(flag(&options, "consistentRead"))
                .projection(projection(&options)?);
            send(call, &op, |item, _| from_optional(item.as_ref()))
        })
    }

    /// Applies `update` to the item with `key`; resolves to the attributes
    /// `returnValues` asks for.
    pub fn update(&self, table: &str, key: JsValue, update: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let update = read_update(&update)
                .ok_or_else(|| type_error("the third argument is an Update"))?;
            let mut op =
                UpdateItem::new(self.table(table), self::key(&key, &call.marshal)?, update)
                    .return_values(return_values(&options, ReturnValues::None)?)
                    .return_item_on_condition_failure(flag(
                        &options,
                        "returnItemOnConditionFailure",
                    ));
            if let Some(c) = condition(&options, "condition")? {
                op = op.condition(c);
            }
            send(call, &op, |item, _| from_optional(item.as_ref()))
        })
    }

    /// Deletes the item with `key`; resolves to the old item when `returnValues: "ALL_OLD"`.
    pub fn delete(&self, table: &str, key: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let mut op = DeleteItem::new(self.table(table), self::key(&key, &call.marshal)?)
                .return_values(return_values(&options, ReturnValues::None)?)
                .return_item_on_condition_failure(flag(&options, "returnItemOnConditionFailure"));
            if let Some(c) = condition(&options, "condition")? {
                op = op.condition(c);
            }
            send(call, &op, |old, _| from_optional(old.as_ref()))
        })
    }

    /// Puts and deletes any number of items, 25 per request, re-sending
    /// unprocessed ones; rejects with `RynamoBatchIncomplete` if it cannot finish.
    pub fn batch_write(&self, table: &str, writes: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let mut requests = Vec::new();
            let failed = |e: rynamo_core::error::EncodeError| call.fail(e.into());
            for item in list(get(&writes, "puts"), "puts")?.iter() {
                let item = marshal::to_item(&item, &call.marshal)?;
                requests.push(WriteRequest::put(&item).map_err(failed)?);
            }
            for k in list(get(&writes, "deletes"), "deletes")?.iter() {
                let k = marshal::to_item(&k, &call.marshal)?;
                requests.push(WriteRequest::delete(&k).map_err(failed)?);
            }
            let table = self.table(table);
            Ok(promise(call, move |call| {
                let writer = rynamo_core::batch::BatchWriter::new(
                    table,
                    requests,
                    call.db.current_settings().retry,
                    rynamo_core::transport::Transport::jitter_seed(call.db.transport()),
                );
                run(call, Reader::Writes(writer))
            }))
        })
    }

    /// Gets any number of items by key, 100 per request; resolves to the items found.
    pub fn batch_get(&self, table: &str, keys: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            // A loop, not `collect::<Result<..>>` (smaller wasm).
            let mut read = Vec::new();
            for k in list(Some(keys), "keys")?.iter() {
                read.push(key(&k, &call.marshal)?);
            }
            let keys = read;
            let table = self.table(table);
            let consistent = flag(&options, "consistentRead");
            let projection = projection(&options)?;
            Ok(promise(call, move |call| {
                let getter = rynamo_core::batch::BatchGetter::new(
                    table,
                    keys,
                    call.db.current_settings().retry,
                    rynamo_core::transport::Transport::jitter_seed(call.db.transport()),
                )
                .consistent_read(consistent)
                .projection(projection);
                run(call, Reader::gets(getter))
            }))
        })
    }
}
