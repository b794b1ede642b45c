//! Typed return values of writes: the item a save replaced or a delete
//! removed (`ALL_OLD`) and an update's item before it (`ALL_OLD`) as the
//! model, or the attributes an update changed (`UPDATED_OLD`,
//! `UPDATED_NEW`) as a [`Partial`]. (The item after an update, `ALL_NEW`,
//! is [`ItemUpdate::send_and_read`], and an instance refreshed through
//! [`Model::apply`] reads it too: both report an undecodable item the
//! same way.)
//!
//! If the write succeeds but its returned item does not read into the
//! model, the error is an [`Error::Item`] whose
//! [`source`](ItemError::source) is [`ItemSource::Returned`]: the write
//! **has taken effect**, and the error holds the item as returned.

use super::{Delete, ItemUpdate, Model, Partial, Save};
use crate::client::Client;
use crate::error::{Error, ItemError, ItemSource};
use crate::op::ReturnValues;
use crate::transport::Transport;
use crate::value::Item;

/// A write's returned item as an `M`; an [`ItemError`] holding it if not.
pub(super) fn returned<M: Model>(item: Item) -> Result<M, Error> {
    let key = super::decode::primary_key::<M>(&item);
    // The returned item may exist nowhere else any more (a delete's, an
    // overwrite's old item), so a copy is kept for the error.
    M::from_item(item.clone())
        .map_err(|e| Error::Item(ItemError::new(key, Some(item), e, ItemSource::Returned)))
}

impl<M: Model> Save<'_, M> {
    /// Sends with `ReturnValues: ALL_OLD` and reads the item the save
    /// replaced as an `M`; `None` when there was none.
    pub async fn send_returning_old<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<Option<M>, Error> {
        let old = self.return_values(ReturnValues::AllOld).send(db).await?;
        old.map(returned).transpose()
    }
}

impl<M: Model> Delete<M> {
    /// Sends with `ReturnValues: ALL_OLD` and reads the deleted item as an
    /// `M`; `None` when there was none.
    pub async fn send_returning_old<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<Option<M>, Error> {
        let old = self.return_values(ReturnValues::AllOld).send(db).await?;
        old.map(returned).transpose()
    }
}

impl<M: Model> ItemUpdate<'_, M> {
    /// Refuses an update that refreshes an instance: it asks for the new
    /// item, so it cannot return the old one.
    fn by_key(self) -> Result<Self, Error> {
        if self.refreshes_instance() {
            return Err(Error::InvalidRequest(
                "an update through `apply()` refreshes the instance with the new item; \
                 ask for other return values on `Model::update(key)`"
                    .into(),
            ));
        }
        Ok(self)
    }

    /// Sends with `ReturnValues: ALL_OLD` and reads the item as it was
    /// before the update as an `M`; `None` when the update created it.
    pub async fn send_returning_old<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<Option<M>, Error> {
        let old = self
            .by_key()?
            .return_values(ReturnValues::AllOld)
            .send(db)
            .await?;
        old.map(returned).transpose()
    }

    /// Sends with `ReturnValues: UPDATED_OLD`: the attributes the update
    /// changed, as they were before (empty for attributes it created).
    pub async fn send_returning_updated_old<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<Partial<M>, Error> {
        self.send_returning_updated(ReturnValues::UpdatedOld, db)
            .await
    }

    /// Sends with `ReturnValues: UPDATED_NEW`: the attributes the update
    /// changed, as they are after it (a removed attribute is absent).
    pub async fn send_returning_updated_new<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<Partial<M>, Error> {
        self.send_returning_updated(ReturnValues::UpdatedNew, db)
            .await
    }

    async fn send_returning_updated<T: Transport>(
        self,
        which: ReturnValues,
        db: &Client<T>,
    ) -> Result<Partial<M>, Error> {
        let attributes = self.by_key()?.return_values(which).send(db).await?;
        Ok(Partial::new(attributes.unwrap_or_default()))
    }
}
