//! Key conditions for queries: hash key equality plus, optionally, one
//! range-key comparison (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`).

use alloc::string::String;

use super::condition::Condition;
use super::path::AttributePath;
use super::placeholders::Placeholders;
use crate::error::EncodeError;
use crate::value::AttributeValue;

/// A query's `KeyConditionExpression`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCondition {
    hash_name: String,
    hash_value: AttributeValue,
    range: Option<Condition>,
}

impl KeyCondition {
    /// `hash_name = hash_value`.
    pub fn new(hash_name: impl Into<String>, hash_value: AttributeValue) -> Self {
        KeyCondition {
            hash_name: hash_name.into(),
            hash_value,
            range: None,
        }
    }

    /// Adds the range-key condition. Build it with the typed range-key
    /// comparisons ([`KeyComparison`](super::KeyComparison)); DynamoDB
    /// rejects any other operator here.
    pub fn range(mut self, condition: Condition) -> Self {
        self.range = Some(condition);
        self
    }

    /// The hash key's attribute name.
    pub fn hash_name(&self) -> &str {
        &self.hash_name
    }

    /// Renders `#n0 = :v0 [AND <range>]`.
    pub fn render(&self, ph: &mut Placeholders) -> Result<String, EncodeError> {
        let mut out = String::new();
        AttributePath::new(self.hash_name.clone()).render(ph, &mut out);
        out.push_str(" = ");
        ph.value(self.hash_value.clone(), &mut out);
        if let Some(range) = &self.range {
            out.push_str(" AND ");
            out.push_str(&range.render(ph)?);
        }
        Ok(out)
    }
}
