//! [`Client::measure_capacity`]: the capacity one call consumed — a save,
//! a get, an update, a whole query or a batch — rather than the
//! client-wide stream hooks see.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};

use super::{Client, Hook, ResponseInfo};
use crate::transport::Transport;

/// Adds up the capacity units each attempt reports. An `f64` kept as its
/// bits, so the sum needs no lock (and no `std`).
#[derive(Default)]
struct Meter {
    /// The sum's bits; `u64::MAX` (a NaN no sum produces) while nothing was
    /// reported.
    bits: AtomicU64,
}

const NOTHING: u64 = u64::MAX;

impl Meter {
    fn new() -> Self {
        Meter {
            bits: AtomicU64::new(NOTHING),
        }
    }

    fn add(&self, units: f64) {
        // A lost race retries with the newer sum; never loops otherwise.
        let _ = self
            .bits
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |bits| {
                let sum = if bits == NOTHING {
                    0.0
                } else {
                    f64::from_bits(bits)
                };
                Some((sum + units).to_bits())
            });
    }

    fn total(&self) -> Option<f64> {
        match self.bits.load(Ordering::Acquire) {
            NOTHING => None,
            bits => Some(f64::from_bits(bits)),
        }
    }
}

impl Hook for Meter {
    fn after_send(&self, response: &ResponseInfo<'_>) {
        if let Some(units) = response.consumed_capacity {
            self.add(units);
        }
    }
}

impl<T: Transport> Client<T> {
    /// Runs `call` on a view of this client that asks DynamoDB for
    /// consumed capacity (`ReturnConsumedCapacity: TOTAL`) and adds up
    /// what each of its requests reports: the capacity of this one call,
    /// whatever other tasks do with the client meanwhile. Returns what
    /// `call` returned and the units (`None` when nothing was reported,
    /// e.g. the call failed before an answer).
    ///
    /// ```no_run
    /// # use rynamo_core::prelude::*;
    /// # use rynamo_core::transport::Transport;
    /// # #[derive(Model)] #[rynamo(table = "orders")]
    /// # struct Order { #[rynamo(hash_key)] id: String, total: u32 }
    /// # async fn f<T: Transport>(db: &Client<T>, mut order: Order) -> Result<(), Error> {
    /// let (saved, units) = db.measure_capacity(async |db| order.save().send(db).await).await;
    /// saved?;
    /// println!("the save consumed {units:?} write units");
    /// # Ok(()) }
    /// ```
    pub async fn measure_capacity<R>(
        &self,
        call: impl AsyncFnOnce(&Client<T>) -> R,
    ) -> (R, Option<f64>) {
        let meter = Arc::new(Meter::new());
        let view = self
            .clone()
            .return_consumed_capacity(true)
            .hook(meter.clone());
        let result = call(&view).await;
        (result, meter.total())
    }
}

#[cfg(test)]
mod tests {
    use crate::client::scripted::{Scripted, run};
    use crate::op::GetItem;
    use crate::value::{AttributeValue, Key};

    #[test]
    fn one_call_reports_its_own_capacity_and_the_client_is_unchanged() {
        let db = Scripted::client();
        db.transport()
            .ok(r#"{"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}}"#)
            .ok(r#"{"ConsumedCapacity":{"TableName":"t","CapacityUnits":1.5}}"#)
            .ok("{}");
        let key = || Key::hash("pk", AttributeValue::S("a".into()));
        let (got, units) = run(db.measure_capacity(async |db| {
            db.send(&GetItem::new("things", key())).await?;
            db.send(&GetItem::new("things", key())).await
        }));
        assert_eq!(got, Ok(None));
        assert_eq!(units, Some(2.0));
        let (_, units) = run(db.measure_capacity(async |_| ()));
        assert_eq!(units, None, "nothing sent, nothing reported");
        run(db.send(&GetItem::new("things", key()))).unwrap();
        let sent = db.transport().take_sent();
        assert_eq!(
            sent[0].1,
            r#"{"TableName":"things","Key":{"pk":{"S":"a"}},"ReturnConsumedCapacity":"TOTAL"}"#
        );
        assert_eq!(
            sent[2].1, r#"{"TableName":"things","Key":{"pk":{"S":"a"}}}"#,
            "the client itself does not ask"
        );
    }
}
