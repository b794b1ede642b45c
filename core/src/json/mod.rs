//! The wire codec: DynamoDB JSON written straight into a request body and
//! read straight from a response body.

pub mod fast;
mod read;
pub mod simple;
pub(crate) mod write;

pub use write::{ObjectWriter, write_base64, write_item, write_str, write_value};

pub(crate) use read::from_slice;
pub(crate) use write::check_item_size;
