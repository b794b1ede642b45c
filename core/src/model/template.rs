//! Composite key templates: a key attribute computed from several fields
//! with fixed text around them (`CUSTOMER#{customer}`, `ORDER#{date}#{id}`),
//! as single-table designs (and ElectroDB's composite attributes) store
//! them in generic `pk`/`sk` attributes.
//!
//! The derive declares them (`#[rynamo(hash_key(name = "pk", template =
//! "CUSTOMER#{customer}"))]`); this file renders them, renders the prefix a
//! partial set of values gives (for `begins_with` queries), and parses a key
//! text back into its values.
//!
//! **Separators.** The separators of a template are the characters of its
//! fixed text that are not ASCII letters or digits (`#` in the examples).
//! A value containing one is refused with
//! [`EncodeErrorKind::KeySeparator`], never written: a customer `a#b`
//! would make `CUSTOMER#a#b` ambiguous with another entity's key, and a
//! `begins_with` prefix would match items it should not.

use alloc::string::String;
use alloc::vec::Vec;

use crate::attr::Attribute;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind};
use crate::value::AttributeValue;

/// One piece of a key template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart {
    /// Fixed text (`"ORDER#"`).
    Text(&'static str),
    /// The value of a field, named by its attribute name.
    Field(&'static str),
}

/// A key attribute computed from fields: its attribute name and its parts
/// (`ORDER#{date}#{id}` is `Text("ORDER#")`, `Field("date")`, `Text("#")`,
/// `Field("id")`).
///
/// Declared on the derive, for the table and for indexes:
///
/// ```
/// use rynamo_core::prelude::*;
///
/// #[derive(Model, Debug, PartialEq)]
/// #[rynamo(
///     table = "shop",
///     discriminator = "entity",
///     discriminator_value = "order",
///     hash_key(name = "pk", template = "CUSTOMER#{customer}"),
///     range_key(name = "sk", template = "ORDER#{date}#{id}"),
///     gsi(name = "gsi1", hash_key(name = "gsi1pk", template = "STATUS#{status}"))
/// )]
/// struct Order { customer: String, date: String, id: u32, status: String }
///
/// let order = Order { customer: "c1".into(), date: "2026-01-05".into(), id: 7, status: "paid".into() };
/// let item = order.to_item().unwrap();
/// assert_eq!(item["sk"], AttributeValue::S("ORDER#2026-01-05#7".into()));
/// assert_eq!(item["date"], AttributeValue::S("2026-01-05".into())); // fields stay in their own attributes
/// assert_eq!(Order::from_item(item).unwrap(), order);
///
/// // Typed keys and partitions, queries within the entity's prefix:
/// let _key = Order::key("c1", "2026-01-05", 7u32);       // EntityKey<Order>, for get/update/delete/batches
/// let _pk = Order::partition("c1");                       // KeyText "CUSTOMER#c1", for a collection's query
/// let _jan = Order::query("c1").sort_prefix("2026-01");   // begins_with(sk, "ORDER#2026-01")
/// let _paid = Order::query_gsi1("paid");                  // the index, by its template's fields
/// ```
///
/// Fields are stored in their own attributes as well as in the key text,
/// and models read them from their own attributes: a key is never parsed
/// to build a model ([`KeyTemplate::parse`] splits a key alone, such as a
/// stream record's `Keys`). A field in a template is part of the item's
/// identity: change it with a new save (which renders the keys again), not
/// with an update. The separators of a template are the characters of its
/// fixed text that are not ASCII letters or digits; a value holding one is
/// refused with [`EncodeErrorKind::KeySeparator`].
///
/// Several entities read together form a collection: an enum of them
/// (`#[derive(Model)] enum Shop { Customer(Customer), Order(Order) }`),
/// queried with `Shop::query(Customer::partition("c1"))` — one request per
/// page, each item decoded as its entity, items of other entities filtered
/// out (or kept by a `#[rynamo(unknown)]` variant). The derive refuses at
/// compile time a template naming a missing or optional field, and a
/// collection whose entities share a discriminator value or have
/// overlapping sort-key prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTemplate {
    /// The attribute the rendered text is stored in (`"pk"`).
    pub attribute: &'static str,
    /// Fixed text and fields, in order.
    pub parts: &'static [TemplatePart],
}

/// The key templates a model declares (`Model::KEY_TEMPLATES`): the
/// table's, and its indexes'. A key without a template is a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTemplates {
    /// The table's hash key.
    pub hash: Option<KeyTemplate>,
    /// The table's range key.
    pub range: Option<KeyTemplate>,
    /// Each secondary index with a templated key.
    pub indexes: &'static [IndexTemplates],
}

/// The templated keys of one secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexTemplates {
    /// The index name.
    pub index: &'static str,
    /// The index's hash key.
    pub hash: Option<KeyTemplate>,
    /// The index's range key.
    pub range: Option<KeyTemplate>,
}

impl KeyTemplates {
    /// The range-key template of the table (`index` `None`) or of an index.
    pub fn range_of(&self, index: Option<&str>) -> Option<&KeyTemplate> {
        match index {
            None => self.range.as_ref(),
            Some(name) => self
                .indexes
                .iter()
                .find(|i| i.index == name)
                .and_then(|i| i.range.as_ref()),
        }
    }
}

impl KeyTemplate {
    /// The fixed text before the first field (`"ORDER#"`): every key of the
    /// template begins with it.
    pub const fn leading_text(&self) -> &'static str {
        match self.parts.first() {
            Some(TemplatePart::Text(t)) => t,
            _ => "",
        }
    }

    /// How many fields the template holds.
    pub fn field_count(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| matches!(p, TemplatePart::Field(_)))
            .count()
    }

    /// Whether `c` separates values in this template.
    fn is_separator(&self, c: char) -> bool {
        !c.is_ascii_alphanumeric()
            && self
                .parts
                .iter()
                .any(|p| matches!(p, TemplatePart::Text(t) if t.contains(c)))
    }

    /// The key text with every field's value, in template order.
    pub fn render(&self, values: &[AttributeValue]) -> Result<String, EncodeError> {
        if values.len() != self.field_count() {
            return Err(self.wrong_count(values.len()));
        }
        self.write(values, true)
    }

    /// The text every key with these leading values begins with: the fixed
    /// text, then the values given, stopping right after the last one (so
    /// `2026-01` for `{date}` matches every date in January).
    pub fn prefix(&self, values: &[AttributeValue]) -> Result<String, EncodeError> {
        if values.len() > self.field_count() {
            return Err(self.wrong_count(values.len()));
        }
        self.write(values, false)
    }

    fn wrong_count(&self, got: usize) -> EncodeError {
        EncodeError::new(EncodeErrorKind::Invalid(crate::text::format(
            "key template `{}` has {} fields, got {} values",
            &[self.attribute.into(), self.field_count().into(), got.into()],
        )))
    }

    /// The parts with `values` in place; a prefix stops after the last
    /// value given (or at the first field when none is).
    fn write(&self, values: &[AttributeValue], whole: bool) -> Result<String, EncodeError> {
        let mut out = String::new();
        let mut given = values.iter().peekable();
        for part in self.parts {
            match part {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Field(name) => {
                    let Some(value) = given.next() else { break };
                    self.push_value(&mut out, name, value)?;
                    if !whole && given.peek().is_none() {
                        break;
                    }
                }
            }
        }
        Ok(out)
    }

    fn push_value(
        &self,
        out: &mut String,
        field: &'static str,
        value: &AttributeValue,
    ) -> Result<(), EncodeError> {
        let text = match value {
            AttributeValue::S(s) => s.as_str(),
            AttributeValue::N(n) => n.as_str(),
            other => {
                return Err(
                    EncodeError::new(EncodeErrorKind::Invalid(crate::text::format(
                        "a key template holds strings and numbers, not {}",
                        &[other.value_type().tag().into()],
                    )))
                    .at_field(field),
                );
            }
        };
        if let Some(separator) = text.chars().find(|c| self.is_separator(*c)) {
            return Err(EncodeError::new(EncodeErrorKind::KeySeparator {
                separator,
                template: self.attribute,
            })
            .at_field(field));
        }
        out.push_str(text);
        Ok(())
    }

    /// Splits a key text back into its values (as text, in template
    /// order); a text the template did not render is a decode error naming
    /// the attribute. Models read their fields from their own attributes;
    /// this is for keys alone, such as a change stream's `Keys`.
    pub fn parse<'t>(&self, text: &'t str) -> Result<Vec<&'t str>, DecodeError> {
        let refuse = || {
            DecodeError::new(DecodeErrorKind::Invalid(crate::text::format(
                "`{}` does not follow the key template",
                &[text.into()],
            )))
            .at_field(self.attribute)
        };
        let mut rest = text;
        let mut out = Vec::new();
        let mut parts = self.parts.iter().peekable();
        while let Some(part) = parts.next() {
            match part {
                TemplatePart::Text(t) => rest = rest.strip_prefix(t).ok_or_else(refuse)?,
                TemplatePart::Field(_) => {
                    let end = match parts.peek() {
                        Some(TemplatePart::Text(next)) => rest.find(next).ok_or_else(refuse)?,
                        _ => rest.len(),
                    };
                    let (value, tail) = rest.split_at(end);
                    out.push(value);
                    rest = tail;
                }
            }
        }
        if rest.is_empty() {
            Ok(out)
        } else {
            Err(refuse())
        }
    }
}

/// A value that can stand in a key template: any [`Attribute`] stored as a
/// string or number, and string slices.
pub trait KeyPart {
    /// The value as an attribute (`S` or `N`).
    fn key_part(&self) -> Result<AttributeValue, EncodeError>;
}

impl<T: Attribute> KeyPart for T {
    fn key_part(&self) -> Result<AttributeValue, EncodeError> {
        self.to_value()
    }
}

impl KeyPart for &str {
    fn key_part(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S((*self).into()))
    }
}

impl KeyPart for &String {
    fn key_part(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S((*self).clone()))
    }
}

/// The leading values of a template, for a prefix: `()`, one value, or a
/// tuple of up to four.
pub trait KeyParts {
    /// The values, in template order.
    fn key_parts(&self) -> Result<Vec<AttributeValue>, EncodeError>;
}

impl KeyParts for () {
    fn key_parts(&self) -> Result<Vec<AttributeValue>, EncodeError> {
        Ok(Vec::new())
    }
}

impl<T: KeyPart> KeyParts for T {
    fn key_parts(&self) -> Result<Vec<AttributeValue>, EncodeError> {
        Ok(alloc::vec![self.key_part()?])
    }
}

macro_rules! tuple_parts {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<$($t: KeyPart),+> KeyParts for ($($t,)+) {
            fn key_parts(&self) -> Result<Vec<AttributeValue>, EncodeError> {
                Ok(alloc::vec![$(self.$i.key_part()?),+])
            }
        }
    )*};
}
tuple_parts!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3));

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER_SK: KeyTemplate = KeyTemplate {
        attribute: "sk",
        parts: &[
            TemplatePart::Text("ORDER#"),
            TemplatePart::Field("date"),
            TemplatePart::Text("#"),
            TemplatePart::Field("id"),
        ],
    };

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.into())
    }

    #[test]
    fn renders_fixed_text_around_every_value() {
        let n = AttributeValue::N(crate::Number::from(42u64));
        assert_eq!(
            ORDER_SK.render(&[s("2026-01-05"), n]).unwrap(),
            "ORDER#2026-01-05#42"
        );
        assert!(ORDER_SK.render(&[s("2026-01-05")]).is_err());
    }

    #[test]
    fn prefixes_stop_right_after_the_last_value_given() {
        assert_eq!(ORDER_SK.prefix(&[]).unwrap(), "ORDER#");
        assert_eq!(ORDER_SK.prefix(&[s("2026-01")]).unwrap(), "ORDER#2026-01");
        assert_eq!(
            ORDER_SK.prefix(&[s("2026-01-05"), s("o1")]).unwrap(),
            "ORDER#2026-01-05#o1"
        );
        assert_eq!(ORDER_SK.leading_text(), "ORDER#");
    }

    #[test]
    fn a_value_holding_the_separator_is_refused_with_its_field() {
        let err = ORDER_SK.render(&[s("2026#01"), s("o1")]).unwrap_err();
        assert_eq!(
            err.kind(),
            &EncodeErrorKind::KeySeparator {
                separator: '#',
                template: "sk"
            }
        );
        assert_eq!(
            alloc::string::ToString::to_string(&err),
            "cannot encode attribute `date`: the value holds `#`, a separator of key template `sk`"
        );
        // Other punctuation is not a separator of this template.
        assert!(ORDER_SK.render(&[s("2026-01-05"), s("o_1.x")]).is_ok());
        assert!(ORDER_SK.prefix(&[AttributeValue::Bool(true)]).is_err());
    }

    #[test]
    fn parses_a_key_back_into_its_values_and_refuses_other_text() {
        assert_eq!(
            ORDER_SK.parse("ORDER#2026-01-05#o1").unwrap(),
            ["2026-01-05", "o1"]
        );
        assert!(ORDER_SK.parse("ADDRESS#home").is_err());
        assert!(ORDER_SK.parse("ORDER#2026-01-05").is_err());
    }

    #[test]
    fn leading_values_come_as_one_value_or_a_tuple() {
        assert_eq!(().key_parts().unwrap(), []);
        assert_eq!("a".key_parts().unwrap(), [s("a")]);
        assert_eq!(
            ("a", 5u32).key_parts().unwrap(),
            [s("a"), AttributeValue::N(crate::Number::from(5u32))]
        );
    }
}
