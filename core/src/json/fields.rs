//! What generated code calls to read a derived struct's plain-JSON view
//! (re-exported in `__private`; not public API).

use alloc::string::String;
use alloc::vec::Vec;

use super::reader::{Kind, Object, Reader};
use super::simple::read_untyped;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::value::Item;

/// Opens a plain-JSON object (the derives read models and maps with it).
pub fn simple_object(r: &mut Reader<'_>) -> Result<Object, DecodeError> {
    if r.kind()? != Kind::Object {
        return Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a JSON object".into(),
        )));
    }
    r.object()
}

/// Keeps an undeclared plain-JSON attribute for a model's `extra` field.
pub fn simple_keep(extra: &mut Item, name: &str, r: &mut Reader<'_>) -> Result<(), DecodeError> {
    let value = read_untyped(r).map_err(|e| e.at_field(name))?;
    extra.insert(name.into(), value);
    Ok(())
}

/// Checks a plain-JSON discriminator is one of the strings `accepted` (the
/// type's value and its aliases).
pub fn simple_discriminator(
    r: &mut Reader<'_>,
    attr: &str,
    accepted: &[&str],
) -> Result<(), DecodeError> {
    let found = if r.kind()? == Kind::String {
        r.string()?
    } else {
        let mut text = Vec::new();
        super::write_value(&mut text, &read_untyped(r)?).ok();
        String::from_utf8_lossy(&text).into_owned()
    };
    if accepted.contains(&found.as_str()) {
        Ok(())
    } else {
        Err(DecodeError::new(DecodeErrorKind::UnknownVariant(found)).at_field(attr))
    }
}

/// The error for a model whose discriminator is absent from its JSON.
pub fn missing_discriminator(attr: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnknownVariant(String::new())).at_field(attr)
}
