//! A deterministic scripted transport for unit tests (quinn-proto's `Pair`
//! is the model): it records every request, replies with canned
//! responses in order, and sleeps in virtual time, so the client and
//! model layers are tested byte for byte with no server and no runtime.

use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::future::Future;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use core::time::Duration;

use crate::client::Client;
use crate::transport::{Request, Response, Transport, TransportError};

#[derive(Default)]
struct Script {
    /// `None`: a silent server, the reply never comes.
    replies: VecDeque<Option<Result<Response, TransportError>>>,
    sent: Vec<Request>,
    sleeps: Vec<Duration>,
    clock: Duration,
}

/// Replies with canned responses in order; records requests and sleeps.
#[derive(Clone, Default)]
pub(crate) struct Scripted(Rc<RefCell<Script>>);

impl Scripted {
    /// A client over a new scripted transport.
    pub(crate) fn client() -> Client<Scripted> {
        Client::new(Scripted::default())
    }

    /// Queues a reply with this status and body.
    pub(crate) fn reply(&self, status: u16, body: &str) -> &Self {
        self.0.borrow_mut().replies.push_back(Some(Ok(Response {
            status,
            body: body.as_bytes().to_vec(),
            request_id: None,
        })));
        self
    }

    /// Queues a reply with this status, body and `x-amzn-RequestId`.
    pub(crate) fn reply_with_id(&self, status: u16, body: &str, id: &str) -> &Self {
        self.0.borrow_mut().replies.push_back(Some(Ok(Response {
            status,
            body: body.as_bytes().to_vec(),
            request_id: Some(id.into()),
        })));
        self
    }

    /// Queues a 200 reply with this body.
    pub(crate) fn ok(&self, body: &str) -> &Self {
        self.reply(200, body)
    }

    /// Queues a failure to exchange bytes.
    pub(crate) fn fail(&self, error: TransportError) -> &Self {
        self.0.borrow_mut().replies.push_back(Some(Err(error)));
        self
    }

    /// Queues an attempt that never gets a reply (a silent server).
    pub(crate) fn silent(&self) -> &Self {
        self.0.borrow_mut().replies.push_back(None);
        self
    }

    /// The virtual time so far (the sum of all sleeps).
    pub(crate) fn clock(&self) -> Duration {
        self.0.borrow().clock
    }

    /// The requests sent so far as `(action, body)`, and forgets them.
    pub(crate) fn take_sent(&self) -> Vec<(&'static str, String)> {
        core::mem::take(&mut self.0.borrow_mut().sent)
            .into_iter()
            .map(|r| {
                let body = String::from_utf8(r.body).unwrap_or_else(|e| panic!("{e}"));
                (r.action.name(), body)
            })
            .collect()
    }

    /// The sleeps so far, and forgets them.
    pub(crate) fn take_sleeps(&self) -> Vec<Duration> {
        core::mem::take(&mut self.0.borrow_mut().sleeps)
    }

    /// Replies not used yet.
    pub(crate) fn unused(&self) -> usize {
        self.0.borrow().replies.len()
    }
}

impl Transport for Scripted {
    fn send(&self, request: &Request) -> impl Future<Output = Result<Response, TransportError>> {
        let mut script = self.0.borrow_mut();
        script.sent.push(request.clone());
        let mut reply = script
            .replies
            .pop_front()
            .unwrap_or_else(|| panic!("no reply scripted for {}", request.action.name()));
        core::future::poll_fn(move |_| match reply.take() {
            Some(reply) => Poll::Ready(reply),
            None => Poll::Pending,
        })
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        // Time passes when the sleep is awaited, not when it is made: a
        // deadline's timer that loses its race to a reply never ran.
        let script = Rc::clone(&self.0);
        core::future::poll_fn(move |_| {
            let mut script = script.borrow_mut();
            script.sleeps.push(duration);
            script.clock += duration;
            Poll::Ready(())
        })
    }

    fn jitter_seed(&self) -> u64 {
        7
    }

    fn now(&self) -> Option<Duration> {
        Some(self.0.borrow().clock)
    }
}

/// Runs a future that never waits on anything but a [`Scripted`] transport.
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a scripted future waited"),
    }
}
