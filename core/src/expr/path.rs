//! Attribute paths: typed ([`Field`] constants the derives generate, and
//! [`Path`]s built from them) and raw ([`AttributePath`], for dynamic use).

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use super::placeholders::Placeholders;
use crate::error::{EncodeError, EncodeErrorKind, ErrorLocation, LocationStep};

/// A declared attribute of `P` (a model or map type) holding a `T`.
///
/// `#[derive(Model)]` and `#[derive(Attribute)]` generate one per field:
/// `Order::STATUS: Field<Order, Status>`. For `Option<T>` fields the
/// constant's type is `Field<P, T>`, since conditions compare with a `T`.
pub struct Field<P, T> {
    name: &'static str,
    marker: PhantomData<fn() -> (P, T)>,
}

impl<P, T> Field<P, T> {
    /// A field stored under the attribute name `name`.
    pub const fn new(name: &'static str) -> Self {
        Field {
            name,
            marker: PhantomData,
        }
    }

    /// The attribute name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<P, T> Clone for Field<P, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, T> Copy for Field<P, T> {}

impl<P, T> fmt::Debug for Field<P, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::text::write(f, "Field({})", &[self.name.into()])
    }
}

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathElement {
    /// A top-level attribute or a map key.
    Name(Cow<'static, str>),
    /// A list index.
    Index(usize),
}

/// An untyped document path: `a`, `a.b`, `a[0].b`. Names are always sent
/// as `#n` placeholders, so any name is safe, reserved words and dots
/// included.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttributePath {
    elements: Vec<PathElement>,
}

impl AttributePath {
    /// A top-level attribute, named exactly (a dot in `name` is part of the
    /// name, not a separator).
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        AttributePath {
            elements: alloc::vec![PathElement::Name(name.into())],
        }
    }

    /// Parses DynamoDB's document path syntax: names separated by `.`,
    /// each followed by any number of list indexes, `a.b[0].c` or
    /// `a[1][2]`. Every name must be non-empty and every index decimal
    /// digits; anything else is an [`EncodeErrorKind::Invalid`] naming the
    /// text. (A name holding a `.` or `[` needs [`AttributePath::new`].)
    pub fn parse(text: &str) -> Result<Self, EncodeError> {
        let invalid = || {
            EncodeError::new(EncodeErrorKind::Invalid(crate::text::format(
                "`{}` is not a document path like `a.b[0].c`",
                &[text.into()],
            )))
        };
        let bytes = text.as_bytes();
        let mut elements = Vec::new();
        let mut at = 0;
        loop {
            let start = at;
            while at < bytes.len() && !matches!(bytes[at], b'.' | b'[' | b']') {
                at += 1;
            }
            if at == start {
                return Err(invalid());
            }
            let name = text.get(start..at).ok_or_else(invalid)?;
            elements.push(PathElement::Name(Cow::Owned(name.into())));
            while bytes.get(at) == Some(&b'[') {
                at += 1;
                let digits = at;
                let mut index: usize = 0;
                while let Some(d @ b'0'..=b'9') = bytes.get(at) {
                    index = index
                        .checked_mul(10)
                        .and_then(|i| i.checked_add(usize::from(d - b'0')))
                        .ok_or_else(invalid)?;
                    at += 1;
                }
                if at == digits || bytes.get(at) != Some(&b']') {
                    return Err(invalid());
                }
                at += 1;
                elements.push(PathElement::Index(index));
            }
            match bytes.get(at) {
                None => return Ok(AttributePath { elements }),
                Some(b'.') => at += 1,
                Some(_) => return Err(invalid()),
            }
        }
    }

    /// The document path of an encode or decode error's location, when it
    /// names an attribute (`None` for a location at the top of the value or
    /// starting at a list index).
    pub fn from_location(location: &ErrorLocation) -> Option<Self> {
        let mut steps = location.steps();
        let Some(LocationStep::Field(first)) = steps.next() else {
            return None;
        };
        let mut path = AttributePath::new(first.clone());
        for step in steps {
            path = match step {
                LocationStep::Field(name) => path.field(name.clone()),
                LocationStep::Index(index) => path.index(*index),
            };
        }
        Some(path)
    }

    /// This path's map key `name`.
    pub fn field(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.elements.push(PathElement::Name(name.into()));
        self
    }

    /// This path's list element `index`.
    pub fn index(mut self, index: usize) -> Self {
        self.elements.push(PathElement::Index(index));
        self
    }

    /// The steps of the path.
    pub fn elements(&self) -> &[PathElement] {
        &self.elements
    }

    /// Whether `self` and `other` name the same attribute or one contains the
    /// other (DynamoDB rejects two update actions on such paths).
    pub fn overlaps(&self, other: &AttributePath) -> bool {
        self.elements
            .iter()
            .zip(other.elements.iter())
            .all(|(a, b)| a == b)
    }

    /// Writes the path into an expression, names as `#n` placeholders.
    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        for (i, element) in self.elements.iter().enumerate() {
            match element {
                PathElement::Name(name) => {
                    if i > 0 {
                        out.push('.');
                    }
                    placeholders.name(name, out);
                }
                PathElement::Index(index) => {
                    out.push('[');
                    out.push_str(crate::number::IntegerBuffer::new().format(*index));
                    out.push(']');
                }
            }
        }
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, element) in self.elements.iter().enumerate() {
            match element {
                PathElement::Name(name) if i == 0 => f.write_str(name)?,
                PathElement::Name(name) => crate::text::write(f, ".{}", &[(&**name).into()])?,
                PathElement::Index(index) => crate::text::write(f, "[{}]", &[(*index).into()])?,
            }
        }
        Ok(())
    }
}

/// A document path to a value of type `T`, checked by the compiler.
///
/// Built from a model's [`Field`] constants:
/// `Order::LINES.index(0).field(Line::SKU)` is a `Path<String>`.
pub struct Path<T> {
    path: AttributePath,
    marker: PhantomData<fn() -> T>,
}

impl<T> Clone for Path<T> {
    fn clone(&self) -> Self {
        Path {
            path: self.path.clone(),
            marker: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Path<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Path(")?;
        fmt::Display::fmt(&self.path, f)?;
        f.write_str(")")
    }
}

impl<T> Path<T> {
    /// A typed path from an untyped one: the caller vouches for the type.
    pub fn from_attribute_path(path: AttributePath) -> Self {
        Path {
            path,
            marker: PhantomData,
        }
    }

    /// The untyped path.
    pub fn attribute_path(&self) -> &AttributePath {
        &self.path
    }

    /// The untyped path, owned.
    pub fn into_attribute_path(self) -> AttributePath {
        self.path
    }

    /// A declared field of the map type `T`.
    pub fn field<U>(self, field: Field<T, U>) -> Path<U> {
        Path::from_attribute_path(self.path.field(field.name))
    }

    /// Element `index` of a list.
    pub fn index(self, index: usize) -> Path<T::Element>
    where
        T: ListType,
    {
        Path::from_attribute_path(self.path.index(index))
    }

    /// Entry `key` of a string-keyed map.
    pub fn key(self, key: impl Into<Cow<'static, str>>) -> Path<T::Value>
    where
        T: MapType,
    {
        Path::from_attribute_path(self.path.field(key))
    }
}

/// List types, whose elements a path can index.
pub trait ListType {
    /// The element type.
    type Element;
}

impl<T> ListType for Vec<T> {
    type Element = T;
}

/// Map types with string keys, whose entries a path can name.
pub trait MapType {
    /// The value type.
    type Value;
}

impl<T> MapType for BTreeMap<String, T> {
    type Value = T;
}

#[cfg(feature = "std")]
impl<T, S> MapType for std::collections::HashMap<String, T, S> {
    type Value = T;
}

/// Anything that names an attribute of type `T`: a model's [`Field`] or a
/// [`Path`].
pub trait ToPath<T> {
    /// The path.
    fn to_path(&self) -> Path<T>;
}

impl<T> ToPath<T> for Path<T> {
    fn to_path(&self) -> Path<T> {
        self.clone()
    }
}

impl<M: crate::Model, T> ToPath<T> for Field<M, T> {
    fn to_path(&self) -> Path<T> {
        Path::from_attribute_path(AttributePath::new(self.name))
    }
}

impl<M: crate::Model, T> Field<M, T> {
    /// This field's path, to go deeper: `Order::ADDRESS.path().field(Address::CITY)`.
    pub fn path(self) -> Path<T> {
        self.to_path()
    }

    /// Element `index` of this list field.
    pub fn index(self, index: usize) -> Path<T::Element>
    where
        T: ListType,
    {
        self.path().index(index)
    }

    /// Declared field `field` of this map field.
    pub fn field<U>(self, field: Field<T, U>) -> Path<U> {
        self.path().field(field)
    }

    /// Entry `key` of this string-keyed map field.
    pub fn key(self, key: impl Into<Cow<'static, str>>) -> Path<T::Value>
    where
        T: MapType,
    {
        self.path().key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn parses_names_and_list_indexes() {
        assert_eq!(
            AttributePath::parse("a.b[0].c").unwrap(),
            AttributePath::new("a").field("b").index(0).field("c")
        );
        assert_eq!(
            AttributePath::parse("a[1][22]").unwrap(),
            AttributePath::new("a").index(1).index(22)
        );
        assert_eq!(
            AttributePath::parse("naïve-näme_1").unwrap(),
            AttributePath::new("naïve-näme_1")
        );
        assert_eq!(
            AttributePath::parse("a.b[0].c").unwrap().to_string(),
            "a.b[0].c"
        );
    }

    #[test]
    fn refuses_what_is_not_a_path_naming_the_text() {
        for bad in [
            "",
            ".",
            "a.",
            ".a",
            "a..b",
            "a[",
            "a[]",
            "a[x]",
            "a[-1]",
            "a[1",
            "a]",
            "a[0]b",
            "[0]",
            "a.[0]",
            "a[99999999999999999999999]",
        ] {
            let err = AttributePath::parse(bad).unwrap_err();
            assert_eq!(
                err.kind(),
                &EncodeErrorKind::Invalid(alloc::format!(
                    "`{bad}` is not a document path like `a.b[0].c`"
                )),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_error_location_naming_an_attribute_is_a_document_path() {
        let located = |e: crate::error::DecodeError| AttributePath::from_location(e.location());
        let bad = || crate::error::DecodeError::new(crate::error::DecodeErrorKind::Missing);
        assert_eq!(
            located(bad().at_field("sku").at_index(0).at_field("lines")),
            Some(AttributePath::new("lines").index(0).field("sku"))
        );
        assert_eq!(located(bad().at_field("tags").at_index(0)), None);
        assert_eq!(located(bad()), None);
    }
}
