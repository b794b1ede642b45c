//! Errors turning values into DynamoDB attributes and back, each naming
//! where in the value it happened (an [`ErrorLocation`]: `lines[0].sku`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::number::NumberError;
use crate::value::ValueType;

/// One step of an [`ErrorLocation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationStep {
    /// A map key or attribute name.
    Field(String),
    /// A list index.
    Index(usize),
}

/// Where in a value being encoded or decoded an error happened, outermost
/// step first (`lines[0].sku`, or `[0].tags` inside a list).
///
/// Not an [`AttributePath`](crate::expr::AttributePath): it is built
/// inside-out as the error bubbles up, it may start at a list index, and the
/// error floor sits below `expr` (whose parser returns an [`EncodeError`]),
/// so it cannot carry `expr`'s type without an import circle.
/// [`AttributePath::from_location`](crate::expr::AttributePath::from_location)
/// turns one that names an attribute into a document path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorLocation {
    /// Steps stored innermost first, since errors gain outer steps as they
    /// bubble up.
    reversed: Vec<LocationStep>,
}

impl ErrorLocation {
    /// The steps, outermost first.
    pub fn steps(&self) -> impl Iterator<Item = &LocationStep> {
        self.reversed.iter().rev()
    }

    /// Whether the error is at the top (no attribute named).
    pub fn is_empty(&self) -> bool {
        self.reversed.is_empty()
    }
}

impl fmt::Display for ErrorLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps().enumerate() {
            match step {
                LocationStep::Field(name) if i == 0 => f.write_str(name)?,
                LocationStep::Field(name) => write!(f, ".{name}")?,
                LocationStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// What went wrong turning a value into an attribute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// Not a valid DynamoDB number.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// An empty set where DynamoDB needs a value (inside a raw value or a key).
    #[error("empty sets cannot be stored")]
    EmptySet,
    /// A string, number or binary set that holds the same member twice
    /// (numbers compared by value), which DynamoDB rejects.
    #[error("a set holds the same member twice")]
    DuplicateSetMember,
    /// A key attribute that is an empty string or empty binary.
    #[error("key attributes cannot be empty")]
    EmptyKey,
    /// A key value over DynamoDB's limit: 2,048 bytes for a hash key,
    /// 1,024 for a range key.
    #[error("key value is {size} bytes, over DynamoDB's limit of {limit}")]
    KeyTooLarge {
        /// The value's size in bytes (UTF-8 for strings).
        size: usize,
        /// The limit for this key.
        limit: usize,
    },
    /// A value in a composite key template that holds one of the
    /// template's separators (`#` in `ORDER#{date}#{id}`), which would make
    /// the key ambiguous.
    #[error("the value holds `{separator}`, a separator of key template `{template}`")]
    KeySeparator {
        /// The separator found in the value.
        separator: char,
        /// The templated key attribute (`"sk"`).
        template: &'static str,
    },
    /// The item is over DynamoDB's 400 KB limit.
    #[error("item is {size} bytes, over DynamoDB's limit of 409600 (400 KB)")]
    ItemTooLarge {
        /// The item's size as DynamoDB counts it.
        size: usize,
    },
    /// A value that could not be serialized as JSON text.
    #[error("cannot encode as JSON: {0}")]
    Json(String),
    /// More operands than DynamoDB allows in one place (e.g. `IN` takes 100).
    #[error("{what} takes at most {limit} operands, got {got}")]
    TooManyOperands {
        /// Where (`"IN"`).
        what: &'static str,
        /// DynamoDB's limit.
        limit: usize,
        /// How many were given.
        got: usize,
    },
    /// Two update actions on the same or overlapping paths, which DynamoDB
    /// rejects.
    #[error("update paths `{first}` and `{second}` overlap")]
    OverlappingPaths {
        /// One path.
        first: String,
        /// The other path.
        second: String,
    },
    /// The same key twice in one batch, which DynamoDB rejects.
    #[error("duplicate key in batch: {0}")]
    DuplicateKey(String),
    /// An expression with nothing in it (an update with no actions).
    #[error("empty {0} expression")]
    EmptyExpression(&'static str),
    /// Any other invalid value, with the reason.
    #[error("{0}")]
    Invalid(String),
}

/// A value that cannot be stored, and where it sits in the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    path: ErrorLocation,
    kind: EncodeErrorKind,
}

impl EncodeError {
    /// A new error at the top of the value.
    pub fn new(kind: EncodeErrorKind) -> Self {
        EncodeError {
            path: ErrorLocation::default(),
            kind,
        }
    }

    /// The same error, one map key further out.
    pub fn at_field(mut self, name: &str) -> Self {
        self.path.reversed.push(LocationStep::Field(name.into()));
        self
    }

    /// The same error, one list index further out.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.reversed.push(LocationStep::Index(index));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }

    /// Where in the value the error is (`lines[0].sku`).
    pub fn location(&self) -> &ErrorLocation {
        &self.path
    }
}

impl From<NumberError> for EncodeError {
    fn from(e: NumberError) -> Self {
        EncodeError::new(EncodeErrorKind::Number(e))
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "cannot encode value: {}", self.kind)
        } else {
            write!(f, "cannot encode attribute `{}`: {}", self.path, self.kind)
        }
    }
}

impl core::error::Error for EncodeError {}

/// What went wrong reading an attribute into a Rust value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The stored type is not the one the field expects.
    #[error("expected {expected}, found {found}")]
    Type {
        /// What the Rust type reads (`"S"`, `"N or S"`…).
        expected: &'static str,
        /// What was stored.
        found: ValueType,
    },
    /// A required attribute is absent.
    #[error("required attribute is missing")]
    Missing,
    /// A stored number that does not fit the Rust type.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// A date-time string in no format Rynamo reads.
    #[error("invalid date-time `{0}`")]
    DateTime(String),
    /// Malformed JSON (a response body or a JSON attribute).
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Malformed base64 (a legacy binary attribute).
    #[error("invalid base64: {0}")]
    Base64(String),
    /// A value no variant of the Rust type matches.
    #[error("unknown value `{0}`")]
    UnknownVariant(String),
    /// Any other invalid value, with the reason.
    #[error("{0}")]
    Invalid(String),
}

/// Stored data that does not read into the Rust type, and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: ErrorLocation,
    kind: DecodeErrorKind,
}

impl DecodeError {
    /// A new error at the top of the value.
    pub fn new(kind: DecodeErrorKind) -> Self {
        DecodeError {
            path: ErrorLocation::default(),
            kind,
        }
    }

    /// A type mismatch: `expected` is what the Rust type reads.
    pub fn wrong_type(expected: &'static str, found: ValueType) -> Self {
        DecodeError::new(DecodeErrorKind::Type { expected, found })
    }

    /// A required attribute is absent.
    pub fn missing() -> Self {
        DecodeError::new(DecodeErrorKind::Missing)
    }

    /// The same error, one map key further out.
    pub fn at_field(mut self, name: &str) -> Self {
        self.path.reversed.push(LocationStep::Field(name.into()));
        self
    }

    /// The same error, one list index further out.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.reversed.push(LocationStep::Index(index));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }

    /// Where in the value the error is (`lines[0].sku`).
    pub fn location(&self) -> &ErrorLocation {
        &self.path
    }
}

impl From<NumberError> for DecodeError {
    fn from(e: NumberError) -> Self {
        DecodeError::new(DecodeErrorKind::Number(e))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "cannot decode value: {}", self.kind)
        } else {
            write!(f, "cannot decode attribute `{}`: {}", self.path, self.kind)
        }
    }
}

impl core::error::Error for DecodeError {}
