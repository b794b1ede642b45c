//! A minimal single-threaded executor for the host's event loop, in place of
//! wasm-bindgen-futures: [`spawn`] runs a future as a JS `Promise`, [`wait`]
//! awaits a JS promise, and [`sleep`] awaits a `setTimeout`.
//!
//! Written for size. JS reaches Rust through one function `f`, made once
//! (a wasm-bindgen `Closure`, so the crate works with any wasm-bindgen
//! glue, with no JS of its own): the host calls it as a task's promise
//! executor (`new Promise(f.bind(null, task))`, giving `resolve` and
//! `reject`), for a task's next poll (`Promise.resolve(task).then(f)`, a
//! microtask) and, bound to a wait's token, when a promise or timer
//! settles (`f.bind(null, token, ok)`). No closure, queue or callback is
//! allocated per task or per wait beyond the host's own bound functions.
//!
//! Lifetimes, the part that needs care:
//! - A scheduled poll owns one count of its task's `Rc` (the pointer is in
//!   the microtask's argument); microtasks always run, so the count is
//!   always taken back. A woken task is scheduled once however often it is
//!   woken (also while it is being polled: it is then polled again).
//! - A wait's result slot is on the Rust heap and its JS token (`{ p }`)
//!   holds its address. Whichever comes first clears `p`: the settling
//!   callback (which fills the slot and wakes the waiter) or the wait's
//!   drop (which frees the slot). A promise settling after its wait was
//!   dropped (the core abandons a transport future at a deadline) finds
//!   `p == 0` and does nothing; nothing Rust-side is left waiting for a
//!   promise that never settles, and a dropped sleep clears its timer.
//!
//! Waits wake whatever waker polled them, so they also work under another
//! executor (wasm-bindgen-futures in tests, or a Rust worker's own).

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::cell::{Cell, OnceCell, RefCell};
use core::future::Future;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use core::time::Duration;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A future run by [`spawn`]: its `Ok` resolves the promise, its `Err`
/// rejects it.
pub type Work = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

#[wasm_bindgen]
extern "C" {
    /// A wait's token, `{ p }`: the address of its slot, 0 once settled
    /// or dropped.
    type Token;
    #[wasm_bindgen(method, getter)]
    fn p(this: &Token) -> u32;
    #[wasm_bindgen(method, setter)]
    fn set_p(this: &Token, p: u32);

    /// The executor's one entry (see [`entry`]).
    type Entry;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind(this: &Entry, this_arg: &JsValue, target: &JsValue, ok: &JsValue) -> Function;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind1(this: &Entry, this_arg: &JsValue, target: &JsValue) -> Function;

    /// A promise made here: `new Promise(executor)`.
    #[wasm_bindgen(js_name = Promise)]
    type Made;
    #[wasm_bindgen(constructor, js_class = Promise)]
    fn new(executor: &Function) -> Made;

    /// `Promise.resolve(value)`, typed for the one call made on it.
    type Resolved;
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve)]
    fn resolved(value: &JsValue) -> Resolved;
    #[wasm_bindgen(method)]
    fn then(this: &Resolved, ok: &JsValue, err: &JsValue);

    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, millis: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(timer: &JsValue);
}

/// The one JS function into the executor, made at first use.
struct Global(OnceCell<JsValue>);

// SAFETY: wasm32 without the atomics feature (the only wasm this crate
// builds for) has a single thread; natively the cell is never filled
// (building the function needs a JS host).
unsafe impl Sync for Global {}

static ENTRY: Global = Global(OnceCell::new());

fn entry() -> &'static Entry {
    ENTRY
        .0
        // `Fn`, not `FnMut`: the entry is re-entered when a poll spawns a
        // task (`new Promise` calls its executor at once), which
        // wasm-bindgen refuses for an `FnMut` closure.
        .get_or_init(|| Closure::<dyn Fn(JsValue, JsValue, JsValue)>::new(on_event).into_js_value())
        .unchecked_ref()
}

/// What the host calls: `(task)` for a scheduled poll (a task's address as
/// a number), `(task, resolve, reject)` as the executor of its `Promise`,
/// `(token, ok, value)` when a wait's promise or timer settles. (`ok` is a
/// `JsValue`: a `bool` argument must not be missing.)
fn on_event(target: JsValue, ok: JsValue, value: JsValue) {
    if let Some(task) = target.as_f64() {
        let task = task as usize as *const Task;
        if ok.is_function() {
            // SAFETY: `spawn` holds a count while `new Promise` calls this.
            let task = unsafe { &*task };
            // (`try_`: no panic path; a new task's cell is free.)
            if let Ok(mut work) = task.work.try_borrow_mut()
                && let Some((_, resolve, reject)) = &mut *work
            {
                (*resolve, *reject) = (ok, value);
            }
        } else {
            // SAFETY: `schedule` passed this address with a count of its own.
            run(unsafe { Rc::from_raw(task) });
        }
        return;
    }
    let token: Token = target.unchecked_into();
    let slot = token.p() as usize as *mut Slot;
    if slot.is_null() {
        return;
    }
    token.set_p(0);
    // SAFETY: `p` is non-zero only while the wait that owns the slot lives
    // (its drop zeroes `p` before freeing it).
    let slot = unsafe { &mut *slot };
    slot.result = Some(if ok.is_truthy() {
        Ok(value)
    } else {
        Err(value)
    });
    if let Some(waker) = slot.waker.take() {
        waker.wake();
    }
}

/// A spawned future and the `resolve` and `reject` functions of its
/// promise; `None` once done.
struct Task {
    queued: Cell<bool>,
    work: RefCell<Option<(Work, JsValue, JsValue)>>,
}

/// Runs `work` to completion on the host's event loop; the promise
/// resolves with its `Ok` value or rejects with its `Err` value. The first
/// poll is in a microtask, as is every poll after a wake.
pub fn spawn(work: Work) -> Promise {
    let task = Rc::new(Task {
        queued: Cell::new(false),
        work: RefCell::new(Some((work, JsValue::UNDEFINED, JsValue::UNDEFINED))),
    });
    // The executor is the entry bound to the task (no closure of its own).
    let address = JsValue::from(Rc::as_ptr(&task) as usize as f64);
    let promise = Made::new(&entry().bind1(&JsValue::NULL, &address));
    schedule(task);
    promise.unchecked_into()
}

/// Queues `task` for a poll in a microtask, unless it is queued already.
fn schedule(task: Rc<Task>) {
    if !task.queued.replace(true) {
        let address = Rc::into_raw(task) as usize as f64;
        resolved(&address.into()).then(entry(), entry());
    }
}

/// Polls `task` once; settles its promise when the work is done.
fn run(task: Rc<Task>) {
    task.queued.set(false);
    // The task's own waker, borrowing this count (no clone).
    let waker = ManuallyDrop::new(unsafe { Waker::from_raw(raw(&task)) });
    let mut cx = Context::from_waker(&waker);
    // Polls run only from the host's microtasks, never inside another
    // poll, so the cell is free; a wake during the poll queues a new one.
    let Ok(mut state) = task.work.try_borrow_mut() else {
        return;
    };
    let Some((work, ..)) = state.as_mut() else {
        return;
    };
    if let Poll::Ready(result) = work.as_mut().poll(&mut cx)
        && let Some((work, resolve, reject)) = state.take()
    {
        drop(state);
        // Dropped before the promise settles, as the result is handed over.
        drop(work);
        let (settle, value) = match result {
            Ok(value) => (resolve, value),
            Err(value) => (reject, value),
        };
        let _ = settle
            .unchecked_ref::<Function>()
            .call1(&JsValue::UNDEFINED, &value);
    }
}

/// A waker for `task`, not taking a count of its own.
fn raw(task: &Rc<Task>) -> RawWaker {
    RawWaker::new(Rc::as_ptr(task).cast(), &VTABLE)
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(
    // SAFETY (all four): `data` is an `Rc<Task>` pointer holding a count.
    |data| unsafe {
        Rc::increment_strong_count(data.cast::<Task>());
        RawWaker::new(data, &VTABLE)
    },
    |data| schedule(unsafe { Rc::from_raw(data.cast()) }),
    |data| unsafe {
        Rc::increment_strong_count(data.cast::<Task>());
        schedule(Rc::from_raw(data.cast()));
    },
    |data| unsafe { Rc::decrement_strong_count(data.cast::<Task>()) },
);

/// Where a settled promise or timer leaves its value for the waiting poll.
#[derive(Default)]
struct Slot {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// A JS promise (or timer) being awaited: see [`wait`] and [`sleep`].
pub struct Wait {
    /// Owned (a `Box` taken apart: the token's callback writes through
    /// the same address), freed on drop.
    slot: *mut Slot,
    token: Token,
    /// The `setTimeout` timer of a [`sleep`], cleared on drop.
    timer: Option<JsValue>,
}

impl Wait {
    fn new() -> Wait {
        let slot = Box::into_raw(Box::<Slot>::default());
        let token: Token = Object::new().unchecked_into();
        token.set_p(slot as usize as u32);
        Wait {
            slot,
            token,
            timer: None,
        }
    }

    /// The host function that settles this wait: with the value it is
    /// called with if `ok`, else with it as the error.
    fn settle(&self, ok: bool) -> Function {
        entry().bind(&JsValue::NULL, &self.token, &ok.into())
    }
}

/// Awaits `value` as `await value` would in JS (a promise, thenable or
/// plain value): its value, or the reason it rejected. Usable under any
/// executor; dropping the wait early is safe.
pub fn wait(value: &JsValue) -> Wait {
    let wait = Wait::new();
    resolved(value).then(&wait.settle(true), &wait.settle(false));
    wait
}

/// Waits `duration` (`setTimeout`, in whole milliseconds, at most
/// `i32::MAX`); a sleep dropped early clears its timer, so no timer keeps
/// a host's event loop alive after the work is done. Without timers (an
/// odd host) it does not wait rather than hang.
pub fn sleep(duration: Duration) -> Wait {
    let mut wait = Wait::new();
    match set_timeout(&wait.settle(true), millis(duration)) {
        Ok(timer) => wait.timer = Some(timer),
        // SAFETY: the slot is this wait's own.
        Err(_) => unsafe { (*wait.slot).result = Some(Ok(JsValue::UNDEFINED)) },
    }
    wait
}

/// `duration` in whole milliseconds for `setTimeout`, at most `i32::MAX`
/// (in u64: `as_millis` is u128 arithmetic).
fn millis(duration: Duration) -> i32 {
    duration
        .as_secs()
        .saturating_mul(1000)
        .saturating_add(u64::from(duration.subsec_millis()))
        .min(i32::MAX as u64) as i32
}

impl Drop for Wait {
    fn drop(&mut self) {
        // The slot is freed with `self`: a later settle must not find it.
        self.token.set_p(0);
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        // SAFETY: made by `Box::into_raw` in `new`, freed only here.
        drop(unsafe { Box::from_raw(self.slot) });
    }
}

impl Future for Wait {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: the slot lives as long as `self`; the token's callback
        // writes it only from the host's event loop, never during a poll.
        let slot = unsafe { &mut *self.as_ref().slot };
        match slot.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::millis;
    use core::time::Duration;

    #[test]
    fn a_sleep_is_whole_milliseconds_capped_at_what_set_timeout_takes() {
        assert_eq!(millis(Duration::ZERO), 0);
        assert_eq!(millis(Duration::from_micros(999)), 0);
        assert_eq!(millis(Duration::from_micros(1_500_999)), 1_500);
        assert_eq!(millis(Duration::from_millis(i32::MAX as u64)), i32::MAX);
        assert_eq!(millis(Duration::from_millis(i32::MAX as u64 + 1)), i32::MAX);
        assert_eq!(millis(Duration::MAX), i32::MAX);
    }
}
