//! Query: the items of one partition, in range-key order.

use alloc::string::String;
use alloc::vec::Vec;

use super::ItemsReply;
use super::Operation;
use super::page::{Page, ReadSettings};
use crate::error::Error;
use crate::expr::{Condition, KeyCondition, Placeholders, Projection};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};

/// A Query request (one page; see [`Paginator`](crate::machine::Paginator) for
/// all of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(super) table: String,
    pub(crate) key_condition: KeyCondition,
    pub(super) filter: Option<Condition>,
    pub(super) projection: Projection,
    pub(crate) forward: bool,
    /// Settings shared with Scan.
    pub settings: ReadSettings,
}

impl Query {
    /// Queries `table` (or an index of it) for the items matching `key_condition`.
    pub fn new(table: impl Into<String>, key_condition: KeyCondition) -> Self {
        Query {
            table: table.into(),
            key_condition,
            filter: None,
            projection: Projection::new(),
            forward: true,
            settings: ReadSettings::default(),
        }
    }

    /// Queries a secondary index instead of the table.
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

    /// Range-key order: ascending (`true`, the default) or descending.
    pub fn scan_index_forward(mut self, forward: bool) -> Self {
        self.forward = forward;
        self
    }
}

impl Operation for Query {
    type Output = Page;
    const ACTION: Action = Action::Query;

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
        let key = self.key_condition.render(&mut ph)?;
        o.string("KeyConditionExpression", &key);
        if let Some(filter) = &self.filter {
            let text = filter.render(&mut ph)?;
            o.string("FilterExpression", &text);
        }
        if !self.projection.is_empty() {
            let text = self.projection.render(&mut ph);
            o.string("ProjectionExpression", &text);
        }
        if !self.forward {
            o.bool("ScanIndexForward", false);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{AttributePath, Comparator, Operand};
    use crate::value::AttributeValue;

    #[test]
    fn encodes_key_condition_filter_order_and_settings() {
        let range = Condition::begins_with(
            AttributePath::new("sk"),
            Operand::Value(AttributeValue::S("2026-".into())),
        );
        let filter = Condition::compare(
            Operand::Path(AttributePath::new("total")),
            Comparator::Gt,
            Operand::Value(AttributeValue::N(10u32.into())),
        );
        let mut op = Query::new(
            "t",
            KeyCondition::new("pk", AttributeValue::S("c1".into())).range(range),
        )
        .index("by_date")
        .filter(filter)
        .scan_index_forward(false);
        op.settings.limit = Some(25);
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r##"{"TableName":"t","KeyConditionExpression":"#n0 = :v0 AND begins_with(#n1, :v1)","FilterExpression":"#n2 > :v2","ScanIndexForward":false,"IndexName":"by_date","Limit":25,"ExpressionAttributeNames":{"#n0":"pk","#n1":"sk","#n2":"total"},"ExpressionAttributeValues":{":v0":{"S":"c1"},":v1":{"S":"2026-"},":v2":{"N":"10"}}}"##
        );
    }

    #[test]
    fn decodes_a_page() {
        let body = br#"{"Items":[{"pk":{"S":"a"}}],"Count":1,"ScannedCount":3,"LastEvaluatedKey":{"pk":{"S":"a"}},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}}"#;
        let page = Query::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!((page.count, page.scanned_count), (1, 3));
        assert!(page.last_evaluated_key.is_some());
        assert_eq!(page.consumed_capacity, Some(0.5));
    }
}
