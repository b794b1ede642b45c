//! Every error's text, written piece by piece (`crate::text`), is the
//! text the `format!` strings it replaced gave: each case is checked
//! against that format string with the same values, including values that
//! `Formatter` padding, multi-byte characters and the integer extremes
//! could trip.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use core::time::Duration;

use super::*;
use crate::number::NumberError;
use crate::transport::TransportErrorKind;
use crate::value::{AttributeValue, Item, ValueType};

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

fn service(type_name: &str, status: u16, message: &str) -> ServiceError {
    ServiceError {
        code: ErrorCode::from_type(type_name),
        type_name: type_name.into(),
        message: message.into(),
        status,
    }
}

#[test]
fn service_and_transport_errors_read_as_before() {
    for status in [0u16, 9, 400, 503, u16::MAX] {
        let e = service("x#ValidationException", status, "Zoë {}");
        assert_eq!(
            e.to_string(),
            format!("ValidationException (HTTP {status}): Zoë {{}}")
        );
    }
    for kind in [
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::Io,
        TransportErrorKind::Request,
        TransportErrorKind::ReplyTooLarge,
    ] {
        let e = TransportError::new(kind, "no reply: é");
        assert_eq!(e.to_string(), format!("{kind:?}: no reply: é"));
        assert_eq!(
            Error::from(e).to_string(),
            format!("transport error: {kind:?}: no reply: é")
        );
    }
}

#[test]
fn scan_token_errors_read_as_before() {
    let name = |i: &Option<String>| match i {
        Some(name) => format!("index `{name}`"),
        None => "the table".into(),
    };
    let indexes = [None, Some(String::from("by_sku")), Some(String::new())];
    for expected in &indexes {
        for found in &indexes {
            let e = ScanTokenError::OtherIndex {
                expected: expected.clone(),
                found: found.clone(),
            };
            assert_eq!(
                e.to_string(),
                format!(
                    "scan resume token for {}, but this scan reads {}",
                    name(found),
                    name(expected)
                )
            );
        }
    }
    let cases = [
        (
            ScanTokenError::Malformed {
                reason: "cut short",
            },
            "not a scan resume token: cut short".to_string(),
        ),
        (
            ScanTokenError::UnsupportedVersion {
                found: u32::MAX,
                supported: 1,
            },
            format!(
                "scan resume token of version {}; this version of Rynamo reads version 1",
                u32::MAX
            ),
        ),
        (
            ScanTokenError::OtherTable {
                expected: "t".into(),
                found: "Zoë".into(),
            },
            "scan resume token for table `Zoë`, but this scan reads `t`".into(),
        ),
        (
            ScanTokenError::OtherSegment {
                expected: (0, 10),
                found: (999_999, u32::MAX),
            },
            format!(
                "scan resume token for segment 999999 of {}, but this scan reads segment 0 of 10",
                u32::MAX
            ),
        ),
        (
            ScanTokenError::OtherKey {
                attribute: "sk".into(),
                problem: "is missing",
            },
            "scan resume token's key does not fit this scan: attribute `sk` is missing".into(),
        ),
    ];
    for (e, text) in cases {
        assert_eq!(Error::from(e.clone()).to_string(), text);
        assert_eq!(e.to_string(), text);
    }
}

#[test]
fn deadline_errors_read_as_before() {
    let last = Error::InvalidRequest("é".into());
    for (limit, attempts) in [
        (Duration::ZERO, 0),
        (Duration::from_millis(7), 1),
        (Duration::from_micros(1_005_999), 2),
        (Duration::from_secs(3600), u32::MAX),
        (Duration::MAX, 1),
    ] {
        let millis = limit.as_millis();
        let attempt = DeadlineExceeded::new(Deadline::Attempt, limit, attempts, None);
        assert_eq!(
            attempt.to_string(),
            format!("no reply within the per-attempt deadline of {millis} ms (attempt {attempts})")
        );
        let s = if attempts == 1 { "" } else { "s" };
        for last_error in [None, Some(last.clone())] {
            let total = DeadlineExceeded::new(Deadline::Total, limit, attempts, last_error.clone());
            let mut text = format!(
                "the call's total deadline of {millis} ms passed after {attempts} attempt{s}"
            );
            if let Some(last) = &last_error {
                text += &format!("; last error: {last}");
            }
            assert_eq!(Error::DeadlineExceeded(total).to_string(), text);
        }
    }
}

#[test]
fn the_other_errors_read_as_before() {
    let cause = Error::DoesNotExist(DoesNotExist::new("Zoë"));
    let conditional = ConditionalCheckFailed {
        message: "The conditional request failed".into(),
        item: None,
    };
    let canceled = TransactionCanceled {
        message: "Transaction cancelled {}".into(),
        reasons: vec![],
    };
    let record = |unknown_type| {
        RecordError::new(
            "42",
            "ev-é",
            StreamImage::NewImage,
            DecodeError::new(DecodeErrorKind::UnknownVariant("Z".into())).at_field("type"),
            unknown_type,
        )
    };
    let mut key = Item::new();
    key.insert("pk".into(), AttributeValue::S("a\"b".into()));
    key.insert("sk".into(), AttributeValue::N(7u32.into()));
    key.insert("z".into(), AttributeValue::B(vec![1]));
    let item_error = |source| {
        Error::Item(ItemError::new(
            key.clone(),
            None,
            DecodeError::missing().at_field("total"),
            source,
        ))
    };
    let decoded = "cannot decode attribute `total`: required attribute is missing";
    let cases = [
        (
            Error::ConditionalCheckFailed(conditional),
            "conditional check failed: The conditional request failed".to_string(),
        ),
        (
            Error::TransactionCanceled(canceled),
            "transaction cancelled: Transaction cancelled {}".into(),
        ),
        (cause.clone(), "item does not exist in table `Zoë`".into()),
        (
            Error::Service(service("", 500, "m")),
            "HTTP error (HTTP 500): m".into(),
        ),
        (
            Error::Encode(EncodeError::new(EncodeErrorKind::EmptyKey).at_field("pk")),
            "cannot encode attribute `pk`: key attributes cannot be empty".into(),
        ),
        (
            Error::BatchIncomplete(BatchIncomplete::new(cause, vec![], vec![])),
            "batch incomplete: item does not exist in table `Zoë`".into(),
        ),
        (
            Error::InvalidRequest("Zoë {}".into()),
            "invalid request: Zoë {}".into(),
        ),
        (
            Error::StreamRecord(record(false)),
            "stream record 42 (event ev-é), NewImage: \
             cannot decode attribute `type`: unknown value `Z`"
                .into(),
        ),
        (
            Error::StreamRecord(record(true)),
            "stream record 42 (event ev-é), NewImage: unknown entity type: \
             cannot decode attribute `type`: unknown value `Z`"
                .into(),
        ),
        (
            Error::ResumeKeyRepeated,
            "pagination does not advance: the server returned the resume key it was sent".into(),
        ),
        (
            item_error(ItemSource::Read),
            format!("item {{pk: \"a\"b\", sk: 7, z: (B)}} does not read into the model: {decoded}"),
        ),
        (
            item_error(ItemSource::Returned),
            format!(
                "the write succeeded, but the item it returned \
                 {{pk: \"a\"b\", sk: 7, z: (B)}} does not read into the model: {decoded}"
            ),
        ),
    ];
    for (error, text) in cases {
        assert_eq!(error.to_string(), text);
    }
    for pages in [0, 1, u64::MAX] {
        assert_eq!(
            Error::PageBudgetExceeded { pages }.to_string(),
            format!(
                "pagination stopped after its budget of {pages} pages; the server still had more"
            )
        );
    }
}

#[test]
fn only_a_transport_error_is_a_source() {
    use core::error::Error as _;
    let transport = Error::from(TransportError::new(TransportErrorKind::Io, "reset"));
    assert_eq!(
        transport.source().map(ToString::to_string).as_deref(),
        Some("Io: reset")
    );
    assert!(Error::from(DecodeError::missing()).source().is_none());
    assert!(Error::ResumeKeyRepeated.source().is_none());
}
