//! Change streams: Lambda events and Streams API replies decoded into
//! model events, and the shard-following reader driven by fuzzed replies,
//! directly and through a client. Every input gives events or a typed
//! error, never a panic or an endless loop.
//!
//! Input: `[selector, body…]`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rynamo_fuzz::targets::streams::run(data));
