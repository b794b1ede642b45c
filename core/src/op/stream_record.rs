//! One DynamoDB Streams record as it is on the wire — the same shape in a
//! `GetRecords` reply and in an AWS Lambda event — read into
//! [`StreamRecord`], with the images as [`Item`]s. The typed layer
//! (`crate::streams`) turns these into model events.

use alloc::string::String;

use crate::attr::UtcDateTime;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::json::{Reader, read_item, read_optional};
use crate::number::Number;
use crate::value::Item;

/// What a table's stream records of each change (`StreamViewType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamViewType {
    /// Only the key attributes (`KEYS_ONLY`).
    KeysOnly,
    /// The item after the change (`NEW_IMAGE`).
    NewImage,
    /// The item before the change (`OLD_IMAGE`).
    OldImage,
    /// Both (`NEW_AND_OLD_IMAGES`).
    NewAndOldImages,
}

impl StreamViewType {
    /// The name DynamoDB uses (`"NEW_AND_OLD_IMAGES"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            StreamViewType::KeysOnly => "KEYS_ONLY",
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }

    /// Reads DynamoDB's name; an unknown one is an error naming it.
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        Ok(match text {
            "KEYS_ONLY" => StreamViewType::KeysOnly,
            "NEW_IMAGE" => StreamViewType::NewImage,
            "OLD_IMAGE" => StreamViewType::OldImage,
            "NEW_AND_OLD_IMAGES" => StreamViewType::NewAndOldImages,
            other => {
                return Err(DecodeError::new(DecodeErrorKind::UnknownVariant(
                    other.into(),
                )));
            }
        })
    }
}

/// The kind of change a record describes (`eventName`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventName {
    /// A new item (`INSERT`).
    Insert,
    /// An item changed (`MODIFY`).
    Modify,
    /// An item deleted (`REMOVE`), by a request or by TTL.
    Remove,
}

impl EventName {
    /// The name DynamoDB uses (`"INSERT"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            EventName::Insert => "INSERT",
            EventName::Modify => "MODIFY",
            EventName::Remove => "REMOVE",
        }
    }
}

/// Who made a change, when it was not a request (`userIdentity`): TTL
/// deletions say `Service` / `dynamodb.amazonaws.com`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserIdentity {
    /// `type` (`"Service"`).
    pub kind: String,
    /// `principalId` (`"dynamodb.amazonaws.com"`).
    pub principal_id: String,
}

/// One stream record, images as [`Item`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    /// `eventID`: unique per record.
    pub event_id: String,
    /// `eventName`.
    pub event_name: EventName,
    /// `eventSourceARN` (Lambda events only: the stream's ARN).
    pub event_source_arn: Option<String>,
    /// `awsRegion`.
    pub aws_region: Option<String>,
    /// `userIdentity`, present for TTL deletions.
    pub user_identity: Option<UserIdentity>,
    /// `dynamodb.SequenceNumber`: orders the records of one item.
    pub sequence_number: String,
    /// `dynamodb.SizeBytes`.
    pub size_bytes: Option<u64>,
    /// `dynamodb.StreamViewType`.
    pub stream_view_type: Option<StreamViewType>,
    /// `dynamodb.ApproximateCreationDateTime` (epoch seconds on the wire,
    /// in Lambda events and GetRecords replies alike).
    pub approximate_creation: Option<UtcDateTime>,
    /// `dynamodb.Keys`: the item's primary key.
    pub keys: Item,
    /// `dynamodb.NewImage`: the item after the change.
    pub new_image: Option<Item>,
    /// `dynamodb.OldImage`: the item before the change.
    pub old_image: Option<Item>,
}

/// Reads `{"Records": [...]}` — a Lambda event or a GetRecords reply —
/// calling `each` with every record in order, and `other` with any other
/// member (GetRecords' `NextShardIterator`). An error names the record's
/// index (`Records[2].dynamodb.NewImage.b`).
pub(crate) fn read_records<'a>(
    r: &mut Reader<'a>,
    mut each: impl FnMut(StreamRecord),
    mut other: impl FnMut(&str, &mut Reader<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        if key != "Records" {
            other(&key, r)?;
            continue;
        }
        if r.null() {
            continue;
        }
        let mut a = r.array()?;
        let mut index = 0;
        while r.next(&mut a)? {
            let record = read_record(r).map_err(|e| e.at_index(index).at_field("Records"))?;
            each(record);
            index += 1;
        }
    }
    Ok(())
}

/// Reads one record object.
pub fn read_record(r: &mut Reader<'_>) -> Result<StreamRecord, DecodeError> {
    let mut event_id = None;
    let mut event_name = None;
    let mut event_source_arn = None;
    let mut aws_region = None;
    let mut user_identity = None;
    let mut change = None;
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        let at = |e: DecodeError| e.at_field(&key);
        match &*key {
            "eventID" => event_id = read_optional(r, Reader::string).map_err(at)?,
            "eventName" => {
                event_name = read_optional(r, |r| {
                    Ok(match &*r.str()? {
                        "INSERT" => EventName::Insert,
                        "MODIFY" => EventName::Modify,
                        "REMOVE" => EventName::Remove,
                        other => {
                            return Err(DecodeError::new(DecodeErrorKind::UnknownVariant(
                                other.into(),
                            )));
                        }
                    })
                })
                .map_err(at)?;
            }
            "eventSourceARN" => event_source_arn = read_optional(r, Reader::string).map_err(at)?,
            "awsRegion" => aws_region = read_optional(r, Reader::string).map_err(at)?,
            "userIdentity" => user_identity = read_optional(r, read_identity).map_err(at)?,
            "dynamodb" => change = read_optional(r, read_change).map_err(at)?,
            _ => r.skip()?,
        }
    }
    let change = change.ok_or_else(|| DecodeError::missing().at_field("dynamodb"))?;
    Ok(StreamRecord {
        event_id: event_id.unwrap_or_default(),
        event_name: event_name.ok_or_else(|| DecodeError::missing().at_field("eventName"))?,
        event_source_arn,
        aws_region,
        user_identity,
        sequence_number: change.sequence_number.ok_or_else(|| {
            DecodeError::missing()
                .at_field("SequenceNumber")
                .at_field("dynamodb")
        })?,
        size_bytes: change.size_bytes,
        stream_view_type: change.stream_view_type,
        approximate_creation: change.approximate_creation,
        keys: change
            .keys
            .ok_or_else(|| DecodeError::missing().at_field("Keys").at_field("dynamodb"))?,
        new_image: change.new_image,
        old_image: change.old_image,
    })
}

/// The `dynamodb` member, before its required parts are checked.
#[derive(Default)]
struct Change {
    sequence_number: Option<String>,
    size_bytes: Option<u64>,
    stream_view_type: Option<StreamViewType>,
    approximate_creation: Option<UtcDateTime>,
    keys: Option<Item>,
    new_image: Option<Item>,
    old_image: Option<Item>,
}

fn read_change(r: &mut Reader<'_>) -> Result<Change, DecodeError> {
    let mut c = Change::default();
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        let at = |e: DecodeError| e.at_field(&key);
        match &*key {
            "SequenceNumber" => c.sequence_number = read_optional(r, Reader::string).map_err(at)?,
            "SizeBytes" => c.size_bytes = read_optional(r, Reader::u64).map_err(at)?,
            "StreamViewType" => {
                c.stream_view_type =
                    read_optional(r, |r| StreamViewType::parse(&r.str()?)).map_err(at)?;
            }
            "ApproximateCreationDateTime" => {
                c.approximate_creation = read_optional(r, read_epoch_seconds).map_err(at)?;
            }
            "Keys" => c.keys = read_optional(r, read_item).map_err(at)?,
            "NewImage" => c.new_image = read_optional(r, read_item).map_err(at)?,
            "OldImage" => c.old_image = read_optional(r, read_item).map_err(at)?,
            _ => r.skip()?,
        }
    }
    Ok(c)
}

fn read_identity(r: &mut Reader<'_>) -> Result<UserIdentity, DecodeError> {
    let mut identity = UserIdentity::default();
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        match &*key {
            "type" => identity.kind = r.string()?,
            "principalId" => identity.principal_id = r.string()?,
            _ => r.skip()?,
        }
    }
    Ok(identity)
}

/// Epoch seconds as a JSON number (`1479499740`, `1.7000000E9`, or with a
/// fraction), to the microsecond.
pub(crate) fn read_epoch_seconds(r: &mut Reader<'_>) -> Result<UtcDateTime, DecodeError> {
    let text = r.number()?;
    let number = Number::parse(text)?;
    let micros = number.to_f64() * 1_000_000.0;
    // `as` saturates; the range check below refuses what does not fit.
    let micros = if micros.is_finite() {
        (micros + 0.5) as i64
    } else {
        i64::MAX
    };
    UtcDateTime::from_unix_micros(micros)
        .ok_or_else(|| DecodeError::new(DecodeErrorKind::DateTime(text.into())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::AttributeValue;
    use alloc::vec::Vec;

    fn records(body: &[u8]) -> Result<Vec<StreamRecord>, DecodeError> {
        let mut out = Vec::new();
        crate::json::parse(body, |r| {
            read_records(r, |record| out.push(record), |_, r| r.skip())
        })?;
        Ok(out)
    }

    #[test]
    fn reads_every_part_of_a_record() {
        let body = br#"{"Records":[{"eventID":"e1","eventName":"REMOVE","eventVersion":"1.1",
            "eventSource":"aws:dynamodb","awsRegion":"eu-west-1",
            "userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},
            "dynamodb":{"ApproximateCreationDateTime":1.7000000E9,"Keys":{"id":{"S":"a"}},
            "OldImage":{"id":{"S":"a"},"n":{"N":"1"}},"SequenceNumber":"000000000000000000001",
            "SizeBytes":26,"StreamViewType":"OLD_IMAGE"}}]}"#;
        let got = records(body).unwrap();
        let mut keys = Item::new();
        keys.insert("id".into(), AttributeValue::S("a".into()));
        let mut old = keys.clone();
        old.insert("n".into(), AttributeValue::N(Number::parse("1").unwrap()));
        assert_eq!(
            got,
            alloc::vec![StreamRecord {
                event_id: "e1".into(),
                event_name: EventName::Remove,
                event_source_arn: None,
                aws_region: Some("eu-west-1".into()),
                user_identity: Some(UserIdentity {
                    kind: "Service".into(),
                    principal_id: "dynamodb.amazonaws.com".into()
                }),
                sequence_number: "000000000000000000001".into(),
                size_bytes: Some(26),
                stream_view_type: Some(StreamViewType::OldImage),
                approximate_creation: UtcDateTime::from_unix_seconds(1_700_000_000),
                keys,
                new_image: None,
                old_image: Some(old),
            }]
        );
    }

    #[test]
    fn fractional_creation_times_keep_microseconds() {
        let mut r = Reader::new(b"1700000000.25");
        assert_eq!(
            read_epoch_seconds(&mut r).unwrap().unix_micros(),
            1_700_000_000_250_000
        );
        assert!(read_epoch_seconds(&mut Reader::new(b"1E300")).is_err());
    }

    #[test]
    fn a_malformed_record_names_its_index_and_member() {
        let ok =
            r#"{"eventID":"1","eventName":"INSERT","dynamodb":{"Keys":{},"SequenceNumber":"1"}}"#;
        let cases = [
            (
                r#"{"eventID":"2","eventName":"INSERT","dynamodb":{"Keys":{},"SequenceNumber":"2","NewImage":{"b":{"B":"*"}}}}"#,
                "Records[1].dynamodb.NewImage.b",
            ),
            (
                r#"{"eventID":"2","eventName":"UPSERT","dynamodb":{"Keys":{},"SequenceNumber":"2"}}"#,
                "Records[1].eventName",
            ),
            (
                r#"{"eventID":"2","eventName":"INSERT","dynamodb":{"Keys":{}}}"#,
                "Records[1].dynamodb.SequenceNumber",
            ),
            (
                r#"{"eventID":"2","eventName":"INSERT","dynamodb":{"SequenceNumber":"2"}}"#,
                "Records[1].dynamodb.Keys",
            ),
            (
                r#"{"eventID":"2","eventName":"INSERT","dynamodb":{"Keys":{},"SequenceNumber":"2","StreamViewType":"ALL"}}"#,
                "Records[1].dynamodb.StreamViewType",
            ),
        ];
        for (bad, path) in cases {
            let body = alloc::format!(r#"{{"Records":[{ok},{bad}]}}"#);
            let e = records(body.as_bytes()).unwrap_err();
            assert_eq!(alloc::format!("{}", e.location()), path, "{bad}");
        }
    }
}
