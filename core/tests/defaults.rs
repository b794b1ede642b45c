//! `#[rynamo(default)]` and `#[rynamo(default = "path")]`: an attribute
//! older items lack reads as the default on every decode path (`from_item`,
//! the fast `read_item_json`, the plain-JSON `read_simple_json`), and a
//! present attribute always wins.

use rynamo_core::error::DecodeErrorKind;
use rynamo_core::json::Reader;
use rynamo_core::prelude::*;

fn three() -> u32 {
    3
}

fn unnamed() -> String {
    "unnamed".into()
}

/// A nested map that gained a field.
#[derive(Attribute, Debug, Clone, PartialEq)]
struct Settings {
    theme: String,
    #[rynamo(default = "three")]
    retries: u32,
}

/// A model that gained fields after items were written.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "users")]
struct User {
    #[rynamo(hash_key)]
    id: String,
    #[rynamo(default)]
    logins: u64,
    #[rynamo(default = "unnamed", rename = "display")]
    name: String,
    #[rynamo(default)]
    tags: Vec<String>,
    #[rynamo(default)]
    settings: Option<Settings>,
    #[rynamo(default = "default_settings")]
    prefs: Settings,
    required: bool,
}

fn default_settings() -> Settings {
    Settings {
        theme: "light".into(),
        retries: three(),
    }
}

/// An item written before `logins`, `display`, `tags`, `settings` and
/// `prefs` existed, with `prefs` nested map lacking `retries`.
const OLD_DDB: &str = r#"{"id":{"S":"u1"},"required":{"BOOL":true}}"#;

fn old_user() -> User {
    User {
        id: "u1".into(),
        logins: 0,
        name: "unnamed".into(),
        tags: vec![],
        settings: None,
        prefs: default_settings(),
        required: true,
    }
}

fn from_item(json: &str) -> Result<User, rynamo_core::error::DecodeError> {
    let item = rynamo_core::json::parse(json.as_bytes(), rynamo_core::json::read_item).unwrap();
    User::from_item(item)
}

fn fast(json: &str) -> Result<User, rynamo_core::error::DecodeError> {
    <User as rynamo_core::__private::ModelCodec>::read_item_json(&mut Reader::new(json.as_bytes()))
}

fn simple(json: &str) -> Result<User, rynamo_core::error::DecodeError> {
    rynamo_core::json::parse(json.as_bytes(), User::read_simple_json)
}

#[test]
fn missing_attributes_read_as_defaults_on_every_decode_path() {
    assert_eq!(from_item(OLD_DDB).unwrap(), old_user());
    assert_eq!(fast(OLD_DDB).unwrap(), old_user());
    assert_eq!(
        simple(r#"{"id":"u1","required":true}"#).unwrap(),
        old_user()
    );
}

#[test]
fn defaults_apply_inside_nested_attribute_structs() {
    let ddb = r#"{"id":{"S":"u1"},"required":{"BOOL":true},"prefs":{"M":{"theme":{"S":"dark"}}}}"#;
    let want = User {
        prefs: Settings {
            theme: "dark".into(),
            retries: 3,
        },
        ..old_user()
    };
    assert_eq!(from_item(ddb).unwrap(), want);
    assert_eq!(fast(ddb).unwrap(), want);
    let plain = r#"{"id":"u1","required":true,"prefs":{"theme":"dark"}}"#;
    assert_eq!(simple(plain).unwrap(), want);
}

#[test]
fn present_attributes_win_over_defaults() {
    let user = User {
        id: "u2".into(),
        logins: 9,
        name: "Ada".into(),
        tags: vec!["x".into()],
        settings: Some(Settings {
            theme: "t".into(),
            retries: 0,
        }),
        prefs: Settings {
            theme: "p".into(),
            retries: 1,
        },
        required: false,
    };
    let mut buf = Vec::new();
    user.write_item(&mut buf).unwrap();
    let json = String::from_utf8(buf).unwrap();
    assert_eq!(from_item(&json).unwrap(), user);
    assert_eq!(fast(&json).unwrap(), user);
    let mut buf = Vec::new();
    user.write_simple_json(&mut buf).unwrap();
    assert_eq!(simple(std::str::from_utf8(&buf).unwrap()).unwrap(), user);
}

#[test]
fn fields_without_a_default_are_still_required() {
    let ddb = r#"{"id":{"S":"u1"}}"#;
    let err = from_item(ddb).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Missing);
    assert_eq!(err.location().to_string(), "required");
    assert!(fast(ddb).is_err());
    assert!(simple(r#"{"id":"u1"}"#).is_err());
}

#[test]
fn a_present_value_of_the_wrong_type_is_an_error_not_the_default() {
    let ddb = r#"{"id":{"S":"u1"},"required":{"BOOL":true},"logins":{"S":"many"}}"#;
    let err = from_item(ddb).unwrap_err();
    assert_eq!(err.location().to_string(), "logins");
    assert!(fast(ddb).is_err());
}
