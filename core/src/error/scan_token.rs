//! [`ScanTokenError`]: a scan resume token that does not parse, or belongs
//! to another scan (table, index, segment or key schema).

use alloc::string::String;
use core::fmt;

use crate::text::{self, Arg};

/// Why a scan resume token was refused; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanTokenError {
    /// The text is not a Rynamo scan token (cut short, edited, or another
    /// kind of string).
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A token of a format version this Rynamo does not read (written by a
    /// newer one).
    UnsupportedVersion {
        /// The token's version.
        found: u32,
        /// The version this Rynamo reads and writes.
        supported: u32,
    },
    /// The token continues a scan of another table.
    OtherTable {
        /// The table this scan reads (after the client's prefix).
        expected: String,
        /// The table in the token.
        found: String,
    },
    /// The token continues a scan of another index (or of the table where
    /// this scan reads an index, or the other way round).
    OtherIndex {
        /// The index this scan reads; `None` for the table itself.
        expected: Option<String>,
        /// The index in the token.
        found: Option<String>,
    },
    /// The token continues another segment, or the same segment number of
    /// a scan split into a different number of segments.
    OtherSegment {
        /// `(segment, total)` of this scan.
        expected: (u32, u32),
        /// `(segment, total)` in the token.
        found: (u32, u32),
    },
    /// The token's key does not have exactly the key attributes of the
    /// table or index scanned.
    OtherKey {
        /// The attribute that is missing or not a key attribute.
        attribute: String,
        /// `"is missing"` or `"is not a key attribute"`.
        problem: &'static str,
    },
}

impl fmt::Display for ScanTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // "index `name`" or "the table".
        fn index(index: &Option<String>) -> (&str, &str, &str) {
            match index {
                Some(name) => ("index `", name, "`"),
                None => ("the table", "", ""),
            }
        }
        match self {
            ScanTokenError::Malformed { reason } => {
                text::write(f, "not a scan resume token: {}", &[Arg::Text(reason)])
            }
            ScanTokenError::UnsupportedVersion { found, supported } => text::write(
                f,
                "scan resume token of version {}; this version of Rynamo reads version {}",
                &[(*found).into(), (*supported).into()],
            ),
            ScanTokenError::OtherTable { expected, found } => text::write(
                f,
                "scan resume token for table `{}`, but this scan reads `{}`",
                &[found.into(), expected.into()],
            ),
            ScanTokenError::OtherIndex { expected, found } => {
                let (a, b, c) = index(found);
                let (d, e, g) = index(expected);
                text::write(
                    f,
                    "scan resume token for {}{}{}, but this scan reads {}{}{}",
                    &[a, b, c, d, e, g].map(Arg::Text),
                )
            }
            ScanTokenError::OtherSegment { expected, found } => text::write(
                f,
                "scan resume token for segment {} of {}, but this scan reads segment {} of {}",
                &[found.0, found.1, expected.0, expected.1].map(Arg::from),
            ),
            ScanTokenError::OtherKey { attribute, problem } => text::write(
                f,
                "scan resume token's key does not fit this scan: attribute `{}` {}",
                &[attribute.into(), Arg::Text(problem)],
            ),
        }
    }
}

impl core::error::Error for ScanTokenError {}
