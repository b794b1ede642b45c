//! UpdateTimeToLive and DescribeTimeToLive: for tests and local work.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::json::{Reader, read_optional};

use super::Operation;
use crate::error::Error;
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};

/// Turns time-to-live on or off for a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateTimeToLive {
    table: String,
    attribute: String,
    enabled: bool,
}

impl UpdateTimeToLive {
    /// Enables (or disables) expiry of `table`'s items by `attribute`.
    pub fn new(table: impl Into<String>, attribute: impl Into<String>, enabled: bool) -> Self {
        UpdateTimeToLive {
            table: table.into(),
            attribute: attribute.into(),
            enabled,
        }
    }
}

impl Operation for UpdateTimeToLive {
    type Output = ();
    const ACTION: Action = Action::UpdateTimeToLive;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        let mut spec = ObjectWriter::new(o.key("TimeToLiveSpecification"));
        spec.string("AttributeName", &self.attribute);
        spec.bool("Enabled", self.enabled);
        spec.finish();
        o.finish();
        Ok(())
    }

    fn decode(_response: &Response) -> Result<(), Error> {
        Ok(())
    }
}

/// Asks whether a table's time-to-live is on, and on which attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeTimeToLive {
    table: String,
}

impl DescribeTimeToLive {
    /// Describes `table`'s time-to-live.
    pub fn new(table: impl Into<String>) -> Self {
        DescribeTimeToLive {
            table: table.into(),
        }
    }
}

/// A table's time-to-live setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeToLive {
    /// `ENABLED`, `ENABLING`, `DISABLED` or `DISABLING`.
    pub status: String,
    /// The attribute read as the expiry, when set.
    pub attribute: Option<String>,
}

impl Operation for DescribeTimeToLive {
    type Output = TimeToLive;
    const ACTION: Action = Action::DescribeTimeToLive;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<TimeToLive, Error> {
        let description = crate::json::parse(&response.body, |r| {
            crate::json::read_field(r, "TimeToLiveDescription", |r| {
                let mut ttl = TimeToLive {
                    status: String::new(),
                    attribute: None,
                };
                let mut o = r.object()?;
                while let Some(key) = r.key(&mut o)? {
                    match &*key {
                        "TimeToLiveStatus" => ttl.status = r.string()?,
                        "AttributeName" => ttl.attribute = read_optional(r, Reader::string)?,
                        _ => r.skip()?,
                    }
                }
                Ok(ttl)
            })
        })?;
        description.ok_or_else(|| {
            Error::from(DecodeError::new(DecodeErrorKind::Json(
                "missing TimeToLiveDescription".into(),
            )))
        })
    }
}
