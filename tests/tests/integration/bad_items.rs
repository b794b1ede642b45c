//! One bad item does not sink a read (against the real server): with one
//! undecodable item written raw among good ones, `items()` and `pages()`
//! hand back one error naming its key and attribute and go on; `all()`
//! stays strict.

use rynamo_core::error::ItemSource;
use rynamo_core::model::Items;
use rynamo_core::op::{PagedOperation, PutItem};
use rynamo_core::{AttributeValue, Error, Item, Model};

use crate::fixtures::{client, create, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "ledger")]
struct Entry {
    #[rynamo(hash_key)]
    account: String,
    #[rynamo(range_key)]
    n: u32,
    amount: i64,
}

/// Entries 0..6 of account `a`; entry 3's amount is stored as text by
/// some other writer.
async fn seed(db: &rynamo_native::Client) {
    create::<Entry>(db).await;
    for n in 0..6u32 {
        if n == 3 {
            continue;
        }
        Entry {
            account: "a".into(),
            n,
            amount: i64::from(n) * 10,
        }
        .save()
        .send(db)
        .await
        .unwrap();
    }
    let mut raw = Item::new();
    raw.insert("account".into(), AttributeValue::S("a".into()));
    raw.insert("n".into(), AttributeValue::N(3u32.into()));
    raw.insert("amount".into(), AttributeValue::S("a lot".into()));
    let table = db.table_name(Entry::TABLE);
    db.send(&PutItem::new(table.as_ref(), &raw)).await.unwrap();
}

/// The error of the bad entry: its key, the attribute, a read.
fn is_entry_3(err: &Error) -> bool {
    let Error::Item(e) = err else { return false };
    let mut key = Item::new();
    key.insert("account".into(), AttributeValue::S("a".into()));
    key.insert("n".into(), AttributeValue::N(3u32.into()));
    e.source() == ItemSource::Read
        && *e.key() == key
        && e.attribute() == Some("amount")
        && e.to_string().contains(r#"{account: "a", n: 3}"#)
}

/// Every `next()` of `items` until `None`: the entries' numbers, and
/// `Err(())` for the bad one's error.
async fn collect<O: PagedOperation>(
    mut items: Items<'_, rynamo_native::HttpTransport, Entry, O>,
) -> Vec<Result<u32, ()>> {
    let mut seen = Vec::new();
    loop {
        match items.next().await {
            Ok(Some(e)) => seen.push(Ok(e.n)),
            Ok(None) => return seen,
            Err(e) => {
                assert!(is_entry_3(&e), "{e:?}");
                seen.push(Err(()));
            }
        }
    }
}

#[test]
fn items_yield_the_good_items_and_one_error_naming_key_and_attribute() {
    run(async {
        let db = client();
        seed(&db).await;
        let query = Entry::query("a").consistent_read(true).items(&db);
        assert_eq!(
            collect(query).await,
            [Ok(0), Ok(1), Ok(2), Err(()), Ok(4), Ok(5)]
        );
        let scan = Entry::scan().consistent_read(true).items(&db);
        assert_eq!(
            collect(scan).await,
            [Ok(0), Ok(1), Ok(2), Err(()), Ok(4), Ok(5)]
        );
    });
}

#[test]
fn pages_hand_back_the_error_then_the_page_of_good_items_and_go_on() {
    run(async {
        let db = client();
        seed(&db).await;
        let mut pages = Entry::query("a")
            .consistent_read(true)
            .page_size(2)
            .pages(&db);
        let mut seen = Vec::new();
        loop {
            match pages.next().await {
                Ok(Some(page)) => seen.push(Ok(page.items.iter().map(|e| e.n).collect::<Vec<_>>())),
                Ok(None) => break,
                Err(e) => {
                    assert!(is_entry_3(&e), "{e:?}");
                    seen.push(Err(()));
                }
            }
        }
        assert_eq!(
            seen,
            [
                Ok(vec![0, 1]),
                Err(()),
                Ok(vec![2]),
                Ok(vec![4, 5]),
                Ok(vec![])
            ]
        );
    });
}

#[test]
fn all_fails_on_the_bad_item() {
    run(async {
        let db = client();
        seed(&db).await;
        let err = Entry::query("a").all(&db).await.unwrap_err();
        assert!(is_entry_3(&err), "{err:?}");
        let err = Entry::scan().all(&db).await.unwrap_err();
        assert!(is_entry_3(&err), "{err:?}");
    });
}
