//! Codec micro-benchmarks, no network: model → PutItem body, and GetItem
//! response body → model.
//!
//! - Rynamo: `PutItem::encode` writes the model straight into the body;
//!   `GetItem::decode` + `Model::from_item` read it back.
//! - aws-sdk-dynamodb + serde_dynamo: `serde_dynamo::to_item` into the SDK's
//!   `HashMap<String, AttributeValue>`, a `PutItemInput`, then the SDK's own
//!   generated request serializer (taken from the `PutItem` operation's
//!   runtime plugin, as the SDK's orchestrator does), which also builds the
//!   `http::Request` around the body. Back: the SDK's own `GetItem` response
//!   deserializer into `GetItemOutput`, then `serde_dynamo::from_item`.
//! - Floor: `serde_json` of the same serde struct as plain JSON (no
//!   DynamoDB type tags), both ways.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::config::ConfigBag;
use aws_sdk_dynamodb::operation::get_item::{GetItem as SdkGetItem, GetItemOutput};
use aws_sdk_dynamodb::operation::put_item::{PutItem as SdkPutItem, PutItemInput};
use aws_smithy_runtime_api::client::interceptors::context::Input;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{
    DeserializeResponse, SerializeRequest, SharedRequestSerializer, SharedResponseDeserializer,
};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use rynamo_core::__private::decode_models;
use rynamo_core::Model;
use rynamo_core::op::{GetItem, Operation, PutItem};
use rynamo_core::transport::Response;

use crate::model::{Order, PlainOrder, order};
use crate::report::CodecRow;
use crate::workload::BenchError;

const TABLE: &str = "bench-orders";

/// Runs every codec benchmark `iterations` times; returns the rows.
pub fn run(iterations: u64) -> Result<Vec<CodecRow>, BenchError> {
    let order = Order {
        version: Some(3),
        ..order(1)
    };
    let plain = PlainOrder::from(&order);
    let mut sdk = SdkCodec::new()?;

    // The GetItem response and the plain JSON every decoder reads.
    let mut item = Vec::new();
    order.write_item(&mut item)?;
    let get_response = [&b"{\"Item\":"[..], &item, b"}"].concat();
    let plain_json = serde_json::to_vec(&plain)?;

    // Each path must agree with the others before it is timed.
    check(&order, &plain, &mut sdk, &get_response, &plain_json)?;

    let mut rows = Vec::new();
    let rynamo_response = Response {
        status: 200,
        body: get_response.clone(),
        request_id: None,
    };
    let sdk_response = http_response(&get_response)?;
    rows.push(CodecRow::new(
        "encode",
        "rynamo",
        time(iterations, || {
            let mut body = Vec::new();
            PutItem::new(TABLE, &order).encode(&mut body).map(|()| body)
        })?,
    ));
    rows.push(CodecRow::new(
        "encode",
        "sdk+serde_dynamo",
        time(iterations, || sdk.encode(&plain))?,
    ));
    rows.push(CodecRow::new(
        "encode",
        "serde_json (floor)",
        time(iterations, || serde_json::to_vec(&plain))?,
    ));
    // What `Order::get` does: the reply straight into the model.
    rows.push(CodecRow::new(
        "decode",
        "rynamo",
        time(iterations, || {
            Ok::<_, BenchError>(
                decode_models::<Order, GetItem>(&rynamo_response)?.ok_or("no item")?,
            )
        })?,
    ));
    // The general path (and the fallback for bad data): JSON into an `Item`
    // map, then `from_item`; and the first half of it alone.
    rows.push(CodecRow::new(
        "decode",
        "(rynamo via Item)",
        time(iterations, || {
            let item = GetItem::decode(&rynamo_response)?.ok_or("no item")?;
            Ok::<_, BenchError>(Order::from_item(item)?)
        })?,
    ));
    rows.push(CodecRow::new(
        "decode",
        "(rynamo: JSON→Item)",
        time(iterations, || GetItem::decode(&rynamo_response))?,
    ));
    rows.push(CodecRow::new(
        "decode",
        "sdk+serde_dynamo",
        time(iterations, || sdk.decode(&sdk_response))?,
    ));
    rows.push(CodecRow::new(
        "decode",
        "serde_json (floor)",
        time(iterations, || {
            serde_json::from_slice::<PlainOrder>(&plain_json)
        })?,
    ));
    Ok(rows)
}

/// The SDK's own serializer and deserializer, as its orchestrator finds them.
struct SdkCodec {
    serializer: SharedRequestSerializer,
    put_config: ConfigBag,
    get_config: ConfigBag,
}

impl SdkCodec {
    fn new() -> Result<Self, BenchError> {
        let mut put_config = ConfigBag::base();
        put_config.push_shared_layer(SdkPutItem::new().config().ok_or("no PutItem config")?);
        let mut get_config = ConfigBag::base();
        get_config.push_shared_layer(SdkGetItem::new().config().ok_or("no GetItem config")?);
        let serializer = put_config
            .load::<SharedRequestSerializer>()
            .ok_or("no PutItem serializer")?
            .clone();
        Ok(SdkCodec {
            serializer,
            put_config,
            get_config,
        })
    }

    /// PutItem body bytes for `order`.
    fn encode(&mut self, order: &PlainOrder) -> Result<Vec<u8>, BenchError> {
        let input = PutItemInput::builder()
            .table_name(TABLE)
            .set_item(Some(serde_dynamo::to_item(order)?))
            .build()?;
        let request = self
            .serializer
            .serialize_input(Input::erase(input), &mut self.put_config)?;
        Ok(request.body().bytes().ok_or("streaming body")?.to_vec())
    }

    /// The order in a GetItem response.
    fn decode(&self, response: &HttpResponse) -> Result<PlainOrder, BenchError> {
        let deserializer = self
            .get_config
            .load::<SharedResponseDeserializer>()
            .ok_or("no GetItem deserializer")?;
        let output = deserializer
            .deserialize_nonstreaming_with_config(response, &self.get_config)
            .map_err(|e| format!("{e:?}"))?;
        let output = output
            .downcast::<GetItemOutput>()
            .map_err(|_| "not a GetItemOutput")?;
        Ok(serde_dynamo::from_item(output.item.ok_or("no item")?)?)
    }
}

fn http_response(body: &[u8]) -> Result<HttpResponse, BenchError> {
    Ok(HttpResponse::new(
        StatusCode::try_from(200)?,
        SdkBody::from(body.to_vec()),
    ))
}

/// The fastest ns/op of five rounds of `iterations / 5` calls, after a
/// warm-up round.
fn time<T, E: Into<BenchError>>(
    iterations: u64,
    mut f: impl FnMut() -> Result<T, E>,
) -> Result<Duration, BenchError> {
    let round = (iterations / 5).max(1);
    for _ in 0..round {
        black_box(f().map_err(Into::into)?);
    }
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..round {
            black_box(f().map_err(Into::into)?);
        }
        best = best.min(start.elapsed() / round as u32);
    }
    Ok(best)
}

/// Every path reads back what the others wrote.
fn check(
    order: &Order,
    plain: &PlainOrder,
    sdk: &mut SdkCodec,
    get_response: &[u8],
    plain_json: &[u8],
) -> Result<(), BenchError> {
    let response = Response {
        status: 200,
        body: get_response.to_vec(),
        request_id: None,
    };
    let rynamo_item = GetItem::decode(&response)?.ok_or("no item")?;
    if Order::from_item(rynamo_item)? != *order {
        return Err("rynamo decode differs".into());
    }
    // The fast path itself reads the item (a fallback would hide a slow one).
    let direct = rynamo_core::json::parse(
        &get_response[r#"{"Item":"#.len()..get_response.len() - 1],
        <Order as rynamo_core::__private::ModelCodec>::read_item_json,
    );
    if direct.ok().as_ref() != Some(order) {
        return Err("rynamo's fast decode refused the item".into());
    }
    if sdk.decode(&http_response(get_response)?)? != *plain {
        return Err("sdk decode of Rynamo's item differs".into());
    }
    let sdk_body = sdk.encode(plain)?;
    let sdk_item: serde_json::Value = serde_json::from_slice(&sdk_body)?;
    let rynamo_body = {
        let mut body = Vec::new();
        PutItem::new(TABLE, order).encode(&mut body)?;
        body
    };
    let rynamo_item: serde_json::Value = serde_json::from_slice(&rynamo_body)?;
    if sdk_item != rynamo_item {
        return Err(format!(
            "PutItem bodies differ:\n sdk    {}\n rynamo {}",
            String::from_utf8_lossy(&sdk_body),
            String::from_utf8_lossy(&rynamo_body)
        )
        .into());
    }
    if serde_json::from_slice::<PlainOrder>(plain_json)? != *plain {
        return Err("serde_json round trip differs".into());
    }
    Ok(())
}
