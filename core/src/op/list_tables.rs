//! ListTables: table names, a page at a time (for tools such as the
//! workbench; not part of the model API).

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{Reader, read_optional, read_strings};

use super::Operation;
use crate::error::Error;
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};

/// A ListTables request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListTables {
    start: Option<String>,
    limit: Option<u32>,
}

/// One page of table names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNames {
    /// Names on this page.
    pub names: Vec<String>,
    /// Where the next page starts, if any.
    pub last_evaluated: Option<String>,
}

impl ListTables {
    /// The first page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts after this table name.
    pub fn start(mut self, after: impl Into<String>) -> Self {
        self.start = Some(after.into());
        self
    }

    /// At most this many names (1–100).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl Operation for ListTables {
    type Output = TableNames;
    const ACTION: Action = Action::ListTables;

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        if let Some(start) = &self.start {
            o.string("ExclusiveStartTableName", start);
        }
        if let Some(limit) = self.limit {
            o.integer("Limit", u64::from(limit));
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<TableNames, Error> {
        let mut out = TableNames {
            names: Vec::new(),
            last_evaluated: None,
        };
        crate::json::parse(&response.body, |r| {
            let mut o = r.object()?;
            while let Some(key) = r.key(&mut o)? {
                match &*key {
                    "TableNames" => out.names = read_strings(r)?,
                    "LastEvaluatedTableName" => {
                        out.last_evaluated = read_optional(r, Reader::string)?;
                    }
                    _ => r.skip()?,
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}
