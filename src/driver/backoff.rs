//! Capped exponential backoff with jitter, for reconnecting (1 s, 2 s, 4 s, … at most 30 s).
//!
//! Jitter spreads the reconnects of many clients after a server restart, so they do not all
//! knock at the same second.

use std::time::Duration;

/// The first delay.
pub const BASE: Duration = Duration::from_secs(1);
/// The longest delay.
pub const CAP: Duration = Duration::from_secs(30);

/// Counts failed attempts and hands out the next delay.
#[derive(Debug, Clone, Default)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// The delay before the next attempt; `jitter` in `0.0..1.0` scales it by 0.8–1.2.
    pub fn next_delay(&mut self, jitter: f64) -> Duration {
        let exponential = BASE.saturating_mul(1u32 << self.attempt.min(16));
        self.attempt = self.attempt.saturating_add(1);
        exponential
            .min(CAP)
            .mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
    }

    /// How many attempts have been scheduled since the last success.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Back to the first delay, after a successful connection.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}
