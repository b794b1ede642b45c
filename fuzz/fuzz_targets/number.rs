//! Numbers: arbitrary text through `Number::parse` and every conversion.
//! Input is `a` or `a\nb`; with two numbers, ordering, equality and hashing
//! must agree.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rynamo_fuzz::targets::number::run(data));
