//! The orders service under load, against DynamoDB Local: hundreds of
//! concurrent requests (saves, transactions, gets, queries), every write
//! checked to have landed exactly once by reading the tables directly, and
//! the service's DynamoDB connections counted through a loopback TCP
//! forwarder to show they are pooled, not opened per request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rynamo_core::Model;
use rynamo_native::{Client, Config, Credentials};
use rynamo_service_example::model::{Customer, Order};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};

const CUSTOMERS: usize = 20;
const ORDERS_PER_CUSTOMER: usize = 20;

/// Forwards every connection accepted on a loopback port to `upstream`,
/// counting the connections.
struct Forwarder {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
}

impl Forwarder {
    async fn start(upstream: SocketAddr) -> Forwarder {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Forwarder { addr, accepted }
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

fn client(endpoint: &str, prefix: &str) -> Client {
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("service", "local", None));
    Client::new(config).expect("client").table_prefix(prefix)
}

/// Sends every request at once, each from its own task; returns
/// (status, JSON body) in order.
async fn all_at_once(
    http: &reqwest::Client,
    requests: Vec<(reqwest::Method, String, Option<Value>)>,
) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(method, url, body)| {
            let http = http.clone();
            tokio::spawn(async move {
                let mut request = http.request(method, &url);
                if let Some(body) = body {
                    request = request.json(&body);
                }
                let response = request.send().await.expect("service answers");
                let status = response.status().as_u16();
                let body: Value = response.json().await.expect("JSON reply");
                (status, body)
            })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.expect("request task"));
    }
    replies
}

#[test]
fn hundreds_of_concurrent_requests_write_each_order_once_over_pooled_connections() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let upstream: SocketAddr = rynamo_tests::endpoint()
            .trim_start_matches("http://")
            .parse()
            .expect("DynamoDB Local's address");
        let forwarder = Forwarder::start(upstream).await;
        let prefix = rynamo_tests::unique_table("svc");
        let db = client(&format!("http://{}", forwarder.addr), &prefix);
        rynamo_service_example::create_tables(&db)
            .await
            .expect("tables");

        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let server = tokio::spawn(rynamo_service_example::serve(listener, db));
        let http = reqwest::Client::new();
        let url = |path: String| format!("{base}{path}");
        let customer = |c: usize| format!("c{c:02}");
        let total = |c: usize, o: usize| (100 * c + o + 1) as u64;

        // Saves: every customer at once, and each a second time, which must
        // be refused without touching the first.
        let registrations = (0..CUSTOMERS)
            .flat_map(|c| [c, c])
            .map(|c| {
                let body = json!({ "name": format!("Customer {c}") });
                let path = format!("/customers/{}", customer(c));
                (reqwest::Method::PUT, url(path), Some(body))
            })
            .collect();
        let replies = all_at_once(&http, registrations).await;
        let created = replies.iter().filter(|(s, _)| *s == 201).count();
        let refused = replies.iter().filter(|(s, _)| *s == 409).count();
        assert_eq!((created, refused), (CUSTOMERS, CUSTOMERS), "{replies:?}");

        // Transactions: 400 orders at once, 20 per customer, so each
        // customer's totals see 20 concurrent transactions.
        let orders = (0..CUSTOMERS)
            .flat_map(|c| (0..ORDERS_PER_CUSTOMER).map(move |o| (c, o)))
            .map(|(c, o)| {
                let body = json!({ "id": format!("o{o:03}"), "total_cents": total(c, o) });
                let path = format!("/customers/{}/orders", customer(c));
                (reqwest::Method::POST, url(path), Some(body))
            })
            .collect();
        let replies = all_at_once(&http, orders).await;
        for (status, body) in &replies {
            assert_eq!(*status, 201, "{body}");
        }

        // Reads and queries, all at once: every order and every list.
        let reads = (0..CUSTOMERS)
            .flat_map(|c| (0..ORDERS_PER_CUSTOMER).map(move |o| (c, o)))
            .map(|(c, o)| format!("/customers/{}/orders/o{o:03}", customer(c)))
            .chain((0..CUSTOMERS).map(|c| format!("/customers/{}/orders", customer(c))))
            .map(|path| (reqwest::Method::GET, url(path), None))
            .collect();
        let replies = all_at_once(&http, reads).await;
        let (gets, lists) = replies.split_at(CUSTOMERS * ORDERS_PER_CUSTOMER);
        for (i, (status, body)) in gets.iter().enumerate() {
            let (c, o) = (i / ORDERS_PER_CUSTOMER, i % ORDERS_PER_CUSTOMER);
            assert_eq!(*status, 200, "{body}");
            assert_eq!(body["total_cents"], total(c, o), "{body}");
        }
        for (status, body) in lists {
            assert_eq!(*status, 200, "{body}");
            assert_eq!(body.as_array().map(Vec::len), Some(ORDERS_PER_CUSTOMER));
        }
        let requests_to_dynamodb = 2 * CUSTOMERS + 3 * CUSTOMERS * ORDERS_PER_CUSTOMER + CUSTOMERS;
        let largest_burst = CUSTOMERS * ORDERS_PER_CUSTOMER + CUSTOMERS;
        let after_load = forwarder.accepted();

        // Bounded concurrency afterwards (16 in flight, 25 rounds): the
        // pooled connections serve it all, none is opened.
        for _ in 0..25 {
            let reads = (0..16)
                .map(|c| format!("/customers/{}", customer(c)))
                .map(|path| (reqwest::Method::GET, url(path), None))
                .collect();
            for (status, body) in all_at_once(&http, reads).await {
                assert_eq!(status, 200, "{body}");
            }
        }
        let after_bounded = forwarder.accepted();
        server.abort();

        // Straight from the tables, not through the service: each order
        // exactly once with its total, each customer's totals moved by
        // exactly its orders (an order applied twice would add twice).
        let direct = client(rynamo_tests::endpoint(), &prefix);
        let stored = Order::scan().all(&direct).await.expect("scan orders");
        assert_eq!(stored.len(), CUSTOMERS * ORDERS_PER_CUSTOMER);
        for c in 0..CUSTOMERS {
            let mut mine: Vec<&Order> = stored
                .iter()
                .filter(|o| o.customer == customer(c))
                .collect();
            mine.sort_by(|a, b| a.id.cmp(&b.id));
            let ids: Vec<String> = mine.iter().map(|o| o.id.clone()).collect();
            let want: Vec<String> = (0..ORDERS_PER_CUSTOMER)
                .map(|o| format!("o{o:03}"))
                .collect();
            assert_eq!(ids, want);
            for (o, order) in mine.iter().enumerate() {
                assert_eq!(order.total_cents, total(c, o));
                assert_eq!(order.status, "placed");
            }
            let stored = Customer::get(customer(c).as_str())
                .consistent_read(true)
                .send(&direct)
                .await
                .expect("customer");
            assert_eq!(stored.name, format!("Customer {c}"));
            assert_eq!(stored.orders, ORDERS_PER_CUSTOMER as u64);
            let spent: u64 = (0..ORDERS_PER_CUSTOMER).map(|o| total(c, o)).sum();
            assert_eq!(stored.spent_cents, spent);
        }

        // Connections: HTTP/1.1 needs one per request in flight, so the
        // pool grows to the largest burst (440 requests at once) and is
        // reused by every later burst: about one connection per three
        // requests here, and none new once the pool is warm. A pool that
        // dropped connections would open one per request.
        println!(
            "{requests_to_dynamodb}+ DynamoDB requests over {after_load} connections \
             (largest burst {largest_burst}); {after_bounded} after 400 more"
        );
        assert!(
            after_load <= largest_burst + largest_burst / 10,
            "{after_load} connections for {requests_to_dynamodb}+ requests, \
             at most {largest_burst} at once"
        );
        assert_eq!(
            after_bounded, after_load,
            "the warm pool opened connections"
        );
    });
}
