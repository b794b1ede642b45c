//! Numbers ⇄ `N` (PynamoDB `NumberAttribute`): integers, floats written as
//! their shortest round-trip text, and [`Number`] for exact decimals.

use alloc::vec::Vec;

use super::{Attribute, KeyAttribute};
use crate::error::{DecodeError, EncodeError};
use crate::number::{IntegerBuffer, Number};
use crate::value::{AttributeValue, ScalarAttributeType};

fn number_of(value: AttributeValue) -> Result<Number, DecodeError> {
    match value {
        AttributeValue::N(n) => Ok(n),
        other => Err(DecodeError::wrong_type("N", other.value_type())),
    }
}

macro_rules! integer_attribute {
    ($($t:ty),*) => {$(
        impl Attribute for $t {
            fn to_value(&self) -> Result<AttributeValue, EncodeError> {
                Ok(AttributeValue::N(Number::from(*self)))
            }

            fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
                Ok(number_of(value)?.to_integer(stringify!($t))?)
            }

            fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
                Ok(crate::json::simple::read_simple_number(r)?.to_integer(stringify!($t))?)
            }

            /// The plain-JSON view: the digits, as a JSON number.
            fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
                buf.extend_from_slice(IntegerBuffer::new().format(*self).as_bytes());
                Ok(())
            }

            fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
                buf.extend_from_slice(b"{\"N\":\"");
                buf.extend_from_slice(IntegerBuffer::new().format(*self).as_bytes());
                buf.extend_from_slice(b"\"}");
                Ok(())
            }
        }

        impl KeyAttribute for $t {
            const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::N;
        }
    )*};
}
integer_attribute!(i8, i16, i32, i64, isize, u16, u32, u64, usize);

macro_rules! wide_integer_attribute {
    ($($t:ty),*) => {$(
        impl Attribute for $t {
            fn to_value(&self) -> Result<AttributeValue, EncodeError> {
                Ok(AttributeValue::N(Number::try_from(*self)?))
            }

            fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
                Ok(number_of(value)?.to_integer(stringify!($t))?)
            }

            fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
                Ok(crate::json::simple::read_simple_number(r)?.to_integer(stringify!($t))?)
            }
        }

        impl KeyAttribute for $t {
            const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::N;
        }
    )*};
}
wide_integer_attribute!(i128, u128);

impl Attribute for f64 {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Ok(crate::json::simple::read_simple_number(r)?.to_f64())
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::N(Number::from_f64(*self)?))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        Ok(number_of(value)?.to_f64())
    }
}

impl Attribute for f32 {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Ok(narrow_to_f32(&crate::json::simple::read_simple_number(r)?)?)
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::N(Number::from_f32(*self)?))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        Ok(narrow_to_f32(&number_of(value)?)?)
    }
}

/// The nearest `f32`; a number beyond `f32`'s range is an error, not an
/// infinity (which could not even be written back).
fn narrow_to_f32(number: &Number) -> Result<f32, crate::number::NumberError> {
    let narrowed = number.to_f64() as f32;
    if narrowed.is_finite() {
        Ok(narrowed)
    } else {
        Err(crate::number::NumberError::Overflow {
            text: crate::quoted::value(number.as_str()),
            target: "f32",
        })
    }
}

impl Attribute for Number {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        crate::json::simple::read_simple_number(r)
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::N(self.clone()))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        number_of(value)
    }
}

impl KeyAttribute for Number {
    const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::N;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use alloc::string::ToString;

    #[test]
    fn an_f32_out_of_range_is_a_typed_error_not_infinity() {
        let big = AttributeValue::N(Number::parse("1e39").unwrap());
        let err = f32::from_value(big).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Number(_)), "{err}");
        let fits = AttributeValue::N(Number::parse("3.4e38").unwrap());
        assert!(f32::from_value(fits).unwrap().is_finite());
    }

    #[test]
    fn wide_integers_write_their_exact_digits_and_refuse_more_than_38() {
        let n = |v: AttributeValue| match v {
            AttributeValue::N(n) => n.as_str().to_string(),
            other => panic!("{other:?}"),
        };
        let big = -(10i128.pow(37)) - 12_345;
        assert_eq!(n(big.to_value().unwrap()), big.to_string());
        assert_eq!(n(7u128.to_value().unwrap()), "7");
        assert!(u128::MAX.to_value().is_err(), "39 significant digits");
        assert_eq!(i128::from_value(big.to_value().unwrap()).unwrap(), big);
    }

    #[test]
    fn integers_write_the_same_plain_json_as_their_stored_number() {
        fn check<T: Attribute + Copy>(values: &[T]) {
            for v in values {
                let (mut direct, mut via_value) = (Vec::new(), Vec::new());
                v.write_simple(&mut direct).unwrap();
                crate::json::simple::write_simple_value(&mut via_value, &v.to_value().unwrap());
                assert_eq!(direct, via_value);
            }
        }
        check(&[0i8, -1, i8::MIN, i8::MAX]);
        check(&[0i16, i16::MIN, i16::MAX]);
        check(&[0i32, -7, i32::MIN, i32::MAX]);
        check(&[0i64, 10, i64::MIN, i64::MAX]);
        check(&[0isize, isize::MIN, isize::MAX]);
        check(&[0u16, u16::MAX]);
        check(&[0u32, 3, u32::MAX]);
        check(&[0u64, 100, u64::MAX]);
        check(&[0usize, usize::MAX]);
    }
}
