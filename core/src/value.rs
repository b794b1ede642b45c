//! [`AttributeValue`], DynamoDB's tagged value, and [`Item`], a map of them.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::number::Number;

/// An item: attribute names to values. Ordered, so encoding is deterministic.
pub type Item = BTreeMap<String, AttributeValue>;

/// One DynamoDB attribute value, as the JSON protocol tags it.
///
/// Sets keep their wire order; DynamoDB forbids empty sets, so encoding an
/// empty one is an error (model attributes leave empty sets out instead).
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    /// `S`: a UTF-8 string.
    S(String),
    /// `N`: a number.
    N(Number),
    /// `B`: binary, base64 on the wire.
    B(Vec<u8>),
    /// `BOOL`.
    Bool(bool),
    /// `NULL`.
    Null,
    /// `M`: a map.
    M(Item),
    /// `L`: a list.
    L(Vec<AttributeValue>),
    /// `SS`: a string set.
    Ss(Vec<String>),
    /// `NS`: a number set.
    Ns(Vec<Number>),
    /// `BS`: a binary set.
    Bs(Vec<Vec<u8>>),
}

/// The type tags of [`AttributeValue`], as DynamoDB names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueType {
    /// `S`.
    S,
    /// `N`.
    N,
    /// `B`.
    B,
    /// `BOOL`.
    Bool,
    /// `NULL`.
    Null,
    /// `M`.
    M,
    /// `L`.
    L,
    /// `SS`.
    Ss,
    /// `NS`.
    Ns,
    /// `BS`.
    Bs,
}

impl ValueType {
    /// The tag as DynamoDB writes it (`"S"`, `"BOOL"`, `"SS"`…).
    pub const fn tag(self) -> &'static str {
        match self {
            ValueType::S => "S",
            ValueType::N => "N",
            ValueType::B => "B",
            ValueType::Bool => "BOOL",
            ValueType::Null => "NULL",
            ValueType::M => "M",
            ValueType::L => "L",
            ValueType::Ss => "SS",
            ValueType::Ns => "NS",
            ValueType::Bs => "BS",
        }
    }
}

impl core::fmt::Display for ValueType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.tag())
    }
}

impl AttributeValue {
    /// This value's type tag.
    pub fn value_type(&self) -> ValueType {
        match self {
            AttributeValue::S(_) => ValueType::S,
            AttributeValue::N(_) => ValueType::N,
            AttributeValue::B(_) => ValueType::B,
            AttributeValue::Bool(_) => ValueType::Bool,
            AttributeValue::Null => ValueType::Null,
            AttributeValue::M(_) => ValueType::M,
            AttributeValue::L(_) => ValueType::L,
            AttributeValue::Ss(_) => ValueType::Ss,
            AttributeValue::Ns(_) => ValueType::Ns,
            AttributeValue::Bs(_) => ValueType::Bs,
        }
    }

    /// The string, if this is an `S`.
    pub fn as_s(&self) -> Option<&str> {
        match self {
            AttributeValue::S(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is an `N`.
    pub fn as_n(&self) -> Option<&Number> {
        match self {
            AttributeValue::N(n) => Some(n),
            _ => None,
        }
    }

    /// The map, if this is an `M`.
    pub fn as_m(&self) -> Option<&Item> {
        match self {
            AttributeValue::M(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is an `L`.
    pub fn as_l(&self) -> Option<&[AttributeValue]> {
        match self {
            AttributeValue::L(l) => Some(l),
            _ => None,
        }
    }
}

impl From<&str> for AttributeValue {
    fn from(value: &str) -> Self {
        AttributeValue::S(value.into())
    }
}

impl From<String> for AttributeValue {
    fn from(value: String) -> Self {
        AttributeValue::S(value)
    }
}

impl From<Number> for AttributeValue {
    fn from(value: Number) -> Self {
        AttributeValue::N(value)
    }
}

impl From<bool> for AttributeValue {
    fn from(value: bool) -> Self {
        AttributeValue::Bool(value)
    }
}

/// The types a key attribute can have (DynamoDB's `ScalarAttributeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarAttributeType {
    /// `S`.
    S,
    /// `N`.
    N,
    /// `B`.
    B,
}

impl ScalarAttributeType {
    /// The tag as DynamoDB writes it.
    pub const fn tag(self) -> &'static str {
        match self {
            ScalarAttributeType::S => "S",
            ScalarAttributeType::N => "N",
            ScalarAttributeType::B => "B",
        }
    }
}

/// DynamoDB's limit on one item's size.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;

/// An item's size as DynamoDB counts it against [`MAX_ITEM_SIZE`]: names
/// and values in UTF-8 bytes, numbers about one byte per two significant
/// digits plus one, binary raw, booleans and nulls one byte, lists and maps
/// three bytes plus one per element.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value_size(value))
        .sum()
}

fn number_size(n: &Number) -> usize {
    let digits = n
        .as_str()
        .bytes()
        .filter(u8::is_ascii_digit)
        .count()
        .min(38);
    digits.div_ceil(2) + 1
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => b.len(),
        AttributeValue::Bool(_) | AttributeValue::Null => 1,
        AttributeValue::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| k.len() + value_size(v) + 1)
                .sum::<usize>()
        }
        AttributeValue::L(l) => 3 + l.iter().map(|v| value_size(v) + 1).sum::<usize>(),
        AttributeValue::Ss(s) => s.iter().map(String::len).sum(),
        AttributeValue::Ns(s) => s.iter().map(number_size).sum(),
        AttributeValue::Bs(s) => s.iter().map(Vec::len).sum(),
    }
}

/// A primary key: the hash key attribute and, for tables with one, the range
/// key attribute.
///
/// Before it is sent, each key value is checked against DynamoDB's key
/// rules (not an empty string or binary; at most 2,048 bytes, 1,024 for the
/// attribute named by [`range`](Key::range)). A key made with
/// [`from_item`](Key::from_item) does not say which attribute is the range
/// key, so each of its values gets the hash key's limit.
#[derive(Debug, Clone)]
pub struct Key {
    item: Item,
    range: Option<String>,
}

impl PartialEq for Key {
    /// Keys are equal when their attributes are.
    fn eq(&self, other: &Key) -> bool {
        self.item == other.item
    }
}

impl Key {
    /// A key with only a hash key.
    pub fn hash(name: &str, value: AttributeValue) -> Key {
        let mut item = Item::new();
        item.insert(name.into(), value);
        Key { item, range: None }
    }

    /// Adds the range key.
    pub fn range(mut self, name: &str, value: AttributeValue) -> Key {
        self.item.insert(name.into(), value);
        self.range = Some(name.into());
        self
    }

    /// The range key's name, when the key was built with [`range`](Key::range).
    pub fn range_name(&self) -> Option<&str> {
        self.range.as_deref()
    }

    /// The key attributes as an item.
    pub fn as_item(&self) -> &Item {
        &self.item
    }

    /// A key from its attributes.
    pub fn from_item(item: Item) -> Key {
        Key { item, range: None }
    }

    /// The key attributes as an item, owned.
    pub fn into_item(self) -> Item {
        self.item
    }
}

/// One write of a batch, already encoded (so a retry re-sends the same bytes).
/// Built by `WriteRequest::put` and `WriteRequest::delete` (in `op`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRequest {
    /// `PutRequest`: the item's JSON.
    Put(Vec<u8>),
    /// `DeleteRequest`: the key's JSON.
    Delete(Vec<u8>),
}
