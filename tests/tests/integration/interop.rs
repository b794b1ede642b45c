//! PynamoDB interop, both directions, with real PynamoDB
//! (`tests/interop/pynamo_interop.py`) against the same server: what
//! PynamoDB writes reads back through Rynamo field by field, and what
//! Rynamo writes PynamoDB reads back field by field.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use rynamo_core::attr::{LegacyBinary, LegacyBinarySet, Null, UtcDateTime};
use rynamo_core::{AttributeValue, Item, Model, Number};

use crate::fixtures::{Address, Line, Status, client, create, run};

/// The model PynamoDB's `Interop` model mirrors, attribute for attribute.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "interop")]
pub struct Interop {
    #[rynamo(hash_key)]
    pub id: String,
    pub s: String,
    pub i: i64,
    pub f: f64,
    pub big: Number,
    pub data: Vec<u8>,
    pub legacy: LegacyBinary,
    pub flag: bool,
    pub created: UtcDateTime,
    pub doc: serde_json::Value,
    pub lines: Vec<Line>,
    pub address: Option<Address>,
    pub raw: Item,
    pub counts: BTreeMap<String, u32>,
    pub ss: BTreeSet<String>,
    pub ns: BTreeSet<i64>,
    pub bs: BTreeSet<Vec<u8>>,
    pub legacy_set: LegacyBinarySet,
    pub empty_set: BTreeSet<String>,
    pub nothing: Null,
    pub absent: Option<String>,
    pub present: Option<String>,
    pub status: Status,
}

/// The same values as `EXPECTED` in the Python script.
fn expected(id: &str) -> Interop {
    let n = |s: &str| Number::parse(s).unwrap();
    let mut raw = Item::new();
    raw.insert(
        "any".into(),
        AttributeValue::L(vec![AttributeValue::Bool(true), AttributeValue::Null]),
    );
    raw.insert("n".into(), AttributeValue::N(n("5")));
    Interop {
        id: id.into(),
        s: "héllo \"wörld\"\n\t\u{1F600}".into(),
        i: -9_007_199_254_740_993,
        f: 0.1 + 0.2,
        big: n("123456789012345678901234567890"),
        data: vec![0, 1, 2, 0xfe, 0xff],
        legacy: LegacyBinary(b"old bytes".to_vec()),
        flag: true,
        created: UtcDateTime::new(2026, 1, 2, 3, 4, 5, 678_901).unwrap(),
        doc: serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {"c": "d"}}),
        lines: vec![
            Line {
                sku: "a-1".into(),
                qty: 2,
                price: n("2.5"),
            },
            Line {
                sku: "b-2".into(),
                qty: 1,
                price: n("7.5"),
            },
        ],
        address: Some(Address {
            city: "Lyon".into(),
            zip: Some("69001".into()),
        }),
        raw,
        counts: [("a".to_string(), 1), ("b".to_string(), 2)].into(),
        ss: ["x".to_string(), "y".to_string()].into(),
        ns: [-5, 0, 7].into(),
        bs: [vec![1u8], vec![2u8, 3]].into(),
        legacy_set: LegacyBinarySet([b"p".to_vec(), b"q".to_vec()].into()),
        empty_set: BTreeSet::new(),
        nothing: Null,
        absent: None,
        present: Some("here".into()),
        status: Status::Cancelled,
    }
}

fn pynamodb(action: &str, table: &str, id: &str) -> std::process::Output {
    let script = rynamo_tests::repo_root().join("tests/interop/pynamo_interop.py");
    Command::new("python3")
        .arg(script)
        .args([action, rynamo_tests::endpoint(), table, id])
        .output()
        .expect("python3 runs (scripts/setup.sh installs pynamodb)")
}

fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "PynamoDB side failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn what_pynamodb_writes_rynamo_reads_field_by_field() {
    run(async {
        let db = client();
        create::<Interop>(&db).await;
        let table = db.table_name(Interop::TABLE);
        assert_ok(&pynamodb("write", &table, "from-python"));
        let read = Interop::get("from-python")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        let want = expected("from-python");
        macro_rules! same {
            ($($f:ident),*) => {$( assert_eq!(read.$f, want.$f, concat!("field `", stringify!($f), "`")); )*};
        }
        same!(
            id, s, i, f, big, data, legacy, flag, created, doc, lines, address, raw, counts, ss,
            ns, bs, legacy_set, empty_set, nothing, absent, present, status
        );
        assert_eq!(read, want);
    });
}

#[test]
fn what_rynamo_writes_pynamodb_reads_field_by_field() {
    run(async {
        let db = client();
        create::<Interop>(&db).await;
        let table = db.table_name(Interop::TABLE);
        expected("from-rust").save().send(&db).await.unwrap();
        let out = pynamodb("read", &table, "from-rust");
        assert_ok(&out);
        assert!(String::from_utf8_lossy(&out.stdout).contains("as expected"));
    });
}

#[test]
fn plain_json_views_cross_between_pynamodb_and_rynamo() {
    run(async {
        let db = client();
        create::<Interop>(&db).await;
        let table = db.table_name(Interop::TABLE);
        let mut item = expected("simple");
        item.save().send(&db).await.unwrap();
        // PynamoDB's to_simple_dict(force=True) reads back through Rynamo…
        let out = pynamodb("simple", &table, "simple");
        assert_ok(&out);
        let theirs = rynamo_core::json::parse(&out.stdout, Interop::read_simple_json)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(theirs, expected("simple"));
        // …and Rynamo's plain JSON reads back through from_simple_dict.
        let mut ours = Vec::new();
        expected("simple").write_simple_json(&mut ours).unwrap();
        let mut child = Command::new("python3")
            .arg(rynamo_tests::repo_root().join("tests/interop/pynamo_interop.py"))
            .args(["from_simple", rynamo_tests::endpoint(), &table, "simple"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(&ours).unwrap();
        assert_ok(&child.wait_with_output().unwrap());
    });
}

fn pynamodb_semantics(action: &str, accounts: &str, animals: &str) -> std::process::Output {
    let script = rynamo_tests::repo_root().join("tests/interop/pynamo_semantics.py");
    Command::new("python3")
        .arg(script)
        .args([action, rynamo_tests::endpoint(), accounts, animals])
        .output()
        .expect("python3 runs (scripts/setup.sh installs pynamodb)")
}

#[test]
fn version_ttl_and_discriminator_written_by_pynamodb_read_back() {
    use crate::semantics::{Account, Animal};
    run(async {
        let db = client();
        create::<Account>(&db).await;
        create::<Animal>(&db).await;
        let (accounts, animals) = (db.table_name(Account::TABLE), db.table_name(Animal::TABLE));
        assert_ok(&pynamodb_semantics("write", &accounts, &animals));
        let mut account = Account::get("py")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((account.balance, account.version), (7, Some(2)));
        assert_eq!(
            account.expires.unwrap().expires_at().unwrap(),
            UtcDateTime::new(2030, 1, 1, 0, 0, 0, 0).unwrap()
        );
        // Rynamo's version check accepts PynamoDB's version.
        account.balance = 8;
        account.save().send(&db).await.unwrap();
        assert_eq!(account.version, Some(3));
        let found = Animal::query("py").all(&db).await.unwrap();
        assert!(
            matches!(&found[..], [Animal::Dog(d), Animal::Cat(c)] if d.name == "rex" && d.barks && c.name == "tom" && c.lives == 9),
            "{found:?}"
        );
    });
}

#[test]
fn version_ttl_and_discriminator_written_by_rynamo_read_back_in_pynamodb() {
    use crate::semantics::{Account, Animal, Cat, Dog};
    run(async {
        let db = client();
        create::<Account>(&db).await;
        create::<Animal>(&db).await;
        let mut account = Account {
            id: "rs".into(),
            balance: 5,
            version: None,
            expires: Some(rynamo_core::attr::Ttl::from_unix_seconds(1_893_456_000)),
        };
        account.save().send(&db).await.unwrap();
        account.save().send(&db).await.unwrap();
        Dog {
            owner: "rs".into(),
            name: "fido".into(),
            barks: false,
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        Cat {
            owner: "rs".into(),
            name: "kit".into(),
            lives: 3,
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        let (accounts, animals) = (db.table_name(Account::TABLE), db.table_name(Animal::TABLE));
        let out = pynamodb_semantics("read", &accounts, &animals);
        assert_ok(&out);
        assert!(String::from_utf8_lossy(&out.stdout).contains("as expected"));
        let back = Account::get("rs")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((back.balance, back.version), (6, Some(3)));
    });
}
