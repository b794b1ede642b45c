//! Object keys as `json.dumps` writes them.

use alloc::string::{String, ToString};
use core::fmt::Display;

use serde::ser::{self, Serialize};

use super::dumps::DumpsError;
use super::repr::write_str;

/// Object keys: strings as they are; integers and booleans as their text,
/// the way `json.dumps` turns `{1: …}` and `{True: …}` keys into strings.
pub(super) struct KeyDumps<'a>(pub(super) &'a mut String);

impl KeyDumps<'_> {
    fn text(self, v: impl Display) -> Result<(), DumpsError> {
        write_str(self.0, &v.to_string());
        Ok(())
    }
}

fn key_error() -> DumpsError {
    DumpsError("a JSON object key must be a string, an integer or a bool".into())
}

macro_rules! refuse_keys {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), DumpsError> { Err(key_error()) })*
    };
}

impl ser::Serializer for KeyDumps<'_> {
    type Ok = ();
    type Error = DumpsError;
    type SerializeSeq = ser::Impossible<(), DumpsError>;
    type SerializeTuple = ser::Impossible<(), DumpsError>;
    type SerializeTupleStruct = ser::Impossible<(), DumpsError>;
    type SerializeTupleVariant = ser::Impossible<(), DumpsError>;
    type SerializeMap = ser::Impossible<(), DumpsError>;
    type SerializeStruct = ser::Impossible<(), DumpsError>;
    type SerializeStructVariant = ser::Impossible<(), DumpsError>;

    fn serialize_str(self, v: &str) -> Result<(), DumpsError> {
        write_str(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_bool(self, v: bool) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), DumpsError> {
        self.text(v)
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
    refuse_keys!(
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), DumpsError> {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), DumpsError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, DumpsError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, DumpsError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, DumpsError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, DumpsError> {
        Err(key_error())
    }
}
