//! The shop's single table against DynamoDB Local: a table with a global
//! index and a stream, customers with orders and addresses written through
//! their entities, a customer's partition read in one query (and page by
//! page), entity queries by sort-key prefix and by index, an item of an
//! entity outside the collection, and the table's stream consumed as typed
//! events dispatched by entity.

use std::collections::BTreeMap;
use std::time::Duration;

use rynamo_core::model::TemplatePart;
use rynamo_core::op::{PutItem, StreamViewType};
use rynamo_core::streams::{Change, ChangeReader, UnknownType};
use rynamo_core::{AttributeValue, Item, Model};
use rynamo_native::{Client, Config, Credentials};
use rynamo_single_table_example::{
    Address, Customer, CustomerItems, CustomerView, Order, Status, customer_view, orders_of_month,
    orders_with_status, sample, save_customer,
};

fn client() -> Client {
    let config = Config::from_env()
        .endpoint(rynamo_tests::endpoint())
        .region("us-east-1")
        .credentials(Credentials::new("shop", "local", None));
    Client::new(config)
        .expect("client")
        .table_prefix(rynamo_tests::unique_table("shop"))
}

fn run<F: std::future::Future<Output = ()>>(body: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(body)
}

/// An item of an entity the collection does not know (a gift card), in
/// the customer's partition.
fn gift_card(customer: &str) -> Item {
    Item::from([
        (
            "pk".to_string(),
            AttributeValue::S(format!("CUSTOMER#{customer}")),
        ),
        ("sk".to_string(), AttributeValue::S("GIFT#g1".into())),
        ("entity".to_string(), AttributeValue::S("gift".into())),
    ])
}

#[test]
fn a_customer_partition_is_written_through_entities_and_read_in_one_query() {
    run(async {
        let db = client();
        Order::table()
            .stream(StreamViewType::NewAndOldImages)
            .create(&db)
            .await
            .unwrap();
        let (c1, c1_orders, c1_addresses) = sample("c1");
        let (c2, c2_orders, c2_addresses) = sample("c2");
        save_customer(&db, &c1, &c1_orders, &c1_addresses)
            .await
            .unwrap();
        save_customer(&db, &c2, &c2_orders, &c2_addresses)
            .await
            .unwrap();
        db.send(&PutItem::new(db.table_name(Order::TABLE), &gift_card("c1")))
            .await
            .unwrap();

        // The item as stored: fields in their own attributes, the keys
        // rendered from their templates.
        let stored = db
            .send(&rynamo_core::op::GetItem::new(
                db.table_name(Order::TABLE),
                Order::key("c1", "2026-01-05", "o1").key().unwrap().clone(),
            ))
            .await
            .unwrap()
            .expect("stored order");
        assert_eq!(stored["pk"], AttributeValue::S("CUSTOMER#c1".into()));
        assert_eq!(
            stored["sk"],
            AttributeValue::S("ORDER#2026-01-05#o1".into())
        );
        assert_eq!(stored["gsi1pk"], AttributeValue::S("STATUS#Paid".into()));
        assert_eq!(stored["entity"], AttributeValue::S("order".into()));
        assert_eq!(stored["date"], AttributeValue::S("2026-01-05".into()));

        // One query reads the whole partition; the gift card is filtered
        // out by the collection's entity filter. Sort-key order: ADDRESS#,
        // ORDER#, PROFILE.
        let view = customer_view(&db, "c1", 100).await.unwrap();
        assert_eq!(
            view,
            CustomerView {
                customer: Some(c1.clone()),
                orders: c1_orders.clone(),
                addresses: c1_addresses.clone(),
            }
        );
        // Paginated like any query: 2 items a page, same items.
        let mut pages = CustomerItems::query(Customer::partition("c1"))
            .page_size(2)
            .pages(&db);
        let mut paged = Vec::new();
        let mut requests = 0;
        while let Some(page) = pages.next().await.unwrap() {
            requests += 1;
            paged.extend(page.items);
        }
        assert!(requests >= 3, "{requests} pages");
        assert_eq!(paged.into_iter().collect::<CustomerView>(), view);

        // Each entity reads on its own with its key templates.
        assert_eq!(
            Order::get(Order::key("c1", "2026-01-20", "o2"))
                .send(&db)
                .await
                .unwrap(),
            c1_orders[1]
        );
        assert_eq!(
            Customer::get(Customer::key("c2")).send(&db).await.unwrap(),
            c2
        );
        assert_eq!(Order::query("c1").all(&db).await.unwrap(), c1_orders);
        assert_eq!(Address::query("c2").all(&db).await.unwrap(), c2_addresses);
        assert_eq!(
            orders_of_month(&db, "c1", "2026-01").await.unwrap(),
            c1_orders[..2]
        );
        let paid = orders_with_status(&db, Status::Paid).await.unwrap();
        assert_eq!(paid.len(), 4);
        assert!(paid.iter().all(|o| o.status == Status::Paid));
        // gsi1 sorts by date across customers.
        let dates: Vec<&str> = paid.iter().map(|o| o.date.as_str()).collect();
        assert_eq!(
            dates,
            ["2026-01-05", "2026-01-05", "2026-02-02", "2026-02-02"]
        );

        // A value holding the separator is refused before anything is sent.
        let mut bad = c1_orders[0].clone();
        bad.id = "o#9".into();
        assert!(matches!(
            bad.save().send(&db).await,
            Err(rynamo_core::Error::Encode(_))
        ));

        // Changes: an order ships (saved again, its gsi1 key follows), an
        // address goes.
        let mut shipped = c1_orders[0].clone();
        shipped.status = Status::Shipped;
        shipped.save().send(&db).await.unwrap();
        Address::delete_key(Address::key("c1", "work"))
            .send(&db)
            .await
            .unwrap();
        assert_eq!(
            orders_with_status(&db, Status::Shipped).await.unwrap(),
            [shipped.clone()]
        );

        // The table's stream as typed events, dispatched by entity; the
        // gift card is skipped by policy.
        let mut reader = ChangeReader::<CustomerItems>::new()
            .unknown_types(UnknownType::Skip)
            .poll_interval(Duration::from_millis(50));
        let mut by_key: BTreeMap<String, Vec<Change<CustomerItems>>> = BTreeMap::new();
        let mut events = 0;
        while let Some(event) = reader.next(&db).await.expect("stream read") {
            events += 1;
            let key = event.key.as_item();
            let (AttributeValue::S(pk), AttributeValue::S(sk)) = (&key["pk"], &key["sk"]) else {
                panic!("keys are strings")
            };
            by_key
                .entry(format!("{pk}|{sk}"))
                .or_default()
                .push(event.change);
        }
        // 12 inserts, 1 modify, 1 remove (the gift card skipped).
        assert_eq!(events, 14);
        assert_eq!(
            by_key["CUSTOMER#c1|ORDER#2026-01-05#o1"],
            [
                Change::Insert {
                    new: Some(CustomerItems::Order(c1_orders[0].clone()))
                },
                Change::Modify {
                    old: Some(CustomerItems::Order(c1_orders[0].clone())),
                    new: Some(CustomerItems::Order(shipped))
                },
            ]
        );
        assert_eq!(
            by_key["CUSTOMER#c1|ADDRESS#work"],
            [
                Change::Insert {
                    new: Some(CustomerItems::Address(c1_addresses[1].clone()))
                },
                Change::Remove {
                    old: Some(CustomerItems::Address(c1_addresses[1].clone()))
                },
            ]
        );
        assert_eq!(
            by_key["CUSTOMER#c2|PROFILE"],
            [Change::Insert {
                new: Some(CustomerItems::Customer(c2))
            }]
        );
        assert!(!by_key.contains_key("CUSTOMER#c1|GIFT#g1"));

        // A key alone (a REMOVE record's Keys) parses back into its values.
        let sk = Order::KEY_TEMPLATES.unwrap().range.unwrap();
        assert_eq!(
            sk.parse("ORDER#2026-01-05#o1").unwrap(),
            ["2026-01-05", "o1"]
        );
        assert_eq!(sk.parts[0], TemplatePart::Text("ORDER#"));
    });
}

#[test]
fn requests_are_built_without_sending_for_logging_or_another_client() {
    let db = client();
    let request = CustomerItems::query(Customer::partition("c1"))
        .request(&db)
        .unwrap();
    assert_eq!(request.action.name(), "Query");
    let body = String::from_utf8(request.body).unwrap();
    assert!(body.contains(r#"":v0":{"S":"CUSTOMER#c1"}"#), "{body}");
    assert!(
        body.contains(r##""FilterExpression":"#n1 IN (:v1, :v2, :v3)""##),
        "{body}"
    );
}
