//! The codec errors' text (numbers, encode and decode kinds, locations),
//! written from templates (`crate::text`), is the text the `format!`
//! strings it replaced gave: each case is checked against that format
//! string with the same values, including multi-byte characters, `{}` in
//! a value and the integer extremes.

use alloc::format;
use alloc::string::{String, ToString};

use super::*;
use crate::number::NumberError;
use crate::value::ValueType;

const TEXTS: [&str; 4] = ["", "x", "Zoë {}`", "a\u{1F600}b"];

#[test]
fn number_errors_read_as_before() {
    for t in TEXTS {
        let s = String::from(t);
        let cases = [
            (
                NumberError::Syntax(s.clone()),
                format!("`{t}` is not a decimal number"),
            ),
            (
                NumberError::TooPrecise(s.clone()),
                format!("`{t}` has more than 38 significant digits"),
            ),
            (
                NumberError::OutOfRange(s.clone()),
                format!("`{t}` is outside DynamoDB's number range (1E-130 to 9.99E+125)"),
            ),
            (
                NumberError::NotFinite(s.clone()),
                format!("{t} cannot be stored: DynamoDB numbers are finite"),
            ),
            (
                NumberError::Overflow {
                    text: s.clone(),
                    target: "u8",
                },
                format!("`{t}` does not fit in u8"),
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }
}

#[test]
fn encode_error_kinds_read_as_before() {
    for n in [0usize, 9, 10, 409_601, usize::MAX] {
        let m = n / 2;
        let cases = [
            (
                EncodeErrorKind::KeyTooLarge { size: n, limit: m },
                format!("key value is {n} bytes, over DynamoDB's limit of {m}"),
            ),
            (
                EncodeErrorKind::ItemTooLarge { size: n },
                format!("item is {n} bytes, over DynamoDB's limit of 409600 (400 KB)"),
            ),
            (
                EncodeErrorKind::TooManyOperands {
                    what: "IN",
                    limit: m,
                    got: n,
                },
                format!("IN takes at most {m} operands, got {n}"),
            ),
        ];
        for (kind, text) in cases {
            assert_eq!(kind.to_string(), text);
        }
    }
    for separator in ['#', 'é', '\u{1F600}'] {
        let kind = EncodeErrorKind::KeySeparator {
            separator,
            template: "sk",
        };
        assert_eq!(
            kind.to_string(),
            format!("the value holds `{separator}`, a separator of key template `sk`")
        );
    }
    for t in TEXTS {
        let s = String::from(t);
        let cases = [
            (
                EncodeErrorKind::Number(NumberError::Syntax(s.clone())),
                NumberError::Syntax(s.clone()).to_string(),
            ),
            (
                EncodeErrorKind::EmptySet,
                "empty sets cannot be stored".into(),
            ),
            (
                EncodeErrorKind::DuplicateSetMember,
                "a set holds the same member twice".into(),
            ),
            (
                EncodeErrorKind::EmptyKey,
                "key attributes cannot be empty".into(),
            ),
            (
                EncodeErrorKind::Json(s.clone()),
                format!("cannot encode as JSON: {t}"),
            ),
            (
                EncodeErrorKind::OverlappingPaths {
                    first: s.clone(),
                    second: "b[0]".into(),
                },
                format!("update paths `{t}` and `b[0]` overlap"),
            ),
            (
                EncodeErrorKind::DuplicateKey(s.clone()),
                format!("duplicate key in batch: {t}"),
            ),
            (
                EncodeErrorKind::EmptyExpression("update"),
                "empty update expression".into(),
            ),
            (EncodeErrorKind::Invalid(s.clone()), t.into()),
        ];
        for (kind, text) in cases {
            assert_eq!(kind.to_string(), text);
        }
    }
}

#[test]
fn decode_error_kinds_read_as_before() {
    for t in TEXTS {
        let s = String::from(t);
        let cases = [
            (
                DecodeErrorKind::Type {
                    expected: "N or S",
                    found: ValueType::Bool,
                },
                "expected N or S, found BOOL".into(),
            ),
            (
                DecodeErrorKind::Missing,
                "required attribute is missing".into(),
            ),
            (
                DecodeErrorKind::Number(NumberError::OutOfRange(s.clone())),
                NumberError::OutOfRange(s.clone()).to_string(),
            ),
            (
                DecodeErrorKind::DateTime(s.clone()),
                format!("invalid date-time `{t}`"),
            ),
            (
                DecodeErrorKind::Json(s.clone()),
                format!("invalid JSON: {t}"),
            ),
            (
                DecodeErrorKind::Base64(s.clone()),
                format!("invalid base64: {t}"),
            ),
            (
                DecodeErrorKind::UnknownVariant(s.clone()),
                format!("unknown value `{t}`"),
            ),
            (DecodeErrorKind::Invalid(s.clone()), t.into()),
        ];
        for (kind, text) in cases {
            assert_eq!(kind.to_string(), text);
        }
    }
}

#[test]
fn locations_and_codec_errors_read_as_before() {
    let top = DecodeError::missing();
    assert_eq!(
        top.to_string(),
        "cannot decode value: required attribute is missing"
    );
    let deep = DecodeError::missing()
        .at_field("sku")
        .at_index(usize::MAX)
        .at_index(0)
        .at_field("Zoë")
        .at_index(12);
    // As before: a name after a first index still takes its dot.
    let path = format!("[12].Zoë[0][{}].sku", usize::MAX);
    assert_eq!(deep.location().to_string(), path);
    assert_eq!(
        deep.to_string(),
        format!("cannot decode attribute `{path}`: required attribute is missing")
    );
    let encode = EncodeError::new(EncodeErrorKind::EmptySet);
    assert_eq!(
        encode.to_string(),
        "cannot encode value: empty sets cannot be stored"
    );
    assert_eq!(
        encode.at_field("tags").at_field("a").to_string(),
        "cannot encode attribute `a.tags`: empty sets cannot be stored"
    );
}

#[test]
fn decode_error_debug_is_the_derived_one() {
    // What `#[derive(Debug)]` gave before the fields were boxed.
    #[derive(Debug)]
    struct DecodeError<'a> {
        #[allow(dead_code)]
        path: &'a ErrorLocation,
        #[allow(dead_code)]
        kind: &'a DecodeErrorKind,
    }
    let e = super::DecodeError::new(DecodeErrorKind::Json("x".into()))
        .at_index(2)
        .at_field("a");
    let derived = DecodeError {
        path: e.location(),
        kind: e.kind(),
    };
    assert_eq!(format!("{e:?}"), format!("{derived:?}"));
    assert_eq!(format!("{e:#?}"), format!("{derived:#?}"));
}

#[test]
fn encode_error_debug_is_the_derived_one() {
    // What `#[derive(Debug)]` gave before the fields were boxed.
    #[derive(Debug)]
    struct EncodeError<'a> {
        #[allow(dead_code)]
        path: &'a ErrorLocation,
        #[allow(dead_code)]
        kind: &'a EncodeErrorKind,
    }
    let e = super::EncodeError::new(EncodeErrorKind::EmptySet)
        .at_index(0)
        .at_field("tags");
    let derived = EncodeError {
        path: e.location(),
        kind: e.kind(),
    };
    assert_eq!(format!("{e:?}"), format!("{derived:?}"));
    assert_eq!(format!("{e:#?}"), format!("{derived:#?}"));
}
