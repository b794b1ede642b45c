//! DescribeTable, and the [`TableDescription`] that CreateTable and
//! DeleteTable also return.

use alloc::string::String;
use alloc::vec::Vec;

use serde::Deserialize;

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

/// A key attribute of a table or index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    /// Attribute name.
    pub name: String,
    /// `true` for the hash key, `false` for the range key.
    pub is_hash: bool,
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
    /// The secondary indexes, global and local.
    pub indexes: Vec<IndexDescription>,
}

/// A secondary index of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDescription {
    /// The index name.
    pub name: String,
    /// `true` for a global index.
    pub global: bool,
    /// Key attributes, hash first.
    pub key_schema: Vec<KeyElement>,
}

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "TableName", default)]
    name: String,
    #[serde(rename = "TableStatus", default)]
    status: String,
    #[serde(rename = "ItemCount", default)]
    item_count: u64,
    #[serde(rename = "KeySchema", default)]
    key_schema: Vec<WireKey>,
    #[serde(rename = "AttributeDefinitions", default)]
    definitions: Vec<WireDefinition>,
    #[serde(rename = "BillingModeSummary")]
    billing: Option<WireBilling>,
    #[serde(rename = "GlobalSecondaryIndexes", default)]
    global: Vec<WireIndex>,
    #[serde(rename = "LocalSecondaryIndexes", default)]
    local: Vec<WireIndex>,
}

#[derive(Deserialize)]
struct WireIndex {
    #[serde(rename = "IndexName", default)]
    name: String,
    #[serde(rename = "KeySchema", default)]
    key_schema: Vec<WireKey>,
}

#[derive(Deserialize)]
struct WireKey {
    #[serde(rename = "AttributeName")]
    name: String,
    #[serde(rename = "KeyType")]
    key_type: String,
}

#[derive(Deserialize)]
struct WireDefinition {
    #[serde(rename = "AttributeName")]
    name: String,
    #[serde(rename = "AttributeType")]
    attribute_type: String,
}

#[derive(Deserialize)]
struct WireBilling {
    #[serde(rename = "BillingMode", default)]
    mode: String,
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

fn keys(schema: Vec<WireKey>) -> Vec<KeyElement> {
    schema
        .into_iter()
        .map(|k| KeyElement {
            name: k.name,
            is_hash: k.key_type == "HASH",
        })
        .collect()
}

/// Decodes `{"<field>": {…table…}}`.
pub(super) fn decode_description(
    response: &Response,
    field: &str,
) -> Result<TableDescription, Error> {
    let mut outer: alloc::collections::BTreeMap<String, serde_json::Value> =
        crate::json::from_slice(&response.body)?;
    let table = outer
        .remove(field)
        .ok_or_else(|| DecodeError::missing().at_field(field))?;
    let wire: Wire = serde_json::from_value(table).map_err(|e| {
        DecodeError::new(DecodeErrorKind::Json(alloc::format!("{e}"))).at_field(field)
    })?;
    let status = match wire.status.as_str() {
        "CREATING" => TableStatus::Creating,
        "UPDATING" => TableStatus::Updating,
        "DELETING" => TableStatus::Deleting,
        "ACTIVE" => TableStatus::Active,
        _ => TableStatus::Other(wire.status),
    };
    Ok(TableDescription {
        name: wire.name,
        status,
        item_count: wire.item_count,
        key_schema: keys(wire.key_schema),
        attribute_types: wire
            .definitions
            .into_iter()
            .map(|d| Ok((d.name, scalar_type(&d.attribute_type)?)))
            .collect::<Result<_, DecodeError>>()?,
        on_demand: wire.billing.is_some_and(|b| b.mode == "PAY_PER_REQUEST"),
        indexes: wire
            .global
            .into_iter()
            .map(|i| (i, true))
            .chain(wire.local.into_iter().map(|i| (i, false)))
            .map(|(i, global)| IndexDescription {
                name: i.name,
                global,
                key_schema: keys(i.key_schema),
            })
            .collect(),
    })
}

impl Operation for DescribeTable {
    type Output = TableDescription;
    const ACTION: Action = Action::DescribeTable;

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
            "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"CreationDateTime":1.7E9}}"#;
        let d = DescribeTable::decode(&Response {
            status: 200,
            body: body.to_vec(),
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
    }
}
