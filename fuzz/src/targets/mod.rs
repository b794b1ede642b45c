//! The fuzz targets' bodies, as functions: the `fuzz_targets/` binaries
//! call them under libFuzzer, and `tests/regressions.rs` replays the saved
//! inputs through them as ordinary tests.

pub mod model_decode;
pub mod number;
pub mod responses;
pub mod streams;
pub mod wire_codec;
