//! Writes that are safe to retry: a transaction whose reply is lost is
//! retried with the same `ClientRequestToken`, so DynamoDB applies it once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rynamo_core::Model;
use rynamo_core::client::{Hook, RequestInfo};
use rynamo_core::model::Transaction;
use rynamo_core::retry::RetryPolicy;
use rynamo_core::transport::Action;
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::faults::{Fault, FaultProxy, Plan};

use crate::fixtures::{create, run};

/// A counter that must count each logical increment once.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "counters")]
pub struct Counter {
    #[rynamo(hash_key)]
    pub id: String,
    pub count: i64,
}

/// Records every attempt's body; the second attempt turns the proxy's
/// faults off, so exactly the first reply is lost.
struct Attempts {
    bodies: Mutex<Vec<(u32, Vec<u8>)>>,
    proxy: Arc<FaultProxy>,
}

impl Hook for Attempts {
    fn before_send(&self, request: &RequestInfo<'_>) {
        if request.action == Action::TransactWriteItems {
            if request.attempt == 2 {
                self.proxy.set_plan(Plan::none());
            }
            self.bodies
                .lock()
                .unwrap()
                .push((request.attempt, request.body.to_vec()));
        }
    }
}

fn token_of(body: &[u8]) -> String {
    let body: serde_json::Value = serde_json::from_slice(body).unwrap();
    body["ClientRequestToken"]
        .as_str()
        .expect("the request carries a ClientRequestToken")
        .to_string()
}

async fn increment_through_a_lost_reply(
    fault: Fault,
    token: Option<&str>,
) -> (i64, Vec<(u32, Vec<u8>)>) {
    let proxy = Arc::new(FaultProxy::start(rynamo_tests::endpoint(), Plan::none()));
    let hook = Arc::new(Attempts {
        bodies: Mutex::new(Vec::new()),
        proxy: proxy.clone(),
    });
    let prefix = rynamo_tests::unique_table("r");
    let build = |endpoint: &str| {
        let config = Config::from_env()
            .endpoint(endpoint)
            .region("us-east-1")
            .credentials(Credentials::new("rynamo", "local", None))
            .timeout(Duration::from_secs(10));
        Client::new(config)
            .expect("client")
            .table_prefix(prefix.clone())
    };
    let direct = build(rynamo_tests::endpoint());
    let db: Client = build(proxy.endpoint())
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .into_core()
        .hook(hook.clone())
        .into();
    create::<Counter>(&direct).await;
    let mut counter = Counter {
        id: "c".into(),
        count: 0,
    };
    counter.save().send(&direct).await.unwrap();
    proxy.set_plan(Plan::always(fault));
    let mut transaction = Transaction::new().update(Counter::update("c").add(Counter::COUNT, 1));
    if let Some(token) = token {
        transaction = transaction.token(token);
    }
    transaction.send(&db).await.unwrap();
    let stored = Counter::get("c")
        .consistent_read(true)
        .send(&direct)
        .await
        .unwrap();
    let bodies = hook.bodies.lock().unwrap().clone();
    (stored.count, bodies)
}

#[test]
fn a_transaction_whose_reply_is_lost_is_retried_with_its_token_and_applied_once() {
    run(async {
        for fault in [Fault::ServerErrorAfter, Fault::ResetAfter] {
            let (count, bodies) = increment_through_a_lost_reply(fault, None).await;
            // The first attempt reached DynamoDB; its reply was lost.
            assert_eq!(bodies.len(), 2, "{fault:?}: one retry");
            assert_eq!(bodies[0].0, 1);
            assert_eq!(bodies[1].0, 2);
            // The retry is the same request, byte for byte: the same token.
            assert_eq!(bodies[0].1, bodies[1].1, "{fault:?}");
            let token = token_of(&bodies[0].1);
            assert_eq!(token.len(), 36, "{token}");
            assert_eq!(&token[14..15], "4", "a UUID v4: {token}");
            assert_eq!(count, 1, "{fault:?}: the ADD was applied once, not twice");
        }
    });
}

#[test]
fn each_transaction_gets_its_own_token_and_a_caller_token_is_sent_as_given() {
    run(async {
        let (_, first) = increment_through_a_lost_reply(Fault::ServerErrorAfter, None).await;
        let (_, second) = increment_through_a_lost_reply(Fault::ServerErrorAfter, None).await;
        assert_ne!(token_of(&first[0].1), token_of(&second[0].1));
        // Unique per run: DynamoDB remembers a token for ten minutes, and a
        // second run's table under the same token would be a mismatch.
        let given = rynamo_tests::unique_table("order");
        let given = given.trim_end_matches('-');
        let (count, mine) =
            increment_through_a_lost_reply(Fault::ServerErrorAfter, Some(given)).await;
        assert_eq!(token_of(&mine[0].1), given);
        assert_eq!(token_of(&mine[1].1), given);
        assert_eq!(count, 1);
    });
}
