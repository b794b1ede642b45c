//! Secondary indexes declared on a model, and typed handles to query them.

use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;

use super::read::Read;
use super::{KeyDefinition, Model};
use crate::attr::{KeyAttribute, ValueOf};
use crate::op::{IndexProjection, Query, Scan};

/// Global (own partitioning) or local (same hash key as the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A global secondary index.
    Global,
    /// A local secondary index.
    Local,
}

/// An index as declared on a model (`#[derive(Model)]` generates these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDefinition {
    /// The index name.
    pub name: &'static str,
    /// Global or local.
    pub kind: IndexKind,
    /// The index's hash key.
    pub hash: KeyDefinition,
    /// The index's range key.
    pub range: Option<KeyDefinition>,
    /// What the index stores.
    pub projection: IndexProjection,
}

/// A typed handle to index `name` of model `M`, whose hash key is an `H`
/// and range key an `R` ([`NoRangeKey`](super::NoRangeKey) if none):
/// `Order::BY_STATUS.query(Status::New)`.
pub struct Index<M, H, R> {
    name: &'static str,
    hash_key: &'static str,
    range_key: Option<&'static str>,
    marker: PhantomData<Types<M, H, R>>,
}

/// The handle's type parameters, held without owning any value of them.
type Types<M, H, R> = fn() -> (M, H, R);

impl<M, H, R> Index<M, H, R> {
    /// A handle to index `name` keyed by `hash_key` (and `range_key`).
    pub const fn new(
        name: &'static str,
        hash_key: &'static str,
        range_key: Option<&'static str>,
    ) -> Self {
        Index {
            name,
            hash_key,
            range_key,
            marker: PhantomData,
        }
    }

    /// The index name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<M: Model, H: KeyAttribute, R> Index<M, H, R> {
    fn key_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in [
            Some(self.hash_key),
            self.range_key,
            Some(M::HASH_KEY),
            M::RANGE_KEY,
        ]
        .into_iter()
        .flatten()
        {
            if !names.iter().any(|n| n == name) {
                names.push(name.into());
            }
        }
        names
    }

    /// Queries the index for the items whose index hash key is `hash`.
    pub fn query<V: ValueOf<H>>(&self, hash: V) -> Read<M, Query, R> {
        let key = crate::attr::key_value::<H, V>(&hash);
        let read = Read::query(self.hash_key, key, self.range_key, self.key_names());
        super::with_read_filter(read.index(self.name))
    }

    /// Scans the index.
    pub fn scan(&self) -> Read<M, Scan, ()> {
        super::with_read_filter(Read::scan(self.key_names()).index(self.name))
    }
}

impl<M, H, R> Clone for Index<M, H, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, H, R> Copy for Index<M, H, R> {}
