//! Rynamo's WASM adapter: the same models and operations as `rynamo-native`,
//! over the host's `fetch`, for edge runtimes (Cloudflare workerd, Deno,
//! Node) and browsers; plus a JS/TypeScript API (feature `js`, default).
//!
//! The core (`rynamo-core`) builds every request and decides every retry;
//! this crate only signs (SigV4 over the host's WebCrypto), sends through
//! `fetch` (looked up on the global object, not `window`) and reads the
//! time from `performance.now()`, all of it in one JS file (`js/fetch.js`)
//! that wasm-bindgen ships beside the glue, and sleeps through
//! `setTimeout`. Futures run on the host's event loop through [`task`], a
//! minimal executor of its own ([`task::spawn`] a future as a JS
//! `Promise`, [`task::wait`] for one, [`task::sleep`]).
//!
//! Features: `js` (default) the JS API; `std` (default) links Rust's
//! standard library. Without `std`, on wasm32, the crate is
//! `#![no_std]` and supplies what a binary without std lacks: a panic
//! handler that traps (no message is formatted: there is no console to
//! print it to) — so nothing else in the binary may link std — and, with
//! feature `heap`, the global allocator (see `heap.rs`: a size-class
//! free-list allocator for long-lived isolates, smaller than std's
//! dlmalloc). The edge worker (`examples/worker`) builds that way, and so
//! does the JS package (`js` without `std`).
//!
//! ```no_run
//! use rynamo_core::prelude::*;
//! use rynamo_wasm::{Client, Credentials};
//!
//! #[derive(Model)]
//! #[rynamo(table = "orders")]
//! struct Order { #[rynamo(hash_key)] customer: String, total: u32 }
//!
//! async fn handle() -> Result<(), Error> {
//!     let credentials = Credentials::new("AKID", "SECRET", None);
//!     let db = Client::new("http://127.0.0.1:8000", "us-east-1", credentials);
//!     Order { customer: "c1".into(), total: 5 }.save().send(&db).await?;
//!     let order = Order::get("c1").send(&db).await?;
//!     Ok(())
//! }
//! ```
#![warn(missing_docs)]
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

mod client;
mod fetch;
#[cfg(any(all(feature = "heap", target_arch = "wasm32"), test))]
mod heap;
#[cfg(feature = "js")]
mod js;
pub mod task;

pub use client::Client;
pub use fetch::FetchTransport;
#[cfg(feature = "js")]
pub use js::{
    JsClient, check_condition, check_dynamo_json, check_update, number_text, to_dynamo_json,
};
pub use rynamo_core as core;
/// AWS credentials for signing: the core's one credentials type.
pub use rynamo_core::credentials::Credentials;

/// Without std a wasm binary needs a panic handler: a panic traps, as std's
/// does with `panic = "abort"`, without formatting its message (which
/// would keep `core::fmt` code for every panic site).
#[cfg(all(target_arch = "wasm32", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
