//! CreateTable: for tests and local work (Rynamo is not an admin tool).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use super::describe_table::{TableDescription, decode_description};
use super::stream_record::StreamViewType;
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

/// Which attributes a secondary index stores: the one type for both a
/// model's declared indexes (the model layer's `IndexDefinition`, a
/// constant, so the names may be borrowed for `'static`) and a
/// CreateTable request built at run time (owned names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexProjection {
    /// Every attribute (`ALL`).
    All,
    /// The keys only (`KEYS_ONLY`).
    KeysOnly,
    /// The keys and these attributes (`INCLUDE`).
    Include(Cow<'static, [Cow<'static, str>]>),
}

impl IndexProjection {
    /// The keys and these attributes (`INCLUDE`), from names known at run
    /// time.
    pub fn include<N: Into<Cow<'static, str>>>(names: impl IntoIterator<Item = N>) -> Self {
        IndexProjection::Include(names.into_iter().map(Into::into).collect())
    }
}

/// A secondary index to create with the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondaryIndex {
    /// Index name.
    pub name: String,
    /// Global (`true`) or local.
    pub global: bool,
    /// The index's hash key.
    pub hash_key: (String, ScalarAttributeType),
    /// The index's range key.
    pub range_key: Option<(String, ScalarAttributeType)>,
    /// What it stores.
    pub projection: IndexProjection,
}

/// A CreateTable request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTable {
    table: String,
    hash_key: (String, ScalarAttributeType),
    range_key: Option<(String, ScalarAttributeType)>,
    billing: BillingMode,
    indexes: Vec<SecondaryIndex>,
    stream: Option<StreamViewType>,
}

impl CreateTable {
    /// A table named `table` with the given hash key.
    pub fn new(
        table: impl Into<String>,
        hash_key: impl Into<String>,
        hash_type: ScalarAttributeType,
    ) -> Self {
        CreateTable {
            table: table.into(),
            hash_key: (hash_key.into(), hash_type),
            range_key: None,
            billing: BillingMode::default(),
            indexes: Vec::new(),
            stream: None,
        }
    }

    /// Adds a range key.
    pub fn range_key(
        mut self,
        name: impl Into<String>,
        attribute_type: ScalarAttributeType,
    ) -> Self {
        self.range_key = Some((name.into(), attribute_type));
        self
    }

    /// Adds a secondary index.
    pub fn index(mut self, index: SecondaryIndex) -> Self {
        self.indexes.push(index);
        self
    }

    /// Enables the table's change stream, recording `view` of each change
    /// (`StreamSpecification`); its ARN is the description's
    /// `latest_stream_arn`.
    pub fn stream(mut self, view: StreamViewType) -> Self {
        self.stream = Some(view);
        self
    }

    /// On-demand or provisioned billing.
    pub fn billing(mut self, billing: BillingMode) -> Self {
        self.billing = billing;
        self
    }
}

fn write_key_schema(
    buf: &mut Vec<u8>,
    hash: &(String, ScalarAttributeType),
    range: Option<&(String, ScalarAttributeType)>,
) {
    buf.push(b'[');
    for (i, (key, role)) in core::iter::once((hash, "HASH"))
        .chain(range.map(|r| (r, "RANGE")))
        .enumerate()
    {
        if i > 0 {
            buf.push(b',');
        }
        let mut k = ObjectWriter::new(buf);
        k.string("AttributeName", &key.0);
        k.string("KeyType", role);
        k.finish();
    }
    buf.push(b']');
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

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        // Every key attribute of the table and its indexes, defined once.
        let mut definitions: Vec<&(String, ScalarAttributeType)> = Vec::new();
        let schemas = core::iter::once((&self.hash_key, &self.range_key))
            .chain(self.indexes.iter().map(|i| (&i.hash_key, &i.range_key)));
        for (hash, range) in schemas {
            for key in core::iter::once(hash).chain(range) {
                if !definitions.iter().any(|d| d.0 == key.0) {
                    definitions.push(key);
                }
            }
        }
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        let list = o.key("AttributeDefinitions");
        list.push(b'[');
        for (i, (name, t)) in definitions.iter().map(|d| (&d.0, d.1)).enumerate() {
            if i > 0 {
                list.push(b',');
            }
            let mut d = ObjectWriter::new(list);
            d.string("AttributeName", name);
            d.string("AttributeType", t.tag());
            d.finish();
        }
        list.push(b']');
        write_key_schema(o.key("KeySchema"), &self.hash_key, self.range_key.as_ref());
        for global in [false, true] {
            let mut indexes = self.indexes.iter().filter(|i| i.global == global);
            let Some(first) = indexes.next() else {
                continue;
            };
            let list = o.key(if global {
                "GlobalSecondaryIndexes"
            } else {
                "LocalSecondaryIndexes"
            });
            list.push(b'[');
            for (i, index) in core::iter::once(first).chain(indexes).enumerate() {
                if i > 0 {
                    list.push(b',');
                }
                let mut x = ObjectWriter::new(list);
                x.string("IndexName", &index.name);
                write_key_schema(
                    x.key("KeySchema"),
                    &index.hash_key,
                    index.range_key.as_ref(),
                );
                let mut p = ObjectWriter::new(x.key("Projection"));
                match &index.projection {
                    IndexProjection::All => p.string("ProjectionType", "ALL"),
                    IndexProjection::KeysOnly => p.string("ProjectionType", "KEYS_ONLY"),
                    IndexProjection::Include(names) => {
                        p.string("ProjectionType", "INCLUDE");
                        let l = p.key("NonKeyAttributes");
                        l.push(b'[');
                        for (j, n) in names.iter().enumerate() {
                            if j > 0 {
                                l.push(b',');
                            }
                            crate::json::write_str(l, n);
                        }
                        l.push(b']');
                    }
                }
                p.finish();
                if let (true, BillingMode::Provisioned { read, write }) = (global, self.billing) {
                    write_throughput(&mut x, read, write);
                }
                x.finish();
            }
            list.push(b']');
        }
        match self.billing {
            BillingMode::PayPerRequest => o.string("BillingMode", "PAY_PER_REQUEST"),
            BillingMode::Provisioned { read, write } => {
                o.string("BillingMode", "PROVISIONED");
                write_throughput(&mut o, read, write);
            }
        }
        if let Some(view) = self.stream {
            let mut spec = ObjectWriter::new(o.key("StreamSpecification"));
            spec.bool("StreamEnabled", true);
            spec.string("StreamViewType", view.as_str());
            spec.finish();
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

    #[test]
    fn encodes_a_stream_specification() {
        let op = CreateTable::new("t", "pk", ScalarAttributeType::S)
            .stream(StreamViewType::NewAndOldImages);
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r#"{"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}}"#
        );
    }

    #[test]
    fn encodes_indexes_in_order_with_shared_key_definitions() {
        let index =
            |name: &str, global, hash: &str, range: Option<&str>, projection| SecondaryIndex {
                name: name.into(),
                global,
                hash_key: (hash.into(), ScalarAttributeType::S),
                range_key: range.map(|r| (r.into(), ScalarAttributeType::N)),
                projection,
            };
        let op = CreateTable::new("t", "pk", ScalarAttributeType::S)
            .range_key("sk", ScalarAttributeType::N)
            .index(index("g1", true, "gpk", Some("sk"), IndexProjection::All))
            .index(index(
                "l1",
                false,
                "pk",
                Some("lsk"),
                IndexProjection::KeysOnly,
            ))
            .index(index(
                "g2",
                true,
                "pk",
                None,
                IndexProjection::include(["a", "b"]),
            ))
            .billing(BillingMode::Provisioned { read: 1, write: 2 });
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            concat!(
                r#"{"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},"#,
                r#"{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"gpk","AttributeType":"S"},"#,
                r#"{"AttributeName":"lsk","AttributeType":"N"}],"#,
                r#""KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"#,
                r#""LocalSecondaryIndexes":[{"IndexName":"l1","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},"#,
                r#"{"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],"#,
                r#""GlobalSecondaryIndexes":[{"IndexName":"g1","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"},"#,
                r#"{"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"},"#,
                r#""ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}},"#,
                r#"{"IndexName":"g2","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"#,
                r#""Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]},"#,
                r#""ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}],"#,
                r#""BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}"#
            )
        );
    }
}
