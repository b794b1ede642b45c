//! Writing DynamoDB JSON into a byte buffer, without an intermediate tree.

use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::error::{EncodeError, EncodeErrorKind};
use crate::number::Number;
use crate::value::{AttributeValue, Item};

/// Writes `s` as a JSON string literal, escaping what JSON requires.
pub fn write_str(buf: &mut Vec<u8>, s: &str) {
    buf.reserve(s.len() + 2);
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]);
        } else {
            buf.extend_from_slice(escape);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Writes bytes as a base64 JSON string, as DynamoDB's `B` expects.
pub fn write_base64(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'"');
    crate::base64::encode_into(buf, bytes);
    buf.push(b'"');
}

/// A JSON object being written: `{`, then `"key":value` pairs, then `}`.
pub struct ObjectWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object at the end of `buf`.
    pub fn new(buf: &'a mut Vec<u8>) -> Self {
        buf.push(b'{');
        ObjectWriter { buf, first: true }
    }

    /// Writes `"key":` and returns the buffer for the value.
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        write_str(self.buf, key);
        self.buf.push(b':');
        self.buf
    }

    /// Writes `"key":"value"`.
    pub fn string(&mut self, key: &str, value: &str) {
        let buf = self.key(key);
        write_str(buf, value);
    }

    /// Writes `"key":true|false`.
    pub fn bool(&mut self, key: &str, value: bool) {
        let buf = self.key(key);
        buf.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Writes `"key":n` for a plain integer.
    pub fn integer(&mut self, key: &str, value: u64) {
        let mut digits = crate::number::IntegerBuffer::new();
        let text = digits.format(value);
        self.key(key).extend_from_slice(text.as_bytes());
    }

    /// Whether nothing has been written into the object yet.
    pub fn is_empty(&self) -> bool {
        self.first
    }

    /// Closes the object.
    pub fn finish(self) {
        self.buf.push(b'}');
    }
}

fn write_tagged(buf: &mut Vec<u8>, tag: &[u8]) {
    buf.extend_from_slice(b"{\"");
    buf.extend_from_slice(tag);
    buf.extend_from_slice(b"\":");
}

fn write_number(buf: &mut Vec<u8>, n: &Number) {
    write_str(buf, n.as_str());
}

/// Writes one attribute value, e.g. `{"S":"x"}`. An empty set is an error:
/// DynamoDB rejects it.
pub fn write_value(buf: &mut Vec<u8>, value: &AttributeValue) -> Result<(), EncodeError> {
    match value {
        AttributeValue::S(s) => {
            write_tagged(buf, b"S");
            write_str(buf, s);
        }
        AttributeValue::N(n) => {
            write_tagged(buf, b"N");
            write_number(buf, n);
        }
        AttributeValue::B(b) => {
            write_tagged(buf, b"B");
            write_base64(buf, b);
        }
        AttributeValue::Bool(b) => buf.extend_from_slice(if *b {
            b"{\"BOOL\":true"
        } else {
            b"{\"BOOL\":false"
        }),
        AttributeValue::Null => buf.extend_from_slice(b"{\"NULL\":true"),
        AttributeValue::M(m) => {
            write_tagged(buf, b"M");
            write_item(buf, m)?;
        }
        AttributeValue::L(l) => {
            write_tagged(buf, b"L");
            buf.push(b'[');
            for (i, v) in l.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                write_value(buf, v).map_err(|e| e.at_index(i))?;
            }
            buf.push(b']');
        }
        AttributeValue::Ss(set) => write_set(buf, b"SS", set, |buf, s| write_str(buf, s))?,
        AttributeValue::Ns(set) => write_set(buf, b"NS", set, write_number)?,
        AttributeValue::Bs(set) => write_set(buf, b"BS", set, |buf, b| write_base64(buf, b))?,
    }
    buf.push(b'}');
    Ok(())
}

fn write_set<T: Ord>(
    buf: &mut Vec<u8>,
    tag: &[u8],
    set: &[T],
    each: impl Fn(&mut Vec<u8>, &T),
) -> Result<(), EncodeError> {
    check_set(set)?;
    write_tagged(buf, tag);
    write_list(buf, set, each);
    Ok(())
}

/// Refuses an empty set and one holding a member twice (numbers compare
/// by value: `1` and `1.0` are the same member to DynamoDB).
fn check_set<T: Ord>(set: &[T]) -> Result<(), EncodeError> {
    if set.is_empty() {
        return Err(EncodeError::new(EncodeErrorKind::EmptySet));
    }
    if has_duplicate(set.len(), &|a, b| set[a].cmp(&set[b])) {
        return Err(EncodeError::new(EncodeErrorKind::DuplicateSetMember));
    }
    Ok(())
}

/// Whether two of `len` members compare equal under `cmp` (by index).
/// One copy for every set kind, not a sort per member type: members in
/// strictly increasing order (as `BTreeSet`s give them) are proven distinct
/// in one pass; others are heap-sorted by index, then neighbours compared.
fn has_duplicate(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> bool {
    if (1..len).all(|i| cmp(i - 1, i) == Ordering::Less) {
        return false;
    }
    let less = |a: usize, b: usize| cmp(a, b) == Ordering::Less;
    let mut order: Vec<usize> = (0..len).collect();
    // Heapsort: O(n log n) at worst, and a few hundred bytes of code.
    for i in (0..len + len / 2).rev() {
        let (mut node, end) = if i >= len {
            (i - len, len)
        } else {
            order.swap(0, i);
            (0, i)
        };
        loop {
            let mut child = 2 * node + 1;
            if child >= end {
                break;
            }
            if child + 1 < end && less(order[child], order[child + 1]) {
                child += 1;
            }
            if !less(order[node], order[child]) {
                break;
            }
            order.swap(node, child);
            node = child;
        }
    }
    order
        .windows(2)
        .any(|pair| cmp(pair[0], pair[1]) == Ordering::Equal)
}

/// Writes `[a,b,…]` with `each` writing one element.
pub(crate) fn write_list<T>(buf: &mut Vec<u8>, items: &[T], each: impl Fn(&mut Vec<u8>, &T)) {
    buf.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        each(buf, item);
    }
    buf.push(b']');
}

/// Refuses what [`write_value`] refuses (empty sets, empty or oversized
/// names at any depth) without writing anything: raw values kept as they
/// are (`to_item`) obey the same rules as raw values written.
pub(crate) fn check_value(value: &AttributeValue) -> Result<(), EncodeError> {
    match value {
        AttributeValue::Ss(s) => check_set(s),
        AttributeValue::Ns(s) => check_set(s),
        AttributeValue::Bs(s) => check_set(s),
        AttributeValue::M(m) => m.iter().try_for_each(|(name, v)| {
            check_name(name)?;
            check_value(v).map_err(|e| e.at_field(name))
        }),
        AttributeValue::L(l) => l
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_value(v).map_err(|e| e.at_index(i))),
        _ => Ok(()),
    }
}

/// Refuses an attribute name DynamoDB rejects: empty, or over 64 KB.
pub(crate) fn check_name(name: &str) -> Result<(), EncodeError> {
    if name.is_empty() || name.len() > 65_535 {
        return Err(EncodeError::new(EncodeErrorKind::Invalid(
            crate::text::format(
                "attribute names must be 1 to 65535 bytes long (got {})",
                &[name.len().into()],
            ),
        )));
    }
    Ok(())
}

/// Writes a map of attribute values, e.g. `{"id":{"S":"x"}}`.
pub fn write_item(buf: &mut Vec<u8>, item: &Item) -> Result<(), EncodeError> {
    let mut object = ObjectWriter::new(buf);
    for (name, value) in item {
        check_name(name)?;
        write_value(object.key(name), value).map_err(|e| e.at_field(name))?;
    }
    object.finish();
    Ok(())
}

/// Refuses an item over DynamoDB's 400 KB before it is sent. `json` is the
/// item as written; DynamoDB's size is never larger than its JSON, so only
/// large items are measured exactly.
pub(crate) fn check_item_size(json: &[u8]) -> Result<(), EncodeError> {
    if json.len() <= crate::value::MAX_ITEM_SIZE {
        return Ok(());
    }
    let item = crate::json::item_from_slice(json).map_err(|e| {
        EncodeError::new(EncodeErrorKind::Json(alloc::string::ToString::to_string(
            &e,
        )))
    })?;
    let size = crate::value::item_size(&item);
    if size > crate::value::MAX_ITEM_SIZE {
        return Err(EncodeError::new(EncodeErrorKind::ItemTooLarge { size }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;

    fn json(value: &AttributeValue) -> String {
        let mut buf = Vec::new();
        write_value(&mut buf, value).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn escapes_strings_as_json_requires() {
        let mut buf = Vec::new();
        write_str(&mut buf, "a\"b\\c\nd\u{1}é");
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r#""a\"b\\c\nd\u0001é""#
        );
    }

    #[test]
    fn writes_every_value_type() {
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(json(&AttributeValue::S("x".into())), r#"{"S":"x"}"#);
        assert_eq!(json(&AttributeValue::N(n("1.5"))), r#"{"N":"1.5"}"#);
        assert_eq!(json(&AttributeValue::B(b"hi!".to_vec())), r#"{"B":"aGkh"}"#);
        assert_eq!(json(&AttributeValue::Bool(true)), r#"{"BOOL":true}"#);
        assert_eq!(json(&AttributeValue::Null), r#"{"NULL":true}"#);
        assert_eq!(
            json(&AttributeValue::L(vec![
                AttributeValue::Null,
                AttributeValue::Bool(false)
            ])),
            r#"{"L":[{"NULL":true},{"BOOL":false}]}"#
        );
        assert_eq!(
            json(&AttributeValue::Ss(vec!["a".into(), "b".into()])),
            r#"{"SS":["a","b"]}"#
        );
        assert_eq!(
            json(&AttributeValue::Ns(vec![n("1"), n("2")])),
            r#"{"NS":["1","2"]}"#
        );
        assert_eq!(
            json(&AttributeValue::Bs(vec![vec![0xff]])),
            r#"{"BS":["/w=="]}"#
        );
        let mut m = Item::new();
        m.insert("k".into(), AttributeValue::M(Item::new()));
        assert_eq!(json(&AttributeValue::M(m)), r#"{"M":{"k":{"M":{}}}}"#);
    }

    #[test]
    fn empty_set_is_an_error_naming_where() {
        let mut m = Item::new();
        m.insert("tags".into(), AttributeValue::Ss(vec![]));
        let err = write_value(
            &mut Vec::new(),
            &AttributeValue::L(vec![AttributeValue::M(m)]),
        )
        .unwrap_err();
        assert_eq!(err.kind(), &EncodeErrorKind::EmptySet);
        assert_eq!(alloc::format!("{}", err.location()), "[0].tags");
    }

    #[test]
    fn a_set_holding_a_member_twice_is_refused() {
        let n = |s: &str| Number::parse(s).unwrap();
        let sets = [
            AttributeValue::Ss(vec!["a".into(), "b".into(), "a".into()]),
            AttributeValue::Ns(vec![n("1"), n("2"), n("1.0")]),
            AttributeValue::Bs(vec![vec![1], vec![1]]),
        ];
        for set in sets {
            let err = write_value(&mut Vec::new(), &set).unwrap_err();
            assert_eq!(err.kind(), &EncodeErrorKind::DuplicateSetMember, "{set:?}");
            let err = check_value(&set).unwrap_err();
            assert_eq!(err.kind(), &EncodeErrorKind::DuplicateSetMember, "{set:?}");
        }
        assert_eq!(
            json(&AttributeValue::Ns(vec![n("1"), n("10")])),
            r#"{"NS":["1","10"]}"#
        );
    }

    #[test]
    fn duplicates_are_found_in_any_order_and_distinct_members_pass() {
        use proptest::prelude::*;
        let pairwise = |v: &[u8]| (0..v.len()).any(|i| v[i + 1..].contains(&v[i]));
        proptest!(|(v in proptest::collection::vec(0u8..40, 0..60))| {
            prop_assert_eq!(has_duplicate(v.len(), &|a, b| v[a].cmp(&v[b])), pairwise(&v));
        });
        let n = |s: &str| Number::parse(s).unwrap();
        let distinct = AttributeValue::Ns(vec![n("3"), n("-1"), n("2e0"), n("0.5"), n("10")]);
        assert_eq!(json(&distinct), r#"{"NS":["3","-1","2e0","0.5","10"]}"#);
        let twice = AttributeValue::Ss(vec!["d".into(), "b".into(), "c".into(), "b".into()]);
        assert_eq!(
            write_value(&mut Vec::new(), &twice).unwrap_err().kind(),
            &EncodeErrorKind::DuplicateSetMember
        );
    }
}
