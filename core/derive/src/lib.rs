//! Derive macros for Rynamo: `#[derive(Model)]` and `#[derive(Attribute)]`.
use proc_macro::TokenStream;

/// Derives `rynamo_core::Model` (placeholder until the derive lands).
#[proc_macro_derive(Model, attributes(rynamo))]
pub fn derive_model(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}

/// Derives `rynamo_core::Attribute` (placeholder until the derive lands).
#[proc_macro_derive(Attribute, attributes(rynamo))]
pub fn derive_attribute(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
