//! The client's one timer (gloo-timers): re-armed for each new deadline, cancelled by dropping
//! it.

use std::cell::RefCell;

use gloo_timers::callback::Timeout;
use web_time::Instant;

/// At most one pending wake-up.
#[derive(Default)]
pub struct Timer {
    pending: RefCell<Option<Timeout>>,
}

impl Timer {
    /// Calls `wake` at `at` (or at once if it has passed), replacing any earlier wake-up.
    pub fn arm(&self, at: Instant, wake: impl FnOnce() + 'static) {
        let delay = at.saturating_duration_since(Instant::now()).as_millis();
        let delay = u32::try_from(delay).unwrap_or(u32::MAX);
        *self.pending.borrow_mut() = Some(Timeout::new(delay, wake));
    }

    /// Cancels the pending wake-up.
    pub fn cancel(&self) {
        self.pending.borrow_mut().take();
    }
}
