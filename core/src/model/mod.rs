//! [`Model`]: a Rust type stored as one item of a table, and every
//! operation on it. Each operation is a builder finished by
//! `.send(&db)` (or, for reads of many items, `.pages(&db)`, `.items(&db)`,
//! `.all(&db)`, `.count(&db)`); `db` is a [`Client`](crate::Client) over any
//! transport, so the same code runs natively and in wasm.
//!
//! # Glossary
//!
//! One name per concept per layer: DynamoDB's own nouns on the wire layer,
//! PynamoDB-like verbs on the model layer.
//!
//! | concept | model layer (this module) | machine layer ([`machine`](crate::machine), [`batch`](crate::batch)) | wire layer ([`op`](crate::op)) |
//! |---|---|---|---|
//! | read one item | [`Model::get`] → [`Get`]; [`Model::refresh`] → [`Refresh`] | | [`GetItem`](crate::op::GetItem) |
//! | write one item | [`Model::save`] → [`Save`] | | [`PutItem`](crate::op::PutItem) |
//! | change attributes | [`Model::update`] / [`Model::apply`] → [`ItemUpdate`] | | [`UpdateItem`](crate::op::UpdateItem) |
//! | remove one item | [`Model::delete`] / [`Model::delete_key`] → [`Delete`] | | [`DeleteItem`](crate::op::DeleteItem) |
//! | read many by key | [`Model::batch_get`] → [`BatchGet`] | [`BatchGetter`](crate::batch::BatchGetter), run by [`Client::batch_get`](crate::Client::batch_get) | [`BatchGetItem`](crate::op::BatchGetItem) → [`BatchGetOutput`](crate::op::BatchGetOutput) |
//! | write many | [`Model::batch_write`] → [`BatchWrite`] | [`BatchWriter`](crate::batch::BatchWriter), run by [`Client::batch_write`](crate::Client::batch_write) | [`BatchWriteItem`](crate::op::BatchWriteItem) |
//! | a query or scan to run (the builder) | [`Model::query`] / [`Model::scan`] → [`Read`] | [`Paginator`](crate::machine::Paginator) (the paging machine) | [`Query`](crate::op::Query), [`Scan`](crate::op::Scan) |
//! | one page of results | [`ModelPage`] (models) | | [`Page`](crate::op::Page) (`Item`s) |
//! | pages, one request per page as asked | [`ModelPages`] (from [`Read::pages`]) | [`client::Pages`](crate::client::Pages) (`Page`s of `Item`s, over a `Paginator`) | |
//! | results one by one | [`Items`] (from [`Read::items`]), [`ParallelItems`] (from [`ParallelScan`]) | | |
//! | a secondary index | [`IndexDefinition`] (declared), [`Index`] (typed handle) | | [`SecondaryIndex`](crate::op::SecondaryIndex), one [`IndexProjection`] for both |
//! | one scan segment per worker | [`SegmentScan`] → [`SegmentItems`], [`SegmentPages`]; handed on as a [`ScanToken`] | | [`Scan::segment`](crate::op::Scan::segment) |
//! | some attributes of an item (KEYS_ONLY/INCLUDE index, projection, `UPDATED_*`) | [`Partial`] (from [`Read::partial`], [`ItemUpdate::send_returning_updated_old`]) | | `ProjectionExpression`, `ReturnValues` |
//! | an item that does not read into the model | [`Error::Item`](crate::Error::Item) (key, attribute); reading goes on | | |
//! | all or nothing | [`Transaction`], [`TransactionRead`] | | [`TransactWriteItems`](crate::op::TransactWriteItems), [`TransactGetItems`](crate::op::TransactGetItems) |
//! | a primary key | [`Key`], [`IntoKey`]; an entity's typed [`EntityKey`] | | [`Key`] |
//! | a composite key | [`KeyTemplate`] (`hash_key(name, template)` on the derive), [`Read::sort_prefix`] | | `pk`/`sk` strings |
//! | the request, not sent | `.request(&db)` on every builder (`.requests(&db)` on batches) | | [`Request`](crate::transport::Request) |
//! | a document path | a model's [`Field`](crate::expr::Field) constants, typed [`Path`](crate::expr::Path) | | [`AttributePath`](crate::expr::AttributePath) (`AttributePath::parse("a.b[0].c")`) |
//! | where an encode/decode error is | [`ErrorLocation`](crate::error::ErrorLocation) (`lines[0].sku`; [`AttributePath::from_location`](crate::expr::AttributePath::from_location)) | | |
//! | a condition | [`Condition`](crate::expr::Condition) (built from typed paths) | | `ConditionExpression` |
//! | an update expression | [`ItemUpdate`]'s `set`/`add`/`remove`/`delete` | | [`Update`](crate::expr::Update) of [`UpdateAction`](crate::expr::UpdateAction)s |
//!
//! ```no_run
//! use rynamo_core::prelude::*;
//! use rynamo_core::model::{Transaction, TransactionRead};
//! use rynamo_core::transport::Transport;
//!
//! #[derive(Model, Debug)]
//! #[rynamo(table = "orders", gsi(name = "by_status", hash_key = "status", range_key = "id"))]
//! struct Order {
//!     #[rynamo(hash_key)] customer: String,
//!     #[rynamo(range_key)] id: String,
//!     status: String,
//!     total: u32,
//! }
//!
//! async fn tour<T: Transport>(db: &Client<T>, mut order: Order) -> Result<(), Error> {
//!     // A paginated query: one request per page, only when asked for.
//!     let mut pages = Order::query("c1").range(Order::ID.begins_with("2026-")).page_size(100).pages(db);
//!     while let Some(page) = pages.next().await? {
//!         println!("{} orders; resume at {:?}", page.items.len(), page.last_evaluated_key);
//!     }
//!     // Item by item, stopping early and resuming later exactly after the last one seen.
//!     let mut items = Order::query("c1").filter(Order::TOTAL.gt(10u32)).limit(25).items(db);
//!     while let Some(o) = items.next().await? {
//!         println!("{o:?}");
//!     }
//!     let later = items.resume_key();
//!     if let Some(key) = later {
//!         let _rest = Order::query("c1").start_from(key).all(db).await?;
//!     }
//!     // An index, with typed keys.
//!     let _paid = Order::BY_STATUS.query("paid").reverse().all(db).await?;
//!     // A parallel scan: 4 segments read concurrently, each item once.
//!     let _everything = Order::scan().parallel(4).all(db).await?;
//!     let _count = Order::scan().filter(Order::STATUS.eq("new")).count(db).await?;
//!     // Batches of any size: 25 writes / 100 reads per request, unprocessed
//!     // items re-sent with backoff; a failure returns what was not written.
//!     Order::batch_write().put(&order).delete(("c1", "o-old")).send(db).await?;
//!     let _found = Order::batch_get([("c1", "o1"), ("c1", "o2")]).send(db).await?;
//!     // A transaction; a cancellation lists reasons in the order added here.
//!     Transaction::new()
//!         .put_with_condition(&order, Order::ID.not_exists())
//!         .update(Order::update(("c1", "o1")).add(Order::TOTAL, 5u32).condition(Order::STATUS.eq("new")))
//!         .check::<Order>(("c1", "o2"), Order::STATUS.ne("cancelled"))
//!         .token("client-request-1")
//!         .send(db)
//!         .await?;
//!     let read = TransactionRead::new().get::<Order>(("c1", "o1")).send(db).await?;
//!     let _o1: Option<Order> = read.get(0)?;
//!     order.save().send(db).await?;
//!     Ok(())
//! }
//! ```
//!
//! Model semantics — optimistic locking, TTL, one table holding several
//! models, and a hook:
//!
//! ```no_run
//! use std::sync::Arc;
//! use std::time::Duration;
//! use rynamo_core::prelude::*;
//! use rynamo_core::client::{Hook, ResponseInfo};
//! use rynamo_core::transport::Transport;
//!
//! #[derive(Model)]
//! #[rynamo(table = "accounts")]
//! struct Account {
//!     #[rynamo(hash_key)] id: String,
//!     balance: i64,
//!     #[rynamo(version)] version: Option<u64>,   // PynamoDB VersionAttribute (N)
//!     #[rynamo(ttl)] expires: Option<Ttl>,       // PynamoDB TTLAttribute (epoch seconds)
//! }
//!
//! // Several models in one table, told apart by `cls` (PynamoDB DiscriminatorAttribute).
//! #[derive(Model)]
//! #[rynamo(table = "animals", discriminator = "cls", discriminator_value = "dog")]
//! struct Dog { #[rynamo(hash_key)] owner: String, #[rynamo(range_key)] name: String, barks: bool }
//! #[derive(Model)]
//! #[rynamo(table = "animals", discriminator = "cls", discriminator_value = "cat")]
//! struct Cat { #[rynamo(hash_key)] owner: String, #[rynamo(range_key)] name: String, lives: u32 }
//! #[derive(Model)]
//! enum Animal { Dog(Dog), Cat(Cat) }
//!
//! struct Slow;
//! impl Hook for Slow {
//!     fn after_send(&self, r: &ResponseInfo<'_>) {
//!         if r.duration.is_some_and(|d| d > Duration::from_millis(100)) {
//!             eprintln!("slow {} on {:?} (attempt {})", r.request.action, r.request.table, r.request.attempt);
//!         }
//!     }
//! }
//!
//! async fn semantics<T: Transport>(db: Client<T>, now: UtcDateTime) -> Result<(), Error> {
//!     let db = db.hook(Arc::new(Slow)).return_consumed_capacity(true);
//!     let mut account = Account { id: "a1".into(), balance: 0, version: None, expires: None };
//!     account.expires = Some(Ttl::after(now, Duration::from_secs(86_400)));
//!     account.save().send(&db).await?;              // requires absence; version becomes 1
//!     account.balance += 10;
//!     account.save().send(&db).await?;              // requires version 1 in the table; becomes 2
//!     account.apply().add(Account::BALANCE, 5i64).send(&db).await?; // checked, incremented, refreshed
//!     match account.save().send(&db).await {
//!         Err(Error::ConditionalCheckFailed(_)) => { /* someone else won the race: refresh and retry */ }
//!         other => { other?; }
//!     }
//!     account.refresh().send(&db).await?;
//!     Account::table().enable_ttl(&db).await?;
//!
//!     Dog { owner: "o".into(), name: "rex".into(), barks: true }.save().send(&db).await?;
//!     for animal in Animal::query("o").all(&db).await? {
//!         match animal {
//!             Animal::Dog(d) => println!("dog {}", d.name),
//!             Animal::Cat(c) => println!("cat with {} lives", c.lives),
//!         }
//!     }
//!     Ok(())
//! }
//! ```

mod batch;
pub(crate) mod codec;
pub(crate) mod decode;
mod delete;
pub(crate) mod discriminator;
pub(crate) mod entity;
mod get;
mod index;
mod items;
mod key;
#[cfg(all(test, feature = "derive"))]
mod key_limits_tests;
mod lost_reply;
mod pages;
mod parallel;
mod partial;
mod read;
#[cfg(all(test, feature = "derive"))]
mod reads_tests;
mod requests;
mod returned;
mod save;
mod scan_token;
mod segment;
#[cfg(all(test, feature = "derive"))]
mod segment_tests;
mod table;
mod template;
#[cfg(all(test, feature = "derive"))]
mod tests;
mod transaction;
mod update;

use alloc::vec::Vec;

pub use crate::op::IndexProjection;
pub use crate::value::Key;
pub use batch::{BatchGet, BatchWrite};
pub use delete::Delete;
pub use entity::{EntityKey, KeyText};
pub use get::{Get, Refresh};
pub use index::{Index, IndexDefinition, IndexKind};
pub use items::Items;
pub use key::{IntoKey, NoRangeKey, RangeKey};
pub use pages::{ModelPage, ModelPages};
pub use parallel::{ParallelItems, ParallelScan};
pub use partial::Partial;
pub use read::Read;
pub use save::Save;
pub use scan_token::{SCAN_TOKEN_VERSION, ScanToken};
pub use segment::{SegmentItems, SegmentPages, SegmentScan};
pub use table::TableRequest;
pub use template::{IndexTemplates, KeyPart, KeyParts, KeyTemplate, KeyTemplates, TemplatePart};
pub use transaction::{Transaction, TransactionItems, TransactionRead};
pub use update::ItemUpdate;

use crate::attr::KeyAttribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::{Item, ScalarAttributeType};

/// A Rust type stored as one item of a DynamoDB table. Derive it:
///
/// ```
/// use rynamo_core::Model;
///
/// #[derive(Model, Debug, PartialEq)]
/// #[rynamo(table = "orders")]
/// struct Order {
///     #[rynamo(hash_key)]
///     customer: String,
///     #[rynamo(range_key)]
///     id: String,
///     total: u32,
///     #[rynamo(rename = "n")]
///     note: Option<String>,
/// }
///
/// let order = Order { customer: "c1".into(), id: "o1".into(), total: 5, note: None };
/// let item = order.to_item().unwrap();
/// assert_eq!(Order::from_item(item).unwrap(), order);
/// assert_eq!(Order::TABLE, "orders");
/// ```
pub trait Model: codec::ModelCodec {
    /// The table's name (a client may prefix or rename it at run time).
    const TABLE: &'static str;
    /// The hash (partition) key's attribute name.
    const HASH_KEY: &'static str;
    /// The range (sort) key's attribute name, if the table has one.
    const RANGE_KEY: Option<&'static str>;
    /// The hash key's Rust type.
    type HashKey: KeyAttribute;
    /// The range key's Rust type, or [`NoRangeKey`].
    type RangeKey: RangeKey;
    /// The model's secondary indexes.
    const INDEXES: &'static [IndexDefinition] = &[];
    /// The discriminator attribute and this model's value in it, for models
    /// sharing a table (`#[rynamo(discriminator = "cls", discriminator_value = "dog")]`).
    const DISCRIMINATOR: Option<(&'static str, &'static str)> = None;
    /// Further discriminator values that read as this model
    /// (`#[rynamo(discriminator_alias = "hound")]`, PynamoDB's
    /// `register_class` with a second value): by key, in queries and scans
    /// (which filter on all of them) and through a polymorphic enum. The
    /// model is always written with its own value.
    const DISCRIMINATOR_ALIASES: &'static [&'static str] = &[];
    /// The attribute naming an item's entity type: the discriminator's, or
    /// for a polymorphic enum its variants' (change streams use it to tell
    /// an unknown type from a malformed item).
    const DISCRIMINATOR_ATTRIBUTE: Option<&'static str> = match Self::DISCRIMINATOR {
        Some((attribute, _)) => Some(attribute),
        None => None,
    };
    /// The composite key templates of an entity (`#[rynamo(hash_key(name =
    /// "pk", template = "CUSTOMER#{customer}"))]`, see [`KeyTemplate`]).
    const KEY_TEMPLATES: Option<&'static KeyTemplates> = None;
    /// The time-to-live attribute (`#[rynamo(ttl)]`).
    const TTL: Option<&'static str> = None;

    /// The optimistic-locking version attribute (`#[rynamo(version)]`).
    const VERSION: Option<&'static str> = None;

    /// The condition a versioned write needs: the stored version equals the
    /// in-memory one, or the item is absent when there is none yet.
    fn version_condition(&self) -> Option<crate::expr::Condition> {
        Some(version_condition(Self::VERSION?, self.version()))
    }

    /// This item's primary key.
    fn key(&self) -> Result<Key, EncodeError>;

    /// The item as a map of attribute values.
    fn to_item(&self) -> Result<Item, EncodeError>;

    /// Writes the item's JSON (`{"name":{"S":"…"},…}`) straight into a
    /// request body.
    fn write_item(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError>;

    /// Reads an item. Attributes the model does not declare are kept in its
    /// `#[rynamo(extra)]` field when it has one, and dropped otherwise.
    fn from_item(item: Item) -> Result<Self, DecodeError>;

    /// Reads the item with `key`; a missing item is
    /// [`Error::DoesNotExist`](crate::Error::DoesNotExist).
    fn get(key: impl IntoKey<Self>) -> Get<Self> {
        Get::new(key.into_key())
    }

    /// Re-reads this item from the table, replacing this instance.
    fn refresh(&mut self) -> Refresh<'_, Self> {
        Refresh::new(self)
    }

    /// Writes this item (PutItem), replacing any item with its key. For a
    /// model with a `#[rynamo(version)]` field, the write requires the stored
    /// version to equal this one (or the item to be absent when this one is
    /// `None`) and increments it, here and in the table; that is why it takes
    /// `&mut self`.
    fn save(&mut self) -> Save<'_, Self> {
        Save::new(self)
    }

    /// Deletes this item (by its key); for a versioned model, only if the
    /// stored version equals this one.
    fn delete(&self) -> Delete<Self> {
        Delete::new(self.key()).version_condition(self.version_condition())
    }

    /// Deletes the item with `key` without reading it first.
    fn delete_key(key: impl IntoKey<Self>) -> Delete<Self> {
        Delete::new(key.into_key())
    }

    /// Changes attributes of the item with `key` in place (UpdateItem). On
    /// a versioned model it increments the version and, like PynamoDB,
    /// requires the stored version to be the expected one: see
    /// [`ItemUpdate::expected_version`] and
    /// [`ItemUpdate::add_version_condition`].
    fn update(key: impl IntoKey<Self>) -> ItemUpdate<'static, Self> {
        ItemUpdate::new(key.into_key())
    }

    /// Changes attributes of this item in the table and then replaces this
    /// instance with the stored result (PynamoDB's `instance.update`). For a
    /// versioned model, requires the stored version to equal this one.
    fn apply(&mut self) -> ItemUpdate<'_, Self> {
        ItemUpdate::on(self)
    }

    /// Queries the partition whose hash key is `hash`.
    fn query<V: crate::attr::ValueOf<Self::HashKey>>(
        hash: V,
    ) -> Read<Self, crate::op::Query, Self::RangeKey> {
        let key = crate::attr::key_value::<Self::HashKey, V>(&hash);
        with_read_filter(Read::query(
            Self::HASH_KEY,
            key,
            Self::RANGE_KEY,
            Self::key_names(),
        ))
    }

    /// Scans the whole table.
    fn scan() -> Read<Self, crate::op::Scan, ()> {
        with_read_filter(Read::scan(Self::key_names()))
    }

    /// The table's key attribute names.
    fn key_names() -> Vec<alloc::string::String> {
        // Pushed, not collected from `once(..).chain(..)`: the adapters'
        // fold and size hint were wasm code of their own.
        let mut names = Vec::with_capacity(2);
        names.push(Self::HASH_KEY.into());
        if let Some(range) = Self::RANGE_KEY {
            names.push(range.into());
        }
        names
    }

    /// Puts and deletes many items, 25 per request.
    fn batch_write() -> BatchWrite<Self> {
        BatchWrite::new()
    }

    /// Reads many items by key, 100 per request.
    fn batch_get<K: IntoKey<Self>>(keys: impl IntoIterator<Item = K>) -> BatchGet<Self> {
        BatchGet::new(keys)
    }

    /// Creates, describes or deletes the model's table (for tests and
    /// local work).
    fn table() -> TableRequest<Self> {
        TableRequest::new()
    }

    /// The item's plain-JSON view (PynamoDB's `to_simple_dict`) as a
    /// `serde_json::Value`: sets as arrays, binary as base64, numbers as
    /// `Value` numbers where a `Value` holds them exactly, else as text.
    /// (Feature `serde-json`; [`Model::write_simple_json`] writes bytes.)
    #[cfg(feature = "serde-json")]
    fn to_simple_json(&self) -> Result<serde_json::Value, EncodeError> {
        let mut buf = Vec::new();
        self.write_simple_json(&mut buf)?;
        crate::json::simple::to_json_value(&buf).map_err(|e| {
            EncodeError::new(crate::error::EncodeErrorKind::Json(alloc::format!("{e}")))
        })
    }

    /// Writes the item's plain-JSON view (PynamoDB's `to_simple_dict`) as
    /// bytes, without `serde_json`, each attribute by its type
    /// ([`crate::Attribute::write_simple`]). The derive generates it; this default
    /// writes the stored item by JSON's own types.
    fn write_simple_json(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::json::simple::write_simple_item(buf, &self.to_item()?);
        Ok(())
    }

    /// Reads an item from its plain-JSON view (PynamoDB's
    /// `from_simple_dict`), guided by the model's attribute types.
    /// (Feature `serde-json`; [`Model::read_simple_json`] reads bytes.)
    #[cfg(feature = "serde-json")]
    fn from_simple_json(value: serde_json::Value) -> Result<Self, DecodeError> {
        crate::json::simple::from_value(&value, Self::read_simple_json)
    }

    /// Reads an item from its plain-JSON view (PynamoDB's
    /// `from_simple_dict`) straight from the reader, guided by the model's
    /// attribute types, without `serde_json`. The derive generates it.
    fn read_simple_json(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        match crate::json::simple::read_untyped(r)? {
            crate::AttributeValue::M(item) => Self::from_item(item),
            other => Err(DecodeError::wrong_type("M", other.value_type())),
        }
    }

    /// The item in DynamoDB JSON (`{"name":{"S":"…"}}`, PynamoDB's
    /// `to_dynamodb_dict`; feature `serde-json`).
    #[cfg(feature = "serde-json")]
    fn to_dynamodb_json(&self) -> Result<serde_json::Value, EncodeError> {
        let mut buf = Vec::new();
        self.write_item(&mut buf)?;
        serde_json::from_slice(&buf).map_err(|e| {
            EncodeError::new(crate::error::EncodeErrorKind::Json(alloc::format!("{e}")))
        })
    }

    /// Reads an item from DynamoDB JSON (PynamoDB's `from_dynamodb_dict`;
    /// feature `serde-json`).
    #[cfg(feature = "serde-json")]
    fn from_dynamodb_json(value: serde_json::Value) -> Result<Self, DecodeError> {
        let text = serde_json::to_vec(&value).map_err(|e| {
            DecodeError::new(crate::error::DecodeErrorKind::Json(alloc::format!("{e}")))
        })?;
        Self::from_item(crate::json::item_from_slice(&text)?)
    }

    /// The table's key schema, for create-table.
    fn key_schema() -> KeySchema {
        KeySchema {
            hash: KeyDefinition {
                name: Self::HASH_KEY,
                attribute_type: <Self::HashKey as KeyAttribute>::KEY_TYPE,
            },
            range: match (Self::RANGE_KEY, <Self::RangeKey as RangeKey>::KEY_TYPE) {
                (Some(name), Some(attribute_type)) => Some(KeyDefinition {
                    name,
                    attribute_type,
                }),
                _ => None,
            },
        }
    }
}

/// A key attribute's name and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDefinition {
    /// Attribute name.
    pub name: &'static str,
    /// `S`, `N` or `B`.
    pub attribute_type: ScalarAttributeType,
}

/// A table's (or index's) hash key and optional range key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySchema {
    /// The hash (partition) key.
    pub hash: KeyDefinition,
    /// The range (sort) key.
    pub range: Option<KeyDefinition>,
}

/// `read` with the model's `ModelCodec::read_filter`, if it has one.
pub(crate) fn with_read_filter<M: Model, O: crate::op::PagedOperation, R>(
    read: Read<M, O, R>,
) -> Read<M, O, R> {
    match M::read_filter() {
        Some(filter) => read.filter(filter),
        None => read,
    }
}

/// The condition a versioned write needs: the stored `name` equals
/// `version`, or is absent when `version` is `None` (PynamoDB's
/// `VersionAttribute` check).
pub(crate) fn version_condition(
    name: &'static str,
    version: Option<u64>,
) -> crate::expr::Condition {
    use crate::expr::{AttributePath, Comparator, Condition, Operand};
    let path = AttributePath::new(name);
    match version {
        None => Condition::not_exists(path),
        Some(v) => Condition::compare(
            Operand::Path(path),
            Comparator::Eq,
            Operand::Value(crate::AttributeValue::N(v.into())),
        ),
    }
}
