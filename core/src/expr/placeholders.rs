//! The one placeholder allocator: every name becomes `#nK` and every value
//! `:vK`, numbered in order of first use, so the same request always
//! encodes to the same bytes and nothing user-supplied is spliced into an
//! expression.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::EncodeError;
use crate::json::{ObjectWriter, write_str, write_value};
use crate::number::IntegerBuffer;
use crate::value::AttributeValue;

/// Names and values used by a request's expressions.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Placeholders {
    names: Vec<String>,
    values: Vec<AttributeValue>,
}

impl Placeholders {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the placeholder for attribute name `name` (`#n0`…); the same
    /// name reuses its placeholder.
    pub fn name(&mut self, name: &str, out: &mut String) {
        let index = match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.into());
                self.names.len() - 1
            }
        };
        out.push_str("#n");
        out.push_str(IntegerBuffer::new().format(index));
    }

    /// Writes a fresh placeholder for `value` (`:v0`…).
    pub fn value(&mut self, value: AttributeValue, out: &mut String) {
        out.push_str(":v");
        out.push_str(IntegerBuffer::new().format(self.values.len()));
        self.values.push(value);
    }

    /// The names, in placeholder order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The values, in placeholder order.
    pub fn values(&self) -> &[AttributeValue] {
        &self.values
    }

    /// Writes `ExpressionAttributeNames` and `ExpressionAttributeValues`
    /// into a request object, each only when not empty (DynamoDB rejects
    /// empty maps).
    pub fn write(&self, object: &mut ObjectWriter<'_>) -> Result<(), EncodeError> {
        if !self.names.is_empty() {
            let mut names = ObjectWriter::new(object.key("ExpressionAttributeNames"));
            for (i, name) in self.names.iter().enumerate() {
                let mut key = String::from("#n");
                key.push_str(IntegerBuffer::new().format(i));
                write_str(names.key(&key), name);
            }
            names.finish();
        }
        if !self.values.is_empty() {
            let mut values = ObjectWriter::new(object.key("ExpressionAttributeValues"));
            for (i, value) in self.values.iter().enumerate() {
                let mut key = String::from(":v");
                key.push_str(IntegerBuffer::new().format(i));
                write_value(values.key(&key), value).map_err(|e| e.at_field(&key))?;
            }
            values.finish();
        }
        Ok(())
    }
}
