//! Model decoding from arbitrary items: bytes read as an item's DynamoDB
//! JSON (and as its plain-JSON view) decode into models covering every
//! attribute kind, or fail with a typed error; never a panic. A model that
//! decodes must encode, and decode again to the same model. The fast path
//! (straight from the bytes, `ModelCodec::read_item_json`) must give exactly what
//! `from_item` gives whenever it gives anything.

use crate::{Animal, Everything, Sparse};
use rynamo_core::json::{Reader, item_from_slice, parse};
use rynamo_core::{Item, Model};

fn round_trip<M: Model + PartialEq + std::fmt::Debug>(item: Item) {
    let model = match M::from_item(item) {
        Ok(m) => m,
        Err(e) => {
            let _ = format!("{e} {e:?} {:?}", e.location());
            return;
        }
    };
    let _ = model.key();
    let _ = model.version_condition();
    // Encoding may refuse what it cannot store (a float beyond f32, say),
    // but never panics; what it writes must read back the same.
    let Ok(item) = model.to_item() else {
        return;
    };
    let mut json = Vec::new();
    model
        .write_item(&mut json)
        .expect("write_item agrees with to_item");
    let written = item_from_slice(&json).expect("write_item writes valid JSON");
    assert_eq!(written, item, "write_item and to_item disagree");
    let again = M::from_item(item).unwrap_or_else(|e| panic!("{model:?} re-decodes: {e}"));
    assert_eq!(again, model, "model round trip");
    // The plain-JSON view of anything storable is valid JSON that reads
    // back without panicking (untyped extras may come back as other types).
    let mut plain = Vec::new();
    model
        .write_simple_json(&mut plain)
        .expect("plain JSON of a storable model");
    parse(&plain, Reader::skip).expect("plain JSON is valid JSON");
    let _ = parse(&plain, M::read_simple_json);
    let _ = model.to_simple_json().expect("a Value of valid plain JSON");
    let _ = model.to_dynamodb_json();
}

/// The fast read agrees with the slow one whenever it succeeds.
fn fast_agrees<M: Model + PartialEq + std::fmt::Debug>(data: &[u8], item: &Item) {
    let fast = parse(data, M::read_item_json);
    if let Ok(fast) = fast {
        let slow = M::from_item(item.clone());
        assert_eq!(Ok(&fast), slow.as_ref(), "fast and slow decodes differ");
    }
}

/// One fuzz input: panics on a broken property.
pub fn run(data: &[u8]) {
    if let Ok(item) = item_from_slice(data) {
        fast_agrees::<Everything>(data, &item);
        fast_agrees::<Sparse>(data, &item);
        fast_agrees::<Animal>(data, &item);
        round_trip::<Everything>(item.clone());
        round_trip::<Sparse>(item.clone());
        round_trip::<Animal>(item);
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = Everything::from_simple_json(json.clone());
        let _ = Sparse::from_simple_json(json.clone());
        let _ = Animal::from_simple_json(json.clone());
        let _ = Everything::from_dynamodb_json(json);
    }
}
