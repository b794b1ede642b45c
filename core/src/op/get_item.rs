//! GetItem: one item by its key.

use alloc::string::String;
use alloc::vec::Vec;

use super::{ItemsReply, Operation, ReadOptions};
use crate::error::Error;
use crate::expr::{Placeholders, Projection};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;
use crate::value::Key;

/// A GetItem request.
#[derive(Debug, Clone, PartialEq)]
pub struct GetItem {
    table: String,
    key: Key,
    options: ReadOptions,
}

impl GetItem {
    /// Gets the item with `key` from `table`.
    pub fn new(table: impl Into<String>, key: Key) -> Self {
        GetItem {
            table: table.into(),
            key,
            options: ReadOptions::default(),
        }
    }

    /// Strongly consistent read (default: eventually consistent).
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.options.consistent_read = consistent;
        self
    }

    /// Returns only these attributes.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.options.projection = projection;
        self
    }

    /// Both read options at once.
    pub fn options(mut self, options: ReadOptions) -> Self {
        self.options = options;
        self
    }
}

impl Operation for GetItem {
    /// The item, or `None` when no item has the key.
    type Output = Option<Item>;
    const ACTION: Action = Action::GetItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        super::key::write_key(o.key("Key"), &self.key)?;
        if self.options.consistent_read {
            o.bool("ConsistentRead", true);
        }
        if !self.options.projection.is_empty() {
            let text = self.options.projection.render(&mut ph);
            o.string("ProjectionExpression", &text);
        }
        ph.write(&mut o)?;
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Option<Item>, Error> {
        Self::decode_as(response)
    }
}

impl ItemsReply for GetItem {
    type Reply<T> = Option<T>;

    fn decode_as<T: crate::json::ReadJson>(response: &Response) -> Result<Option<T>, Error> {
        Ok(crate::json::parse(&response.body, |r| {
            crate::json::read_field(r, "Item", T::read)
        })?)
    }

    fn try_map_items<T, U>(
        reply: Option<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<Option<U>, Error> {
        reply.map(f).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::AttributePath;
    use crate::value::AttributeValue;

    #[test]
    fn encodes_key_consistency_and_projection() {
        let key = Key::hash("pk", AttributeValue::S("a".into()))
            .range("sk", AttributeValue::S("b".into()));
        let op = GetItem::new("t", key).consistent_read(true).projection(
            Projection::new()
                .attribute(AttributePath::new("x"))
                .attribute(AttributePath::new("y").index(0)),
        );
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r##"{"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"S":"b"}},"ConsistentRead":true,"ProjectionExpression":"#n0, #n1[0]","ExpressionAttributeNames":{"#n0":"x","#n1":"y"}}"##
        );
    }

    #[test]
    fn decodes_found_and_missing_items() {
        let found = GetItem::decode(&Response {
            status: 200,
            body: br#"{"Item":{"pk":{"S":"a"}}}"#.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(found.unwrap()["pk"], AttributeValue::S("a".into()));
        assert_eq!(
            GetItem::decode(&Response {
                status: 200,
                body: b"{}".to_vec(),
                request_id: None,
            })
            .unwrap(),
            None
        );
        assert!(
            GetItem::decode(&Response {
                status: 200,
                body: b"{".to_vec(),
                request_id: None,
            })
            .is_err()
        );
    }
}
