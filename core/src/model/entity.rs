//! Entities: models whose keys are composite templates
//! ([`KeyTemplate`](super::KeyTemplate)), several of them sharing one table
//! (single-table design, ElectroDB's entities).
//!
//! A model with `#[rynamo(hash_key(name = "pk", template = "..."))]` gets,
//! from the derive:
//!
//! - `Order::key(customer, date, id)`: a typed [`EntityKey`] for get,
//!   update, delete, batches and transactions;
//! - `Order::partition(customer)`: the hash key's text as a [`KeyText`],
//!   usable wherever the hash key is (a collection's query);
//! - `Order::query(customer)`: a query of the partition limited to the
//!   entity's sort-key prefix (`begins_with(sk, "ORDER#")`), narrowed with
//!   [`Read::sort_prefix`]; for each templated index, `Order::<index>_partition`
//!   and `Order::query_<index>`.
//!
//! Fields are stored in their own attributes as well as in the key text,
//! and read back from their own attributes: a key is never parsed to build
//! a model (use [`KeyTemplate::parse`](super::KeyTemplate::parse) for a key
//! alone, such as a change stream's `Keys`). A field that is part of a key
//! template is part of the item's identity: change it by deleting the item
//! and saving it anew, not with an update.
//!
//! Several entities read together form a collection: an enum of them
//! (`#[derive(Model)] enum Shop { Customer(Customer), Order(Order) }`, the
//! polymorphic models of [`Model`]) queried with
//! `Shop::query(Customer::partition("c1"))`: one request per page, each item
//! decoded as its entity by its discriminator, items of other entities
//! filtered out or kept by the enum's `#[rynamo(unknown)]` variant.

use alloc::string::String;
use core::marker::PhantomData;

use super::read::Read;
use super::template::{KeyParts, KeyTemplate};
use super::{Index, IntoKey, Key, Model};
use crate::attr::ValueOf;
use crate::error::{EncodeError, Error};
use crate::expr::{AttributePath, Condition, Operand};
use crate::op::Query;
use crate::value::AttributeValue;

/// The primary key of one item of entity `M`, built by the derive's typed
/// `M::key(..)` from the fields of its key templates.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityKey<M> {
    key: Result<Key, EncodeError>,
    marker: PhantomData<fn() -> M>,
}

impl<M> EntityKey<M> {
    /// Wraps a key (or the reason it could not be built, reported when the
    /// request is sent).
    pub fn new(key: Result<Key, EncodeError>) -> Self {
        EntityKey {
            key,
            marker: PhantomData,
        }
    }

    /// The key, or why a value could not stand in its template.
    pub fn key(&self) -> Result<&Key, &EncodeError> {
        self.key.as_ref()
    }
}

impl<M: Model> IntoKey<M> for EntityKey<M> {
    fn into_key(self) -> Result<Key, EncodeError> {
        self.key
    }
}

/// A rendered key template (`CUSTOMER#c1`), or why it could not be
/// rendered; usable wherever a string key is (`Shop::query(Customer::partition("c1"))`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyText(Result<String, EncodeError>);

impl KeyText {
    /// Wraps rendered text (or the reason a value was refused).
    pub fn new(text: Result<String, EncodeError>) -> Self {
        KeyText(text)
    }

    /// The text, or why a value could not stand in its template.
    pub fn text(&self) -> Result<&str, &EncodeError> {
        self.0.as_deref()
    }
}

impl ValueOf<String> for KeyText {
    fn value_of(&self) -> Result<AttributeValue, EncodeError> {
        self.0.clone().map(AttributeValue::S)
    }
}

impl<M: Model, R> Read<M, Query, R> {
    /// Narrows the query to the sort keys beginning with these leading
    /// values of the entity's range-key template (the table's, or the
    /// index's when querying one): with `ORDER#{date}#{id}`,
    /// `.sort_prefix("2026-01")` is `begins_with(sk, "ORDER#2026-01")` and
    /// `.sort_prefix(())` is `begins_with(sk, "ORDER#")`. Values come as one
    /// value or a tuple; a model without a range-key template is an
    /// [`Error::InvalidRequest`] when sent, a value holding a separator an
    /// [`Error::Encode`].
    pub fn sort_prefix(mut self, values: impl KeyParts) -> Self {
        let values = values.key_parts();
        self.operation = self.operation.and_then(|mut q| {
            let index = q.settings.index.as_deref();
            let template = M::KEY_TEMPLATES
                .and_then(|t| t.range_of(index))
                .ok_or_else(|| {
                    Error::InvalidRequest(crate::text::format(
                        "sort_prefix needs a range-key template on {}",
                        &[index.unwrap_or("the table").into()],
                    ))
                })?;
            let prefix = template.prefix(&values?)?;
            q.key_condition = q.key_condition.range(begins_with(template, prefix));
            Ok(q)
        });
        self
    }
}

fn begins_with(template: &KeyTemplate, prefix: String) -> Condition {
    Condition::begins_with(
        AttributePath::new(template.attribute),
        Operand::Value(AttributeValue::S(prefix)),
    )
}

/// What the derive's generated entity functions call (re-exported in
/// `__private`; not public API).
pub mod derive_support {
    use super::super::template::KeyTemplates;
    use super::*;
    use crate::attr::{key_value, range_key_value};

    /// A templated key attribute's value, within DynamoDB's key limits.
    pub fn template_key(
        template: &KeyTemplate,
        values: &[AttributeValue],
        range: bool,
    ) -> Result<AttributeValue, EncodeError> {
        let text = template.render(values)?;
        let value = if range {
            range_key_value::<String, String>(&text)
        } else {
            key_value::<String, String>(&text)
        };
        value.map_err(|e| e.at_field(template.attribute))
    }

    /// A rendered template as a [`KeyText`].
    pub fn key_text(template: &KeyTemplate, values: &[AttributeValue]) -> KeyText {
        KeyText::new(template.render(values))
    }

    /// `M::query(..)` of an entity: the partition, limited to the entity's
    /// sort-key prefix when its range key is a template.
    pub fn entity_query<M: Model<HashKey = String>>(hash: KeyText) -> Read<M, Query, M::RangeKey> {
        let read = M::query(hash);
        narrowed(read, M::KEY_TEMPLATES.and_then(|t| t.range))
    }

    /// `M::query_<index>(..)`: the index partition, limited to the
    /// entity's prefix of the index's range-key template.
    pub fn entity_index_query<M: Model, R>(
        index: &Index<M, String, R>,
        hash: KeyText,
    ) -> Read<M, Query, R> {
        let read = index.query(hash);
        let template = M::KEY_TEMPLATES.and_then(|t| t.range_of(Some(index.name())).copied());
        narrowed(read, template)
    }

    fn narrowed<M: Model, R>(
        read: Read<M, Query, R>,
        template: Option<KeyTemplate>,
    ) -> Read<M, Query, R> {
        match template {
            Some(t) if !t.leading_text().is_empty() => read.sort_prefix(()),
            _ => read,
        }
    }

    /// `a` begins with `b` or `b` with `a` (both non-empty), in a `const`
    /// context: two entities of one collection whose sort-key prefixes
    /// overlap would read each other's items.
    pub const fn prefixes_overlap(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.is_empty() || b.is_empty() {
            return false;
        }
        let n = if a.len() < b.len() { a.len() } else { b.len() };
        let mut i = 0;
        while i < n {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// The range-key template's leading text of a model, or `""`.
    pub const fn range_prefix(templates: Option<&KeyTemplates>) -> &'static str {
        match templates {
            Some(KeyTemplates { range: Some(t), .. }) => t.leading_text(),
            _ => "",
        }
    }
}
