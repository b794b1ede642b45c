//! The expression language: typed paths, and the condition, update,
//! projection and key-condition expressions built from them. Every name
//! becomes a `#n` placeholder and every value a `:v` placeholder, allocated
//! by one [`Placeholders`] per request, so nothing user-supplied is ever
//! spliced into an expression string.
//!
//! Every operator, with the expression it renders:
//!
//! ```
//! use std::collections::BTreeSet;
//! use rynamo_core::prelude::*;
//! use rynamo_core::expr::{Condition, Placeholders};
//! use rynamo_core::value::ValueType;
//!
//! #[derive(Attribute)]
//! struct Line { sku: String, qty: u32 }
//!
//! #[derive(Model)]
//! #[rynamo(table = "orders")]
//! struct Order {
//!     #[rynamo(hash_key)] customer: String,
//!     #[rynamo(range_key)] id: String,
//!     total: u32,
//!     tags: BTreeSet<String>,
//!     lines: Vec<Line>,
//!     note: Option<String>,
//! }
//!
//! fn show(c: impl Into<Condition>) -> String {
//!     c.into().render(&mut Placeholders::new()).unwrap()
//! }
//!
//! // Comparisons (`eq`, `lt`, `le`, `gt`, `ge`, `between` also serve as range-key conditions).
//! assert_eq!(show(Order::TOTAL.eq(5u32)), "#n0 = :v0");
//! assert_eq!(show(Order::TOTAL.ne(5u32)), "#n0 <> :v0");
//! assert_eq!(show(Order::TOTAL.lt(5u32)), "#n0 < :v0");
//! assert_eq!(show(Order::TOTAL.le(5u32)), "#n0 <= :v0");
//! assert_eq!(show(Order::TOTAL.gt(5u32)), "#n0 > :v0");
//! assert_eq!(show(Order::TOTAL.ge(5u32)), "#n0 >= :v0");
//! assert_eq!(show(Order::TOTAL.between(1u32, 9u32)), "#n0 BETWEEN :v0 AND :v1");
//! assert_eq!(show(Order::TOTAL.is_in([1u32, 2, 3])), "#n0 IN (:v0, :v1, :v2)");
//! // Functions.
//! assert_eq!(show(Order::NOTE.exists()), "attribute_exists(#n0)");
//! assert_eq!(show(Order::NOTE.not_exists()), "attribute_not_exists(#n0)");
//! assert_eq!(show(Order::TAGS.is_type(ValueType::Ss)), "attribute_type(#n0, :v0)");
//! assert_eq!(show(Order::ID.begins_with("2026-")), "begins_with(#n0, :v0)");
//! assert_eq!(show(Order::TAGS.contains("gift")), "contains(#n0, :v0)");
//! assert_eq!(show(Order::NOTE.contains("urgent")), "contains(#n0, :v0)");
//! assert_eq!(show(Order::LINES.size().gt(2u32)), "size(#n0) > :v0");
//! // Nested paths: list elements and map fields, any depth.
//! assert_eq!(show(Order::LINES.index(0).field(Line::QTY).ge(2u32)), "#n0[0].#n1 >= :v0");
//! // AND, OR, NOT, parenthesised by structure.
//! assert_eq!(
//!     show((Order::TOTAL.gt(5u32) | Order::NOTE.exists()) & !Order::TAGS.contains("test")),
//!     "(#n0 > :v0 OR attribute_exists(#n1)) AND (NOT contains(#n2, :v1))"
//! );
//! ```
//!
//! Updates group their actions as DynamoDB requires; the same builder
//! methods exist on [`Model::update`](crate::Model::update):
//!
//! ```
//! # use std::collections::BTreeSet;
//! # use rynamo_core::prelude::*;
//! # use rynamo_core::expr::{Placeholders, Update, UpdateAction, AttributePath, SetValue, UpdateOperand};
//! # #[derive(Model)]
//! # #[rynamo(table = "orders")]
//! # struct Order { #[rynamo(hash_key)] customer: String, total: u32, tags: BTreeSet<String>, lines: Vec<u32>, note: Option<String> }
//! let update = Order::update("c1")
//!     .set(Order::NOTE, "gift")                                   // SET #n = :v
//!     .set_expr(Order::TOTAL, Order::TOTAL.plus(5u32))            // SET #n = #n + :v   (also `minus`)
//!     .set_expr(Order::LINES, Order::LINES.append(vec![7u32]))    // SET #n = list_append(#n, :v) (also `prepend`)
//!     .add(Order::TAGS, BTreeSet::from(["new".to_string()]))     // ADD #n :v   (numbers and sets)
//!     .remove(Order::LINES.index(0))                              // REMOVE #n[0]
//!     .condition(Order::TOTAL.lt(100u32));
//! // `if_not_exists(path, v)` and `DELETE path :set` are `if_not_exists` and `delete`.
//! # let _ = update;
//! ```

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
