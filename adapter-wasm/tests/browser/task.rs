//! rynamo-wasm's executor (`task`): promises settled with the work's own
//! values, re-entrant wakes, waits dropped before their promise settles,
//! sleeps cleared, and memory left flat. The tests themselves run under
//! wasm-bindgen-test's executor, so every `wait` here is also awaited by
//! a foreign waker, as in a Rust worker with an executor of its own.

use core::cell::Cell;
use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::Poll;
use core::time::Duration;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use rynamo_wasm::task::{Wait, sleep, spawn, wait};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

/// A pending promise and the function that resolves it.
fn deferred() -> (JsValue, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |ok, _| resolve = Some(ok));
    (promise.into(), resolve.unwrap())
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// `Promise.resolve(n)`.
fn resolved(n: u32) -> Promise {
    Promise::resolve(&JsValue::from(n))
}

/// Polls `wait` once (so it holds a waker), leaving it pending.
async fn poll_once(wait: &mut Wait) {
    poll_fn(|cx| {
        assert!(Pin::new(&mut *wait).poll(cx).is_pending());
        Poll::Ready(())
    })
    .await
}

#[wasm_bindgen_test]
async fn a_spawned_future_resolves_with_its_value_and_rejects_with_its_error_value() {
    let resolved = spawn(Box::pin(async { Ok(JsValue::from(7)) }));
    assert_eq!(wait(&resolved.into()).await, Ok(JsValue::from(7)));

    let error: JsValue = Object::new().into();
    let sent = error.clone();
    let rejected = spawn(Box::pin(async move { Err(sent) }));
    let reason = wait(&rejected.into()).await.unwrap_err();
    assert!(Object::is(&reason, &error), "the very value, not a copy");
}

#[wasm_bindgen_test]
async fn a_spawned_future_first_runs_in_a_microtask_not_inside_spawn() {
    let ran = Rc::new(Cell::new(false));
    let flag = ran.clone();
    let promise = spawn(Box::pin(async move {
        flag.set(true);
        Ok(JsValue::UNDEFINED)
    }));
    assert!(!ran.get());
    wait(&promise.into()).await.unwrap();
    assert!(ran.get());
}

#[wasm_bindgen_test]
async fn a_task_spawned_during_another_task_s_poll_runs_too() {
    // Spawning calls the executor's entry (as `new Promise`'s executor)
    // while it is already running the outer poll: it must not refuse.
    let outer = spawn(Box::pin(async {
        let inner = spawn(Box::pin(async { Ok(JsValue::from("inner")) }));
        wait(&inner.into()).await
    }));
    assert_eq!(wait(&outer.into()).await, Ok("inner".into()));
}

#[wasm_bindgen_test]
async fn waiting_gives_a_promise_value_its_rejection_reason_or_a_plain_value() {
    assert_eq!(wait(&resolved(5).into()).await, Ok(5.into()));
    assert_eq!(
        wait(&Promise::<JsValue>::reject(&"no".into()).into()).await,
        Err("no".into())
    );
    assert_eq!(wait(&3.into()).await, Ok(3.into()));
    // Settled after the wait was first polled: the waiting task is woken.
    let (promise, resolve) = deferred();
    let waited = spawn(Box::pin(async move { wait(&promise).await }));
    sleep(ms(1)).await.unwrap();
    resolve.call1(&JsValue::NULL, &"late".into()).unwrap();
    assert_eq!(wait(&waited.into()).await, Ok("late".into()));
}

#[wasm_bindgen_test]
async fn a_task_woken_during_its_own_poll_is_polled_once_more() {
    let polls = Rc::new(Cell::new(0));
    let parked = Rc::new(Cell::new(None));
    let (counted, park) = (polls.clone(), parked.clone());
    let promise = spawn(Box::pin(poll_fn(move |cx| {
        counted.set(counted.get() + 1);
        match counted.get() {
            1 => {
                // Three wakes while being polled (two through a clone)
                // queue a single poll.
                cx.waker().wake_by_ref();
                let kept = cx.waker().clone();
                kept.wake_by_ref();
                // The consuming wake.
                kept.wake();
                Poll::Pending
            }
            2 => {
                park.set(Some(cx.waker().clone()));
                Poll::Pending
            }
            n => Poll::Ready(Ok(JsValue::from(n))),
        }
    })));
    sleep(ms(5)).await.unwrap();
    assert_eq!(polls.get(), 2, "one poll for the three wakes");
    parked.take().unwrap().wake();
    assert_eq!(wait(&promise.into()).await, Ok(3.into()));
    sleep(ms(5)).await.unwrap();
    assert_eq!(polls.get(), 3, "no poll after the work was done");
}

#[wasm_bindgen_test]
async fn a_wait_dropped_before_its_promise_settles_is_never_written_or_woken() {
    let (first, settle_first) = deferred();
    let mut dropped = wait(&first);
    poll_once(&mut dropped).await;
    drop(dropped);
    // Likely at the freed wait's address: the stale settle must not reach it.
    let (second, settle_second) = deferred();
    let mut waiting = wait(&second);
    poll_once(&mut waiting).await;
    settle_first.call1(&JsValue::NULL, &"stale".into()).unwrap();
    sleep(ms(5)).await.unwrap();
    let still = poll_fn(|cx| Poll::Ready(Pin::new(&mut waiting).poll(cx))).await;
    assert!(
        still.is_pending(),
        "settled by another wait's promise: {still:?}"
    );
    settle_second.call1(&JsValue::NULL, &"mine".into()).unwrap();
    assert_eq!(waiting.await, Ok("mine".into()));
}

#[wasm_bindgen_test]
async fn a_sleep_wakes_after_its_time_and_a_dropped_one_clears_its_timer() {
    let start = js_sys::Date::now();
    sleep(ms(30)).await.unwrap();
    assert!(js_sys::Date::now() - start >= 25.0);

    // Count clearTimeout calls by wrapping the global one.
    let global = js_sys::global();
    let original = Reflect::get(&global, &"clearTimeout".into()).unwrap();
    let cleared = Array::new();
    let (log, call) = (cleared.clone(), original.clone());
    let wrapper = Closure::<dyn FnMut(JsValue)>::new(move |id: JsValue| {
        log.push(&id);
        let _ = call.unchecked_ref::<Function>().call1(&JsValue::NULL, &id);
    });
    Reflect::set(&global, &"clearTimeout".into(), wrapper.as_ref()).unwrap();
    let mut early = sleep(ms(10_000));
    poll_once(&mut early).await;
    drop(early);
    // Longer than setTimeout takes: capped at i32::MAX milliseconds.
    let mut longest = sleep(Duration::MAX);
    poll_once(&mut longest).await;
    drop(longest);
    Reflect::set(&global, &"clearTimeout".into(), &original).unwrap();
    assert_eq!(cleared.length(), 2, "each dropped sleep's timer is cleared");
}

#[wasm_bindgen_test]
async fn spawning_and_waiting_in_a_loop_leaves_memory_flat() {
    async fn round() {
        let promise = spawn(Box::pin(async {
            // A wait dropped unsettled, one settled, and a sleep raced away.
            let (pending, _resolve) = deferred();
            let mut dropped = wait(&pending);
            poll_once(&mut dropped).await;
            drop(dropped);
            let value = wait(&resolved(1).into()).await?;
            let mut early = sleep(ms(10_000));
            poll_once(&mut early).await;
            Ok(value)
        }));
        assert_eq!(wait(&promise.into()).await, Ok(1.into()));
    }
    let size = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    for _ in 0..200 {
        round().await;
    }
    let before = size();
    // A 40-byte leak per round would be 400 KB: several 64 KB pages.
    for _ in 0..10_000 {
        round().await;
    }
    assert_eq!(size(), before);
}
