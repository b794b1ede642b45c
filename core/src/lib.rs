//! Rynamo's transport-free core.
#![no_std]
#![warn(missing_docs)]
#![warn(clippy::std_instead_of_core, clippy::alloc_instead_of_core)]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod error;
pub mod json;
pub mod number;
pub mod transport;
pub mod value;

pub use error::Error;
pub use number::Number;
pub use value::{AttributeValue, Item};
pub mod attr;
pub mod expr;
pub mod model;

pub use attr::{Attribute, KeyAttribute};
pub use model::{IntoKey, Key, Model};
#[cfg(feature = "derive")]
pub use rynamo_derive::{Attribute, Model};
