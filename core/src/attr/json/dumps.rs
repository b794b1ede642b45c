//! JSON text exactly as Python's `json.dumps` writes it with its defaults,
//! which is what PynamoDB's `JSONAttribute` stores: `", "` and `": "`
//! separators, everything outside printable ASCII as lowercase `\uXXXX`
//! escapes (astral characters as surrogate pairs), floats as Python's
//! `repr` (`1e+16`, `1e-05`, `100.0`), `NaN`, `Infinity` and `-Infinity`,
//! integers of any width as digits, and keys in the order the value
//! serializes them.
//!
//! A serde `Serializer` of its own rather than a `serde_json` formatter:
//! `serde_json`'s formatter is `std`-only and writes non-finite floats as
//! `null`, which would silently change stored data.

use alloc::string::{String, ToString};
use core::fmt::{self, Display, Write as _};

use serde::ser::{self, Serialize};

use super::keys::KeyDumps;
use super::repr::{write_float, write_str};

/// Why a value could not be written as JSON text.
#[derive(Debug)]
pub struct DumpsError(pub String);

impl Display for DumpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for DumpsError {}

impl ser::Error for DumpsError {
    fn custom<T: Display>(msg: T) -> Self {
        DumpsError(msg.to_string())
    }
}

/// `value` as Python's `json.dumps(value)` writes it.
pub fn dumps<T: Serialize + ?Sized>(value: &T) -> Result<String, DumpsError> {
    let mut out = Dumps { out: String::new() };
    value.serialize(&mut out)?;
    Ok(out.out)
}

struct Dumps {
    out: String,
}

/// An array or object being written: whether an element came before.
pub struct Compound<'a> {
    ser: &'a mut Dumps,
    first: bool,
    /// Closes a `{"Variant": …}` wrapper after the container.
    variant: bool,
}

impl Compound<'_> {
    fn separator(&mut self) {
        if !self.first {
            self.ser.out.push_str(", ");
        }
        self.first = false;
    }

    fn close(self, bracket: char) {
        self.ser.out.push(bracket);
        if self.variant {
            self.ser.out.push('}');
        }
    }
}

impl Dumps {
    fn open(&mut self, bracket: char, variant: Option<&str>) -> Compound<'_> {
        if let Some(name) = variant {
            self.out.push('{');
            write_str(&mut self.out, name);
            self.out.push_str(": ");
        }
        self.out.push(bracket);
        Compound {
            ser: self,
            first: true,
            variant: variant.is_some(),
        }
    }

    fn display(&mut self, v: impl Display) -> Result<(), DumpsError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Dumps {
    type Ok = ();
    type Error = DumpsError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), DumpsError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), DumpsError> {
        write_float(&mut self.out, v, v.is_finite(), v.is_nan());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), DumpsError> {
        write_float(&mut self.out, v, v.is_finite(), v.is_nan());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), DumpsError> {
        let mut buf = [0u8; 4];
        write_str(&mut self.out, v.encode_utf8(&mut buf));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), DumpsError> {
        write_str(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), DumpsError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), DumpsError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), DumpsError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), DumpsError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), DumpsError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), DumpsError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        self.out.push('{');
        write_str(&mut self.out, variant);
        self.out.push_str(": ");
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', Some(variant)))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        self.separator();
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), DumpsError> {
        self.separator();
        key.serialize(KeyDumps(&mut self.ser.out))?;
        self.ser.out.push_str(": ");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn containers_use_python_separators_and_keep_field_order() {
        #[derive(serde::Serialize)]
        struct Doc {
            zeta: u128,
            alpha: (bool, Option<i8>),
            list: Vec<f64>,
            empty: Vec<u8>,
        }
        let doc = Doc {
            zeta: 123456789012345678901234567890,
            alpha: (true, None),
            list: vec![1.0, f64::NAN],
            empty: vec![],
        };
        assert_eq!(
            dumps(&doc).unwrap(),
            r#"{"zeta": 123456789012345678901234567890, "alpha": [true, null], "list": [1.0, NaN], "empty": []}"#
        );
    }

    #[test]
    fn integer_keys_write_as_strings_and_float_keys_are_refused() {
        let map: alloc::collections::BTreeMap<i32, &str> = [(1, "a"), (-2, "b")].into();
        assert_eq!(dumps(&map).unwrap(), r#"{"-2": "b", "1": "a"}"#);
        let map: alloc::collections::BTreeMap<bool, u8> = [(true, 1)].into();
        assert_eq!(dumps(&map).unwrap(), r#"{"true": 1}"#);
        let floats = [(1u8, 2u8)].into_iter().collect::<Vec<_>>();
        assert_eq!(dumps(&floats).unwrap(), "[[1, 2]]");
        struct FloatKey;
        impl Serialize for FloatKey {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(&1.5f64, &1)?;
                m.end()
            }
        }
        assert!(dumps(&FloatKey).is_err());
    }
}
