//! Operands shared by conditions and updates: a path, a value, or `size(path)`.

use alloc::string::String;

use super::path::AttributePath;
use super::placeholders::Placeholders;
use crate::value::AttributeValue;

/// One side of a comparison or an update's arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// An attribute.
    Path(AttributePath),
    /// A literal value, always sent as a `:v` placeholder.
    Value(AttributeValue),
    /// `size(path)`.
    Size(AttributePath),
}

impl Operand {
    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        match self {
            Operand::Path(p) => p.render(placeholders, out),
            Operand::Value(v) => placeholders.value(v.clone(), out),
            Operand::Size(p) => {
                out.push_str("size(");
                p.render(placeholders, out);
                out.push(')');
            }
        }
    }
}
