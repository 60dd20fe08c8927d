//! Received frames, handed on in batches: one batch per animation frame while the page is
//! visible (the views then render once per batch, not once per stanza: a flood of 10,000
//! messages would otherwise re-render 10,000 times), as soon as possible through a message
//! channel while it is hidden (hidden pages get no animation frames, and their timers are
//! throttled to one a second).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How long one batch may spend handling frames before it yields to the browser (ms): with the
/// render that follows it stays well under the 50 ms a long task starts at.
pub const BATCH_SLICE_MS: f64 = 8.0;
/// A frame this big (a roster of thousands) gets a task of its own: its effects are applied in
/// the next one.
pub const BIG_FRAME_BYTES: usize = 64 * 1024;

/// Frames waiting for the next batch.
#[derive(Default)]
pub struct Inbox {
    frames: RefCell<VecDeque<String>>,
    /// Whether a batch is already scheduled.
    scheduled: Cell<bool>,
    /// A big frame was handled and its effects wait for the next batch.
    deferred: Cell<bool>,
}

impl Inbox {
    /// Queues a frame; returns true when a batch must be scheduled.
    pub fn push(&self, frame: String) -> bool {
        self.frames.borrow_mut().push_back(frame);
        !self.scheduled.replace(true)
    }

    /// The next frame, if any.
    pub fn pop(&self) -> Option<String> {
        self.frames.borrow_mut().pop_front()
    }

    /// Whether frames are waiting.
    pub fn is_empty(&self) -> bool {
        self.frames.borrow().is_empty()
    }

    /// Forgets every waiting frame (the session is over).
    pub fn clear(&self) {
        self.frames.borrow_mut().clear();
    }

    /// The scheduled batch has started.
    pub fn batch_started(&self) {
        self.scheduled.set(false);
    }

    /// Asks for another batch unless one is scheduled; returns whether one must be scheduled.
    pub fn want_batch(&self) -> bool {
        !self.scheduled.replace(true)
    }

    /// Marks (or clears) a big frame whose effects wait for the next batch; returns the old
    /// mark.
    pub fn set_deferred(&self, deferred: bool) -> bool {
        self.deferred.replace(deferred)
    }
}

/// Runs `batch` on the next animation frame while the page is visible, else as soon as
/// possible.
pub fn schedule(batch: impl FnOnce() + 'static) {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Visible);
    if !hidden {
        leptos::prelude::request_animation_frame(batch);
        return;
    }
    let Ok(channel) = web_sys::MessageChannel::new() else {
        batch();
        return;
    };
    let callback = Closure::once_into_js(batch);
    channel
        .port1()
        .set_onmessage(Some(callback.unchecked_ref()));
    let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
}

/// Milliseconds on the page's clock, for batch slices.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
