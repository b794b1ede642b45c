//! DescribeTable, and the [`TableDescription`] that CreateTable and
//! DeleteTable also return.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{Reader, read_field, read_objects};

use super::Operation;
use crate::error::{DecodeError, DecodeErrorKind, Error};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::ScalarAttributeType;

/// A DescribeTable request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeTable {
    table: String,
}

impl DescribeTable {
    /// Describes `table`.
    pub fn new(table: impl Into<String>) -> Self {
        DescribeTable {
            table: table.into(),
        }
    }
}

/// A table's lifecycle state.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableStatus {
    /// `CREATING`.
    Creating,
    /// `UPDATING`.
    Updating,
    /// `DELETING`.
    Deleting,
    /// `ACTIVE`: ready for reads and writes.
    Active,
    /// Any other status, as sent.
    Other(String),
}

impl TableStatus {
    /// The status as DynamoDB writes it (`ACTIVE`…).
    pub fn as_str(&self) -> &str {
        match self {
            TableStatus::Creating => "CREATING",
            TableStatus::Updating => "UPDATING",
            TableStatus::Deleting => "DELETING",
            TableStatus::Active => "ACTIVE",
            TableStatus::Other(s) => s,
        }
    }
}

/// A key attribute of a table or index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyElement {
    /// Attribute name.
    pub name: String,
    /// `true` for the hash key, `false` for the range key.
    pub is_hash: bool,
}

/// Provisioned capacity (`ProvisionedThroughput`) of a table or global
/// index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Throughput {
    /// Read capacity units per second (`ReadCapacityUnits`).
    pub read: u64,
    /// Write capacity units per second (`WriteCapacityUnits`).
    pub write: u64,
}

/// `ProvisionedThroughput`; `None` when on-demand (DynamoDB reports 0
/// units then) or `null`.
fn read_throughput(r: &mut Reader<'_>) -> Result<Option<Throughput>, DecodeError> {
    if r.null() {
        return Ok(None);
    }
    let mut t = Throughput::default();
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        match &*key {
            "ReadCapacityUnits" => t.read = r.u64().map_err(|e| e.at_field("ReadCapacityUnits"))?,
            "WriteCapacityUnits" => {
                t.write = r.u64().map_err(|e| e.at_field("WriteCapacityUnits"))?
            }
            _ => r.skip()?,
        }
    }
    Ok((t != Throughput::default()).then_some(t))
}

/// What DynamoDB says about a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDescription {
    /// The table's name.
    pub name: String,
    /// Its state.
    pub status: TableStatus,
    /// Approximate item count (updated about every six hours on AWS).
    pub item_count: u64,
    /// Key attributes, hash first.
    pub key_schema: Vec<KeyElement>,
    /// Types of the key attributes (of the table and its indexes).
    pub attribute_types: Vec<(String, ScalarAttributeType)>,
    /// `true` for on-demand billing.
    pub on_demand: bool,
    /// Provisioned read/write capacity; `None` for an on-demand table
    /// (reported as 0 units, or not at all).
    pub provisioned: Option<Throughput>,
    /// The secondary indexes, global and local.
    pub indexes: Vec<IndexDescription>,
    /// The ARN of the table's newest change stream (`LatestStreamArn`),
    /// for the Streams API; `None` if it never had one.
    pub latest_stream_arn: Option<String>,
}

/// A secondary index of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexDescription {
    /// The index name.
    pub name: String,
    /// `true` for a global index.
    pub global: bool,
    /// Key attributes, hash first.
    pub key_schema: Vec<KeyElement>,
    /// A global index's provisioned read/write capacity; `None` for a
    /// local index (which shares the table's) or on an on-demand table.
    pub provisioned: Option<Throughput>,
}

fn scalar_type(tag: &str) -> Result<ScalarAttributeType, DecodeError> {
    match tag {
        "S" => Ok(ScalarAttributeType::S),
        "N" => Ok(ScalarAttributeType::N),
        "B" => Ok(ScalarAttributeType::B),
        other => Err(DecodeError::new(DecodeErrorKind::UnknownVariant(
            other.into(),
        ))),
    }
}

/// `KeySchema`: `[{"AttributeName": …, "KeyType": "HASH" | "RANGE"}]`.
fn read_keys(r: &mut Reader<'_>) -> Result<Vec<KeyElement>, DecodeError> {
    read_objects(r, |k: &mut KeyElement, key, r| {
        match key {
            "AttributeName" => k.name = r.string()?,
            "KeyType" => k.is_hash = r.str()? == "HASH",
            _ => r.skip()?,
        }
        Ok(())
    })
}

/// The indexes of `GlobalSecondaryIndexes` or `LocalSecondaryIndexes`.
fn read_indexes(r: &mut Reader<'_>, global: bool) -> Result<Vec<IndexDescription>, DecodeError> {
    let mut indexes = read_objects(r, |i: &mut IndexDescription, key, r| {
        match key {
            "IndexName" => i.name = r.string()?,
            "KeySchema" => i.key_schema = read_keys(r)?,
            "ProvisionedThroughput" => {
                i.provisioned =
                    read_throughput(r).map_err(|e| e.at_field("ProvisionedThroughput"))?
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    for index in &mut indexes {
        index.global = global;
    }
    Ok(indexes)
}

fn read_table(r: &mut Reader<'_>) -> Result<TableDescription, DecodeError> {
    let mut d = TableDescription {
        name: String::new(),
        status: TableStatus::Other(String::new()),
        item_count: 0,
        key_schema: Vec::new(),
        attribute_types: Vec::new(),
        on_demand: false,
        provisioned: None,
        indexes: Vec::new(),
        latest_stream_arn: None,
    };
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        match &*key {
            "TableName" => d.name = r.string()?,
            "TableStatus" => {
                let status = r.string()?;
                d.status = match status.as_str() {
                    "CREATING" => TableStatus::Creating,
                    "UPDATING" => TableStatus::Updating,
                    "DELETING" => TableStatus::Deleting,
                    "ACTIVE" => TableStatus::Active,
                    _ => TableStatus::Other(status),
                }
            }
            "ItemCount" => d.item_count = r.u64()?,
            "KeySchema" => d.key_schema = read_keys(r)?,
            "AttributeDefinitions" => {
                let mut defs: Vec<(String, String)> =
                    read_objects(r, |d: &mut (String, String), key, r| {
                        match key {
                            "AttributeName" => d.0 = r.string()?,
                            "AttributeType" => d.1 = r.string()?,
                            _ => r.skip()?,
                        }
                        Ok(())
                    })?;
                d.attribute_types = defs
                    .drain(..)
                    .map(|(name, t)| Ok((name, scalar_type(&t)?)))
                    .collect::<Result<_, DecodeError>>()?;
            }
            "BillingModeSummary" => {
                d.on_demand = read_field(r, "BillingMode", Reader::string)?
                    .is_some_and(|mode| mode == "PAY_PER_REQUEST");
            }
            "ProvisionedThroughput" => {
                d.provisioned =
                    read_throughput(r).map_err(|e| e.at_field("ProvisionedThroughput"))?
            }
            "GlobalSecondaryIndexes" => d.indexes.extend(read_indexes(r, true)?),
            "LocalSecondaryIndexes" => d.indexes.extend(read_indexes(r, false)?),
            "LatestStreamArn" => {
                d.latest_stream_arn = crate::json::read_optional(r, Reader::string)?
            }
            _ => r.skip()?,
        }
    }
    Ok(d)
}

/// Decodes `{"<field>": {…table…}}`.
pub(super) fn decode_description(
    response: &Response,
    field: &str,
) -> Result<TableDescription, Error> {
    let table = crate::json::parse(&response.body, |r| {
        read_field(r, field, |r| read_table(r).map_err(|e| e.at_field(field)))
    })?;
    Ok(table.ok_or_else(|| DecodeError::missing().at_field(field))?)
}

impl Operation for DescribeTable {
    type Output = TableDescription;
    const ACTION: Action = Action::DescribeTable;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<TableDescription, Error> {
        decode_description(response, "Table")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_description() {
        let body = br#"{"Table":{"TableName":"t","TableStatus":"ACTIVE","ItemCount":3,
            "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
            "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
            "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"CreationDateTime":1.7E9,
            "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"},
            "LatestStreamArn":"arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-01-01T00:00:00.000"}}"#;
        let d = DescribeTable::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(d.status, TableStatus::Active);
        assert_eq!(d.item_count, 3);
        assert_eq!(
            d.key_schema,
            alloc::vec![KeyElement {
                name: "pk".into(),
                is_hash: true
            }]
        );
        assert!(d.on_demand);
        assert_eq!(d.provisioned, None);
        assert_eq!(
            d.latest_stream_arn.as_deref(),
            Some("arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-01-01T00:00:00.000")
        );
    }

    fn describe(body: &[u8]) -> Result<TableDescription, Error> {
        DescribeTable::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
    }

    #[test]
    fn decodes_provisioned_capacity_of_the_table_and_its_global_indexes() {
        let d = describe(br#"{"Table":{"TableName":"t","TableStatus":"ACTIVE",
            "ProvisionedThroughput":{"LastIncreaseDateTime":0.0,"NumberOfDecreasesToday":0,
                "ReadCapacityUnits":5,"WriteCapacityUnits":7},
            "GlobalSecondaryIndexes":[{"IndexName":"g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                "ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":2}}],
            "LocalSecondaryIndexes":[{"IndexName":"l","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}]}}"#)
        .unwrap();
        assert!(!d.on_demand);
        assert_eq!(d.provisioned, Some(Throughput { read: 5, write: 7 }));
        assert_eq!(
            d.indexes[0].provisioned,
            Some(Throughput { read: 3, write: 2 })
        );
        assert_eq!(d.indexes[1].provisioned, None);
    }

    #[test]
    fn on_demand_capacity_reported_as_zero_or_absent_is_none() {
        let d = describe(br#"{"Table":{"TableName":"t",
            "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},
            "GlobalSecondaryIndexes":[{"IndexName":"g","ProvisionedThroughput":null},{"IndexName":"h"}]}}"#)
        .unwrap();
        assert_eq!(d.provisioned, None);
        assert_eq!(d.indexes[0].provisioned, None);
        assert_eq!(d.indexes[1].provisioned, None);
    }

    #[test]
    fn negative_capacity_is_a_decode_error_naming_the_field() {
        let err = describe(br#"{"Table":{"ProvisionedThroughput":{"ReadCapacityUnits":-1}}}"#)
            .unwrap_err();
        let text = alloc::format!("{err}");
        assert!(text.contains("ReadCapacityUnits"), "{text}");
    }
}
