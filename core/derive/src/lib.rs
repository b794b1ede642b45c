//! Derive macros for Rynamo (`rynamo-core` re-exports them):
//! `#[derive(Model)]` maps a struct to a table's items, `#[derive(Attribute)]`
//! maps a struct to a map attribute (`M`) or a fieldless enum to a string
//! (`S`). Both generate typed attribute-path constants (`Order::STATUS`).
//!
//! ```
//! use rynamo_core::prelude::*;
//!
//! #[derive(Attribute, Debug, PartialEq)]
//! struct Line {
//!     sku: String,
//!     qty: u32,
//! }
//!
//! #[derive(Model, Debug, PartialEq)]
//! #[rynamo(table = "orders", gsi(name = "by_sku", hash_key = "first_sku"))]
//! struct Order {
//!     #[rynamo(hash_key)]
//!     customer: String,
//!     #[rynamo(range_key)]
//!     id: u64,
//!     #[rynamo(rename = "sku")]
//!     first_sku: String,
//!     lines: Vec<Line>,
//!     #[rynamo(extra)]
//!     others: Item,
//! }
//!
//! // Typed paths: the compiler checks the value's type.
//! let _ = Order::LINES.index(0).field(Line::QTY).gt(2u32);
//! assert_eq!(Order::BY_SKU.name(), "by_sku");
//! ```
//!
//! Type options: `table = "..."` (Model), `crate = "path"`,
//! `gsi(name, hash_key, range_key?, projection?, include?)`,
//! `lsi(name, range_key, projection?, include?)`; field options:
//! `hash_key`, `range_key`, `rename = "..."`, `extra`, `version`; variant
//! option: `rename = "..."`.

mod attribute;
mod attrs;
mod discriminator;
mod fields;
mod model;
mod polymorphic;
mod polymorphic_attribute;
mod simple;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `rynamo_core::Model` for a struct with named fields.
#[proc_macro_derive(Model, attributes(rynamo))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    model::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `rynamo_core::Attribute`: a struct as a map, a fieldless enum as
/// its variant names.
#[proc_macro_derive(Attribute, attributes(rynamo))]
pub fn derive_attribute(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    attribute::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
