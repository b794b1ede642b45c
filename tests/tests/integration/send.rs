//! Every future and stream of the public API is `Send` with the native
//! client, so it runs inside `tokio::spawn` on a multi-thread runtime: the
//! compiler proves it here (a regression stops this file compiling), and
//! the spawned tests run saves, a transaction and streams against the
//! real server on worker threads.

use std::sync::Arc;

use futures_core::Stream;
use rynamo_core::expr::PathExpr;
use rynamo_core::model::{Transaction, TransactionRead};
use rynamo_core::transport::{Action, Request};
use rynamo_core::{Model, Number};
use rynamo_native::Client;

use crate::fixtures::{Order, Status, client, create};
use crate::reads::Event;

/// Takes a value only if it can move to another thread.
fn send<T: Send>(value: T) -> T {
    value
}

/// A stream that can move to another thread, consumed by `poll_next`.
fn send_stream<S: Stream + Send>(stream: S) -> S {
    stream
}

#[test]
fn every_operation_future_and_stream_is_send_with_the_native_client() {
    // Nothing here is polled: building the futures is enough for the
    // compiler to check their types; dropping them sends nothing.
    let db = client();
    let key = ("c", "o");
    let mut order = Order::sample("c", "o");

    // Single-item operations.
    drop(send(order.save().send(&db)));
    drop(send(Order::get(key).send(&db)));
    drop(send(order.refresh().send(&db)));
    drop(send(
        Order::update(key)
            .set(Order::STATUS, Status::Paid)
            .send(&db),
    ));
    drop(send(
        Order::update(key)
            .add(Order::TOTAL, Number::from(1))
            .send_and_read(&db),
    ));
    drop(send(order.delete().send(&db)));
    drop(send(Order::delete_key(key).send(&db)));

    // Query and scan: pages, items, all, count, streams, parallel scan,
    // indexes.
    drop(send(Order::query("c").pages(&db)));
    drop(send(Order::query("c").items(&db)));
    let mut pages = Order::query("c").pages(&db);
    drop(send(pages.next()));
    let mut items = Order::scan().items(&db);
    drop(send(items.next()));
    drop(send(Order::query("c").all(&db)));
    drop(send(Order::query("c").count(&db)));
    drop(send(Order::scan().all(&db)));
    drop(send(Order::scan().count(&db)));
    drop(send_stream(Order::query("c").items(&db).into_stream()));
    drop(send_stream(Order::scan().pages(&db).into_stream()));
    drop(send(Order::scan().parallel(4).all(&db)));
    let mut parallel = Order::scan().parallel(4).items(&db);
    drop(send(parallel.next()));
    drop(send(
        Event::BY_STATE.query(crate::reads::State::Open).all(&db),
    ));
    drop(send(Event::BY_KIND.scan().count(&db)));

    // Batches.
    drop(send(Order::batch_write().put(&order).send(&db)));
    drop(send(Order::batch_get([key]).send(&db)));

    // Transactions, writes and reads.
    drop(send(
        Transaction::new()
            .put(&order)
            .update(Order::update(key).set(Order::STATUS, Status::Paid))
            .delete(Order::delete_key(key))
            .check::<Order>(key, Order::STATUS.eq(Status::New))
            .send(&db),
    ));
    drop(send(TransactionRead::new().get::<Order>(key).send(&db)));

    // Table operations.
    drop(send(Order::table().create(&db)));
    drop(send(Order::table().describe(&db)));
    drop(send(Order::table().exists(&db)));
    drop(send(Order::table().enable_ttl(&db)));
    drop(send(Order::table().ttl(&db)));
    drop(send(Order::table().delete(&db)));
    drop(send(db.wait_until_active(
        "orders",
        std::time::Duration::from_millis(10),
        3,
    )));

    // The client's own driver.
    let request = Request {
        action: Action::ListTables,
        table: None,
        body: b"{}".to_vec(),
    };
    drop(send(db.execute(&request)));
    let put = rynamo_core::Item::new();
    drop(send(
        db.send(&rynamo_core::op::PutItem::new("orders", &put)),
    ));
    let mut raw_pages = rynamo_core::client::Pages::new(
        &db,
        rynamo_core::machine::Paginator::new(rynamo_core::op::Scan::new("orders")),
    );
    drop(send(raw_pages.next()));

    // And the client itself is shared across tasks.
    fn shared<T: Send + Sync + Clone + 'static>() {}
    shared::<Client>();
}

/// A multi-thread runtime with two workers, as a service runs.
fn multi_thread<F: std::future::Future<Output = ()>>(body: F) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(body)
}

#[test]
fn spawned_saves_transactions_and_streams_run_on_worker_threads() {
    multi_thread(async {
        let db = client();
        create::<Order>(&db).await;
        let db = Arc::new(db);

        // 64 saves, each on its own task.
        let saves: Vec<_> = (0..64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut order = Order::sample("spawned", &format!("o{i:02}"));
                    order.save().send(&db).await.map(|_| order)
                })
            })
            .collect();
        for save in saves {
            save.await.expect("task").expect("save");
        }

        // A transaction on a task: mark the first order paid and add one.
        let transaction = tokio::spawn({
            let db = db.clone();
            async move {
                Transaction::new()
                    .update(
                        Order::update(("spawned", "o00"))
                            .set(Order::STATUS, Status::Paid)
                            .condition(Order::STATUS.eq(Status::New)),
                    )
                    .put(&Order::sample("spawned", "o64"))
                    .send(&db)
                    .await
            }
        });
        transaction.await.expect("task").expect("transaction");

        // A stream read to the end on a task.
        let streamed = tokio::spawn({
            let db = db.clone();
            async move {
                let mut stream = std::pin::pin!(Order::query("spawned").items(&db).into_stream());
                let mut ids = Vec::new();
                while let Some(order) =
                    std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
                {
                    let order = order?;
                    ids.push((order.id, order.status));
                }
                Ok::<_, rynamo_core::Error>(ids)
            }
        });
        let ids = streamed.await.expect("task").expect("stream");
        assert_eq!(ids.len(), 65);
        let expected: Vec<String> = (0..65).map(|i| format!("o{i:02}")).collect();
        assert_eq!(
            ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(ids[0].1, Status::Paid);
        assert!(ids[1..].iter().all(|(_, status)| *status == Status::New));

        // A transactional read on a task sees the transaction's writes.
        let read = tokio::spawn({
            let db = db.clone();
            async move {
                TransactionRead::new()
                    .get::<Order>(("spawned", "o00"))
                    .get::<Order>(("spawned", "o64"))
                    .send(&db)
                    .await
            }
        });
        let read = read.await.expect("task").expect("transactional read");
        assert!(read.items().iter().all(Option::is_some));
    });
}
