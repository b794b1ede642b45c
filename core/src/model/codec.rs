//! [`ModelCodec`]: the hooks `#[derive(Model)]` generates for the core to
//! call, kept out of [`Model`]'s items so its rustdoc reads as schema and
//! operations.

use super::Model;
use crate::error::DecodeError;
use crate::expr::Condition;
use crate::json::Reader;

/// What `#[derive(Model)]` generates beside [`Model`] and only the core
/// calls: the fast decode hook, the version field's accessors and a
/// polymorphic model's read filter. Not public API (`__private`); every
/// item has a default, so a hand-written model needs only an empty
/// `impl ModelCodec for X {}`.
pub trait ModelCodec: Sized {
    /// Reads an item straight from its DynamoDB JSON in a response
    /// (`{"name":{"S":"…"},…}`), without building an [`Item`](crate::Item)
    /// first. It gives exactly what [`Model::from_item`] gives or fails,
    /// and callers then decode through `from_item` for the typed error (the
    /// decode rule, `ARCHITECTURE.md`).
    fn read_item_json(r: &mut Reader<'_>) -> Result<Self, DecodeError>
    where
        Self: Model,
    {
        Self::from_item(crate::json::read_item(r)?)
    }

    /// The in-memory version, for models with a version attribute.
    fn version(&self) -> Option<u64> {
        None
    }

    /// Sets the in-memory version (after a successful versioned write).
    fn set_version(&mut self, version: Option<u64>) {
        let _ = version;
    }

    /// A filter every query and scan of this model (and its indexes) adds:
    /// a polymorphic model's registered discriminator values, so items of
    /// classes it does not know are not read (PynamoDB does the same).
    fn read_filter() -> Option<Condition> {
        None
    }
}
