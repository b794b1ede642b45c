//! The expression language: typed paths, and the condition, update,
//! projection and key-condition expressions built from them. Every name
//! and value goes through one [`Placeholders`] allocator per request.

mod path;
mod placeholders;

pub use path::{AttributePath, Field, ListType, MapType, Path, PathElement, ToPath};
pub use placeholders::Placeholders;
