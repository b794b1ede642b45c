//! A small lock for the retry state one client shares between its calls.
//! The core is `no_std` (no `std::sync::Mutex`) and must stay `Send + Sync`
//! on every host, so this spins; the sections it guards are a few float
//! operations and never wait on anything.

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

/// Mutual exclusion over `T` by spinning on one atomic flag.
pub(crate) struct Lock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the flag gives one caller at a time `&mut T` (acquire on lock,
// release on unlock), as a mutex does; `T: Send` is what a mutex needs too.
unsafe impl<T: Send> Sync for Lock<T> {}

impl<T> Lock<T> {
    /// A lock around `value`.
    pub(crate) fn new(value: T) -> Self {
        Lock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `f` with the value, alone. `f` must not call `with` on the same
    /// lock (nothing in the retry code does).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        struct Unlock<'a>(&'a AtomicBool);
        impl Drop for Unlock<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _unlock = Unlock(&self.locked);
        // SAFETY: the flag is ours until `_unlock` drops, after `f` returns.
        f(unsafe { &mut *self.value.get() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_take_turns() {
        let lock = alloc::sync::Arc::new(Lock::new(0u64));
        let threads: alloc::vec::Vec<_> = (0..4)
            .map(|_| {
                let lock = lock.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        lock.with(|n| *n += 1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(lock.with(|n| *n), 40_000);
    }
}
