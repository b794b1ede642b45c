//! [`ScanTokenError`]: a scan resume token that does not parse, or belongs
//! to another scan (table, index, segment or key schema).

use alloc::string::String;

/// Why a scan resume token was refused; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScanTokenError {
    /// The text is not a Rynamo scan token (cut short, edited, or another
    /// kind of string).
    #[error("not a scan resume token: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A token of a format version this Rynamo does not read (written by a
    /// newer one).
    #[error(
        "scan resume token of version {found}; this version of Rynamo reads version {supported}"
    )]
    UnsupportedVersion {
        /// The token's version.
        found: u32,
        /// The version this Rynamo reads and writes.
        supported: u32,
    },
    /// The token continues a scan of another table.
    #[error("scan resume token for table `{found}`, but this scan reads `{expected}`")]
    OtherTable {
        /// The table this scan reads (after the client's prefix).
        expected: String,
        /// The table in the token.
        found: String,
    },
    /// The token continues a scan of another index (or of the table where
    /// this scan reads an index, or the other way round).
    #[error("scan resume token for {}, but this scan reads {}", index_name(.found), index_name(.expected))]
    OtherIndex {
        /// The index this scan reads; `None` for the table itself.
        expected: Option<String>,
        /// The index in the token.
        found: Option<String>,
    },
    /// The token continues another segment, or the same segment number of
    /// a scan split into a different number of segments.
    #[error(
        "scan resume token for segment {} of {}, but this scan reads segment {} of {}",
        .found.0, .found.1, .expected.0, .expected.1
    )]
    OtherSegment {
        /// `(segment, total)` of this scan.
        expected: (u32, u32),
        /// `(segment, total)` in the token.
        found: (u32, u32),
    },
    /// The token's key does not have exactly the key attributes of the
    /// table or index scanned.
    #[error("scan resume token's key does not fit this scan: attribute `{attribute}` {problem}")]
    OtherKey {
        /// The attribute that is missing or not a key attribute.
        attribute: String,
        /// `"is missing"` or `"is not a key attribute"`.
        problem: &'static str,
    },
}

fn index_name(index: &Option<String>) -> String {
    match index {
        Some(name) => alloc::format!("index `{name}`"),
        None => "the table".into(),
    }
}
