//! Property tests of JSON attributes: any JSON document reads the same
//! through Rynamo's `json.loads` reader as through serde_json, survives any
//! number of read-save round trips unchanged (text included, after the
//! first save), and any `f64` (NaN and infinities included) comes back
//! bit-identical through `Json<f64>`.

use proptest::prelude::*;
use rynamo_core::attr::{Json, JsonText};
use rynamo_core::{Attribute, AttributeValue};

fn document() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn text(value: &impl Attribute) -> String {
    match value.to_value().unwrap() {
        AttributeValue::S(s) => s,
        other => panic!("{other:?}"),
    }
}

proptest! {
    #[test]
    fn documents_read_as_serde_json_reads_them_and_round_trip_unchanged(doc in document()) {
        let compact = serde_json::to_string(&doc).unwrap();
        let ours = serde_json::Value::from_value(AttributeValue::S(compact)).unwrap();
        prop_assert_eq!(&ours, &doc);
        let saved = text(&ours);
        let again = serde_json::Value::from_value(AttributeValue::S(saved.clone())).unwrap();
        prop_assert_eq!(&again, &doc);
        prop_assert_eq!(text(&again), saved.clone());
        // JsonText keeps it as written, and parses to the same document.
        let kept = JsonText::from_value(AttributeValue::S(saved.clone())).unwrap();
        prop_assert_eq!(kept.as_str(), saved.as_str());
        prop_assert_eq!(kept.parse::<serde_json::Value>().unwrap(), doc);
    }

    #[test]
    fn every_float_round_trips_bit_for_bit(bits in any::<u64>()) {
        let f = f64::from_bits(bits);
        let back = Json::<f64>::from_value(Json(f).to_value().unwrap()).unwrap().0;
        if f.is_nan() {
            prop_assert!(back.is_nan());
        } else {
            prop_assert_eq!(back.to_bits(), bits);
        }
    }

    #[test]
    fn wide_integers_round_trip_exactly(n in any::<i128>(), m in any::<u128>()) {
        let doc = Json((n, m));
        let read = Json::<(i128, u128)>::from_value(doc.to_value().unwrap()).unwrap();
        prop_assert_eq!(read.0, (n, m));
        prop_assert_eq!(text(&doc), format!("[{n}, {m}]"));
    }
}
