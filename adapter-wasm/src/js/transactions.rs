//! `transactWrite` and `transactGet`: up to 100 items, all or nothing.

use alloc::{string::ToString, vec::Vec};
use js_sys::{Array, Promise};
use rynamo_core::op::{
    TransactGet, TransactGetItems, TransactWrite, TransactWriteItems, TransactWriteKind,
};
use rynamo_core::transport::Transport as _;
use wasm_bindgen::prelude::*;

use super::client::{JsClient, send, settle};
use super::expr::read_update;
use super::marshal::{self, MarshalOptions, type_error};
use super::options::{condition, flag, get, key, projection, string};
use super::unmarshal::from_optional;

fn entries(items: &JsValue) -> Result<Array, JsValue> {
    if Array::is_array(items) {
        Ok(Array::from(items))
    } else {
        Err(type_error("transaction items are a list"))
    }
}

impl JsClient {
    fn transact_item(&self, entry: &JsValue, o: &MarshalOptions) -> Result<TransactWrite, JsValue> {
        let (kind_name, body) = ["put", "update", "delete", "check"]
            .into_iter()
            .find_map(|k| get(entry, k).map(|b| (k, b)))
            .ok_or_else(|| {
                type_error("a transaction item is { put }, { update }, { delete } or { check }")
            })?;
        let table =
            string(&body, "table").ok_or_else(|| type_error("a transaction item needs a table"))?;
        let key = || {
            get(&body, "key")
                .ok_or_else(|| type_error("a transaction item needs a key"))
                .and_then(|k| key(&k, o))
        };
        let kind = match kind_name {
            "put" => {
                let item = get(&body, "item").ok_or_else(|| type_error("a put needs an item"))?;
                let item = marshal::to_item(&item, o)?;
                let mut json = Vec::new();
                rynamo_core::json::write_item(&mut json, &item)
                    .map_err(|e| type_error(&e.to_string()))?;
                TransactWriteKind::Put(json)
            }
            "update" => {
                let update = get(&body, "update")
                    .and_then(|u| read_update(&u))
                    .ok_or_else(|| type_error("an update needs an Update"))?;
                TransactWriteKind::Update(key()?, update)
            }
            "delete" => TransactWriteKind::Delete(key()?),
            _ => TransactWriteKind::ConditionCheck(key()?),
        };
        Ok(TransactWrite {
            table: self.table(&table),
            kind,
            condition: condition(&body, "condition")?,
            return_item_on_condition_failure: flag(&body, "returnItemOnConditionFailure"),
        })
    }
}

impl JsClient {
    /// Writes up to 100 items atomically; a cancellation rejects with
    /// `TransactionCanceledException` and `reasons` in the order given.
    /// The second argument is a client request token, or options
    /// (`{ token?, signal?, timeout? }`). Without a token the call gets a
    /// fresh one, reused by its retries (DynamoDB honours it for ten
    /// minutes).
    pub fn transact_write(&self, items: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let (token, options) = match options.as_string() {
                Some(token) => (Some(token), JsValue::UNDEFINED),
                None => (string(&options, "token"), options),
            };
            let call = self.call(&options)?;
            let mut op = TransactWriteItems::new();
            for entry in entries(&items)?.iter() {
                op = op.item(self.transact_item(&entry, &call.marshal)?);
            }
            if let Some(token) = token {
                op = op.client_request_token(token);
            }
            // One token per transaction, reused by its retries.
            let op = op.ensure_client_request_token(|| call.db.transport().jitter_seed());
            send(call, &op, |_, _| Ok(JsValue::UNDEFINED))
        })
    }

    /// Reads up to 100 items at one point in time: `[{ table, key,
    /// projection? }]` → the items in the same order (`undefined` where none).
    pub fn transact_get(&self, items: JsValue, options: JsValue) -> Promise {
        settle(|| {
            let call = self.call(&options)?;
            let mut op = TransactGetItems::new();
            for entry in entries(&items)?.iter() {
                let table = string(&entry, "table")
                    .ok_or_else(|| type_error("a transactGet item needs a table"))?;
                let k = get(&entry, "key")
                    .ok_or_else(|| type_error("a transactGet item needs a key"))?;
                op = op.item(TransactGet {
                    table: self.table(&table),
                    key: key(&k, &call.marshal)?,
                    projection: projection(&entry)?,
                });
            }
            send(call, &op, |found, _| {
                let out = Array::new();
                for item in &found {
                    out.push(&from_optional(item.as_ref())?);
                }
                Ok(out.into())
            })
        })
    }
}
