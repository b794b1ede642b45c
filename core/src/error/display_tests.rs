//! Every other error's text, written from templates (`crate::text`), is
//! the text the `format!` strings it replaced gave (the codec errors'
//! are in `codec_display_tests.rs`): each case is checked against that
//! format string with the same values, including multi-byte characters,
//! `{}` in a value and the integer extremes.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use core::time::Duration;

use super::*;
use crate::transport::TransportErrorKind;
use crate::value::{AttributeValue, Item};

fn service(type_name: &str, status: u16, message: &str) -> ServiceError {
    ServiceError {
        code: ErrorCode::from_type(type_name),
        type_name: type_name.into(),
        message: message.into(),
        status,
        request_id: None,
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
        request_id: None,
    };
    let canceled = TransactionCanceled {
        message: "Transaction cancelled {}".into(),
        reasons: vec![],
        request_id: None,
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
