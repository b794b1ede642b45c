//! Table operations (`listTables`, `createTable`, `describeTable`,
//! `deleteTable`, time to live) and the per-client cache of key schemas
//! that `query` reads.

use alloc::rc::Rc;
use alloc::{string::String, vec, vec::Vec};
use core::cell::RefCell;

use js_sys::{Array, Object, Promise, Reflect};
use rynamo_core::op::{
    BillingMode, CreateTable, DeleteTable, DescribeTable, DescribeTimeToLive, IndexProjection,
    KeyElement, SecondaryIndex, TableDescription, Throughput, UpdateTimeToLive,
};
use rynamo_core::value::ScalarAttributeType;
use wasm_bindgen::prelude::*;

use super::client::{Call, JsClient, promise, send, settle};
use super::marshal::type_error;
use super::options::{flag, get, string};
use super::reader::{Reader, run};
use rynamo_core::machine::{TableNamePages, WaitUntilActive};

/// Key attribute names of a table and of each of its indexes (hash first).
#[derive(Debug)]
pub struct TableKeys {
    table: Vec<String>,
    /// By index name, in the description's order (a Vec, not a map:
    /// collecting into a `BTreeMap` compiles a stable sort, ~3 KB of wasm).
    indexes: Vec<(String, Vec<String>)>,
}

/// Key schemas read so far, by table name as sent: the few tables a
/// client queries, searched by name (a map of its own compiled the
/// package another copy of `BTreeMap`'s insert and remove code).
pub type Schemas = Rc<RefCell<Vec<(String, Rc<TableKeys>)>>>;

fn cached(schemas: &Schemas, table: &str) -> Option<Rc<TableKeys>> {
    let schemas = schemas.borrow();
    schemas
        .iter()
        .find(|(t, _)| t == table)
        .map(|(_, keys)| keys.clone())
}

/// Keeps `keys` as `table`'s, in place of any read before.
fn remember(schemas: &Schemas, table: String, keys: Rc<TableKeys>) {
    let mut schemas = schemas.borrow_mut();
    schemas.retain(|(t, _)| *t != table);
    schemas.push((table, keys));
}

/// The hash key's name first, then the others in order (two loops, not
/// `filter(..).collect()` and `extend`, whose adapters compiled apart).
fn names(schema: &[KeyElement]) -> Vec<String> {
    let mut names = Vec::new();
    for hash in [true, false] {
        for k in schema {
            if k.is_hash == hash {
                names.push(k.name.clone());
            }
        }
    }
    names
}

impl TableKeys {
    fn from_description(d: &TableDescription) -> TableKeys {
        let mut indexes = Vec::new();
        for i in &d.indexes {
            indexes.push((i.name.clone(), names(&i.key_schema)));
        }
        TableKeys {
            table: names(&d.key_schema),
            indexes,
        }
    }

    /// The key names of the table or `index`: its own first (hash, range),
    /// then the table's (a resume key needs both).
    pub fn names(&self, index: Option<&str>) -> Result<Vec<String>, String> {
        let Some(index) = index else {
            return Ok(self.table.clone());
        };
        let mut names = self
            .indexes
            .iter()
            .find(|(name, _)| name == index)
            .map(|(_, names)| names.clone())
            .ok_or_else(|| super::marshal::text(&["the table has no index `", index, "`"]))?;
        for name in &self.table {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        Ok(names)
    }
}

/// The key schema of `table`, described once per client.
pub async fn key_schema(
    call: &Call,
    schemas: &Schemas,
    table: &str,
) -> Result<Rc<TableKeys>, JsValue> {
    if let Some(keys) = cached(schemas, table) {
        return Ok(keys);
    }
    let description = call
        .db
        .send(&DescribeTable::new(table))
        .await
        .map_err(|e| call.fail(e))?;
    let keys = Rc::new(TableKeys::from_description(&description));
    remember(schemas, table.into(), keys.clone());
    Ok(keys)
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
            Some(p) if Array::is_array(&p) => {
                // A loop, not `include(iter.filter_map(..))` (its collect
                // into a `Cow` slice compiled apart); non-strings skipped.
                let mut names = Vec::new();
                for name in Array::from(&p).iter() {
                    if let Some(name) = name.as_string() {
                        names.push(name.into());
                    }
                }
                IndexProjection::Include(names.into())
            }
            Some(p) if p.as_string().as_deref() == Some("KEYS_ONLY") => IndexProjection::KeysOnly,
            _ => IndexProjection::All,
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

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Loops here and below, not `collect::<Array>()` (its `Extend` compiled
/// per use).
fn key_list(schema: &[KeyElement]) -> JsValue {
    let list = Array::new();
    for k in schema {
        list.push(&object(&[
            ("name", k.name.as_str().into()),
            ("hash", k.is_hash.into()),
        ]));
    }
    list.into()
}

/// `{ read, write }` capacity units, or `null` when on-demand.
fn throughput(t: Option<Throughput>) -> JsValue {
    match t {
        Some(t) => object(&[
            ("read", (t.read as f64).into()),
            ("write", (t.write as f64).into()),
        ]),
        None => JsValue::NULL,
    }
}

impl JsClient {
    /// Every table name (all pages).
    pub fn list_tables(&self, options: JsValue) -> Promise {
        settle(|| {
            Ok(promise(self.call(&options)?, |call| {
                run(call, Reader::Tables(TableNamePages::new(None)))
            }))
        })
    }

    /// Creates a table (for tests and local work) and resolves once it is ACTIVE.
    pub fn create_table(&self, table: &str, options: JsValue) -> Promise {
        settle(|| {
            let table = self.table(table);
            let op = create_table_request(&table, &options)?;
            Ok(promise(self.call(&options)?, move |call| {
                run(
                    call,
                    Reader::Create(
                        WaitUntilActive::new(
                            table,
                            WaitUntilActive::INTERVAL,
                            WaitUntilActive::MAX_POLLS,
                        )
                        .creating(op),
                    ),
                )
            }))
        })
    }

    /// Describes a table: `{ name, status, itemCount, keySchema,
    /// attributeTypes, onDemand, provisioned, indexes }` (and refreshes the
    /// key schema `query` uses). `provisioned` is `{ read, write }` or
    /// `null` for on-demand, on the table and each index.
    pub fn describe_table(&self, table: &str, options: JsValue) -> Promise {
        let schemas = self.schemas.clone();
        settle(|| {
            let table = self.table(table);
            let op = DescribeTable::new(table.clone());
            send(self.call(&options)?, &op, move |d, _| {
                remember(&schemas, table, Rc::new(TableKeys::from_description(&d)));
                let indexes = Array::new();
                for i in &d.indexes {
                    indexes.push(&object(&[
                        ("name", i.name.as_str().into()),
                        ("global", i.global.into()),
                        ("keySchema", key_list(&i.key_schema)),
                        ("provisioned", throughput(i.provisioned)),
                    ]));
                }
                let types = Object::new();
                for (name, t) in &d.attribute_types {
                    let _ = Reflect::set(&types, &name.as_str().into(), &t.tag().into());
                }
                let types: JsValue = types.into();
                Ok(object(&[
                    ("name", d.name.as_str().into()),
                    ("status", d.status.as_str().into()),
                    ("itemCount", (d.item_count as f64).into()),
                    ("keySchema", key_list(&d.key_schema)),
                    ("attributeTypes", types),
                    ("onDemand", d.on_demand.into()),
                    ("provisioned", throughput(d.provisioned)),
                    ("indexes", indexes.into()),
                ]))
            })
        })
    }

    /// Deletes a table.
    pub fn delete_table(&self, table: &str, options: JsValue) -> Promise {
        let schemas = self.schemas.clone();
        settle(|| {
            let table = self.table(table);
            let call = self.call(&options)?;
            schemas.borrow_mut().retain(|(t, _)| *t != table);
            send(call, &DeleteTable::new(table), |_, _| {
                Ok(JsValue::UNDEFINED)
            })
        })
    }

    /// A table's time to live: `{ status, attribute? }`.
    pub fn describe_time_to_live(&self, table: &str, options: JsValue) -> Promise {
        settle(|| {
            let op = DescribeTimeToLive::new(self.table(table));
            send(self.call(&options)?, &op, |ttl, _| {
                let mut entries = vec![("status", ttl.status.as_str().into())];
                if let Some(a) = &ttl.attribute {
                    entries.push(("attribute", a.as_str().into()));
                }
                Ok(object(&entries))
            })
        })
    }

    /// Turns time to live on (reading `attribute` as epoch seconds) or off.
    pub fn update_time_to_live(
        &self,
        table: &str,
        attribute: &str,
        enabled: bool,
        options: JsValue,
    ) -> Promise {
        settle(|| {
            let op = UpdateTimeToLive::new(self.table(table), attribute, enabled);
            send(self.call(&options)?, &op, |_, _| Ok(JsValue::UNDEFINED))
        })
    }
}
