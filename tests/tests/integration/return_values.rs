//! Typed return values against the real server: the old item of a save
//! and a delete, the old and new item of an update, the changed attributes
//! before and after as partials; an undecodable returned item after a
//! write that took effect.

use rynamo_core::error::ItemSource;
use rynamo_core::op::PutItem;
use rynamo_core::{AttributeValue, Error, Model};

use crate::fixtures::{client, create, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "wallets")]
struct Wallet {
    #[rynamo(hash_key)]
    id: String,
    balance: i64,
    owner: String,
    note: Option<String>,
    #[rynamo(version)]
    version: Option<u64>,
}

fn wallet(id: &str, balance: i64) -> Wallet {
    Wallet {
        id: id.into(),
        balance,
        owner: "ann".into(),
        note: Some("first".into()),
        version: None,
    }
}

#[test]
fn save_returns_the_replaced_item_as_the_model() {
    run(async {
        let db = client();
        create::<Wallet>(&db).await;
        let mut w = wallet("w1", 10);
        assert_eq!(w.save().send_returning_old(&db).await.unwrap(), None);
        let first = w.clone();
        w.balance = 20;
        w.note = None;
        let old = w.save().send_returning_old(&db).await.unwrap();
        assert_eq!(old, Some(first));
        assert_eq!(w.version, Some(2));
        assert_eq!(Wallet::get("w1").send(&db).await.unwrap(), w);
    });
}

#[test]
fn delete_returns_the_deleted_item_as_the_model() {
    run(async {
        let db = client();
        create::<Wallet>(&db).await;
        let mut w = wallet("w2", 5);
        w.save().send(&db).await.unwrap();
        let old = w.delete().send_returning_old(&db).await.unwrap();
        assert_eq!(old, Some(w));
        let none = Wallet::delete_key("w2")
            .send_returning_old(&db)
            .await
            .unwrap();
        assert_eq!(none, None);
    });
}

#[test]
fn update_returns_old_and_new_items_and_changed_attributes_typed() {
    run(async {
        let db = client();
        create::<Wallet>(&db).await;
        let mut w = wallet("w3", 100);
        w.save().send(&db).await.unwrap();

        // ALL_OLD: the whole item before.
        let before = Wallet::update("w3")
            .expected_version(1)
            .add(Wallet::BALANCE, 5i64)
            .send_returning_old(&db)
            .await
            .unwrap();
        assert_eq!(before, Some(w.clone()));
        // ALL_NEW: the whole item after.
        let after = Wallet::update("w3")
            .expected_version(2)
            .add(Wallet::BALANCE, 5i64)
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!((after.balance, after.version), (110, Some(3)));
        // UPDATED_OLD: only the changed attributes, as they were.
        let old = Wallet::update("w3")
            .expected_version(3)
            .set(Wallet::OWNER, "bob")
            .remove(Wallet::NOTE)
            .send_returning_updated_old(&db)
            .await
            .unwrap();
        assert_eq!(old.get(Wallet::OWNER).unwrap(), Some("ann".into()));
        assert_eq!(old.get(Wallet::NOTE).unwrap(), Some("first".into()));
        assert_eq!(old.get(Wallet::VERSION).unwrap(), Some(3));
        assert!(!old.contains(Wallet::BALANCE) && !old.contains(Wallet::ID));
        // UPDATED_NEW: only the changed attributes, as they are now.
        let new = Wallet::update("w3")
            .expected_version(4)
            .add(Wallet::BALANCE, -10i64)
            .send_returning_updated_new(&db)
            .await
            .unwrap();
        assert_eq!(new.get(Wallet::BALANCE).unwrap(), Some(100));
        assert_eq!(new.get(Wallet::VERSION).unwrap(), Some(5));
        assert!(!new.contains(Wallet::OWNER));
        // An update creating the item has no old item.
        let created = Wallet::update("w4")
            .set(Wallet::BALANCE, 1i64)
            .set(Wallet::OWNER, "cy")
            .send_returning_old(&db)
            .await
            .unwrap();
        assert_eq!(created, None);
    });
}

#[test]
fn an_undecodable_returned_item_is_an_error_holding_it_after_the_write() {
    run(async {
        let db = client();
        create::<Wallet>(&db).await;
        let mut raw = wallet("w5", 1).to_item().unwrap();
        raw.insert("balance".into(), AttributeValue::S("one".into()));
        let table = db.table_name(Wallet::TABLE);
        db.send(&PutItem::new(table.as_ref(), &raw)).await.unwrap();
        let err = Wallet::delete_key("w5")
            .send_returning_old(&db)
            .await
            .unwrap_err();
        let Error::Item(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.source(), ItemSource::Returned);
        assert_eq!(e.attribute(), Some("balance"));
        assert_eq!(e.item(), Some(&raw));
        assert!(err.to_string().starts_with("the write succeeded"), "{err}");
        assert!(
            matches!(
                Wallet::get("w5").send(&db).await,
                Err(Error::DoesNotExist(_))
            ),
            "the delete took effect"
        );
        // An update through `apply()` refreshes the instance; asking it for
        // the old item is refused before anything is sent.
        let mut w = wallet("w6", 1);
        w.save().send(&db).await.unwrap();
        let err = w
            .apply()
            .add(Wallet::BALANCE, 1i64)
            .send_returning_old(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert_eq!(Wallet::get("w6").send(&db).await.unwrap().balance, 1);
    });
}
