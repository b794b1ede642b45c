//! DeleteTable: for tests and local work.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use super::describe_table::{TableDescription, decode_description};
use crate::error::Error;
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};

/// A DeleteTable request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTable {
    table: String,
}

impl DeleteTable {
    /// Deletes `table` and all its items.
    pub fn new(table: impl Into<String>) -> Self {
        DeleteTable {
            table: table.into(),
        }
    }
}

impl Operation for DeleteTable {
    /// The table, now `DELETING`.
    type Output = TableDescription;
    const ACTION: Action = Action::DeleteTable;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<TableDescription, Error> {
        decode_description(response, "TableDescription")
    }
}
