//! The wire codec: arbitrary bytes read as DynamoDB JSON (an item, or one
//! attribute value). Whatever decodes must encode, and the encoding must
//! decode back to the same value.

use rynamo_core::json::{
    Reader, item_from_slice, parse, read_value, simple, write_item, write_value,
};
use rynamo_core::value::item_size;

/// One fuzz input: panics on a broken property.
pub fn run(data: &[u8]) {
    // Rynamo's base64 agrees with the base64 crate's strict standard engine.
    {
        use base64::Engine;
        use base64::engine::general_purpose::STANDARD;
        assert_eq!(
            rynamo_core::base64::decode(data).ok(),
            STANDARD.decode(data).ok(),
            "base64 decoders disagree"
        );
        assert_eq!(rynamo_core::base64::encode(data), STANDARD.encode(data));
    }
    if let Ok(item) = item_from_slice(data) {
        let _ = item_size(&item);
        let _ = simple::to_simple(&item);
        let mut buf = Vec::new();
        // An empty set or an empty attribute name decodes but is refused on
        // the way out (DynamoDB rejects both); anything else must encode.
        if write_item(&mut buf, &item).is_ok() {
            let again = item_from_slice(&buf).unwrap_or_else(|e| {
                panic!(
                    "re-encoded item does not decode: {e}\n{}",
                    String::from_utf8_lossy(&buf)
                )
            });
            assert_eq!(again, item, "item round trip");
            let mut twice = Vec::new();
            write_item(&mut twice, &again).expect("encoding a re-decoded item");
            assert_eq!(twice, buf, "item encoding is deterministic");
        }
    }
    if let Ok(value) = parse(data, read_value) {
        let _ = simple::simple_value(&value);
        let mut buf = Vec::new();
        if write_value(&mut buf, &value).is_ok() {
            let again = parse(&buf, read_value).unwrap_or_else(|e| {
                panic!(
                    "re-encoded value does not decode: {e}\n{}",
                    String::from_utf8_lossy(&buf)
                )
            });
            assert_eq!(again, value, "value round trip");
        }
    }
    // The plain-JSON view (`from_simple_dict`) reads any JSON document.
    // Rynamo's own reader accepts every document serde_json accepts, and
    // what it refuses serde_json refuses too (serde_json alone also refuses
    // numbers beyond f64's range, which the reader keeps as text).
    let ours = parse(data, Reader::skip);
    match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(json) => {
            assert!(ours.is_ok(), "reader refused valid JSON: {ours:?}");
            let _ = simple::from_simple_untyped(json);
        }
        Err(e) if ours.is_ok() => {
            assert!(
                e.to_string().contains("number out of range"),
                "reader accepted invalid JSON ({e})"
            );
        }
        Err(_) => {}
    }
}
