use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::Number;
use crate::expr::{AttributePath, Condition, Path, PathExpr, Placeholders, Update, UpdateAction};
use crate::value::{AttributeValue, ValueType};

fn path<T>(name: &'static str) -> Path<T> {
    Path::from_attribute_path(AttributePath::new(name))
}

fn render(c: impl Into<Condition>) -> (String, Placeholders) {
    let mut ph = Placeholders::new();
    let text = c.into().render(&mut ph).unwrap();
    (text, ph)
}

#[test]
fn comparisons_render_with_placeholders() {
    let total = path::<u32>("total");
    assert_eq!(render(total.eq(1u32)).0, "#n0 = :v0");
    assert_eq!(render(total.ne(1u32)).0, "#n0 <> :v0");
    assert_eq!(render(total.lt(1u32)).0, "#n0 < :v0");
    assert_eq!(render(total.le(1u32)).0, "#n0 <= :v0");
    assert_eq!(render(total.gt(1u32)).0, "#n0 > :v0");
    assert_eq!(render(total.ge(1u32)).0, "#n0 >= :v0");
    let (text, ph) = render(total.between(1u32, 5u32));
    assert_eq!(text, "#n0 BETWEEN :v0 AND :v1");
    assert_eq!(ph.names(), &[String::from("total")]);
    assert_eq!(
        ph.values(),
        &[
            AttributeValue::N(Number::from(1u32)),
            AttributeValue::N(Number::from(5u32))
        ]
    );
}

#[test]
fn functions_render_in_dynamodb_syntax() {
    let name = path::<String>("name");
    let tags = path::<BTreeSet<String>>("tags");
    assert_eq!(render(name.exists()).0, "attribute_exists(#n0)");
    assert_eq!(render(name.not_exists()).0, "attribute_not_exists(#n0)");
    let (text, ph) = render(name.is_type(ValueType::Ss));
    assert_eq!(text, "attribute_type(#n0, :v0)");
    assert_eq!(ph.values(), &[AttributeValue::S("SS".into())]);
    assert_eq!(render(name.begins_with("ab")).0, "begins_with(#n0, :v0)");
    assert_eq!(render(name.contains("b")).0, "contains(#n0, :v0)");
    assert_eq!(render(tags.contains("x")).0, "contains(#n0, :v0)");
    assert_eq!(render(tags.size().gt(2u32)).0, "size(#n0) > :v0");
    assert_eq!(
        render(name.is_in(["a", "b", "c"])).0,
        "#n0 IN (:v0, :v1, :v2)"
    );
}

#[test]
fn junctions_are_parenthesised_by_structure() {
    let a = path::<u32>("a");
    let b = path::<u32>("b");
    let c = path::<u32>("c");
    assert_eq!(
        render(a.eq(1u32) & b.eq(2u32) & c.eq(3u32)).0,
        "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2"
    );
    assert_eq!(
        render(a.eq(1u32) | (b.eq(2u32) & c.eq(3u32))).0,
        "#n0 = :v0 OR (#n1 = :v1 AND #n2 = :v2)"
    );
    assert_eq!(
        render((a.eq(1u32) | b.eq(2u32)) & c.eq(3u32)).0,
        "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2"
    );
    assert_eq!(
        render(!(a.eq(1u32) & b.eq(2u32))).0,
        "NOT (#n0 = :v0 AND #n1 = :v1)"
    );
    assert_eq!(render(!a.exists()).0, "NOT attribute_exists(#n0)");
    assert_eq!(render(!!a.exists()).0, "NOT (NOT attribute_exists(#n0))");
}

#[test]
fn same_name_reuses_its_placeholder_and_odd_names_stay_inside_it() {
    let odd = path::<u32>("a.b c-d#:é");
    let (text, ph) = render(odd.gt(1u32) & odd.lt(9u32));
    assert_eq!(text, "#n0 > :v0 AND #n0 < :v1");
    assert_eq!(ph.names(), &[String::from("a.b c-d#:é")]);
}

#[test]
fn nested_paths_render_each_step() {
    let p = Path::<Vec<BTreeSet<String>>>::from_attribute_path(
        AttributePath::new("lines").index(3).field("sku"),
    );
    assert_eq!(render(p.exists()).0, "attribute_exists(#n0[3].#n1)");
}

#[test]
fn in_with_more_than_100_values_is_a_typed_error() {
    let a = path::<u32>("a");
    let mut ph = Placeholders::new();
    let err = Condition::from(a.eq(0u32))
        .and(a.is_in(0..101u32))
        .render(&mut ph)
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        crate::error::EncodeErrorKind::TooManyOperands { got: 101, .. }
    ));
    assert!(a.is_in(0..100u32).render(&mut Placeholders::new()).is_ok());
}

#[test]
fn non_finite_values_are_typed_errors_not_panics() {
    let f = path::<f64>("f");
    assert!(
        Condition::from(f.gt(f64::NAN))
            .render(&mut Placeholders::new())
            .is_err()
    );
}

#[test]
fn update_groups_clauses_in_dynamodb_order() {
    let n = |v: u32| AttributeValue::N(Number::from(v));
    let u = Update::new()
        .action(UpdateAction::Remove(AttributePath::new("old")))
        .action(UpdateAction::Add(AttributePath::new("count"), n(1)))
        .action(UpdateAction::Set(
            AttributePath::new("a"),
            path::<u32>("a").plus(2u32).value.unwrap(),
        ))
        .action(UpdateAction::Delete(
            AttributePath::new("tags"),
            AttributeValue::Ss(vec!["x".into()]),
        ))
        .action(UpdateAction::Set(
            AttributePath::new("l"),
            path::<Vec<u32>>("l").append(vec![1u32]).value.unwrap(),
        ))
        .action(UpdateAction::Set(
            AttributePath::new("z"),
            path::<u32>("z").plus_or(0u32, 1u32).value.unwrap(),
        ));
    let mut ph = Placeholders::new();
    assert_eq!(
        u.render(&mut ph).unwrap(),
        "SET #n0 = #n0 + :v0, #n1 = list_append(#n1, :v1), #n2 = if_not_exists(#n2, :v2) + :v3 REMOVE #n3 ADD #n4 :v4 DELETE #n5 :v5"
    );
}

#[test]
fn overlapping_update_paths_are_rejected_before_sending() {
    let u = Update::new()
        .action(UpdateAction::Remove(AttributePath::new("a").field("b")))
        .action(UpdateAction::Set(
            AttributePath::new("a"),
            path::<u32>("a").if_not_exists(1u32).value.unwrap(),
        ));
    let err = u.render(&mut Placeholders::new()).unwrap_err();
    assert!(matches!(
        err.kind(),
        crate::error::EncodeErrorKind::OverlappingPaths { .. }
    ));
    assert!(Update::new().render(&mut Placeholders::new()).is_err());
}
