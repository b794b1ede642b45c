//! Wall time and this process's CPU time around a piece of work.
//!
//! CPU time is `getrusage(RUSAGE_SELF)`, user + system, summed over every
//! thread of the process. DynamoDB Local is a separate java process, so the
//! server's CPU is never counted.

use std::time::{Duration, Instant};

/// What one piece of work cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    /// Elapsed time.
    pub wall: Duration,
    /// User + system CPU time of this process.
    pub cpu: Duration,
}

/// A running measurement, from [`Meter::start`].
pub struct Meter {
    wall: Instant,
    cpu: Duration,
}

impl Meter {
    /// Starts measuring now.
    pub fn start() -> Meter {
        Meter {
            cpu: cpu_time(),
            wall: Instant::now(),
        }
    }

    /// The cost since [`Meter::start`].
    pub fn stop(self) -> Cost {
        let wall = self.wall.elapsed();
        Cost {
            wall,
            cpu: cpu_time().saturating_sub(self.cpu),
        }
    }
}

/// This process's user + system CPU time so far.
pub fn cpu_time() -> Duration {
    // SAFETY: `rusage` is plain old data, so all-zero is a valid value, and
    // getrusage only writes into the struct we pass.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return Duration::ZERO;
        }
        usage
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}
