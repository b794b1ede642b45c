//! [`Ttl`] ⇄ `N` holding epoch seconds (PynamoDB `TTLAttribute`).

use core::time::Duration;

use super::{Attribute, UtcDateTime};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::number::Number;
use crate::value::AttributeValue;

/// When an item expires: stored as whole seconds since the Unix epoch, the
/// format DynamoDB's time-to-live reads. Mark the field `#[rynamo(ttl)]` so
/// the model knows its TTL attribute.
///
/// The core reads no clock: build a relative TTL from a `now` the caller
/// supplies (`rynamo_native::now()` natively, `Date.now()` in wasm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ttl {
    seconds: i64,
}

impl Ttl {
    /// Expires at `when` (rounded down to the second, as PynamoDB does).
    pub fn at(when: UtcDateTime) -> Self {
        Ttl {
            seconds: when.unix_seconds(),
        }
    }

    /// Expires `after` from `now`.
    pub fn after(now: UtcDateTime, after: Duration) -> Self {
        let seconds = i64::try_from(after.as_secs()).unwrap_or(i64::MAX);
        Ttl {
            seconds: now.unix_seconds().saturating_add(seconds),
        }
    }

    /// From epoch seconds.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Ttl { seconds }
    }

    /// Epoch seconds.
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The expiry as a date-time, when within years 1–9999.
    pub fn expires_at(self) -> Option<UtcDateTime> {
        UtcDateTime::from_unix_seconds(self.seconds)
    }
}

impl Attribute for Ttl {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::N(Number::from(self.seconds)))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::N(n) => match n.to_i64() {
                Ok(seconds) => Ok(Ttl { seconds }),
                // PynamoDB writes integers, but a float epoch is readable too.
                Err(_) if n.to_f64().is_finite() => Ok(Ttl {
                    seconds: n.to_f64() as i64,
                }),
                Err(e) => Err(DecodeError::new(DecodeErrorKind::Number(e))),
            },
            other => Err(DecodeError::wrong_type(
                "N (epoch seconds)",
                other.value_type(),
            )),
        }
    }
}
