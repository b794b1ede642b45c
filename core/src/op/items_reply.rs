//! [`ItemsReply`]: the one way to read a reply that holds items (GetItem,
//! BatchGetItem, Query, Scan) with its items as any type.

use super::Operation;
use crate::error::Error;
use crate::json::ReadJson;
use crate::transport::Response;

/// An action whose reply holds items. Its reply can be read with the items
/// as any [`ReadJson`] type: [`Item`](crate::Item)s (what
/// [`Operation::decode`] gives), or models read straight from the bytes
/// (the model layer's decode rule, `core/src/model/decode.rs`).
pub trait ItemsReply: Operation {
    /// The reply with items of type `T` (`Option<T>` for GetItem,
    /// [`BatchGetOutput<T>`](super::BatchGetOutput) for BatchGetItem,
    /// [`Page<T>`](super::Page) for Query and Scan).
    type Reply<T>;

    /// Reads a 2xx reply with its items as `T`s.
    fn decode_as<T: ReadJson>(response: &Response) -> Result<Self::Reply<T>, Error>;

    /// The same reply with each item converted; the first failure ends it.
    fn try_map_items<T, U>(
        reply: Self::Reply<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<Self::Reply<U>, Error>;
}
