//! What must compile and what must not: typed keys, typed conditions and
//! updates, and the derive's own errors.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
