//! The wire codec: arbitrary bytes read as DynamoDB JSON (an item, or one
//! attribute value). Whatever decodes must encode, and the encoding must
//! decode back to the same value.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rynamo_fuzz::targets::wire_codec::run(data));
