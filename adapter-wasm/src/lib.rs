//! Rynamo's WASM adapter: a `fetch` transport for edge runtimes and browsers.
//!
//! This crate is a placeholder until its own issue fills it; it already links
//! the core so the workspace proves the core builds for `wasm32-unknown-unknown`.
#![no_std]
#![warn(missing_docs)]

pub use rynamo_core as core;
