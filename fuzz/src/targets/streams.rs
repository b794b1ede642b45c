//! Change streams: Lambda events and Streams API replies decoded into
//! model events, and the shard-following reader driven by fuzzed replies,
//! directly and through a client. Every input gives events or a typed
//! error, never a panic or an endless loop.
//!
//! Input: `[selector, body…]`.

use crate::{Animal, Everything, FuzzTransport, block_on, touch_error};
use rynamo_core::Error;
use rynamo_core::machine::{Machine, Step};
use rynamo_core::op::{
    DescribeStream, EncodeOptions, GetRecords, GetShardIterator, ListStreams, Operation,
};
use rynamo_core::streams::{
    ChangeReader, ShardReader, StreamRecord, UnknownType, decode_record, lambda_records,
};
use rynamo_core::transport::Response;
use rynamo_core::{Client, Model};

/// How many replies a reader gets: a bound on every loop.
const ANSWERS: u32 = 8;

fn decode<O: Operation>(response: &Response) {
    if let Err(e) = O::decode(response) {
        touch_error(&e);
    }
}

fn events<M: Model + core::fmt::Debug>(records: Vec<StreamRecord>, policy: UnknownType) {
    for record in records {
        match decode_record::<M>(record, policy) {
            Ok(event) => drop(format!("{event:?}")),
            Err(e) => {
                let _ = (e.is_unknown_type(), e.attribute(), e.sequence_number());
                touch_error(&Error::StreamRecord(e));
            }
        }
    }
}

/// The machine fed `response` for every request, `ANSWERS` times.
fn shard_reader(response: &Response, follow: bool) {
    let mut reader = ShardReader::new("fuzz_streams").follow(follow);
    let options = EncodeOptions::default();
    let mut answers = 0;
    for _ in 0..4 * ANSWERS {
        match reader.poll(&options) {
            Ok(Step::Send(_)) if answers < ANSWERS => {
                answers += 1;
                if let Err(e) = reader.handle(0, Ok(response.clone())) {
                    return touch_error(&e);
                }
            }
            Ok(Step::Send(_) | Step::Done) => return,
            Ok(Step::Pause(_)) => {}
            Ok(Step::Output(records)) => events::<Animal>(records, UnknownType::Skip),
            Err(e) => return touch_error(&e),
        }
    }
    // Every step either sends (bounded above) or hands out records drained
    // from a reply, so the reader cannot spin without sending.
    panic!(
        "shard reader took {} steps on {answers} replies",
        4 * ANSWERS
    );
}

fn through_client<M: Model + core::fmt::Debug>(body: &[u8], follow: bool) {
    let db = Client::new(FuzzTransport::new(200, body, ANSWERS));
    let mut reader = ChangeReader::<M>::new()
        .follow(follow)
        .unknown_types(UnknownType::Skip);
    block_on(async {
        for _ in 0..64 {
            match reader.next(&db).await {
                Ok(Some(event)) => drop(format!("{event:?}")),
                Ok(None) => return,
                Err(e) => return touch_error(&e),
            }
        }
    });
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let [selector, body @ ..] = data else {
        return;
    };
    let response = Response {
        status: 200,
        body: body.to_vec(),
        request_id: None,
    };
    match selector % 9 {
        0 => match lambda_records(body) {
            Ok(records) => {
                events::<Animal>(records.clone(), UnknownType::Skip);
                events::<Everything>(records, UnknownType::Error);
            }
            Err(e) => touch_error(&Error::Decode(e)),
        },
        1 => match GetRecords::decode(&response) {
            Ok(page) => events::<Animal>(page.records, UnknownType::Error),
            Err(e) => touch_error(&e),
        },
        2 => decode::<DescribeStream>(&response),
        3 => decode::<ListStreams>(&response),
        4 => decode::<GetShardIterator>(&response),
        5 => shard_reader(&response, false),
        6 => shard_reader(&response, true),
        7 => through_client::<Animal>(body, false),
        _ => through_client::<Everything>(body, true),
    }
}
