//! What `#[derive(Attribute)]` on an enum of discriminated maps calls
//! (PynamoDB's `MapAttribute` subclasses told apart by a
//! `DiscriminatorAttribute`; re-exported in `__private`, not public API):
//! finding the discriminator of a map before choosing the variant that
//! reads it, in each of the three readers (`Item`, the fast path, plain
//! JSON).

use alloc::string::String;

use super::Attribute;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::json::Reader;
use crate::value::{AttributeValue, Item};

/// The discriminator of a map being decoded: `Some` when it is a string,
/// `None` when absent; another type is an error naming the attribute.
pub fn map_discriminator<'a>(
    item: &'a Item,
    attribute: &str,
) -> Result<Option<&'a str>, DecodeError> {
    match item.get(attribute) {
        Some(AttributeValue::S(found)) => Ok(Some(found.as_str())),
        Some(other) => Err(DecodeError::wrong_type("S", other.value_type()).at_field(attribute)),
        None => Ok(None),
    }
}

/// Whether `found` names the type whose discriminator is `own` and whose
/// aliases are `aliases`.
pub fn variant_of(found: &str, own: Option<(&str, &str)>, aliases: &[&str]) -> bool {
    own.is_some_and(|(_, value)| value == found) || aliases.contains(&found)
}

/// The fast path's look ahead: the discriminator of the `{"M": {…}}` value
/// `r` is at, read from a copy of the reader so the chosen variant then
/// reads the whole value; `None` when the map has none. Anything
/// unexpected (not a map, not a string) is refused, and the slow path
/// explains.
pub fn peek_discriminator(r: &Reader<'_>, attribute: &str) -> Result<Option<String>, DecodeError> {
    let mut r = r.clone();
    let mut tagged = r.object()?;
    match r.key(&mut tagged)? {
        Some(tag) if tag == "M" => {}
        _ => return Err(crate::json::fast::refuse()),
    }
    let mut map = r.object()?;
    while let Some(name) = r.key(&mut map)? {
        if name == attribute {
            return String::read_json(&mut r).map(Some);
        }
        r.skip()?;
    }
    Ok(None)
}

/// The plain-JSON reader's look ahead: the discriminator of the object `r`
/// is at, from a copy of the reader; `None` when the object has none.
pub fn simple_peek_discriminator(
    r: &Reader<'_>,
    attribute: &str,
) -> Result<Option<String>, DecodeError> {
    let mut r = r.clone();
    let mut object = crate::json::fields::simple_object(&mut r)?;
    while let Some(name) = r.key(&mut object)? {
        if name == attribute {
            return match crate::json::simple::read_untyped(&mut r)? {
                AttributeValue::S(found) => Ok(Some(found)),
                other => Err(DecodeError::wrong_type("S", other.value_type()).at_field(attribute)),
            };
        }
        r.skip()?;
    }
    Ok(None)
}

/// The error for a map whose discriminator names no variant.
pub fn unknown_variant(found: &str, attribute: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnknownVariant(found.into())).at_field(attribute)
}
