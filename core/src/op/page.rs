//! [`Page`]: one reply of a Query or Scan, and the settings both share.

use alloc::string::String;
use alloc::vec::Vec;

use super::{ItemsReply, Operation, Query, Scan};
use crate::error::{DecodeError, Error};
use crate::expr::{Condition, Projection};
use crate::json::ObjectWriter;
use crate::json::{ReadJson, Reader, read_field, read_item, read_optional};
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

/// A Query or Scan reply with items of type `T` (both have this one
/// shape; read through [`ItemsReply::decode_as`]).
fn read_page<T: ReadJson>(response: &Response) -> Result<Page<T>, Error> {
    let mut page = Page {
        items: Vec::new(),
        count: 0,
        scanned_count: 0,
        last_evaluated_key: None,
        consumed_capacity: None,
    };
    crate::json::parse(&response.body, |r| {
        let mut o = r.object()?;
        while let Some(key) = r.key(&mut o)? {
            match &*key {
                "Items" => {
                    let mut list = r.array()?;
                    while r.next(&mut list)? {
                        page.items.push(T::read(r)?);
                    }
                }
                "Count" => page.count = r.u64()?,
                "ScannedCount" => page.scanned_count = r.u64()?,
                "LastEvaluatedKey" => page.last_evaluated_key = read_optional(r, read_item)?,
                "ConsumedCapacity" => {
                    page.consumed_capacity = read_optional(r, read_units)?.map(|u| u.unwrap_or(0.0))
                }
                _ => r.skip()?,
            }
        }
        Ok(())
    })?;
    Ok(page)
}

/// `{"CapacityUnits": n, …}`: the units, when present.
pub(crate) fn read_units(r: &mut Reader<'_>) -> Result<Option<f64>, DecodeError> {
    read_field(r, "CapacityUnits", Reader::f64)
}

impl<T> Page<T> {
    /// The same page with each item turned into a `U`.
    pub fn map_items<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        match self.try_map_items(|item| Ok::<U, core::convert::Infallible>(f(item))) {
            Ok(mapped) => mapped,
            Err(never) => match never {},
        }
    }

    /// The same page with each item turned into a `U` (a model, say); the
    /// first failure ends it.
    pub fn try_map_items<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            count: self.count,
            scanned_count: self.scanned_count,
            last_evaluated_key: self.last_evaluated_key,
            consumed_capacity: self.consumed_capacity,
        })
    }
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

/// A Query or Scan: an operation that returns pages.
pub trait PagedOperation: Operation<Output = Page> {
    /// The settings Query and Scan share.
    fn settings_mut(&mut self) -> &mut ReadSettings;
    /// The table name.
    fn table_mut(&mut self) -> &mut String;
    /// The filter expression.
    fn filter_mut(&mut self) -> &mut Option<Condition>;
    /// The projection expression.
    fn projection_mut(&mut self) -> &mut Projection;
}

macro_rules! paged {
    ($($t:ty),*) => {$(
        impl ItemsReply for $t {
            type Reply<T> = Page<T>;

            fn decode_as<T: ReadJson>(response: &Response) -> Result<Page<T>, Error> {
                read_page(response)
            }

            fn try_map_items<T, U>(
                reply: Page<T>,
                f: impl FnMut(T) -> Result<U, Error>,
            ) -> Result<Page<U>, Error> {
                reply.try_map_items(f)
            }
        }

        impl PagedOperation for $t {
            fn settings_mut(&mut self) -> &mut ReadSettings {
                &mut self.settings
            }
            fn table_mut(&mut self) -> &mut String {
                &mut self.table
            }
            fn filter_mut(&mut self) -> &mut Option<Condition> {
                &mut self.filter
            }
            fn projection_mut(&mut self) -> &mut Projection {
                &mut self.projection
            }
        }
    )*};
}
paged!(Query, Scan);
