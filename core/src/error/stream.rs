//! [`RecordError`]: a change-stream record that does not read into the
//! model, naming the record (sequence number) and the attribute.

use alloc::string::String;
use core::fmt;

use super::{DecodeError, DecodeErrorKind, LocationStep};
use crate::text;

/// Which part of a stream record an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamImage {
    /// `dynamodb.Keys`.
    Keys,
    /// `dynamodb.OldImage`.
    OldImage,
    /// `dynamodb.NewImage`.
    NewImage,
}

impl StreamImage {
    /// The member's name on the wire (`"NewImage"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            StreamImage::Keys => "Keys",
            StreamImage::OldImage => "OldImage",
            StreamImage::NewImage => "NewImage",
        }
    }
}

/// A stream record whose keys or image do not read into the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    sequence_number: String,
    event_id: String,
    image: StreamImage,
    error: DecodeError,
    unknown_type: bool,
}

impl RecordError {
    /// An error in `image` of the record `sequence_number` / `event_id`;
    /// `unknown_type` when the image holds an entity type the model does
    /// not know (see [`RecordError::is_unknown_type`]).
    pub fn new(
        sequence_number: impl Into<String>,
        event_id: impl Into<String>,
        image: StreamImage,
        error: DecodeError,
        unknown_type: bool,
    ) -> Self {
        RecordError {
            sequence_number: sequence_number.into(),
            event_id: event_id.into(),
            image,
            error,
            unknown_type,
        }
    }

    /// The record's `SequenceNumber` (what a Lambda function reports in
    /// `batchItemFailures`).
    pub fn sequence_number(&self) -> &str {
        &self.sequence_number
    }

    /// The record's `eventID`.
    pub fn event_id(&self) -> &str {
        &self.event_id
    }

    /// The part of the record that did not read.
    pub fn image(&self) -> StreamImage {
        self.image
    }

    /// The decode error, with its location inside the image.
    pub fn error(&self) -> &DecodeError {
        &self.error
    }

    /// The attribute (top-level name) the error is in, if any.
    pub fn attribute(&self) -> Option<&str> {
        match self.error.location().steps().next() {
            Some(LocationStep::Field(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether the image holds an entity type (discriminator value) the
    /// model does not know, rather than a malformed item.
    pub fn is_unknown_type(&self) -> bool {
        self.unknown_type && matches!(self.error.kind(), DecodeErrorKind::UnknownVariant(_))
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write(
            f,
            "stream record {} (event {}), {}: ",
            &[
                (&self.sequence_number).into(),
                (&self.event_id).into(),
                self.image.as_str().into(),
            ],
        )?;
        if self.unknown_type {
            f.write_str("unknown entity type: ")?;
        }
        fmt::Display::fmt(&self.error, f)
    }
}

impl core::error::Error for RecordError {}
