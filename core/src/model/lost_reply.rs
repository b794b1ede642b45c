//! Lost replies of versioned writes: telling this call's own earlier write
//! from another writer's.
//!
//! When a write reaches DynamoDB but its reply is lost (a reset, a timeout,
//! a 5xx), the retry meets the write's own effect. For a versioned write
//! that is a failed version condition although the write succeeded. So a
//! versioned save or update retried after an attempt that may have been
//! applied ([`Error::may_have_been_applied`]) asks for the stored item on a
//! failed condition (`ReturnValuesOnConditionCheckFailure: ALL_OLD`, on the
//! retries only: a first attempt's conflict — the common case under
//! contention — does not ship the stored item back), and reports success
//! only when the stored item is exactly what this call wrote:
//!
//! - a save: the whole item, its new version included (attributes compared
//!   by value: numbers numerically, sets in any order);
//! - an update: the version moved to the one this update writes, and every
//!   action is one whose result can be read off the stored item — `SET` to
//!   a literal value (the stored value equals it) or `REMOVE` of a path
//!   without list indexes (nothing stored there). An `ADD`, a `DELETE`, a
//!   `SET` from other attributes (`a + 1`, `list_append`, `if_not_exists`)
//!   or a `REMOVE` of a list element depends on the value before, which is
//!   gone; the conflict then stays a conflict (the write was applied at
//!   most once, never twice);
//! - a delete: never. Absence carries no version, so this call's delete
//!   cannot be told from another writer's.
//!
//! What cannot be told apart: another writer that started from the same
//! version and wrote exactly the same item (or set exactly the same
//! values). Where two writers can compute the same item — two processes
//! adding 1 to the same counter — store something that tells writers
//! apart (a request id attribute) and the comparison proves it.

use crate::client::Client;
use crate::error::Error;
use crate::expr::{AttributePath, PathElement, SetValue, Update, UpdateAction, UpdateOperand};
use crate::op::Operation;
use crate::transport::{Request, Transport};
use crate::value::{AttributeValue, Item};

/// A write that failed, and whether an earlier attempt of it may have been
/// applied.
pub(crate) struct Failed {
    pub(crate) error: Error,
    pub(crate) may_have_been_applied: bool,
}

impl Failed {
    /// The stored item, when the write failed its condition on a retry after
    /// an attempt that may have been applied and the reply carries it.
    pub(crate) fn stored_after_lost_reply(&self) -> Option<&Item> {
        match &self.error {
            Error::ConditionalCheckFailed(c) if self.may_have_been_applied => c.item(),
            _ => None,
        }
    }
}

/// A write's request and, when there is one, its retried form (the same
/// write asking for the stored item on a failed condition), encoded
/// before anything is awaited: the sending future holds only these.
pub(crate) fn write_requests<O: Operation, T: Transport>(
    db: &Client<T>,
    op: &O,
    retried: Option<&O>,
) -> Result<(Request, Option<Request>), Error> {
    let options = db.encode_options();
    let request = op.request(&options)?;
    let retried = retried.map(|r| r.request(&options)).transpose()?;
    Ok((request, retried))
}

/// Whether two stored values are the same: numbers by value, sets in any
/// order, maps and lists member by member.
pub(crate) fn same_value(a: &AttributeValue, b: &AttributeValue) -> bool {
    use AttributeValue as V;
    match (a, b) {
        (V::M(a), V::M(b)) => same_item(a, b),
        (V::L(a), V::L(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_value(a, b)),
        (V::Ss(a), V::Ss(b)) => same_set(a, b),
        (V::Ns(a), V::Ns(b)) => same_set(a, b),
        (V::Bs(a), V::Bs(b)) => same_set(a, b),
        (a, b) => a == b,
    }
}

/// Whether two items hold the same attributes with the same values.
pub(crate) fn same_item(a: &Item, b: &Item) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(name, value)| b.get(name).is_some_and(|other| same_value(value, other)))
}

fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    // Sets hold distinct members, so equal sizes and inclusion suffice.
    a.len() == b.len() && a.iter().all(|m| b.contains(m))
}

/// The value stored at `path` in `item`, if any.
fn value_at<'a>(item: &'a Item, path: &AttributePath) -> Option<&'a AttributeValue> {
    let (first, rest) = path.elements().split_first()?;
    let PathElement::Name(name) = first else {
        return None;
    };
    let mut value = item.get(name.as_ref())?;
    for element in rest {
        value = match (element, value) {
            (PathElement::Name(name), AttributeValue::M(map)) => map.get(name.as_ref())?,
            (PathElement::Index(i), AttributeValue::L(list)) => list.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Whether `stored` is exactly the item a save wrote (`written`, its new
/// version included).
pub(crate) fn save_is_ours(written: &Item, stored: &Item) -> bool {
    same_item(written, stored)
}

/// Whether `stored` is provably the result of `update` (as sent, version
/// action included) applied to the item at version `expected`, on a model
/// whose version attribute is `version`.
pub(crate) fn update_is_ours(
    update: &Update,
    version: &'static str,
    expected: Option<u64>,
    stored: &Item,
) -> bool {
    let version_path = AttributePath::new(version);
    let mut written_version = None;
    for action in update.actions() {
        let provable = if action.path() == &version_path {
            written_version = version_written(action, expected);
            written_version.is_some()
        } else {
            effect_is_stored(action, stored)
        };
        if !provable {
            return false;
        }
    }
    // The version must have moved, to the value this update writes: only
    // one write can move it from `expected` to there.
    let Some(written) = written_version else {
        return false;
    };
    let moved = expected.is_none_or(|e| AttributeValue::N(e.into()) != written);
    moved && stored.get(version).is_some_and(|v| same_value(v, &written))
}

/// The version an action on the version attribute writes, when it is known.
fn version_written(action: &UpdateAction, expected: Option<u64>) -> Option<AttributeValue> {
    match action {
        // The version increment: `ADD` to the expected version (absent: 0).
        UpdateAction::Add(_, AttributeValue::N(n)) => {
            let sum = i128::from(expected.unwrap_or(0)).checked_add(n.to_i128().ok()?)?;
            Some(AttributeValue::N(crate::Number::try_from(sum).ok()?))
        }
        UpdateAction::Set(_, SetValue::Operand(UpdateOperand::Value(v @ AttributeValue::N(_)))) => {
            Some(v.clone())
        }
        _ => None,
    }
}

/// Whether the action's result can be read off `stored`, and is there.
fn effect_is_stored(action: &UpdateAction, stored: &Item) -> bool {
    match action {
        UpdateAction::Set(path, SetValue::Operand(UpdateOperand::Value(value))) => {
            value_at(stored, path).is_some_and(|v| same_value(v, value))
        }
        UpdateAction::Remove(path) => {
            let indexed = path
                .elements()
                .iter()
                .any(|e| matches!(e, PathElement::Index(_)));
            !indexed && value_at(stored, path).is_none()
        }
        _ => false,
    }
}

#[cfg(all(test, feature = "derive"))]
#[path = "lost_reply_tests.rs"]
mod tests;
