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
//! `lsi(name, range_key, projection?, include?)`, composite key templates
//! `hash_key(name = "pk", template = "CUSTOMER#{customer}")` and
//! `range_key(name = "sk", template = "ORDER#{date}#{id}")` (also inside
//! `gsi(..)`/`lsi(..)` in place of a field name; see
//! `rynamo_core::model::KeyTemplate`), `discriminator = "cls"`
//! with `discriminator_value = "dog"` and any number of
//! `discriminator_alias = "hound"` (Model and Attribute structs); field
//! options: `hash_key`, `range_key`, `rename = "..."`, `extra`, `version`,
//! `ttl`, `default`; variant options: `rename = "..."` (string enums),
//! `unknown` (enums of models or of discriminated maps).
//!
//! An enum whose variants each hold one type is polymorphic: with
//! `#[derive(Model)]` over models sharing a table, with
//! `#[derive(Attribute)]` over discriminated structs stored as maps
//! (PynamoDB's `MapAttribute` subclasses):
//!
//! ```
//! use rynamo_core::prelude::*;
//!
//! #[derive(Attribute, Debug, PartialEq)]
//! #[rynamo(discriminator = "cls", discriminator_value = "circle", discriminator_alias = "round")]
//! struct Circle { radius: u32 }
//!
//! #[derive(Attribute, Debug, PartialEq)]
//! #[rynamo(discriminator = "cls", discriminator_value = "square")]
//! struct Square { side: u32 }
//!
//! #[derive(Attribute, Debug, PartialEq)]
//! enum Shape { Circle(Circle), Square(Square) }
//!
//! let value = Shape::Square(Square { side: 2 }).to_value().unwrap();
//! assert_eq!(Shape::from_value(value).unwrap(), Shape::Square(Square { side: 2 }));
//! ```

mod attribute;
mod attrs;
mod discriminator;
mod entity;
mod fields;
mod model;
mod polymorphic;
mod polymorphic_attribute;
mod simple;
mod template;

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
