//! [`ItemUpdate`]: typed UpdateItem, with actions checked against each
//! attribute's type.

use alloc::string::String;
use core::marker::PhantomData;

use super::{Key, Model};
use crate::attr::ValueOf;
use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::expr::{
    Addable, Condition, SetExpr, SetType, SetValue, ToPath, Update, UpdateAction, UpdateOperand,
};
use crate::op::{ReturnValues, TransactWrite, TransactWriteKind, UpdateItem};
use crate::transport::Transport;
use crate::value::Item;

/// A typed UpdateItem, from [`Model::update`]:
/// `Order::update(("c1", "o1")).set(Order::STATUS, Status::Paid).add(Order::TOTAL, 5u32)`.
#[must_use = "a request does nothing until it is sent"]
pub struct ItemUpdate<M> {
    key: Result<Key, EncodeError>,
    update: Update,
    condition: Option<Condition>,
    return_values: ReturnValues,
    return_item_on_condition_failure: bool,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> ItemUpdate<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        ItemUpdate {
            key,
            update: Update::new(),
            condition: None,
            return_values: ReturnValues::None,
            return_item_on_condition_failure: false,
            marker: PhantomData,
        }
    }

    fn push(mut self, action: Result<UpdateAction, EncodeError>) -> Self {
        self.update = match action {
            Ok(a) => self.update.action(a),
            Err(e) => self.update.fail(e),
        };
        self
    }

    /// `SET path = value`.
    pub fn set<T, V: ValueOf<T>>(self, path: impl ToPath<T>, value: V) -> Self {
        let path = path.to_path().into_attribute_path();
        let action = value
            .value_of()
            .map(|v| UpdateAction::Set(path, SetValue::Operand(UpdateOperand::Value(v))));
        self.push(action)
    }

    /// `SET path = expr`, with `expr` from `plus`, `minus`, `append`,
    /// `prepend`, `if_not_exists` or `plus_or` on a typed path.
    pub fn set_expr<T>(self, path: impl ToPath<T>, expr: SetExpr<T>) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(expr.value.map(|v| UpdateAction::Set(path, v)))
    }

    /// `REMOVE path`: an attribute, a nested field or a list element.
    pub fn remove<T>(self, path: impl ToPath<T>) -> Self {
        self.push(Ok(UpdateAction::Remove(
            path.to_path().into_attribute_path(),
        )))
    }

    /// `ADD path value`: adds to a number, or elements to a set.
    pub fn add<T: Addable, V: ValueOf<T>>(self, path: impl ToPath<T>, value: V) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(value.value_of().map(|v| UpdateAction::Add(path, v)))
    }

    /// `DELETE path elements`: removes elements from a set.
    pub fn delete<T: SetType, V: ValueOf<T>>(self, path: impl ToPath<T>, elements: V) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(elements.value_of().map(|v| UpdateAction::Delete(path, v)))
    }

    /// Only update if `condition` holds for the stored item.
    pub fn when(mut self, condition: impl Into<Condition>) -> Self {
        self.condition = Some(condition.into());
        self
    }

    /// Which attributes to return.
    pub fn return_values(mut self, return_values: ReturnValues) -> Self {
        self.return_values = return_values;
        self
    }

    /// On a failed condition, put the stored item in the error.
    pub fn return_item_on_condition_failure(mut self, yes: bool) -> Self {
        self.return_item_on_condition_failure = yes;
        self
    }

    pub(crate) fn into_transact(self, table: String) -> Result<TransactWrite, Error> {
        Ok(TransactWrite {
            table,
            kind: TransactWriteKind::Update(self.key?, self.update),
            condition: self.condition,
            return_item_on_condition_failure: self.return_item_on_condition_failure,
        })
    }

    /// Sends the request; returns the attributes `return_values` asked for.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let table = db.table_name(M::TABLE);
        let mut op = UpdateItem::new(table.as_ref(), self.key?, self.update)
            .return_values(self.return_values)
            .return_item_on_condition_failure(self.return_item_on_condition_failure);
        if let Some(c) = self.condition {
            op = op.condition(c);
        }
        db.send(&op).await
    }

    /// Sends with `ReturnValues::AllNew` and decodes the updated item.
    pub async fn send_and_read<T: Transport>(self, db: &Client<T>) -> Result<M, Error> {
        let item = self.return_values(ReturnValues::AllNew).send(db).await?;
        Ok(M::from_item(item.unwrap_or_default())?)
    }
}
