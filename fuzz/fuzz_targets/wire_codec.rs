//! The wire codec: arbitrary bytes read as DynamoDB JSON (an item, or one
//! attribute value). Whatever decodes must encode, and the encoding must
//! decode back to the same value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rynamo_core::json::{simple, write_item, write_value};
use rynamo_core::value::item_size;
use rynamo_core::{AttributeValue, Item};

fuzz_target!(|data: &[u8]| {
    if let Ok(item) = serde_json::from_slice::<Item>(data) {
        let _ = item_size(&item);
        let _ = simple::to_simple(&item);
        let mut buf = Vec::new();
        // An empty set or an empty attribute name decodes but is refused on
        // the way out (DynamoDB rejects both); anything else must encode.
        if write_item(&mut buf, &item).is_ok() {
            let again: Item = serde_json::from_slice(&buf).unwrap_or_else(|e| {
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
    if let Ok(value) = serde_json::from_slice::<AttributeValue>(data) {
        let _ = simple::simple_value(&value);
        let mut buf = Vec::new();
        if write_value(&mut buf, &value).is_ok() {
            let again: AttributeValue = serde_json::from_slice(&buf).unwrap_or_else(|e| {
                panic!(
                    "re-encoded value does not decode: {e}\n{}",
                    String::from_utf8_lossy(&buf)
                )
            });
            assert_eq!(again, value, "value round trip");
        }
    }
    // The plain-JSON view (`from_simple_dict`) reads any JSON document.
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = simple::from_simple_untyped(json);
    }
});
