//! The expression language: typed paths, and the condition, update,
//! projection and key-condition expressions built from them. Every name
//! becomes a `#n` placeholder and every value a `:v` placeholder, allocated
//! by one [`Placeholders`] per request, so nothing user-supplied is ever
//! spliced into an expression string.

mod condition;
mod key_condition;
mod operand;
mod path;
mod placeholders;
mod projection;
mod typed;
mod update;

pub use condition::{Comparator, Condition, MAX_IN_OPERANDS};
pub use key_condition::KeyCondition;
pub use operand::Operand;
pub use path::{AttributePath, Field, ListType, MapType, Path, PathElement, ToPath};
pub use placeholders::Placeholders;
pub use projection::Projection;
pub use typed::{
    Addable, Contains, KeyComparison, Numeric, PathExpr, Prefixed, SetExpr, SetType, Size,
};
pub use update::{SetValue, Update, UpdateAction, UpdateOperand};
