//! Projection expressions: which attributes a read returns.

use alloc::string::String;
use alloc::vec::Vec;

use super::path::{AttributePath, ToPath};
use super::placeholders::Placeholders;

/// The attributes to return from a get, query, scan or batch get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projection {
    paths: Vec<AttributePath>,
}

impl Projection {
    /// No attributes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a typed path (`Order::STATUS`, `Order::LINES.index(0)`).
    pub fn path<T>(mut self, path: impl ToPath<T>) -> Self {
        self.paths.push(path.to_path().into_attribute_path());
        self
    }

    /// Adds an untyped path.
    pub fn attribute(mut self, path: AttributePath) -> Self {
        self.paths.push(path);
        self
    }

    /// Whether no attributes were named.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Renders `#n0, #n1.#n2`.
    pub fn render(&self, ph: &mut Placeholders) -> String {
        let mut out = String::new();
        for (i, p) in self.paths.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            p.render(ph, &mut out);
        }
        out
    }
}

impl FromIterator<AttributePath> for Projection {
    fn from_iter<I: IntoIterator<Item = AttributePath>>(iter: I) -> Self {
        Projection {
            paths: iter.into_iter().collect(),
        }
    }
}
