//! Model decoding from arbitrary items: bytes read as an item's DynamoDB
//! JSON (and as its plain-JSON view) decode into models covering every
//! attribute kind, or fail with a typed error; never a panic. A model that
//! decodes must encode, and decode again to the same model. The fast path
//! (straight from the bytes, `ModelCodec::read_item_json`) must give exactly what
//! `from_item` gives whenever it gives anything.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rynamo_fuzz::targets::model_decode::run(data));
