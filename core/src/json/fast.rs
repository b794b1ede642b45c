//! Reading models straight from response bytes, without building an
//! [`Item`] map first: the fast path behind [`ModelCodec::read_item_json`] and
//! [`Attribute::read_json`].
//!
//! The fast path only ever succeeds with the value the [`Model::from_item`]
//! path would give; anything it does not read exactly that way (a missing
//! required field, a `NULL` inside a list, a duplicate key, a wrong type) it
//! refuses, and the caller decodes the same bytes again the slow way, which
//! names the problem with a typed [`DecodeError`].
//! So errors stay precise and cost nothing when there are none.
//!
//! [`ModelCodec::read_item_json`]: crate::__private::ModelCodec::read_item_json
//! [`Model::from_item`]: crate::Model::from_item

use alloc::borrow::Cow;

use super::read::read_value;
use super::reader::Reader;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::value::Item;

/// Why the fast path gave up (never shown: the slow path explains instead).
pub fn refuse() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Invalid("not read by the fast path".into()))
}

/// Reads `{"<tag>": …}` with `read` reading the inner value; any other
/// shape is refused.
pub fn tagged<'a, T>(
    r: &mut Reader<'a>,
    tag: &str,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut o = r.object()?;
    match r.key(&mut o)? {
        Some(key) if key == tag => {}
        _ => return Err(refuse()),
    }
    let value = read(r)?;
    if r.key(&mut o)?.is_some() {
        return Err(refuse());
    }
    Ok(value)
}

/// Skips an attribute the struct does not declare.
pub fn skip(r: &mut Reader<'_>) -> Result<(), DecodeError> {
    r.skip()
}

/// Keeps an attribute the struct does not declare, for its `extra` field.
pub fn keep(extra: &mut Item, name: Cow<'_, str>, r: &mut Reader<'_>) -> Result<(), DecodeError> {
    let value = read_value(r)?;
    if extra.insert(name.into_owned(), value).is_some() {
        return Err(refuse());
    }
    Ok(())
}
