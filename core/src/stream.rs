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

type Step<'a, S, T> = Pin<Box<dyn Future<Output = (Option<Result<T, Error>>, S)> + 'a>>;

/// A stream that owns its reader and awaits one `next()` at a time.
pub struct ReaderStream<'a, S, T> {
    reader: Option<S>,
    step: Option<Step<'a, S, T>>,
    next: fn(S) -> Step<'a, S, T>,
}

impl<S, T> Stream for ReaderStream<'_, S, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.step.is_none() {
            let Some(reader) = this.reader.take() else {
                return Poll::Ready(None);
            };
            this.step = Some((this.next)(reader));
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

impl<S, T> Unpin for ReaderStream<'_, S, T> {}

impl<'a, T: Transport + 'a, M: Model + 'a, O: PagedOperation + 'a> Items<'a, T, M, O> {
    /// This reader as a `Stream` of models.
    pub fn into_stream(self) -> ReaderStream<'a, Self, M> {
        ReaderStream {
            reader: Some(self),
            step: None,
            next: |mut items| Box::pin(async move { (items.next().await.transpose(), items) }),
        }
    }
}

impl<'a, T: Transport + 'a, M: Model + 'a, O: PagedOperation + 'a> ModelPages<'a, T, M, O> {
    /// This reader as a `Stream` of pages.
    pub fn into_stream(self) -> ReaderStream<'a, Self, ModelPage<M>> {
        ReaderStream {
            reader: Some(self),
            step: None,
            next: |mut pages| Box::pin(async move { (pages.next().await.transpose(), pages) }),
        }
    }
}
