//! Runs several futures of one type at once, without a runtime: what lets
//! parallel scan segments overlap on any transport.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::{Context, Poll};

/// A future of [`join_all`] and, once it is ready, its output.
enum Slot<F: Future> {
    Running(Pin<Box<F>>),
    Ready(F::Output),
}

/// Polls every future until all are ready; outputs in input order.
///
/// One vector of slots and plain loops: the iterator adapters of a second
/// vector of `Option`s flattened into the outputs compiled to more code
/// than the polling itself (this runs every request a machine sends). The
/// slots are built at once and polled by a `poll_fn` that owns them, not
/// by an `async fn` (a state machine of its own around the polling).
pub fn join_all<F: Future>(
    futures: impl IntoIterator<Item = F>,
) -> impl Future<Output = Vec<F::Output>> {
    let mut slots: Vec<Slot<F>> = Vec::new();
    for future in futures {
        slots.push(Slot::Running(Box::pin(future)));
    }
    poll_fn(move |cx| {
        let mut pending = false;
        for slot in slots.iter_mut() {
            if let Slot::Running(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(v) => *slot = Slot::Ready(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            return Poll::Pending;
        }
        let mut outputs = Vec::with_capacity(slots.len());
        for slot in slots.drain(..) {
            if let Slot::Ready(output) = slot {
                outputs.push(output);
            }
        }
        Poll::Ready(outputs)
    })
}

/// Which of [`poll_race`]'s two futures finished first.
pub enum Either<A, B> {
    /// The first.
    Left(A),
    /// The second.
    Right(B),
}

/// One poll of a race between `first` and `second`: `first`'s output if
/// it is ready, else `second`'s (`None`: no timer, never ready). How the
/// driver bounds an attempt by a timer from the host, polled inside the
/// attempt's own future (with `poll_fn`) rather than as a future of its
/// own; the loser is dropped with it. `first` wins a tie, so a reply that
/// arrived is never thrown away for a timer.
pub fn poll_race<A: Future, B: Future>(
    first: Pin<&mut A>,
    second: Pin<&mut Option<B>>,
    cx: &mut Context<'_>,
) -> Poll<Either<A::Output, B::Output>> {
    if let Poll::Ready(a) = first.poll(cx) {
        return Poll::Ready(Either::Left(a));
    }
    if let Some(second) = second.as_pin_mut()
        && let Poll::Ready(b) = second.poll(cx)
    {
        return Poll::Ready(Either::Right(b));
    }
    Poll::Pending
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::task::{Context, Waker};

    /// Ready with `value` at its `polls`-th poll.
    async fn ready_after(polls: u32, value: u32) -> u32 {
        let mut left = polls;
        poll_fn(|cx| {
            left -= 1;
            if left == 0 {
                Poll::Ready(value)
            } else {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    #[test]
    fn join_all_gives_every_output_in_input_order_whatever_order_they_finish_in() {
        let mut joined = core::pin::pin!(join_all(
            [(3, 30), (1, 10), (2, 20)].map(|(polls, value)| ready_after(polls, value))
        ));
        let mut cx = Context::from_waker(Waker::noop());
        let mut polls = 0;
        let outputs = loop {
            polls += 1;
            if let Poll::Ready(outputs) = joined.as_mut().poll(&mut cx) {
                break outputs;
            }
        };
        assert_eq!(outputs, [30, 10, 20]);
        assert_eq!(
            polls, 3,
            "all polled concurrently, none polled after it finished"
        );
        let none: Vec<u32> = poll_once(join_all(core::iter::empty::<core::future::Ready<u32>>()));
        assert!(none.is_empty());
    }

    fn poll_once<F: Future>(future: F) -> F::Output {
        match core::pin::pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("not ready at the first poll"),
        }
    }
}
