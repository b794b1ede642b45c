//! Data that stays correct as it ages: JSON attributes kept exactly as
//! PynamoDB writes them, defaults for attributes older items lack, and
//! versioned writes. Each against DynamoDB Local and real PynamoDB
//! (`tests/interop/pynamo_evolution.py`).

use std::process::Command;

use rynamo_core::attr::{Json, JsonText};
use rynamo_core::op::GetItem;
use rynamo_core::{AttributeValue, IntoKey, Item, Model};

use crate::fixtures::{client, create, run};

/// PynamoDB's `Docs` model: three `JSONAttribute`s and a number.
#[derive(Model, Debug, Clone)]
#[rynamo(table = "docs")]
pub struct Docs {
    #[rynamo(hash_key)]
    pub id: String,
    pub exact: JsonText,
    pub typed: Json<Typed>,
    pub plain: serde_json::Value,
    pub touched: i64,
}

/// `TYPED` in the Python script, fields in its key order.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Typed {
    pub name: String,
    pub big: u128,
    pub neg: i128,
    pub ratio: f64,
    pub nan: f64,
    pub inf: f64,
    pub ninf: f64,
    pub list: Vec<f64>,
    pub nested: Nested,
}

/// `TYPED["nested"]`: keys deliberately not in sorted order.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Nested {
    pub b: u8,
    pub a: Option<u8>,
}

pub fn pynamodb(action: &str, table: &str, id: &str) -> std::process::Output {
    let script = rynamo_tests::repo_root().join("tests/interop/pynamo_evolution.py");
    let out = Command::new("python3")
        .arg(script)
        .args([action, rynamo_tests::endpoint(), table, id])
        .output()
        .expect("python3 runs (scripts/setup.sh installs pynamodb)");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("as expected"),
        "PynamoDB side of `{action}` failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

async fn raw<M: Model>(db: &rynamo_native::Client, key: impl IntoKey<M>) -> Item {
    let table = db.table_name(M::TABLE);
    db.send(&GetItem::new(table.as_ref(), key.into_key().unwrap()).consistent_read(true))
        .await
        .unwrap()
        .expect("item")
}

fn text(item: &Item, name: &str) -> String {
    match &item[name] {
        AttributeValue::S(s) => s.clone(),
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn json_pynamodb_wrote_saves_back_byte_identical_and_pynamodb_reads_it() {
    run(async {
        let db = client();
        create::<Docs>(&db).await;
        let table = db.table_name(Docs::TABLE);
        pynamodb("json_write", &table, "py");
        let before = raw::<Docs>(&db, "py").await;
        let mut docs = Docs::get("py")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(docs.typed.0.big, 1 << 100);
        assert_eq!(docs.typed.0.neg, -(1 << 90));
        assert!(docs.typed.0.nan.is_nan());
        assert_eq!(docs.typed.0.name, "Zoë € 😀");
        assert_eq!(docs.plain["a"]["x"], -3);
        // A read-modify-save that does not touch the documents.
        docs.touched += 1;
        docs.save().send(&db).await.unwrap();
        let after = raw::<Docs>(&db, "py").await;
        for name in ["exact", "typed"] {
            assert_eq!(text(&after, name), text(&before, name), "{name}");
        }
        // serde_json::Value sorts keys (without its `preserve_order`), but writes
        // the same separators and escapes as Python.
        assert_eq!(
            text(&after, "plain"),
            r#"{"a": {"x": -3, "y": 2.5}, "b": [true, null, "\u00e9"]}"#
        );
        pynamodb("json_read", &table, "py");
    });
}

#[test]
fn json_rynamo_writes_from_scratch_is_what_pynamodb_writes() {
    run(async {
        let db = client();
        create::<Docs>(&db).await;
        let table = db.table_name(Docs::TABLE);
        pynamodb("json_write", &table, "py");
        let python = raw::<Docs>(&db, "py").await;
        let typed = Typed {
            name: "Zoë € 😀".into(),
            big: 1 << 100,
            neg: -(1 << 90),
            ratio: 0.1,
            nan: f64::NAN,
            inf: f64::INFINITY,
            ninf: f64::NEG_INFINITY,
            list: vec![1e16, 1e-5, 100.0],
            nested: Nested { b: 1, a: None },
        };
        let mut ours = Docs {
            id: "rs".into(),
            exact: JsonText::new(text(&python, "exact")).unwrap(),
            typed: Json(typed),
            plain: serde_json::json!({"b": [true, null, "é"], "a": {"y": 2.5, "x": -3}}),
            touched: 0,
        };
        ours.save().send(&db).await.unwrap();
        let rust = raw::<Docs>(&db, "rs").await;
        assert_eq!(text(&rust, "typed"), text(&python, "typed"));
        pynamodb("json_read", &table, "rs");
    });
}

fn free() -> String {
    "free".into()
}

/// A model that gained three attributes after items were written; PynamoDB's
/// `Profile` declares them with the same `default=`.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "profiles")]
pub struct Profile {
    #[rynamo(hash_key)]
    pub id: String,
    pub name: String,
    #[rynamo(default)]
    pub logins: u64,
    #[rynamo(default = "free")]
    pub tier: String,
    #[rynamo(default)]
    pub tags: Vec<String>,
}

/// `Profile` as it was first written.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "profiles")]
pub struct ProfileV1 {
    #[rynamo(hash_key)]
    pub id: String,
    pub name: String,
}

fn old(id: &str) -> Profile {
    Profile {
        id: id.into(),
        name: "old".into(),
        logins: 0,
        tier: "free".into(),
        tags: vec![],
    }
}

#[test]
fn old_items_lacking_new_attributes_read_with_defaults_through_get_query_and_scan() {
    run(async {
        let db = client();
        create::<Profile>(&db).await;
        for id in ["a", "b"] {
            let mut v1 = ProfileV1 {
                id: id.into(),
                name: "old".into(),
            };
            v1.save().send(&db).await.unwrap();
        }
        let got = Profile::get("a")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(got, old("a"));
        let mut all = Profile::scan().all(&db).await.unwrap();
        all.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(all, vec![old("a"), old("b")]);
        let queried = Profile::query("b").all(&db).await.unwrap();
        assert_eq!(queried, vec![old("b")]);
    });
}

#[test]
fn defaults_match_pynamodb_default_on_old_items_both_ways() {
    run(async {
        let db = client();
        create::<Profile>(&db).await;
        let table = db.table_name(Profile::TABLE);
        pynamodb("defaults_write_old", &table, "py-old");
        let mut read = Profile::get("py-old")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read, old("py-old"));
        pynamodb("defaults_read", &table, "py-old");
        // Saved by Rynamo, the defaults are now stored; PynamoDB reads the same.
        read.save().send(&db).await.unwrap();
        let stored = raw::<Profile>(&db, "py-old").await;
        assert_eq!(stored["tier"], AttributeValue::S("free".into()));
        pynamodb("defaults_read", &table, "py-old");
    });
}
