//! Errors turning values into DynamoDB attributes and back, each naming
//! where in the value it happened (an [`ErrorLocation`]: `lines[0].sku`).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::number::NumberError;
use crate::text::{self, Arg};
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
                LocationStep::Field(name) => {
                    f.write_str(".")?;
                    f.write_str(name)?;
                }
                LocationStep::Index(index) => text::write(f, "[{}]", &[(*index).into()])?,
            }
        }
        Ok(())
    }
}

/// What went wrong turning a value into an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// Not a valid DynamoDB number.
    Number(NumberError),
    /// An empty set where DynamoDB needs a value (inside a raw value or a key).
    EmptySet,
    /// A string, number or binary set that holds the same member twice
    /// (numbers compared by value), which DynamoDB rejects.
    DuplicateSetMember,
    /// A key attribute that is an empty string or empty binary.
    EmptyKey,
    /// A key value over DynamoDB's limit: 2,048 bytes for a hash key,
    /// 1,024 for a range key.
    KeyTooLarge {
        /// The value's size in bytes (UTF-8 for strings).
        size: usize,
        /// The limit for this key.
        limit: usize,
    },
    /// A value in a composite key template that holds one of the
    /// template's separators (`#` in `ORDER#{date}#{id}`), which would make
    /// the key ambiguous.
    KeySeparator {
        /// The separator found in the value.
        separator: char,
        /// The templated key attribute (`"sk"`).
        template: &'static str,
    },
    /// The item is over DynamoDB's 400 KB limit.
    ItemTooLarge {
        /// The item's size as DynamoDB counts it.
        size: usize,
    },
    /// A value that could not be serialized as JSON text.
    Json(String),
    /// More operands than DynamoDB allows in one place (e.g. `IN` takes 100).
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
    OverlappingPaths {
        /// One path.
        first: String,
        /// The other path.
        second: String,
    },
    /// The same key twice in one batch, which DynamoDB rejects.
    DuplicateKey(String),
    /// An expression with nothing in it (an update with no actions).
    EmptyExpression(&'static str),
    /// Any other invalid value, with the reason.
    Invalid(String),
}

impl fmt::Display for EncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (template, args): (&str, &[Arg<'_>]) = match self {
            EncodeErrorKind::Number(e) => return fmt::Display::fmt(e, f),
            EncodeErrorKind::EmptySet => ("empty sets cannot be stored", &[]),
            EncodeErrorKind::DuplicateSetMember => ("a set holds the same member twice", &[]),
            EncodeErrorKind::EmptyKey => ("key attributes cannot be empty", &[]),
            EncodeErrorKind::KeyTooLarge { size, limit } => (
                "key value is {} bytes, over DynamoDB's limit of {}",
                &[(*size).into(), (*limit).into()],
            ),
            EncodeErrorKind::KeySeparator {
                separator,
                template,
            } => {
                let mut utf8 = [0; 4];
                let separator = separator.encode_utf8(&mut utf8);
                return text::write(
                    f,
                    "the value holds `{}`, a separator of key template `{}`",
                    &[Arg::Text(separator), Arg::Text(template)],
                );
            }
            EncodeErrorKind::ItemTooLarge { size } => (
                "item is {} bytes, over DynamoDB's limit of 409600 (400 KB)",
                &[(*size).into()],
            ),
            EncodeErrorKind::Json(e) => ("cannot encode as JSON: {}", &[e.into()]),
            EncodeErrorKind::TooManyOperands { what, limit, got } => (
                "{} takes at most {} operands, got {}",
                &[Arg::Text(what), (*limit).into(), (*got).into()],
            ),
            EncodeErrorKind::OverlappingPaths { first, second } => (
                "update paths `{}` and `{}` overlap",
                &[first.into(), second.into()],
            ),
            EncodeErrorKind::DuplicateKey(key) => ("duplicate key in batch: {}", &[key.into()]),
            EncodeErrorKind::EmptyExpression(what) => ("empty {} expression", &[Arg::Text(what)]),
            EncodeErrorKind::Invalid(reason) => return f.write_str(reason),
        };
        text::write(f, template, args)
    }
}

impl core::error::Error for EncodeErrorKind {}

impl From<NumberError> for EncodeErrorKind {
    fn from(e: NumberError) -> Self {
        EncodeErrorKind::Number(e)
    }
}

/// A value that cannot be stored, and where it sits in the item.
// Boxed, as `DecodeError` is: a small `Result` through every `?`.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodeError(Box<Located<EncodeErrorKind>>);

/// A codec error's kind and location, boxed by [`EncodeError`] and
/// [`DecodeError`].
#[derive(Clone, PartialEq, Eq)]
struct Located<K> {
    path: ErrorLocation,
    kind: K,
}

impl<K: fmt::Debug> Located<K> {
    /// As `#[derive(Debug)]` wrote the error when its fields were not
    /// boxed.
    fn debug(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("path", &self.path)
            .field("kind", &self.kind)
            .finish()
    }
}

impl fmt::Debug for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug("EncodeError", f)
    }
}

impl EncodeError {
    /// A new error at the top of the value.
    pub fn new(kind: EncodeErrorKind) -> Self {
        EncodeError(Box::new(Located {
            path: ErrorLocation::default(),
            kind,
        }))
    }

    /// The same error, one map key further out.
    pub fn at_field(mut self, name: &str) -> Self {
        self.0.path.reversed.push(LocationStep::Field(name.into()));
        self
    }

    /// The same error, one list index further out.
    pub fn at_index(mut self, index: usize) -> Self {
        self.0.path.reversed.push(LocationStep::Index(index));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.0.kind
    }

    /// Where in the value the error is (`lines[0].sku`).
    pub fn location(&self) -> &ErrorLocation {
        &self.0.path
    }
}

impl From<NumberError> for EncodeError {
    fn from(e: NumberError) -> Self {
        EncodeError::new(EncodeErrorKind::Number(e))
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            f.write_str("cannot encode value: ")?;
        } else {
            f.write_str("cannot encode attribute `")?;
            fmt::Display::fmt(&self.0.path, f)?;
            f.write_str("`: ")?;
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl core::error::Error for EncodeError {}

/// What went wrong reading an attribute into a Rust value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The stored type is not the one the field expects.
    Type {
        /// What the Rust type reads (`"S"`, `"N or S"`…).
        expected: &'static str,
        /// What was stored.
        found: ValueType,
    },
    /// A required attribute is absent.
    Missing,
    /// A stored number that does not fit the Rust type.
    Number(NumberError),
    /// A date-time string in no format Rynamo reads.
    DateTime(String),
    /// Malformed JSON (a response body or a JSON attribute).
    Json(String),
    /// Malformed base64 (a legacy binary attribute).
    Base64(String),
    /// A value no variant of the Rust type matches.
    UnknownVariant(String),
    /// Any other invalid value, with the reason.
    Invalid(String),
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (template, args): (&str, &[Arg<'_>]) = match self {
            DecodeErrorKind::Type { expected, found } => (
                "expected {}, found {}",
                &[Arg::Text(expected), Arg::Text(found.tag())],
            ),
            DecodeErrorKind::Missing => ("required attribute is missing", &[]),
            DecodeErrorKind::Number(e) => return fmt::Display::fmt(e, f),
            DecodeErrorKind::DateTime(value) => ("invalid date-time `{}`", &[value.into()]),
            DecodeErrorKind::Json(e) => ("invalid JSON: {}", &[e.into()]),
            DecodeErrorKind::Base64(e) => ("invalid base64: {}", &[e.into()]),
            DecodeErrorKind::UnknownVariant(value) => ("unknown value `{}`", &[value.into()]),
            DecodeErrorKind::Invalid(reason) => return f.write_str(reason),
        };
        text::write(f, template, args)
    }
}

impl core::error::Error for DecodeErrorKind {}

impl From<NumberError> for DecodeErrorKind {
    fn from(e: NumberError) -> Self {
        DecodeErrorKind::Number(e)
    }
}

/// Stored data that does not read into the Rust type, and where it sits.
// Boxed: one pointer, so the `Result<_, DecodeError>` every reader step
// hands back stays small (copied through each `?`) and only a failure,
// the rare path, allocates.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Located<DecodeErrorKind>>);

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug("DecodeError", f)
    }
}

impl DecodeError {
    /// A new error at the top of the value.
    pub fn new(kind: DecodeErrorKind) -> Self {
        DecodeError(Box::new(Located {
            path: ErrorLocation::default(),
            kind,
        }))
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
        self.0.path.reversed.push(LocationStep::Field(name.into()));
        self
    }

    /// The same error, one list index further out.
    pub fn at_index(mut self, index: usize) -> Self {
        self.0.path.reversed.push(LocationStep::Index(index));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// Where in the value the error is (`lines[0].sku`).
    pub fn location(&self) -> &ErrorLocation {
        &self.0.path
    }
}

impl From<NumberError> for DecodeError {
    fn from(e: NumberError) -> Self {
        DecodeError::new(DecodeErrorKind::Number(e))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            f.write_str("cannot decode value: ")?;
        } else {
            f.write_str("cannot decode attribute `")?;
            fmt::Display::fmt(&self.0.path, f)?;
            f.write_str("`: ")?;
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl core::error::Error for DecodeError {}
