//! Hooks around every attempt (PynamoDB's `pre_dynamodb_send` /
//! `post_dynamodb_send` signals), and `tracing` spans behind the `tracing`
//! feature, so the core carries no logger by default.

use core::future::Future;
use core::time::Duration;

use crate::error::Error;
use crate::transport::{Action, Request};

/// What a hook learns before an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestInfo<'a> {
    /// The action.
    pub action: Action,
    /// The table, when the request names one (batches and transactions name
    /// their first).
    pub table: Option<&'a str>,
    /// 1 for the first attempt, 2 for the first retry, …
    pub attempt: u32,
    /// The exact JSON body sent (a debugging aid; it holds the data).
    pub body: &'a [u8],
}

/// What a hook learns after an attempt.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The request.
    pub request: RequestInfo<'a>,
    /// The HTTP status of a 2xx reply, or the error.
    pub outcome: Result<u16, &'a Error>,
    /// How long the attempt took, when the transport has a clock.
    pub duration: Option<Duration>,
    /// Capacity units consumed, when DynamoDB reported them
    /// ([`Settings::return_consumed_capacity`](super::Settings::return_consumed_capacity)).
    pub consumed_capacity: Option<f64>,
}

/// Callbacks around every attempt. Both default to doing nothing.
pub trait Hook: Send + Sync {
    /// Called before each attempt is sent.
    fn before_send(&self, request: &RequestInfo<'_>) {
        let _ = request;
    }

    /// Called after each attempt, with its outcome.
    fn after_send(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
}

/// The table a request body names: its `TableName`, or the first table of
/// `RequestItems` / `TransactItems`. Every body the core writes starts with
/// one of these, so this reads only a prefix.
pub(crate) fn table_of(body: &[u8]) -> Option<&str> {
    const KEY: &[u8] = br#""TableName":""#;
    let head = &body[..body.len().min(512)];
    let start = if let Some(rest) = head.strip_prefix(br#"{"TableName":""#) {
        rest
    } else if let Some(rest) = head.strip_prefix(br#"{"RequestItems":{""#) {
        rest
    } else {
        let at = head.windows(KEY.len()).position(|w| w == KEY)?;
        &head[at + KEY.len()..]
    };
    let end = start.iter().position(|&b| b == b'"')?;
    core::str::from_utf8(&start[..end]).ok()
}

/// Refuses a table name DynamoDB rejects (3 to 255 of `a-z A-Z 0-9 _ - .`,
/// or the ARN of such a table, for cross-account access) before anything is
/// sent.
pub(crate) fn check_table_name(name: &str) -> Result<(), Error> {
    let plain = |name: &[u8]| {
        (3..=255).contains(&name.len())
            && name
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    let valid = plain(name.as_bytes()) || table_of_arn(name.as_bytes()).is_some_and(plain);
    if valid {
        Ok(())
    } else {
        Err(Error::Encode(crate::error::EncodeError::new(
            crate::error::EncodeErrorKind::Invalid(alloc::format!(
                "table name `{name}` is not 3 to 255 characters of a-z, A-Z, 0-9, `_`, `-` and `.` \
                 or a table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)"
            )),
        )))
    }
}

/// The table name in `arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME`
/// (bytes: no string searcher on the wasm path).
fn table_of_arn(arn: &[u8]) -> Option<&[u8]> {
    let mut parts = arn.splitn(6, |&b| b == b':');
    let (prefix, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    let (region, account, resource) = (parts.next()?, parts.next()?, parts.next()?);
    let account_ok = account.len() == 12 && account.iter().all(u8::is_ascii_digit);
    (prefix == b"arn"
        && !partition.is_empty()
        && service == b"dynamodb"
        && !region.is_empty()
        && account_ok)
        .then_some(())?;
    resource.strip_prefix(b"table/")
}

/// The request with `"ReturnConsumedCapacity":"TOTAL"` added (unless it
/// has one).
pub(crate) fn with_consumed_capacity(request: &Request) -> Request {
    let mut body = request.body.clone();
    if !body.windows(22).any(|w| w == b"ReturnConsumedCapacity") && body.last() == Some(&b'}') {
        body.pop();
        if body.len() > 1 {
            body.push(b',');
        }
        body.extend_from_slice(br#""ReturnConsumedCapacity":"TOTAL"}"#);
    }
    Request {
        action: request.action,
        body,
    }
}

/// Total capacity units in a reply's `ConsumedCapacity` (one object, or a
/// list for batches and transactions).
pub(crate) fn consumed_capacity(body: &[u8]) -> Option<f64> {
    use crate::json::{Kind, Reader, read_field};
    use crate::op::read_units;
    let total = crate::json::parse(body, |r| {
        read_field(r, "ConsumedCapacity", |r: &mut Reader<'_>| {
            if r.kind()? != Kind::Array {
                return Ok(read_units(r)?.unwrap_or(0.0));
            }
            let mut sum = 0.0;
            let mut a = r.array()?;
            while r.next(&mut a)? {
                sum += read_units(r)?.unwrap_or(0.0);
            }
            Ok(sum)
        })
    });
    total.ok()?
}

/// Runs one attempt inside a `dynamodb` span (feature `tracing`).
#[cfg(feature = "tracing")]
pub(crate) async fn traced<F: Future>(info: &RequestInfo<'_>, attempt: F) -> F::Output {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "dynamodb",
        action = info.action.name(),
        table = info.table,
        attempt = info.attempt
    );
    attempt.instrument(span).await
}

/// Runs one attempt (no tracing without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
pub(crate) async fn traced<F: Future>(_info: &RequestInfo<'_>, attempt: F) -> F::Output {
    attempt.await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_table_of_each_body_shape() {
        assert_eq!(
            table_of(br#"{"TableName":"orders","Key":{}}"#),
            Some("orders")
        );
        assert_eq!(table_of(br#"{"RequestItems":{"t1":[]}}"#), Some("t1"));
        assert_eq!(
            table_of(br#"{"TransactItems":[{"Put":{"TableName":"t2"}}]}"#),
            Some("t2")
        );
        assert_eq!(table_of(b"{}"), None);
    }

    #[test]
    fn table_arns_are_accepted_when_their_table_name_is() {
        for ok in [
            "orders",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/My_Table.v2",
        ] {
            assert!(check_table_name(ok).is_ok(), "{ok}");
        }
        for refused in [
            "ab",
            "arn:aws:dynamodb:us-east-1:123456789012:table/x",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by-date",
            "arn:aws:s3:us-east-1:123456789012:table/orders",
            "arn:aws:dynamodb:us-east-1:1234:table/orders",
            "arn:aws:dynamodb::123456789012:table/orders",
            "arn:aws:dynamodb:us-east-1:123456789012:orders",
        ] {
            assert!(check_table_name(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn adds_return_consumed_capacity_once() {
        let r = with_consumed_capacity(&Request {
            action: Action::GetItem,
            body: br#"{"TableName":"t"}"#.to_vec(),
        });
        assert_eq!(
            r.body,
            br#"{"TableName":"t","ReturnConsumedCapacity":"TOTAL"}"#
        );
        let again = with_consumed_capacity(&r);
        assert_eq!(again.body, r.body);
        assert_eq!(
            with_consumed_capacity(&Request {
                action: Action::ListTables,
                body: b"{}".to_vec()
            })
            .body,
            br#"{"ReturnConsumedCapacity":"TOTAL"}"#
        );
    }

    #[test]
    fn sums_consumed_capacity() {
        assert_eq!(
            consumed_capacity(br#"{"ConsumedCapacity":{"CapacityUnits":1.5}}"#),
            Some(1.5)
        );
        assert_eq!(
            consumed_capacity(br#"{"ConsumedCapacity":[{"CapacityUnits":1},{"CapacityUnits":2}]}"#),
            Some(3.0)
        );
        assert_eq!(consumed_capacity(b"{}"), None);
    }
}
