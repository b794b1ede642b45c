//! [`Page`]: one reply of a Query or Scan, and the settings both share.

use alloc::vec::Vec;

use serde::Deserialize;

use crate::error::Error;
use crate::json::ObjectWriter;
use crate::transport::Response;
use crate::value::Item;

/// What a Query or Scan returns (`Select`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Select {
    /// The items (all attributes, or the projection).
    #[default]
    Items,
    /// Only the number of matching items (`COUNT`).
    Count,
}

/// One page of a Query or Scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page<T = Item> {
    /// The items, in DynamoDB's order.
    pub items: Vec<T>,
    /// Items matched on this page (after the filter).
    pub count: u64,
    /// Items read on this page (before the filter).
    pub scanned_count: u64,
    /// Where the next page starts; `None` on the last page.
    pub last_evaluated_key: Option<Item>,
    /// Capacity units this page consumed, when asked for.
    pub consumed_capacity: Option<f64>,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Wire<T> {
    #[serde(rename = "Items", default = "Vec::new")]
    items: Vec<T>,
    #[serde(rename = "Count", default)]
    count: u64,
    #[serde(rename = "ScannedCount", default)]
    scanned_count: u64,
    #[serde(rename = "LastEvaluatedKey")]
    last_evaluated_key: Option<Item>,
    #[serde(rename = "ConsumedCapacity")]
    consumed_capacity: Option<Capacity>,
}

#[derive(Deserialize)]
struct Capacity {
    #[serde(rename = "CapacityUnits", default)]
    units: f64,
}

/// Decodes a Query or Scan reply.
pub(super) fn decode_page(response: &Response) -> Result<Page, Error> {
    decode_page_as(response)
}

/// Decodes a Query or Scan reply with items of type `T` (a model read
/// straight from the bytes, say).
pub fn decode_page_as<T: for<'de> Deserialize<'de>>(response: &Response) -> Result<Page<T>, Error> {
    let wire: Wire<T> = crate::json::from_slice(&response.body)?;
    Ok(Page {
        items: wire.items,
        count: wire.count,
        scanned_count: wire.scanned_count,
        last_evaluated_key: wire.last_evaluated_key,
        consumed_capacity: wire.consumed_capacity.map(|c| c.units),
    })
}

/// The settings Query and Scan share, written the same way for both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadSettings {
    /// `IndexName`.
    pub index: Option<alloc::string::String>,
    /// `Limit`: items evaluated per page.
    pub limit: Option<u32>,
    /// `ConsistentRead`.
    pub consistent_read: bool,
    /// `ExclusiveStartKey`.
    pub exclusive_start_key: Option<Item>,
    /// `Select`.
    pub select: Select,
    /// `ReturnConsumedCapacity: TOTAL`.
    pub return_consumed_capacity: bool,
}

impl ReadSettings {
    pub(super) fn encode(&self, o: &mut ObjectWriter<'_>) -> Result<(), Error> {
        if let Some(index) = &self.index {
            o.string("IndexName", index);
        }
        if let Some(limit) = self.limit {
            o.integer("Limit", u64::from(limit));
        }
        if self.consistent_read {
            o.bool("ConsistentRead", true);
        }
        if let Some(key) = &self.exclusive_start_key {
            crate::json::write_item(o.key("ExclusiveStartKey"), key)?;
        }
        if self.select == Select::Count {
            o.string("Select", "COUNT");
        }
        if self.return_consumed_capacity {
            o.string("ReturnConsumedCapacity", "TOTAL");
        }
        Ok(())
    }
}
