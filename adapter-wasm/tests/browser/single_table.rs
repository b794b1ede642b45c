//! The shop's single table (examples/single-table) in the browser: the very
//! model and flow code of the native example and its DynamoDB Local test,
//! over the fetch transport.

use rynamo_core::prelude::*;
use rynamo_single_table_example::{
    Customer, CustomerItems, CustomerView, Order, Status, customer_view, orders_of_month,
    orders_with_status, sample, save_customer,
};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn a_single_table_collection_reads_in_one_query_in_the_browser() {
    let db = super::client("shop");
    Order::table().create(&db).await.unwrap();
    let (c1, orders, addresses) = sample("c1");
    save_customer(&db, &c1, &orders, &addresses).await.unwrap();

    assert_eq!(
        customer_view(&db, "c1", 2).await.unwrap(),
        CustomerView {
            customer: Some(c1.clone()),
            orders: orders.clone(),
            addresses,
        }
    );
    assert_eq!(
        orders_of_month(&db, "c1", "2026-01").await.unwrap(),
        orders[..2]
    );
    assert_eq!(
        orders_with_status(&db, Status::Placed).await.unwrap(),
        [orders[1].clone()]
    );
    assert_eq!(
        Customer::get(Customer::key("c1")).send(&db).await.unwrap(),
        c1
    );
    let items = CustomerItems::query(Customer::partition("c1"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(items.len(), 6);
    // The request, built without sending, is what native code builds.
    let request = Order::query("c1")
        .sort_prefix("2026-02")
        .request(&db)
        .unwrap();
    let body = String::from_utf8(request.body).unwrap();
    assert!(body.contains(r#"":v1":{"S":"ORDER#2026-02"}"#), "{body}");
}
