//! [`ChangeEvent`]: one stream record read into a model — an insert with
//! the new item, a modify with the old and new, a remove with the old —
//! and the [`UnknownType`] policy for items of entity types the model does
//! not know.

use alloc::string::String;

use crate::attr::UtcDateTime;
use crate::error::{DecodeError, DecodeErrorKind, LocationStep, RecordError, StreamImage};
use crate::model::{Key, Model};
use crate::op::{EventName, StreamRecord, StreamViewType, UserIdentity};
use crate::value::{AttributeValue, Item};

/// What to do with a record whose image holds an entity type (a
/// discriminator value) the model does not know — another model sharing
/// the table, or a type added after this code was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum UnknownType {
    /// Fail with a [`RecordError`] whose
    /// [`is_unknown_type`](RecordError::is_unknown_type) is true (the
    /// default: nothing is dropped unless asked).
    #[default]
    Error,
    /// Skip the record.
    Skip,
}

/// The change a record describes, with the images the stream's view type
/// carries: `KEYS_ONLY` gives none, `NEW_IMAGE` only `new`, `OLD_IMAGE` only
/// `old`, `NEW_AND_OLD_IMAGES` both.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<M> {
    /// A new item (`INSERT`).
    Insert {
        /// The item as written.
        new: Option<M>,
    },
    /// A changed item (`MODIFY`).
    Modify {
        /// The item before.
        old: Option<M>,
        /// The item after.
        new: Option<M>,
    },
    /// A deleted item (`REMOVE`).
    Remove {
        /// The item before it was deleted.
        old: Option<M>,
    },
}

/// What a record says besides the change itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordInfo {
    /// `eventID`.
    pub event_id: String,
    /// `SequenceNumber`: orders the records of one item.
    pub sequence_number: String,
    /// `ApproximateCreationDateTime`, to the second.
    pub approximate_creation: Option<UtcDateTime>,
    /// `SizeBytes`.
    pub size_bytes: Option<u64>,
    /// `StreamViewType`.
    pub stream_view_type: Option<StreamViewType>,
    /// `eventSourceARN` (Lambda events).
    pub event_source_arn: Option<String>,
    /// `awsRegion`.
    pub aws_region: Option<String>,
    /// `userIdentity` (TTL deletions).
    pub user_identity: Option<UserIdentity>,
}

/// One stream record read into model `M`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEvent<M> {
    /// The change and its images.
    pub change: Change<M>,
    /// The item's primary key (`Keys`), always present.
    pub key: Key,
    /// The record's id, sequence number, time and size.
    pub info: RecordInfo,
}

impl<M> ChangeEvent<M> {
    /// `INSERT`, `MODIFY` or `REMOVE`.
    pub fn event_name(&self) -> EventName {
        match self.change {
            Change::Insert { .. } => EventName::Insert,
            Change::Modify { .. } => EventName::Modify,
            Change::Remove { .. } => EventName::Remove,
        }
    }

    /// The item after the change, when the record carries it.
    pub fn new_image(&self) -> Option<&M> {
        match &self.change {
            Change::Insert { new } | Change::Modify { new, .. } => new.as_ref(),
            Change::Remove { .. } => None,
        }
    }

    /// The item before the change, when the record carries it.
    pub fn old_image(&self) -> Option<&M> {
        match &self.change {
            Change::Modify { old, .. } | Change::Remove { old } => old.as_ref(),
            Change::Insert { .. } => None,
        }
    }

    /// Whether DynamoDB itself deleted the item because its TTL passed.
    pub fn is_ttl_expiry(&self) -> bool {
        matches!(self.change, Change::Remove { .. })
            && self
                .info
                .user_identity
                .as_ref()
                .is_some_and(|u| u.kind == "Service" && u.principal_id == "dynamodb.amazonaws.com")
    }
}

/// Reads one record into `M`: `Ok(None)` when the record holds an unknown
/// entity type and `policy` skips it. Keys missing the model's key
/// attributes, or an image that does not read, are a [`RecordError`]
/// naming the record and attribute.
pub fn decode_record<M: Model>(
    record: StreamRecord,
    policy: UnknownType,
) -> Result<Option<ChangeEvent<M>>, RecordError> {
    let StreamRecord {
        event_id,
        event_name,
        event_source_arn,
        aws_region,
        user_identity,
        sequence_number,
        size_bytes,
        stream_view_type,
        approximate_creation,
        keys,
        new_image,
        old_image,
    } = record;
    let fail = |image, error, unknown_type| {
        RecordError::new(
            sequence_number.as_str(),
            event_id.as_str(),
            image,
            error,
            unknown_type,
        )
    };
    for name in core::iter::once(M::HASH_KEY).chain(M::RANGE_KEY) {
        if !keys.contains_key(name) {
            return Err(fail(
                StreamImage::Keys,
                DecodeError::missing().at_field(name),
                false,
            ));
        }
    }
    let read = |item: Option<Item>, image| -> Result<Option<Option<M>>, RecordError> {
        let Some(item) = item else {
            return Ok(Some(None));
        };
        let entity_type = M::DISCRIMINATOR_ATTRIBUTE.and_then(|a| match item.get(a) {
            Some(AttributeValue::S(found)) => Some(found.clone()),
            _ => None,
        });
        match M::from_item(item) {
            Ok(model) => Ok(Some(Some(model))),
            Err(e) => {
                let unknown = entity_type.is_some_and(|found| is_unknown_type::<M>(&found));
                if unknown && policy == UnknownType::Skip {
                    Ok(None)
                } else {
                    Err(fail(image, e, unknown))
                }
            }
        }
    };
    let (old, new) = match event_name {
        EventName::Insert => (None, new_image),
        EventName::Modify => (old_image, new_image),
        EventName::Remove => (old_image, None),
    };
    let Some(old) = read(old, StreamImage::OldImage)? else {
        return Ok(None);
    };
    let Some(new) = read(new, StreamImage::NewImage)? else {
        return Ok(None);
    };
    let change = match event_name {
        EventName::Insert => Change::Insert { new },
        EventName::Modify => Change::Modify { old, new },
        EventName::Remove => Change::Remove { old },
    };
    Ok(Some(ChangeEvent {
        change,
        key: Key::from_item(keys),
        info: RecordInfo {
            event_id,
            sequence_number,
            approximate_creation,
            size_bytes,
            stream_view_type,
            event_source_arn,
            aws_region,
            user_identity,
        },
    }))
}

/// Whether `found`, an item's discriminator value, is an entity type `M`
/// does not read. (A missing or non-string discriminator is a malformed
/// item, not an unknown type.)
fn is_unknown_type<M: Model>(found: &str) -> bool {
    let Some(attribute) = M::DISCRIMINATOR_ATTRIBUTE else {
        return false;
    };
    match M::DISCRIMINATOR {
        // A single model knows exactly one value.
        Some((_, value)) => found != value,
        // A polymorphic enum: ask it, by its own refusal of this value at
        // the discriminator (a known value fails later, on other fields).
        None => {
            let mut probe = Item::new();
            probe.insert(attribute.into(), AttributeValue::S(found.into()));
            match M::from_item(probe) {
                Err(e) => {
                    matches!(e.kind(), DecodeErrorKind::UnknownVariant(v) if v == found)
                        && is_top_level(&e, attribute)
                }
                Ok(_) => false,
            }
        }
    }
}

fn is_top_level(error: &DecodeError, attribute: &str) -> bool {
    let mut steps = error.location().steps();
    matches!(steps.next(), Some(LocationStep::Field(f)) if f == attribute) && steps.next().is_none()
}
