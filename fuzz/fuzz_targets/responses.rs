//! Response decoding for every operation, the error decoder, the paging and
//! batch state machines, and whole model operations run through a client
//! over an in-memory transport that answers with the fuzz input.
//!
//! Input: `[selector, status, body…]`. `selector` picks what decodes the
//! body; `status` (used by the error decoder and the client) maps below 128
//! to 200, else to 400 + (status - 128), i.e. 400..=527.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rynamo_fuzz::targets::responses::run(data));
