//! The orders API: each route is one or two Rynamo calls.
//!
//! | route | what it does | Rynamo |
//! |---|---|---|
//! | `PUT /customers/{id}` `{"name"}` | registers a customer | `save` (if new) |
//! | `GET /customers/{id}` | a customer and its totals | `get` |
//! | `POST /customers/{id}/orders` `{"id","total_cents"}` | places an order | a transaction: put the order, add to the customer's totals |
//! | `GET /customers/{id}/orders` | the customer's orders, by id | `query` |
//! | `GET /customers/{id}/orders/{order}` | one order | `get` |

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request, Response, StatusCode};
use rynamo_core::error::CancellationCode;
use rynamo_core::expr::PathExpr;
use rynamo_core::model::Transaction;
use rynamo_core::{Error, Model};
use rynamo_native::Client;
use serde::{Deserialize, Serialize};

use crate::model::{Customer, Order};

/// The largest request body accepted.
const MAX_BODY: usize = 64 * 1024;

/// How often an order's transaction is tried when it conflicts with
/// another one on the same customer (DynamoDB cancels either).
const TRANSACTION_ATTEMPTS: u32 = 10;

/// A failed request: its status and a message for the caller.
struct Failure(StatusCode, String);

type Reply = Result<(StatusCode, String), Failure>;

/// Routes one request and always answers, with JSON.
pub async fn handle(request: Request<Incoming>, db: &Client) -> Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let reply = match (&method, segments.as_slice()) {
        (&Method::PUT, ["customers", id]) => put_customer(id, request, db).await,
        (&Method::GET, ["customers", id]) => get_customer(id, db).await,
        (&Method::POST, ["customers", id, "orders"]) => place_order(id, request, db).await,
        (&Method::GET, ["customers", id, "orders"]) => list_orders(id, db).await,
        (&Method::GET, ["customers", id, "orders", order]) => get_order(id, order, db).await,
        _ => Err(Failure(
            StatusCode::NOT_FOUND,
            format!("no route {method} {path}"),
        )),
    };
    let (status, body) = reply.unwrap_or_else(|Failure(status, message)| {
        (status, serde_json::json!({ "error": message }).to_string())
    });
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, "application/json".parse().expect("static"));
    response
}

/// What `PUT /customers/{id}` takes.
#[derive(Deserialize)]
struct NewCustomer {
    name: String,
}

/// What `POST /customers/{id}/orders` takes.
#[derive(Deserialize)]
struct NewOrder {
    id: String,
    total_cents: u64,
}

/// A customer as the API shows it.
#[derive(Serialize)]
struct CustomerView<'a> {
    id: &'a str,
    name: &'a str,
    orders: u64,
    spent_cents: u64,
}

/// An order as the API shows it.
#[derive(Serialize)]
struct OrderView<'a> {
    customer: &'a str,
    id: &'a str,
    total_cents: u64,
    status: &'a str,
}

impl<'a> From<&'a Order> for OrderView<'a> {
    fn from(order: &'a Order) -> Self {
        OrderView {
            customer: &order.customer,
            id: &order.id,
            total_cents: order.total_cents,
            status: &order.status,
        }
    }
}

async fn put_customer(id: &str, request: Request<Incoming>, db: &Client) -> Reply {
    check_id(id)?;
    let new: NewCustomer = read_json(request).await?;
    let mut customer = Customer {
        id: id.into(),
        name: new.name,
        orders: 0,
        spent_cents: 0,
    };
    // Never reset the totals of a customer that exists.
    match customer
        .save()
        .condition(Customer::ID.not_exists())
        .send(db)
        .await
    {
        Ok(_) => Ok((StatusCode::CREATED, customer_json(&customer))),
        Err(Error::ConditionalCheckFailed(_)) => Err(Failure(
            StatusCode::CONFLICT,
            format!("customer `{id}` exists"),
        )),
        Err(error) => Err(unavailable(error)),
    }
}

async fn get_customer(id: &str, db: &Client) -> Reply {
    check_id(id)?;
    match Customer::get(id).send(db).await {
        Ok(customer) => Ok((StatusCode::OK, customer_json(&customer))),
        Err(error) => Err(not_found_or_unavailable(error, "customer", id)),
    }
}

async fn place_order(customer: &str, request: Request<Incoming>, db: &Client) -> Reply {
    check_id(customer)?;
    let new: NewOrder = read_json(request).await?;
    check_id(&new.id)?;
    let order = Order {
        customer: customer.into(),
        id: new.id,
        total_cents: new.total_cents,
        status: "placed".into(),
    };
    // The idempotency token makes a resent transaction (the core's retry
    // after a timeout, or the caller's retry of this request) commit once.
    let token = format!("{customer}.{}", order.id);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = Transaction::new()
            .put_with_condition(&order, Order::ID.not_exists())
            .update(
                Customer::update(customer)
                    .add(Customer::ORDERS, 1u64)
                    .add(Customer::SPENT_CENTS, order.total_cents)
                    .condition(Customer::ID.exists()),
            )
            .token(token.as_str())
            .send(db)
            .await;
        let reasons = match result {
            Ok(()) => return Ok((StatusCode::CREATED, order_json(&order))),
            Err(Error::TransactionCanceled(canceled)) => canceled.reasons().to_vec(),
            Err(error) => return Err(unavailable(error)),
        };
        let code = |i: usize| reasons.get(i).map(|r| r.code().clone());
        if code(0) == Some(CancellationCode::ConditionalCheckFailed) {
            let message = format!("order `{}` of `{customer}` exists", order.id);
            return Err(Failure(StatusCode::CONFLICT, message));
        }
        if code(1) == Some(CancellationCode::ConditionalCheckFailed) {
            let message = format!("no customer `{customer}`");
            return Err(Failure(StatusCode::NOT_FOUND, message));
        }
        let conflict = reasons
            .iter()
            .any(|r| *r.code() == CancellationCode::TransactionConflict);
        if !conflict || attempt == TRANSACTION_ATTEMPTS {
            let codes: Vec<&str> = reasons.iter().map(|r| r.code().as_str()).collect();
            let message = format!("order transaction cancelled: {codes:?}");
            return Err(Failure(StatusCode::SERVICE_UNAVAILABLE, message));
        }
        // Another order of the same customer won; nothing was written.
        tokio::time::sleep(Duration::from_millis(5 << attempt.min(6))).await;
    }
}

async fn list_orders(customer: &str, db: &Client) -> Reply {
    check_id(customer)?;
    let orders = Order::query(customer).all(db).await.map_err(unavailable)?;
    let views: Vec<OrderView<'_>> = orders.iter().map(OrderView::from).collect();
    Ok((StatusCode::OK, to_json(&views)))
}

async fn get_order(customer: &str, id: &str, db: &Client) -> Reply {
    check_id(customer)?;
    check_id(id)?;
    match Order::get((customer, id)).send(db).await {
        Ok(order) => Ok((StatusCode::OK, order_json(&order))),
        Err(error) => Err(not_found_or_unavailable(error, "order", id)),
    }
}

/// Ids are 1–16 letters, digits, `-` or `_`, so the transaction token
/// (`customer.order`) stays within DynamoDB's 36 characters.
fn check_id(id: &str) -> Result<(), Failure> {
    let valid = (1..=16).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(Failure(
            StatusCode::BAD_REQUEST,
            format!("invalid id `{id}`: use 1 to 16 letters, digits, `-` or `_`"),
        ))
    }
}

/// Reads a JSON body of at most [`MAX_BODY`] bytes.
async fn read_json<T: for<'de> Deserialize<'de>>(request: Request<Incoming>) -> Result<T, Failure> {
    let body = Limited::new(request.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|error| {
            Failure(
                StatusCode::BAD_REQUEST,
                format!("reading the body: {error}"),
            )
        })?
        .to_bytes();
    serde_json::from_slice(&body).map_err(|error| {
        Failure(
            StatusCode::BAD_REQUEST,
            format!("invalid JSON body: {error}"),
        )
    })
}

fn customer_json(customer: &Customer) -> String {
    to_json(&CustomerView {
        id: &customer.id,
        name: &customer.name,
        orders: customer.orders,
        spent_cents: customer.spent_cents,
    })
}

fn order_json(order: &Order) -> String {
    to_json(&OrderView::from(order))
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Plain structs of strings and numbers always serialize.
    serde_json::to_string(value).unwrap_or_default()
}

fn not_found_or_unavailable(error: Error, what: &str, id: &str) -> Failure {
    match error {
        Error::DoesNotExist(_) => Failure(StatusCode::NOT_FOUND, format!("no {what} `{id}`")),
        error => unavailable(error),
    }
}

/// DynamoDB could not be reached or refused after the core's retries.
fn unavailable(error: Error) -> Failure {
    Failure(StatusCode::SERVICE_UNAVAILABLE, error.to_string())
}
