//! Numbers: arbitrary text through `Number::parse` and every conversion.
//! Input is `a` or `a\nb`; with two numbers, ordering, equality and hashing
//! must agree.

use std::cmp::Ordering;
use std::hash::{BuildHasher, RandomState};

use rynamo_core::Number;

fn conversions(n: &Number) {
    let f = n.to_f64();
    assert!(f.is_finite(), "{n:?} converts to a non-finite f64 {f}");
    let _ = n.to_i64();
    let _ = n.to_u64();
    let _ = n.to_integer::<i8>("i8");
    let _ = n.to_integer::<u16>("u16");
    let _ = n.to_integer::<u128>("u128");
    if let Ok(wide) = n.to_i128() {
        // A whole number is the same number as its integer text.
        let back = Number::try_from(wide).expect("an i128 that came from a Number");
        assert_eq!(&back, n, "integer round trip");
        if let Ok(small) = n.to_i64() {
            assert_eq!(i128::from(small), wide);
            assert_eq!(&Number::from(small), n);
        }
    }
    // The shortest f64 text is a valid number whenever it is in range.
    if let Ok(back) = Number::from_f64(f) {
        assert_eq!(back.to_f64(), f, "f64 round trip of {n:?} via {back:?}");
    }
    let _ = Number::from_f32(f as f32);
    let text = n.to_string();
    assert_eq!(text, n.as_str());
    let reparsed = Number::parse(&text).expect("a number's own text parses");
    assert_eq!(&reparsed, n);
    assert_eq!(reparsed.cmp(n), Ordering::Equal);
}

/// One fuzz input: panics on a broken property.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = match text.split_once('\n') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let Ok(x) = Number::parse(a) else {
        return;
    };
    conversions(&x);
    let Some(Ok(y)) = b.map(Number::parse) else {
        return;
    };
    conversions(&y);
    let forward = x.cmp(&y);
    assert_eq!(forward, y.cmp(&x).reverse(), "{x:?} vs {y:?}");
    assert_eq!(forward == Ordering::Equal, x == y);
    if x == y {
        let hasher = RandomState::new();
        assert_eq!(
            hasher.hash_one(&x),
            hasher.hash_one(&y),
            "{x:?} == {y:?} but hashes differ"
        );
    }
    // Numeric order agrees with f64 order wherever f64 tells them apart.
    let (fx, fy) = (x.to_f64(), y.to_f64());
    if fx < fy {
        assert_eq!(forward, Ordering::Less, "{x:?} < {y:?} as f64");
    } else if fx > fy {
        assert_eq!(forward, Ordering::Greater, "{x:?} > {y:?} as f64");
    }
}
