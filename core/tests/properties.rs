//! Property tests: every value round-trips through the wire codec, every
//! number and date-time through its text, and no name or value ever
//! escapes its placeholder.

use proptest::prelude::*;
use rynamo_core::attr::UtcDateTime;
use rynamo_core::expr::{
    AttributePath, Condition, Path, PathExpr, Placeholders, Update, UpdateAction,
};
use rynamo_core::{Attribute, AttributeValue, Item, Number};

fn number() -> impl Strategy<Value = Number> {
    (
        any::<bool>(),
        "[1-9][0-9]{0,18}",
        "[0-9]{0,18}",
        -100i32..100,
    )
        .prop_map(|(neg, int, frac, exp)| {
            let text = format!(
                "{}{}{}{}e{}",
                if neg { "-" } else { "" },
                int,
                if frac.is_empty() { "" } else { "." },
                frac,
                exp
            );
            Number::parse(&text).unwrap()
        })
}

fn value() -> impl Strategy<Value = AttributeValue> {
    let leaf = prop_oneof![
        any::<String>().prop_map(AttributeValue::S),
        number().prop_map(AttributeValue::N),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(AttributeValue::B),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null),
        // Sets hold distinct members (a duplicate is refused at encode).
        proptest::collection::btree_set(any::<String>(), 1..5)
            .prop_map(|s| AttributeValue::Ss(s.into_iter().collect())),
        proptest::collection::btree_set(number(), 1..5)
            .prop_map(|s| AttributeValue::Ns(s.into_iter().collect())),
        proptest::collection::btree_set(proptest::collection::vec(any::<u8>(), 0..8), 1..4)
            .prop_map(|s| AttributeValue::Bs(s.into_iter().collect())),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(AttributeValue::L),
            proptest::collection::btree_map(".{1,8}", inner, 0..6).prop_map(AttributeValue::M),
        ]
    })
}

proptest! {
    #[test]
    fn every_value_round_trips_through_the_wire_codec(v in value()) {
        let mut item = Item::new();
        item.insert("v".into(), v);
        let mut buf = Vec::new();
        rynamo_core::json::write_item(&mut buf, &item).unwrap();
        let back = rynamo_core::json::item_from_slice(&buf).unwrap();
        prop_assert_eq!(back, item);
    }

    #[test]
    fn numbers_round_trip_through_text(n in number()) {
        let again = Number::parse(n.as_str()).unwrap();
        prop_assert_eq!(&again, &n);
        prop_assert_eq!(again.as_str(), n.as_str());
    }

    #[test]
    fn floats_round_trip_exactly(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        match Number::from_f64(f) {
            Ok(n) => prop_assert_eq!(f64::from_value(AttributeValue::N(n)).unwrap(), f),
            // Outside DynamoDB's range (|f| < 1e-130 or > 9.99e125): a typed error.
            Err(_) => prop_assert!(f != 0.0 && (f.abs() < 1e-130 || f.abs() >= 1e125)),
        }
    }

    #[test]
    fn integers_round_trip(i in any::<i64>(), u in any::<u64>()) {
        prop_assert_eq!(i64::from_value(i.to_value().unwrap()).unwrap(), i);
        prop_assert_eq!(u64::from_value(u.to_value().unwrap()).unwrap(), u);
    }

    #[test]
    fn date_times_round_trip_through_pynamodb_text(micros in UtcDateTime::MIN.unix_micros()..=UtcDateTime::MAX.unix_micros()) {
        let t = UtcDateTime::from_unix_micros(micros).unwrap();
        let text = t.to_string();
        prop_assert_eq!(text.len(), 31);
        prop_assert_eq!(UtcDateTime::parse(&text).unwrap(), t);
    }

    #[test]
    fn names_and_values_never_leave_their_placeholders(
        names in proptest::collection::vec(any::<String>(), 1..6),
        values in proptest::collection::vec(any::<String>(), 1..6),
    ) {
        let mut condition: Option<Condition> = None;
        let mut update = Update::new();
        for (i, name) in names.iter().enumerate() {
            let path = Path::<String>::from_attribute_path(AttributePath::new(name.clone()).field(name.clone()));
            let value = &values[i % values.len()];
            let c: Condition = path.eq(value.as_str()).into();
            condition = Some(match condition { Some(prev) => prev | !c, None => c });
            update = update.action(UpdateAction::Set(
                AttributePath::new(format!("{name}{i}")),
                rynamo_core::expr::SetValue::Operand(rynamo_core::expr::UpdateOperand::Value(AttributeValue::S(value.clone()))),
            ));
        }
        let mut ph = Placeholders::new();
        let rendered = format!("{} {}", condition.unwrap().render(&mut ph).unwrap(), update.render(&mut ph).unwrap());
        // Only placeholders, operators, keywords and punctuation remain.
        let allowed = regex_lite(&rendered);
        prop_assert!(allowed, "{}", rendered);
        let mut want: Vec<String> = names.clone();
        want.extend(names.iter().enumerate().map(|(i, n)| format!("{n}{i}")));
        want.dedup();
        for n in &want {
            prop_assert!(ph.names().contains(n));
        }
        prop_assert_eq!(ph.values().len(), names.len() * 2);
    }
}

/// Whether `text` is made only of `#nK`, `:vK`, `=`, `<>`, `(`, `)`, `,`,
/// `.`, spaces and the words DynamoDB expressions use.
fn regex_lite(text: &str) -> bool {
    let mut rest = text;
    let words = ["SET", "NOT", "OR", "AND", "=", "(", ")", ",", ".", " "];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("#n").or_else(|| rest.strip_prefix(":v")) {
            let digits = r.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 {
                return false;
            }
            rest = &r[digits..];
            continue;
        }
        match words.iter().find(|w| rest.starts_with(**w)) {
            Some(w) => rest = &rest[w.len()..],
            None => return false,
        }
    }
    true
}
