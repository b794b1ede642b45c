//! Table ARNs as table names (cross-account access): accepted by the core,
//! served by moto's DynamoDB (DynamoDB Local refuses ARNs), and signed for
//! the host the request is actually sent to, whatever region or account the
//! ARN names.

use rynamo_native::core::prelude::*;
use rynamo_native::{Client, Config};
use rynamo_tests::loopback::{LoopbackServer, Reply};

use super::{temp_home, vars};

#[derive(Model, Debug, PartialEq)]
#[rynamo(table = "arn-orders")]
struct ArnOrder {
    #[rynamo(hash_key)]
    id: String,
    total: u32,
}

fn client(endpoint: &str, table: &str) -> Client {
    let home = temp_home("table-arn");
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
            ("AWS_ACCESS_KEY_ID", "AKIDARN"),
            ("AWS_SECRET_ACCESS_KEY", "arn-secret"),
        ],
    ));
    Client::new(config)
        .unwrap()
        .table_name_override("arn-orders", table)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_arn_works_as_a_table_name_on_moto() {
    let moto = rynamo_tests::moto::endpoint();
    let name = rynamo_tests::unique_table("arn-orders");
    let by_name = client(moto, &name);
    ArnOrder::table().create(&by_name).await.unwrap();
    let arn = format!("arn:aws:dynamodb:us-east-1:123456789012:table/{name}");
    let by_arn = client(moto, &arn);
    let mut order = ArnOrder {
        id: "o1".into(),
        total: 7,
    };
    order.save().send(&by_arn).await.unwrap();
    assert_eq!(ArnOrder::get("o1").send(&by_arn).await.unwrap(), order);
    assert_eq!(
        ArnOrder::get("o1").send(&by_name).await.unwrap(),
        order,
        "the same table"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_arn_request_is_signed_for_the_endpoint_host() {
    // Records the request's wire form; answers like DynamoDB refusing it.
    let recorder = LoopbackServer::start(|_| {
        Reply::new(
            400,
            r#"{"__type":"com.amazon.coral.validate#ValidationException","message":"recorded"}"#,
        )
    });
    let arn = "arn:aws:dynamodb:eu-west-1:210987654321:table/orders";
    let error = ArnOrder::get("o1")
        .send(&client(recorder.url(), arn))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("recorded"), "{error}");
    let requests = recorder.requests();
    let request = &requests[0];
    assert!(
        request.body.contains(&format!(r#""TableName":"{arn}""#)),
        "{}",
        request.body
    );
    let host = recorder.url().trim_start_matches("http://");
    assert_eq!(request.header("host"), Some(host));
    let authorization = request.header("authorization").unwrap();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDARN/")
            && authorization
                .contains("/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;"),
        "signed for the client's region and the host sent to: {authorization}"
    );
}
