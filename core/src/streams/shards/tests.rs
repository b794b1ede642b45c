//! The shard reader driven with canned Streams API replies.

use super::*;
use crate::machine::{Machine, Step};
use crate::transport::Action;
use alloc::string::ToString;

fn sent(reader: &mut ShardReader) -> (Action, String) {
    match reader.poll(&EncodeOptions::default()).unwrap() {
        Step::Send([request]) => (
            request.action,
            String::from_utf8(request.body.clone()).unwrap(),
        ),
        other => panic!("expected a request, got {other:?}"),
    }
}

fn reply(reader: &mut ShardReader, body: &str) {
    reader
        .handle(
            0,
            Ok(Response {
                status: 200,
                body: body.as_bytes().to_vec(),
                request_id: None,
            }),
        )
        .unwrap();
}

fn record(sequence: &str) -> String {
    alloc::format!(
        r#"{{"eventID":"e{sequence}","eventName":"INSERT","dynamodb":{{"Keys":{{"id":{{"S":"a"}}}},"SequenceNumber":"{sequence}"}}}}"#
    )
}

fn sequences(step: Step<'_, Vec<StreamRecord>>) -> Vec<String> {
    match step {
        Step::Output(records) => records.into_iter().map(|r| r.sequence_number).collect(),
        other => panic!("expected records, got {other:?}"),
    }
}

/// Finds the stream, lists two pages of shards, and reads the parent
/// shard (listed last) to its end before the child.
fn read_to_the_child(reader: &mut ShardReader) {
    assert_eq!(
        sent(reader),
        (Action::DescribeTable, r#"{"TableName":"tbl"}"#.to_string())
    );
    reply(
        reader,
        r#"{"Table":{"TableName":"tbl","LatestStreamArn":"arn:s"}}"#,
    );
    assert_eq!(
        sent(reader),
        (
            Action::DescribeStream,
            r#"{"StreamArn":"arn:s"}"#.to_string()
        )
    );
    reply(
        reader,
        r#"{"StreamDescription":{"StreamArn":"arn:s","Shards":[{"ShardId":"s2","ParentShardId":"s1",
            "SequenceNumberRange":{"StartingSequenceNumber":"300"}}],"LastEvaluatedShardId":"s2"}}"#,
    );
    assert_eq!(
        sent(reader).1,
        r#"{"StreamArn":"arn:s","ExclusiveStartShardId":"s2"}"#
    );
    reply(
        reader,
        r#"{"StreamDescription":{"StreamArn":"arn:s","Shards":[{"ShardId":"s1",
            "SequenceNumberRange":{"StartingSequenceNumber":"100","EndingSequenceNumber":"200"}}]}}"#,
    );
    assert_eq!(
        sent(reader),
        (
            Action::GetShardIterator,
            r#"{"StreamArn":"arn:s","ShardId":"s1","ShardIteratorType":"TRIM_HORIZON"}"#
                .to_string()
        )
    );
    reply(reader, r#"{"ShardIterator":"it1"}"#);
    assert_eq!(
        sent(reader),
        (Action::GetRecords, r#"{"ShardIterator":"it1"}"#.to_string())
    );
    reply(
        reader,
        &alloc::format!(
            r#"{{"Records":[{},{}],"NextShardIterator":"it1b"}}"#,
            record("100"),
            record("150")
        ),
    );
    assert_eq!(
        sequences(reader.poll(&EncodeOptions::default()).unwrap()),
        ["100", "150"]
    );
    assert_eq!(sent(reader).1, r#"{"ShardIterator":"it1b"}"#);
    reply(reader, r#"{"Records":[]}"#);
    assert_eq!(
        sent(reader).1,
        r#"{"StreamArn":"arn:s","ShardId":"s2","ShardIteratorType":"TRIM_HORIZON"}"#
    );
    reply(reader, r#"{"ShardIterator":"it2"}"#);
    assert_eq!(sent(reader).1, r#"{"ShardIterator":"it2"}"#);
    reply(
        reader,
        &alloc::format!(
            r#"{{"Records":[{}],"NextShardIterator":"it2b"}}"#,
            record("300")
        ),
    );
    assert_eq!(
        sequences(reader.poll(&EncodeOptions::default()).unwrap()),
        ["300"]
    );
    assert_eq!(sent(reader).1, r#"{"ShardIterator":"it2b"}"#);
    // The iterator expired: a new one resumes after the last record.
    let expired = Error::from_response(
        400,
        br#"{"__type":"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException","message":"old"}"#,
    );
    reader.handle(0, Err(expired)).unwrap();
    assert_eq!(
        sent(reader).1,
        r#"{"StreamArn":"arn:s","ShardId":"s2","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"300"}"#
    );
    reply(reader, r#"{"ShardIterator":"it2c"}"#);
    assert_eq!(sent(reader).1, r#"{"ShardIterator":"it2c"}"#);
    reply(reader, r#"{"Records":[],"NextShardIterator":"it2d"}"#);
}

#[test]
fn reads_parents_before_children_and_stops_when_caught_up() {
    let mut reader = ShardReader::new("tbl");
    read_to_the_child(&mut reader);
    assert_eq!(reader.poll(&EncodeOptions::default()).unwrap(), Step::Done);
    assert_eq!(reader.poll(&EncodeOptions::default()).unwrap(), Step::Done);
}

#[test]
fn following_pauses_when_caught_up_then_lists_shards_and_resumes() {
    let mut reader = ShardReader::new("tbl")
        .follow(true)
        .poll_interval(Duration::from_millis(250));
    read_to_the_child(&mut reader);
    assert_eq!(
        reader.poll(&EncodeOptions::default()).unwrap(),
        Step::Pause(Duration::from_millis(250))
    );
    assert_eq!(sent(&mut reader).0, Action::DescribeStream);
    reply(
        &mut reader,
        r#"{"StreamDescription":{"StreamArn":"arn:s","Shards":[]}}"#,
    );
    assert_eq!(
        sent(&mut reader),
        (
            Action::GetRecords,
            r#"{"ShardIterator":"it2d"}"#.to_string()
        )
    );
    reply(&mut reader, r#"{"Records":[],"NextShardIterator":"it2e"}"#);
    // Caught up again: another pause, never a busy loop.
    assert_eq!(
        reader.poll(&EncodeOptions::default()).unwrap(),
        Step::Pause(Duration::from_millis(250))
    );
}

#[test]
fn a_table_without_a_stream_is_a_clear_error_and_a_failed_reply_is_resent() {
    let mut reader = ShardReader::new("tbl");
    let first = sent(&mut reader);
    let throttled = Error::from_response(
        400,
        br#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow"}"#,
    );
    assert!(reader.handle(0, Err(throttled)).is_err());
    assert_eq!(sent(&mut reader), first);
    let e = reader
        .handle(
            0,
            Ok(Response {
                status: 200,
                body: br#"{"Table":{"TableName":"tbl"}}"#.to_vec(),
                request_id: None,
            }),
        )
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidRequest(m) if m.contains("table `tbl` has no stream")),
        "{e:?}"
    );
}

#[test]
fn latest_skips_closed_shards_and_starts_open_ones_at_the_end() {
    let mut reader = ShardReader::new("tbl")
        .stream_arn("arn:s")
        .start(StartAt::Latest);
    assert_eq!(sent(&mut reader).0, Action::DescribeStream);
    reply(
        &mut reader,
        r#"{"StreamDescription":{"Shards":[{"ShardId":"s1","SequenceNumberRange":{"EndingSequenceNumber":"200"}},
            {"ShardId":"s2","ParentShardId":"s1","SequenceNumberRange":{}}]}}"#,
    );
    assert_eq!(
        sent(&mut reader).1,
        r#"{"StreamArn":"arn:s","ShardId":"s2","ShardIteratorType":"LATEST"}"#
    );
}

#[test]
fn finished_shards_trimmed_from_the_stream_are_forgotten() {
    let mut reader = ShardReader::new("tbl").stream_arn("arn:s").follow(true);
    assert_eq!(sent(&mut reader).0, Action::DescribeStream);
    reply(
        &mut reader,
        r#"{"StreamDescription":{"Shards":[{"ShardId":"s1","SequenceNumberRange":{"EndingSequenceNumber":"9"}},
            {"ShardId":"s2","ParentShardId":"s1","SequenceNumberRange":{}}]}}"#,
    );
    assert_eq!(
        sent(&mut reader).1,
        r#"{"StreamArn":"arn:s","ShardId":"s1","ShardIteratorType":"TRIM_HORIZON"}"#
    );
    reply(&mut reader, r#"{"ShardIterator":"i1"}"#);
    assert_eq!(sent(&mut reader).1, r#"{"ShardIterator":"i1"}"#);
    reply(&mut reader, r#"{"Records":[]}"#);
    assert_eq!(
        sent(&mut reader).1,
        r#"{"StreamArn":"arn:s","ShardId":"s2","ShardIteratorType":"TRIM_HORIZON"}"#
    );
    reply(&mut reader, r#"{"ShardIterator":"i2"}"#);
    assert_eq!(sent(&mut reader).1, r#"{"ShardIterator":"i2"}"#);
    reply(&mut reader, r#"{"Records":[],"NextShardIterator":"i2b"}"#);
    assert_eq!(reader.shards.len(), 2);
    assert!(matches!(
        reader.poll(&EncodeOptions::default()).unwrap(),
        Step::Pause(_)
    ));
    // s1 has been trimmed: the next listing only has s2.
    assert_eq!(sent(&mut reader).0, Action::DescribeStream);
    reply(
        &mut reader,
        r#"{"StreamDescription":{"Shards":[{"ShardId":"s2","ParentShardId":"s1","SequenceNumberRange":{}}]}}"#,
    );
    assert_eq!(reader.shards.len(), 1);
    assert_eq!(reader.shards[0].shard.id, "s2");
    // s2, whose parent is gone, goes on from its stored iterator.
    assert_eq!(sent(&mut reader).1, r#"{"ShardIterator":"i2b"}"#);
}
