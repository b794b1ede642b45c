//! BatchWriteItem: up to 25 puts and deletes of one table per request.
//! DynamoDB allows no conditions here, so optimistic-lock versions are not
//! checked by batch writes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::json::{Reader, read_field, read_item};

use super::Operation;
use crate::error::{EncodeError, Error};
use crate::json::{ObjectWriter, write_item};
use crate::transport::{Action, Response};
use crate::value::{Item, WriteRequest};

/// DynamoDB's limit on writes per BatchWriteItem request.
pub const MAX_BATCH_WRITE: usize = 25;

impl WriteRequest {
    /// A put of `item`.
    pub fn put(item: &dyn super::ItemSource) -> Result<Self, EncodeError> {
        let mut json = Vec::new();
        item.write_item(&mut json)?;
        crate::json::check_item_size(&json)?;
        Ok(WriteRequest::Put(json))
    }

    /// A delete of `key`, refused when a value breaks DynamoDB's key rules
    /// (empty, or over 2,048 bytes).
    pub fn delete(key: &Item) -> Result<Self, EncodeError> {
        super::key::check_key(key, None)?;
        let mut json = Vec::new();
        write_item(&mut json, key)?;
        Ok(WriteRequest::Delete(json))
    }

    /// The item (for a put) or key (for a delete), decoded again.
    pub fn item(&self) -> Result<Item, Error> {
        let (WriteRequest::Put(json) | WriteRequest::Delete(json)) = self;
        Ok(crate::json::item_from_slice(json)?)
    }

    fn encode(&self, buf: &mut Vec<u8>) {
        let (outer, inner, json) = match self {
            WriteRequest::Put(json) => ("PutRequest", "Item", json),
            WriteRequest::Delete(json) => ("DeleteRequest", "Key", json),
        };
        let mut o = ObjectWriter::new(buf);
        let mut r = ObjectWriter::new(o.key(outer));
        r.key(inner).extend_from_slice(json);
        r.finish();
        o.finish();
    }
}

/// A BatchWriteItem request for one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchWriteItem {
    table: String,
    writes: Vec<WriteRequest>,
}

impl BatchWriteItem {
    /// Sends `writes` (at most [`MAX_BATCH_WRITE`]) to `table`.
    pub fn new(table: impl Into<String>, writes: Vec<WriteRequest>) -> Self {
        BatchWriteItem {
            table: table.into(),
            writes,
        }
    }
}

impl Operation for BatchWriteItem {
    /// The writes DynamoDB did not get to; send them again.
    type Output = Vec<WriteRequest>;
    const ACTION: Action = Action::BatchWriteItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        let mut tables = ObjectWriter::new(o.key("RequestItems"));
        let list = tables.key(&self.table);
        list.push(b'[');
        for (i, w) in self.writes.iter().enumerate() {
            if i > 0 {
                list.push(b',');
            }
            w.encode(list);
        }
        list.push(b']');
        tables.finish();
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Vec<WriteRequest>, Error> {
        let mut out = Vec::new();
        crate::json::parse(&response.body, |r| {
            crate::json::read_field(r, "UnprocessedItems", |r| {
                let mut tables = r.object()?;
                while r.key(&mut tables)?.is_some() {
                    let mut list = r.array()?;
                    while r.next(&mut list)? {
                        if let Some(request) = read_write_request(r)? {
                            out.push(request);
                        }
                    }
                }
                Ok(())
            })
        })?;
        Ok(out)
    }
}

/// One `{"PutRequest":{"Item":…}}` or `{"DeleteRequest":{"Key":…}}`.
fn read_write_request(r: &mut Reader<'_>) -> Result<Option<WriteRequest>, DecodeError> {
    let mut found = None;
    let mut o = r.object()?;
    while let Some(kind) = r.key(&mut o)? {
        let inner = match &*kind {
            "PutRequest" => "Item",
            "DeleteRequest" => "Key",
            _ => {
                r.skip()?;
                continue;
            }
        };
        let Some(item) = read_field(r, inner, read_item)? else {
            continue;
        };
        let request = if inner == "Item" {
            WriteRequest::put(&item)
        } else {
            WriteRequest::delete(&item)
        };
        let request =
            request.map_err(|e| DecodeError::new(DecodeErrorKind::Invalid(e.to_string())))?;
        found.get_or_insert(request);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::AttributeValue;

    #[test]
    fn encodes_puts_and_deletes_and_decodes_unprocessed() {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("a".into()));
        let op = BatchWriteItem::new(
            "t",
            alloc::vec![
                WriteRequest::put(&item).unwrap(),
                WriteRequest::delete(&item).unwrap()
            ],
        );
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r#"{"RequestItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"a"}}}}]}}"#
        );
        let reply = br#"{"UnprocessedItems":{"t":[{"DeleteRequest":{"Key":{"pk":{"S":"a"}}}}]}}"#;
        let left = BatchWriteItem::decode(&Response {
            status: 200,
            body: reply.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(left, alloc::vec![WriteRequest::delete(&item).unwrap()]);
    }
}
