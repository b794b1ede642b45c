//! CreateTable: for tests and local work (Rynamo is not an admin tool).

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use super::describe_table::{TableDescription, decode_description};
use crate::error::Error;
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::ScalarAttributeType;

/// How the table is billed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BillingMode {
    /// On-demand (`PAY_PER_REQUEST`), the default.
    #[default]
    PayPerRequest,
    /// Provisioned capacity units.
    Provisioned {
        /// Read capacity units.
        read: u64,
        /// Write capacity units.
        write: u64,
    },
}

/// A CreateTable request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTable {
    table: String,
    hash_key: (String, ScalarAttributeType),
    range_key: Option<(String, ScalarAttributeType)>,
    billing: BillingMode,
}

impl CreateTable {
    /// A table named `table` with the given hash key.
    pub fn new(table: impl Into<String>, hash_key: impl Into<String>, hash_type: ScalarAttributeType) -> Self {
        CreateTable { table: table.into(), hash_key: (hash_key.into(), hash_type), range_key: None, billing: BillingMode::default() }
    }

    /// Adds a range key.
    pub fn range_key(mut self, name: impl Into<String>, attribute_type: ScalarAttributeType) -> Self {
        self.range_key = Some((name.into(), attribute_type));
        self
    }

    /// On-demand or provisioned billing.
    pub fn billing(mut self, billing: BillingMode) -> Self {
        self.billing = billing;
        self
    }
}

fn write_throughput(o: &mut ObjectWriter<'_>, read: u64, write: u64) {
    let mut t = ObjectWriter::new(o.key("ProvisionedThroughput"));
    t.integer("ReadCapacityUnits", read);
    t.integer("WriteCapacityUnits", write);
    t.finish();
}

impl Operation for CreateTable {
    /// The new table, usually still `CREATING`.
    type Output = TableDescription;
    const ACTION: Action = Action::CreateTable;

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let keys: Vec<(&(String, ScalarAttributeType), &str)> =
            core::iter::once((&self.hash_key, "HASH")).chain(self.range_key.as_ref().map(|r| (r, "RANGE"))).collect();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        let definitions = o.key("AttributeDefinitions");
        definitions.push(b'[');
        for (i, ((name, t), _)) in keys.iter().enumerate() {
            if i > 0 {
                definitions.push(b',');
            }
            let mut d = ObjectWriter::new(definitions);
            d.string("AttributeName", name);
            d.string("AttributeType", t.tag());
            d.finish();
        }
        definitions.push(b']');
        let schema = o.key("KeySchema");
        schema.push(b'[');
        for (i, ((name, _), role)) in keys.iter().enumerate() {
            if i > 0 {
                schema.push(b',');
            }
            let mut k = ObjectWriter::new(schema);
            k.string("AttributeName", name);
            k.string("KeyType", role);
            k.finish();
        }
        schema.push(b']');
        match self.billing {
            BillingMode::PayPerRequest => o.string("BillingMode", "PAY_PER_REQUEST"),
            BillingMode::Provisioned { read, write } => {
                o.string("BillingMode", "PROVISIONED");
                write_throughput(&mut o, read, write);
            }
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<TableDescription, Error> {
        decode_description(response, "TableDescription")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_keys_and_billing() {
        let op = CreateTable::new("t", "pk", ScalarAttributeType::S)
            .range_key("sk", ScalarAttributeType::N)
            .billing(BillingMode::Provisioned { read: 5, write: 7 });
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r#"{"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7}}"#
        );
    }
}
