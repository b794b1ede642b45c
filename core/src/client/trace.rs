//! What the driver learns from each attempt for hooks and traces: the
//! consumed capacity a reply reports, and a `tracing` span per attempt
//! (feature `tracing`), so the core carries no logger by default.

use core::future::Future;

use super::hooks::RequestInfo;

/// Total capacity units in a reply's `ConsumedCapacity` (one object, or a
/// list for batches and transactions).
#[cfg_attr(not(any(feature = "hooks", feature = "tracing")), allow(dead_code))]
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

/// One attempt's exchange inside a `dynamodb` span (feature `tracing`).
#[cfg(feature = "tracing")]
pub(crate) fn traced<F: Future>(
    info: &RequestInfo<'_>,
    attempt: F,
) -> impl Future<Output = F::Output> {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "dynamodb",
        action = info.action.name(),
        table = info.table,
        attempt = info.attempt
    );
    attempt.instrument(span)
}

/// One attempt's exchange, untouched without the `tracing` feature: the
/// future itself, not an `async fn` around it (which would be a state
/// machine of its own holding the transport's future).
#[cfg(not(feature = "tracing"))]
pub(crate) fn traced<F: Future>(_info: &RequestInfo<'_>, attempt: F) -> F {
    attempt
}

#[cfg(test)]
mod tests {
    use super::*;

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
