//! Scan: every item of a table or index, optionally one segment of a
//! parallel scan.

use alloc::string::String;
use alloc::vec::Vec;

use super::ItemsReply;
use super::Operation;
use super::page::{Page, ReadSettings};
use crate::error::Error;
use crate::expr::{Condition, Placeholders, Projection};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};

/// A Scan request (one page).
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub(super) table: String,
    pub(super) filter: Option<Condition>,
    pub(super) projection: Projection,
    segment: Option<(u32, u32)>,
    /// Settings shared with Query.
    pub settings: ReadSettings,
}

impl Scan {
    /// Scans `table`.
    pub fn new(table: impl Into<String>) -> Self {
        Scan {
            table: table.into(),
            filter: None,
            projection: Projection::new(),
            segment: None,
            settings: ReadSettings::default(),
        }
    }

    /// Scans a secondary index instead of the table.
    pub fn index(mut self, index: impl Into<String>) -> Self {
        self.settings.index = Some(index.into());
        self
    }

    /// Drops items that do not match, after reading them.
    pub fn filter(mut self, filter: impl Into<Condition>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// Returns only these attributes.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// Scans only segment `segment` of `total` (parallel scan).
    pub fn segment(mut self, segment: u32, total: u32) -> Self {
        self.segment = Some((segment, total));
        self
    }
}

impl Operation for Scan {
    type Output = Page;
    const ACTION: Action = Action::Scan;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn writes_consumed_capacity(&self) -> bool {
        self.settings.return_consumed_capacity
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        if let Some(filter) = &self.filter {
            let text = filter.render(&mut ph)?;
            o.string("FilterExpression", &text);
        }
        if !self.projection.is_empty() {
            let text = self.projection.render(&mut ph);
            o.string("ProjectionExpression", &text);
        }
        if let Some((segment, total)) = self.segment {
            o.integer("Segment", u64::from(segment));
            o.integer("TotalSegments", u64::from(total));
        }
        self.settings.encode(&mut o)?;
        ph.write(&mut o)?;
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Page, Error> {
        Self::decode_as(response)
    }
}
