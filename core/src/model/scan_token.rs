//! [`ScanToken`]: where one segment of a scan continues, as a string a
//! worker can hand to another process (a queue message, a Lambda event, an
//! environment variable) that continues the same segment.
//!
//! The text format is documented on [`ScanToken`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::error::ScanTokenError;
use crate::value::Item;

/// The token's prefix, before the version.
const PREFIX: &str = "rynamo-scan";
/// The version this Rynamo writes and reads.
pub const SCAN_TOKEN_VERSION: u32 = 1;
/// DynamoDB's largest `TotalSegments`.
pub(super) const MAX_SEGMENTS: u32 = 1_000_000;

/// Where one segment of a scan continues, as text: `Display` writes it,
/// `FromStr` reads it.
///
/// # Format, version 1
///
/// ```text
/// rynamo-scan:1:<table>:<index>:<segment>:<total>:<key>
/// ```
///
/// Fields are separated by `:`, which neither table and index names
/// (`A-Z a-z 0-9 _ - .`) nor base64 contain.
///
/// - `1`: the format version. A Rynamo that meets a version it does not
///   read refuses the token ([`ScanTokenError::UnsupportedVersion`]) and
///   reads nothing; a later version will only add versions, never change
///   what version 1 means.
/// - `<table>`: the table scanned, as sent (after the client's prefix).
/// - `<index>`: the index scanned; empty for the table itself.
/// - `<segment>`, `<total>`: decimal, `segment < total`.
/// - `<key>`: the `ExclusiveStartKey` to continue after, as DynamoDB JSON
///   (`{"id":{"S":"a"}}`, attributes in name order) in standard base64
///   with padding; empty for "from the start of the segment".
///
/// A token is resumed only by a scan of the same table, index, segment and
/// total, and its key must hold exactly the key attributes of what is
/// scanned; anything else is a [`ScanTokenError`] before any request. The
/// filter, projection and page size are not part of the token: the process
/// continuing decides them (a resume key is a position, valid for any
/// filter).
#[derive(Debug, Clone, PartialEq)]
pub struct ScanToken {
    table: String,
    index: Option<String>,
    segment: u32,
    total: u32,
    key: Option<Item>,
}

impl ScanToken {
    pub(super) fn new(
        table: String,
        index: Option<String>,
        segment: u32,
        total: u32,
        key: Option<Item>,
    ) -> Self {
        ScanToken {
            table,
            index,
            segment,
            total,
            key,
        }
    }

    /// The table scanned (after the client's prefix).
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The index scanned; `None` for the table itself.
    pub fn index(&self) -> Option<&str> {
        self.index.as_deref()
    }

    /// The segment number, below [`total`](ScanToken::total).
    pub fn segment(&self) -> u32 {
        self.segment
    }

    /// The number of segments the scan is split into.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// The key the segment continues after; `None` when it starts at the
    /// beginning.
    pub fn key(&self) -> Option<&Item> {
        self.key.as_ref()
    }

    /// Checks that this token continues the scan described, whose keys
    /// are `key_names`.
    pub(super) fn check(
        &self,
        table: &str,
        index: Option<&str>,
        segment: (u32, u32),
        key_names: &[String],
    ) -> Result<(), ScanTokenError> {
        if self.table != table {
            return Err(ScanTokenError::OtherTable {
                expected: table.into(),
                found: self.table.clone(),
            });
        }
        if self.index.as_deref() != index {
            return Err(ScanTokenError::OtherIndex {
                expected: index.map(Into::into),
                found: self.index.clone(),
            });
        }
        if (self.segment, self.total) != segment {
            return Err(ScanTokenError::OtherSegment {
                expected: segment,
                found: (self.segment, self.total),
            });
        }
        let Some(key) = &self.key else { return Ok(()) };
        if let Some(missing) = key_names.iter().find(|n| !key.contains_key(n.as_str())) {
            return Err(ScanTokenError::OtherKey {
                attribute: missing.clone(),
                problem: "is missing",
            });
        }
        if let Some(extra) = key.keys().find(|n| !key_names.contains(n)) {
            return Err(ScanTokenError::OtherKey {
                attribute: extra.clone(),
                problem: "is not a key attribute",
            });
        }
        Ok(())
    }
}

impl fmt::Display for ScanToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}:{SCAN_TOKEN_VERSION}:{}:{}:{}:{}:",
            self.table,
            self.index.as_deref().unwrap_or_default(),
            self.segment,
            self.total
        )?;
        if let Some(key) = &self.key {
            let mut json = Vec::new();
            // A key read from DynamoDB always writes; an unwritable one
            // (never produced here) would show as an empty key and be
            // refused on resume as a missing attribute.
            if crate::json::write_item(&mut json, key).is_ok() {
                f.write_str(&crate::base64::encode(&json))?;
            }
        }
        Ok(())
    }
}

fn malformed(reason: &'static str) -> ScanTokenError {
    ScanTokenError::Malformed { reason }
}

/// A decimal `u32` without sign or leading `+`.
fn number(field: &[u8], what: &'static str) -> Result<u32, ScanTokenError> {
    if field.is_empty() || field.len() > 10 || !field.iter().all(u8::is_ascii_digit) {
        return Err(malformed(what));
    }
    field
        .iter()
        .try_fold(0u32, |n, d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
        .ok_or_else(|| malformed(what))
}

/// A table or index name: 1 to 255 of `A-Z a-z 0-9 _ - .`.
fn name(field: &[u8], what: &'static str) -> Result<String, ScanTokenError> {
    let valid = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    if field.is_empty() || field.len() > 255 || !field.iter().all(valid) {
        return Err(malformed(what));
    }
    // Only ASCII bytes passed the check.
    Ok(field.iter().map(|&b| char::from(b)).collect())
}

impl FromStr for ScanToken {
    type Err = ScanTokenError;

    fn from_str(text: &str) -> Result<Self, ScanTokenError> {
        let mut fields = text.as_bytes().split(|&b| b == b':');
        if fields.next() != Some(PREFIX.as_bytes()) {
            return Err(malformed("it does not start with `rynamo-scan:`"));
        }
        let version = number(fields.next().unwrap_or_default(), "no version number")?;
        if version != SCAN_TOKEN_VERSION {
            return Err(ScanTokenError::UnsupportedVersion {
                found: version,
                supported: SCAN_TOKEN_VERSION,
            });
        }
        let parts: Vec<&[u8]> = fields.collect();
        let [table, index, segment, total, key] = parts[..] else {
            return Err(malformed(
                "version 1 has 7 fields: rynamo-scan:1:table:index:segment:total:key",
            ));
        };
        let table = name(table, "the table name is not a DynamoDB table name")?;
        let index = match index {
            [] => None,
            index => Some(name(index, "the index name is not a DynamoDB index name")?),
        };
        let segment = number(segment, "the segment is not a number")?;
        let total = number(total, "the total is not a number")?;
        if total == 0 || total > MAX_SEGMENTS || segment >= total {
            return Err(malformed(
                "the segment must be below the total, which is 1 to 1,000,000",
            ));
        }
        let key = match key {
            [] => None,
            key => {
                let json =
                    crate::base64::decode(key).map_err(|_| malformed("the key is not base64"))?;
                let item = crate::json::item_from_slice(&json)
                    .map_err(|_| malformed("the key is not a DynamoDB JSON item"))?;
                if item.is_empty() {
                    return Err(malformed("the key has no attributes"));
                }
                Some(item)
            }
        };
        Ok(ScanToken {
            table,
            index,
            segment,
            total,
            key,
        })
    }
}

impl From<ScanToken> for String {
    fn from(token: ScanToken) -> String {
        token.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::AttributeValue;

    fn key() -> Item {
        [
            ("id".into(), AttributeValue::S("a:b".into())),
            ("n".into(), AttributeValue::N(17u32.into())),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn a_token_is_written_in_the_documented_format() {
        let token = ScanToken::new("t-orders".into(), None, 2, 4, Some(key()));
        // base64 of {"id":{"S":"a:b"},"n":{"N":"17"}}
        assert_eq!(
            token.to_string(),
            "rynamo-scan:1:t-orders::2:4:eyJpZCI6eyJTIjoiYTpiIn0sIm4iOnsiTiI6IjE3In19"
        );
        let start = ScanToken::new("t".into(), Some("by_sku".into()), 0, 1, None);
        assert_eq!(start.to_string(), "rynamo-scan:1:t:by_sku:0:1:");
    }

    #[test]
    fn a_token_reads_back_as_written() {
        for token in [
            ScanToken::new("t-orders".into(), None, 2, 4, Some(key())),
            ScanToken::new(
                "a.b_c-d".into(),
                Some("gsi.1".into()),
                999_999,
                1_000_000,
                None,
            ),
        ] {
            assert_eq!(token.to_string().parse::<ScanToken>().unwrap(), token);
        }
    }

    #[test]
    fn a_token_of_another_version_is_refused_before_the_rest_is_read() {
        assert_eq!(
            "rynamo-scan:2:whatever:comes:next".parse::<ScanToken>(),
            Err(ScanTokenError::UnsupportedVersion {
                found: 2,
                supported: 1
            })
        );
    }

    #[test]
    fn malformed_tokens_are_refused_with_a_reason() {
        for text in [
            "",
            "rynamo-scan",
            "rynamo-scan:",
            "rynamo-scan:x:t::0:1:",
            "other:1:t::0:1:",
            "rynamo-scan:1:t::0:1",
            "rynamo-scan:1:t::0:1::",
            "rynamo-scan:1:::0:1:",
            "rynamo-scan:1:t/x::0:1:",
            "rynamo-scan:1:t:i x:0:1:",
            "rynamo-scan:1:t::1:1:",
            "rynamo-scan:1:t::0:0:",
            "rynamo-scan:1:t::0:1000001:",
            "rynamo-scan:1:t::-1:4:",
            "rynamo-scan:1:t::+1:4:",
            "rynamo-scan:1:t::99999999999:4:",
            "rynamo-scan:1:t::0:4:!!!!",
            "rynamo-scan:1:t::0:4:bm90IGpzb24=",
            "rynamo-scan:1:t::0:4:e30=",
        ] {
            assert!(
                matches!(
                    text.parse::<ScanToken>(),
                    Err(ScanTokenError::Malformed { .. })
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_token_for_another_scan_is_refused() {
        let names = ["id".to_string(), "n".to_string()];
        let token = ScanToken::new("t".into(), None, 1, 4, Some(key()));
        assert_eq!(token.check("t", None, (1, 4), &names), Ok(()));
        assert!(matches!(
            token.check("u", None, (1, 4), &names),
            Err(ScanTokenError::OtherTable { .. })
        ));
        assert!(matches!(
            token.check("t", Some("gsi"), (1, 4), &names),
            Err(ScanTokenError::OtherIndex { .. })
        ));
        assert_eq!(
            token.check("t", None, (2, 4), &names),
            Err(ScanTokenError::OtherSegment {
                expected: (2, 4),
                found: (1, 4)
            })
        );
        assert!(matches!(
            token.check("t", None, (1, 8), &names),
            Err(ScanTokenError::OtherSegment { .. })
        ));
        assert_eq!(
            token.check("t", None, (1, 4), &["id".into()]),
            Err(ScanTokenError::OtherKey {
                attribute: "n".into(),
                problem: "is not a key attribute"
            })
        );
        assert_eq!(
            token.check("t", None, (1, 4), &["id".into(), "n".into(), "sk".into()]),
            Err(ScanTokenError::OtherKey {
                attribute: "sk".into(),
                problem: "is missing"
            })
        );
    }
}
