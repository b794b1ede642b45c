//! The same Rust model code as the native integration tests, running in
//! headless Chromium through `FetchTransport` against DynamoDB Local.
//! Built by scripts/test-wasm.sh with `DYNAMODB_ENDPOINT` set at compile time
//! (a browser has no environment).
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;

use rynamo_core::model::Transaction;
use rynamo_core::prelude::*;
use rynamo_wasm::{Client, Credentials};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/single_table.rs"]
mod single_table;
#[path = "browser/task.rs"]
mod task;

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "browser-orders")]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
    #[rynamo(range_key)]
    id: String,
    total: u32,
    tags: BTreeSet<String>,
    note: Option<String>,
    created: UtcDateTime,
}

fn order(customer: &str, id: &str, total: u32) -> Order {
    Order {
        customer: customer.into(),
        id: id.into(),
        total,
        tags: BTreeSet::from(["web".to_string()]),
        note: None,
        created: UtcDateTime::new(2026, 11, 24, 12, 0, 0, 0).unwrap(),
    }
}

fn client(test: &str) -> Client {
    // A browser has no environment: the endpoint is fixed when the test is
    // built (scripts/test-wasm.sh sets it).
    #[allow(clippy::option_env_unwrap)]
    let endpoint = option_env!("DYNAMODB_ENDPOINT").expect("built with DYNAMODB_ENDPOINT");
    let credentials = Credentials::new("browser", "local", None);
    let prefix = format!("{test}-{}-", (js_sys::Math::random() * 1e9) as u64);
    Client::new(endpoint, "us-east-1", credentials).table_prefix(prefix)
}

#[wasm_bindgen_test]
async fn crud_with_conditions_in_the_browser() {
    let db = client("crud");
    Order::table().create(&db).await.unwrap();
    let mut o = order("c1", "o1", 10);
    o.save()
        .condition(Order::ID.not_exists())
        .send(&db)
        .await
        .unwrap();
    assert_eq!(
        Order::get(("c1", "o1"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap(),
        o
    );
    let err = o
        .save()
        .condition(Order::ID.not_exists())
        .send(&db)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ConditionalCheckFailed(_)), "{err:?}");
    let updated = Order::update(("c1", "o1"))
        .add(Order::TOTAL, 5u32)
        .set(Order::NOTE, "paid")
        .send_and_read(&db)
        .await
        .unwrap();
    assert_eq!((updated.total, updated.note.as_deref()), (15, Some("paid")));
    o.delete().send(&db).await.unwrap();
    assert!(matches!(
        Order::get(("c1", "o1")).send(&db).await,
        Err(Error::DoesNotExist(_))
    ));
}

#[wasm_bindgen_test]
async fn query_scan_batch_and_transaction_in_the_browser() {
    let db = client("reads");
    Order::table().create(&db).await.unwrap();
    let mut batch = Order::batch_write();
    let orders: Vec<Order> = (0..60)
        .map(|i| order("q", &format!("o{i:02}"), i))
        .collect();
    for o in &orders {
        batch = batch.put(o);
    }
    batch.send(&db).await.unwrap();
    let all = Order::query("q").page_size(7).all(&db).await.unwrap();
    assert_eq!(all, orders);
    let big = Order::query("q")
        .range(Order::ID.begins_with("o5"))
        .filter(Order::TOTAL.ge(55u32))
        .reverse()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        big.iter().map(|o| o.total).collect::<Vec<_>>(),
        [59, 58, 57, 56, 55]
    );
    assert_eq!(Order::scan().parallel(3).all(&db).await.unwrap().len(), 60);
    let got = Order::batch_get([("q", "o01"), ("q", "o02")])
        .send(&db)
        .await
        .unwrap();
    assert_eq!(got.len(), 2);
    let err = Transaction::new()
        .put_with_condition(&order("q", "new", 1), Order::ID.not_exists())
        .check::<Order>(("q", "o01"), Order::TOTAL.gt(100u32))
        .send(&db)
        .await
        .unwrap_err();
    let Error::TransactionCanceled(t) = err else {
        panic!("{err:?}")
    };
    assert_eq!(t.reasons().len(), 2);
}

#[wasm_bindgen_test]
fn a_clients_debug_text_names_the_endpoint_and_never_the_secret_key() {
    let credentials = Credentials::new(
        "AKIDDEBUG",
        "secret-in-debug",
        Some("token-in-debug".into()),
    );
    let db = Client::new("HTTPS://Example.COM:443/a/../b", "us-east-1", credentials);
    let text = format!("{db:?}");
    assert!(text.contains("https://example.com/b"), "{text}");
    assert!(
        !text.contains("secret-in-debug") && !text.contains("token-in-debug"),
        "{text}"
    );
    assert_eq!(db.transport().endpoint(), "https://example.com/b");
    assert!(!db.transport().is_insecure());
}

/// Two failures at once on one client (one transport, as a Rust worker
/// has): each error carries the request ID of its own reply, not of the
/// reply whose headers arrived last. The fetch answers itself, both at
/// once; the slow table's refusal body takes 50 ms to arrive, after the
/// fast one's headers came.
#[wasm_bindgen_test]
async fn each_failure_carries_its_own_reply_s_request_id() {
    use core::future::{Future, poll_fn};
    use core::pin::pin;
    use core::task::Poll;
    use rynamo_core::op::GetItem;
    use rynamo_core::value::{AttributeValue, Key};

    // `new Function(args, body)`, through the global constructor.
    let make = |args: &str, body: &str| -> js_sys::Function {
        use wasm_bindgen::JsCast;
        let constructor = js_sys::Reflect::get(&js_sys::global(), &"Function".into()).unwrap();
        let args = js_sys::Array::of2(&args.into(), &body.into());
        js_sys::Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &args)
            .unwrap()
            .unchecked_into()
    };
    let fetch = make(
        "url, init",
        "const slow = new TextDecoder().decode(init.body).includes('slow-table');\
         const text = '{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"no\"}';\
         const body = new ReadableStream({ start(c) { setTimeout(() => {\
           c.enqueue(new TextEncoder().encode(text)); c.close(); }, slow ? 50 : 0); } });\
         return Promise.resolve(new Response(body,\
           { status: 400, headers: { 'x-amzn-RequestId': slow ? 'SLOW' : 'FAST' } }));",
    );
    let credentials = Credentials::new("browser", "local", None);
    let transport =
        rynamo_wasm::FetchTransport::new("http://127.0.0.1:9", "us-east-1", credentials)
            .fetch(fetch);
    let db = rynamo_core::Client::new(transport);
    let get = |table: &str| GetItem::new(table, Key::hash("pk", AttributeValue::S("a".into())));
    let (slow, fast) = (get("slow-table"), get("fast-table"));
    let mut a = pin!(db.send(&slow));
    let mut b = pin!(db.send(&fast));
    let (mut slow_done, mut fast_done) = (None, None);
    poll_fn(|cx| {
        if slow_done.is_none()
            && let Poll::Ready(r) = a.as_mut().poll(cx)
        {
            slow_done = Some(r);
        }
        if fast_done.is_none()
            && let Poll::Ready(r) = b.as_mut().poll(cx)
        {
            fast_done = Some(r);
        }
        if slow_done.is_some() && fast_done.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    let slow_error = slow_done.unwrap().unwrap_err();
    let fast_error = fast_done.unwrap().unwrap_err();
    assert_eq!(slow_error.request_id(), Some("SLOW"), "{slow_error}");
    assert_eq!(fast_error.request_id(), Some("FAST"), "{fast_error}");
}
