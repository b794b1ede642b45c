//! `futures_core::Stream` views of the query and scan readers (feature
//! `stream`). The readers' own `next().await` needs no extra crate; this
//! is for code that wants stream combinators.

use alloc::boxed::Box;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use crate::error::Error;
use crate::model::{Items, Model, ModelPage, ModelPages};
use crate::op::PagedOperation;
use crate::transport::Transport;

/// What one step yields: the next item (or the end) and the reader back.
type Step<T, S> = (Option<Result<T, Error>>, S);

/// A stream that owns its reader and awaits one `next()` at a time.
///
/// `F` is the step future's own type, not a `dyn Future`, so the stream is
/// `Send` exactly when the reader's future is: with a native transport it
/// runs inside `tokio::spawn`; with a wasm transport (whose futures are
/// not `Send`) it still works on the one thread there is.
pub struct ReaderStream<S, F> {
    reader: Option<S>,
    step: Option<Pin<Box<F>>>,
    next: fn(S) -> F,
}

impl<S, T, F> Stream for ReaderStream<S, F>
where
    F: Future<Output = Step<T, S>>,
{
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.step.is_none() {
            let Some(reader) = this.reader.take() else {
                return Poll::Ready(None);
            };
            this.step = Some(Box::pin((this.next)(reader)));
        }
        let Some(step) = this.step.as_mut() else {
            return Poll::Ready(None);
        };
        match step.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((item, reader)) => {
                this.step = None;
                // After the end or an error the stream is over.
                if matches!(item, Some(Ok(_))) {
                    this.reader = Some(reader);
                }
                Poll::Ready(item)
            }
        }
    }
}

impl<S, F> Unpin for ReaderStream<S, F> {}

impl<'a, T: Transport + 'a, M: Model + 'a, O: PagedOperation + 'a> Items<'a, T, M, O> {
    /// This reader as a `Stream` of models.
    pub fn into_stream(self) -> ReaderStream<Self, impl Future<Output = Step<M, Self>> + 'a> {
        ReaderStream {
            reader: Some(self),
            step: None,
            next: Self::step,
        }
    }

    async fn step(mut self) -> Step<M, Self> {
        (self.next().await.transpose(), self)
    }
}

impl<'a, T: Transport + 'a, M: Model + 'a, O: PagedOperation + 'a> ModelPages<'a, T, M, O> {
    /// This reader as a `Stream` of pages.
    pub fn into_stream(
        self,
    ) -> ReaderStream<Self, impl Future<Output = Step<ModelPage<M>, Self>> + 'a> {
        ReaderStream {
            reader: Some(self),
            step: None,
            next: Self::step,
        }
    }

    async fn step(mut self) -> Step<ModelPage<M>, Self> {
        (self.next().await.transpose(), self)
    }
}
