//! The wire codec: DynamoDB JSON written straight into a request body and
//! read straight from a response body.

pub(crate) mod fast;
pub(crate) mod fields;
mod read;
pub mod reader;
pub mod simple;
pub(crate) mod write;

pub(crate) use read::read_objects;
pub use read::{
    ReadJson, item_from_slice, parse, read_field, read_item, read_optional, read_strings,
    read_value,
};
pub(crate) use reader::Kind;
pub use reader::Reader;
pub use write::{ObjectWriter, write_base64, write_item, write_str, write_value};

pub(crate) use write::check_item_size;
