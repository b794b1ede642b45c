//! String-keyed maps ⇄ `M` (PynamoDB's raw `MapAttribute`). With `T =`
//! [`AttributeValue`] this is a fully dynamic map: [`Item`](crate::Item).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::Attribute;
use super::field::write_field;
use crate::error::{DecodeError, EncodeError};
use crate::json::ObjectWriter;
use crate::value::{AttributeValue, Item};

fn entries<'a, T: Attribute + 'a>(
    map: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<AttributeValue, EncodeError> {
    let mut out = Item::new();
    for (k, v) in map {
        super::field::insert_field(&mut out, k, v)?;
    }
    Ok(AttributeValue::M(out))
}

/// `{"k":…,…}`, each entry by `field` ([`write_field`] or
/// [`super::field::write_simple_field`]).
fn write_object<'a, T: Attribute + 'a>(
    buf: &mut Vec<u8>,
    map: impl Iterator<Item = (&'a String, &'a T)>,
    field: impl Fn(&mut ObjectWriter<'_>, &str, &T) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    let mut object = ObjectWriter::new(buf);
    for (k, v) in map {
        field(&mut object, k, v)?;
    }
    object.finish();
    Ok(())
}

fn write_simple_entries<'a, T: Attribute + 'a>(
    buf: &mut Vec<u8>,
    map: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<(), EncodeError> {
    write_object(buf, map, super::field::write_simple_field)
}

fn write_entries<'a, T: Attribute + 'a>(
    buf: &mut Vec<u8>,
    map: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<(), EncodeError> {
    buf.extend_from_slice(b"{\"M\":");
    write_object(buf, map, write_field)?;
    buf.push(b'}');
    Ok(())
}

fn decode_entries<T: Attribute, C: FromIterator<(String, T)>>(
    value: AttributeValue,
) -> Result<C, DecodeError> {
    match value {
        AttributeValue::M(m) => m
            .into_iter()
            .map(|(k, v)| match T::from_value(v) {
                Ok(v) => Ok((k, v)),
                Err(e) => Err(e.at_field(&k)),
            })
            .collect(),
        other => Err(DecodeError::wrong_type("M", other.value_type())),
    }
}

impl<T: Attribute> Attribute for BTreeMap<String, T> {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        let mut out = BTreeMap::new();
        let mut o = crate::json::fields::simple_object(r)?;
        while let Some(k) = r.key(&mut o)? {
            let v = T::read_simple(r).map_err(|e| e.at_field(&k))?;
            out.insert(k.into_owned(), v);
        }
        Ok(out)
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        entries(self.iter())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        decode_entries(value)
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_entries(buf, self.iter())
    }

    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_simple_entries(buf, self.iter())
    }
}

#[cfg(feature = "std")]
impl<T: Attribute, S: core::hash::BuildHasher + Default> Attribute
    for std::collections::HashMap<String, T, S>
{
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        // Sorted, so the same map always encodes to the same bytes.
        let sorted: BTreeMap<&String, &T> = self.iter().collect();
        entries(sorted.into_iter())
    }

    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        let sorted: BTreeMap<&String, &T> = self.iter().collect();
        write_simple_entries(buf, sorted.into_iter())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        decode_entries(value)
    }
}
