//! Reading DynamoDB JSON (`{"S":"x"}`, items, keys) with the [`Reader`].

use alloc::string::String;
use alloc::vec::Vec;

use super::reader::Reader;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::number::Number;
use crate::value::{AttributeValue, Item};

/// What reply decoders read where DynamoDB JSON holds an item: an [`Item`],
/// or a model read straight from the bytes.
pub trait ReadJson: Sized {
    /// Reads one value at the reader's position.
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

impl ReadJson for Item {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_item(r)
    }
}

impl ReadJson for AttributeValue {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_value(r)
    }
}

/// Reads a whole document with `read`, checking nothing follows it.
pub fn parse<'a, T>(
    bytes: &'a [u8],
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let value = read(&mut r)?;
    r.end()?;
    Ok(value)
}

/// Reads `null` as `None`, anything else with `read`.
pub fn read_optional<'a, T>(
    r: &mut Reader<'a>,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    if r.null() {
        Ok(None)
    } else {
        read(r).map(Some)
    }
}

/// Reads an object for the one member `name` (with `read`; `null` or
/// absent is `None`), skipping the others.
pub fn read_field<'a, T>(
    r: &mut Reader<'a>,
    name: &str,
    mut read: impl FnMut(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    let mut found = None;
    read_member(r, name, &mut |r| {
        found = read_optional(r, &mut read)?;
        Ok(())
    })?;
    Ok(found)
}

/// The object loop of [`read_field`], compiled once for every `T`: calls
/// `read` at each member named `name`, skips the others.
fn read_member<'a>(
    r: &mut Reader<'a>,
    name: &str,
    read: &mut dyn FnMut(&mut Reader<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        if key == name {
            read(r)?;
        } else {
            r.skip()?;
        }
    }
    Ok(())
}

/// Reads a list of objects (`null` reads as none) into `T`s, with `entry`
/// called for each member.
pub(crate) fn read_objects<'a, T: Default>(
    r: &mut Reader<'a>,
    mut entry: impl FnMut(&mut T, &str, &mut Reader<'a>) -> Result<(), DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let mut out = Vec::new();
    if r.null() {
        return Ok(out);
    }
    let mut a = r.array()?;
    while r.next(&mut a)? {
        let mut value = T::default();
        let mut o = r.object()?;
        while let Some(key) = r.key(&mut o)? {
            entry(&mut value, &key, r)?;
        }
        out.push(value);
    }
    Ok(out)
}

/// Reads an item (`{"name": {"S": "x"}, …}`) from a whole document.
pub fn item_from_slice(bytes: &[u8]) -> Result<Item, DecodeError> {
    parse(bytes, read_item)
}

/// Reads an item: an object of attribute values. A repeated name keeps
/// its last value.
pub fn read_item(r: &mut Reader<'_>) -> Result<Item, DecodeError> {
    let mut item = Item::new();
    let mut o = r.object()?;
    while let Some(name) = r.key(&mut o)? {
        let value = read_value(r).map_err(|e| e.at_field(&name))?;
        item.insert(name.into_owned(), value);
    }
    Ok(item)
}

/// Reads one attribute value: an object with a single type key.
pub fn read_value(r: &mut Reader<'_>) -> Result<AttributeValue, DecodeError> {
    let mut o = r.object()?;
    let Some(tag) = r.key(&mut o)? else {
        return Err(r.error("empty attribute value"));
    };
    // Matched as bytes: a length switch and byte compares, no `str`
    // comparison call per tag.
    let value = match *tag.as_bytes() {
        [b'S'] => AttributeValue::S(r.string()?),
        [b'N'] => AttributeValue::N(number(r)?),
        [b'B'] => AttributeValue::B(base64(r)?),
        [b'B', b'O', b'O', b'L'] => AttributeValue::Bool(r.bool()?),
        [b'N', b'U', b'L', b'L'] => {
            r.skip()?;
            AttributeValue::Null
        }
        [b'M'] => AttributeValue::M(read_item(r)?),
        [b'L'] => {
            let mut list = Vec::new();
            elements(r, &mut |r| {
                let value = read_value(r).map_err(|e| e.at_index(list.len()))?;
                list.push(value);
                Ok(())
            })?;
            AttributeValue::L(list)
        }
        [b'S', b'S'] => AttributeValue::Ss(set(r, Reader::string)?),
        [b'N', b'S'] => AttributeValue::Ns(set(r, number)?),
        [b'B', b'S'] => AttributeValue::Bs(set(r, base64)?),
        _ => {
            let other: &str = &tag;
            return Err(DecodeError::new(DecodeErrorKind::Invalid(
                crate::text::format("unknown attribute type `{}`", &[other.into()]),
            )));
        }
    };
    if r.key(&mut o)?.is_some() {
        return Err(r.error("attribute value has more than one type"));
    }
    Ok(value)
}

/// Calls `read` for each element of an array: the loop compiled once for
/// lists and every kind of set.
fn elements<'a>(
    r: &mut Reader<'a>,
    read: &mut dyn FnMut(&mut Reader<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut a = r.array()?;
    while r.next(&mut a)? {
        read(r)?;
    }
    Ok(())
}

fn set<'a, T>(
    r: &mut Reader<'a>,
    read: fn(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let mut out = Vec::new();
    elements(r, &mut |r| {
        out.push(read(r)?);
        Ok(())
    })?;
    Ok(out)
}

/// A number held as a string (`"N": "1.5"`).
fn number(r: &mut Reader<'_>) -> Result<Number, DecodeError> {
    Ok(Number::parse(&r.str()?)?)
}

/// Bytes held as base64 text.
fn base64(r: &mut Reader<'_>) -> Result<Vec<u8>, DecodeError> {
    crate::base64::decode(r.str()?.as_bytes())
        .map_err(|e| DecodeError::new(DecodeErrorKind::Base64(e)))
}

/// Reads a list of strings.
pub fn read_strings(r: &mut Reader<'_>) -> Result<Vec<String>, DecodeError> {
    set(r, Reader::string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::write_item;
    use alloc::vec;

    #[test]
    fn reads_every_value_type() {
        let body = br#"{"s":{"S":"x\u00e9"},"n":{"N":"-1.5E+3"},"b":{"B":"aGkh"},"t":{"BOOL":true},"z":{"NULL":true},
            "m":{"M":{"k":{"L":[{"N":"1"}]}}},"ss":{"SS":["a"]},"ns":{"NS":["1","2"]},"bs":{"BS":["/w=="]}}"#;
        let item = item_from_slice(body).unwrap();
        assert_eq!(item["s"], AttributeValue::S("xé".into()));
        assert_eq!(
            item["n"],
            AttributeValue::N(Number::parse("-1500").unwrap())
        );
        assert_eq!(item["b"], AttributeValue::B(b"hi!".to_vec()));
        assert_eq!(item["t"], AttributeValue::Bool(true));
        assert_eq!(item["z"], AttributeValue::Null);
        assert_eq!(item["bs"], AttributeValue::Bs(vec![vec![0xff]]));
        let mut back = Vec::new();
        write_item(&mut back, &item).unwrap();
        assert_eq!(item_from_slice(&back).unwrap(), item);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            &br#"{"a":{}}"#[..],
            br#"{"a":{"X":"1"}}"#,
            br#"{"a":{"N":"abc"}}"#,
            br#"{"a":{"B":"***"}}"#,
            br#"{"a":{"S":"x","N":"1"}}"#,
            br#"{"a":{"S":1}}"#,
            br#"{"a":"#,
            br#"{"a":{"S":"x"}} x"#,
            b"\xff",
        ] {
            assert!(
                item_from_slice(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn errors_name_the_attribute() {
        let e = item_from_slice(br#"{"m":{"M":{"l":{"L":[{"S":"a"},{"N":"x"}]}}}}"#).unwrap_err();
        assert_eq!(alloc::format!("{}", e.location()), "m.l[1]");
    }
}
