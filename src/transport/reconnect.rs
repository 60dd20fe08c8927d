//! Reconnecting after a lost connection: when a session that was online ends with an error a
//! retry can fix (dropped socket, ping timeout, server restart), log in again after a backoff
//! delay, keeping the roster and conversations on screen meanwhile. Authentication failures and
//! "replaced by another login" are final: retrying cannot help and would fight the other login.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::LoginRequest;
use crate::driver::backoff::Backoff;
use crate::store::apply::apply_reconnecting;
use crate::store::Store;
use crate::xmpp::{Error, Resumption};

/// What we remember between attempts: how to log in again, and how long to wait.
struct RetryPlan {
    store: Store,
    request: LoginRequest,
    backoff: Backoff,
    /// Whether this login has been online: only then does a failure lead to a retry.
    was_online: bool,
    timer: Option<i32>,
    /// What the dropped session left: the stream to resume (XEP-0198) and the messages the
    /// server never acknowledged. Kept until a session is online again, across failed attempts.
    resumption: Option<Resumption>,
}

thread_local! {
    static PLAN: RefCell<Option<RetryPlan>> = const { RefCell::new(None) };
    static TIMER_CALLBACK: RefCell<Option<Closure<dyn FnMut()>>> = const { RefCell::new(None) };
}

/// A user-initiated login: remember it, so a later drop can be retried.
pub fn remember(store: Store, request: &LoginRequest) {
    forget();
    PLAN.with(|p| {
        *p.borrow_mut() = Some(RetryPlan {
            store,
            request: request.clone(),
            backoff: Backoff::default(),
            was_online: false,
            timer: None,
            resumption: None,
        })
    });
}

/// Logout or a final failure: never retry this login.
pub fn forget() {
    if let Some(plan) = PLAN.with(|p| p.borrow_mut().take()) {
        clear_timer(plan.timer);
    }
}

/// The session came online (or resumed): the next failure starts again from the shortest
/// delay, and the session now owns what the previous one left.
pub fn note_online() {
    PLAN.with(|p| {
        if let Some(plan) = p.borrow_mut().as_mut() {
            plan.was_online = true;
            plan.backoff.reset();
            plan.resumption = None;
        }
    });
}

/// Keeps what a dropped session leaves for the next attempt. `None` (no stream management)
/// keeps what an earlier session left, since the dropped one never took it over.
pub fn keep_resumption(resumption: Option<Resumption>) {
    PLAN.with(|p| {
        if let (Some(plan), Some(resumption)) = (p.borrow_mut().as_mut(), resumption) {
            plan.resumption = Some(resumption);
        }
    });
}

/// What the next attempt should resume or resend, if anything.
pub fn resumption() -> Option<Resumption> {
    PLAN.with(|p| p.borrow().as_ref().and_then(|plan| plan.resumption.clone()))
}

/// Whether `error` is worth a retry.
pub fn is_retryable(error: &Error) -> bool {
    error.is_worth_retrying()
}

/// Schedules a retry if this login was online; returns false when the caller should treat the
/// failure as final.
pub fn schedule(reason: String) -> bool {
    let scheduled = PLAN.with(|p| {
        let mut plan = p.borrow_mut();
        let plan = plan.as_mut()?;
        if !plan.was_online {
            return None;
        }
        clear_timer(plan.timer.take());
        let delay = plan.backoff.next_delay(random_unit());
        let window = web_sys::window()?;
        let handle = TIMER_CALLBACK.with(|c| {
            let mut callback = c.borrow_mut();
            let callback = callback.get_or_insert_with(|| Closure::new(retry_now));
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    delay.as_millis() as i32,
                )
                .ok()
        });
        plan.timer = handle;
        Some((plan.store, js_sys::Date::now() + delay.as_millis() as f64))
    });
    match scheduled {
        Some((store, at_ms)) => {
            apply_reconnecting(&store, at_ms, reason);
            true
        }
        None => false,
    }
}

/// Tries now instead of waiting (the "Retry now" button, or the browser coming back online).
pub fn retry_now() {
    let next = PLAN.with(|p| {
        let mut plan = p.borrow_mut();
        let plan = plan.as_mut()?;
        let waiting = plan.timer.take()?;
        clear_timer(Some(waiting));
        Some((plan.store, plan.request.clone()))
    });
    if let Some((store, request)) = next {
        super::open_connection(store, request);
    }
}

/// Whether this login is being re-established (waiting or trying): messages may be queued.
pub fn is_active() -> bool {
    PLAN.with(|p| p.borrow().as_ref().is_some_and(|plan| plan.was_online))
}

/// The server sent us to `url`: later attempts go there too. Returns the updated login.
pub fn redirect(url: String) -> Option<LoginRequest> {
    PLAN.with(|p| {
        let mut plan = p.borrow_mut();
        let plan = plan.as_mut()?;
        plan.request.websocket_url = url;
        Some(plan.request.clone())
    })
}

/// The account now exists: later attempts log in instead of registering it again.
pub fn note_registered() {
    PLAN.with(|p| {
        if let Some(plan) = p.borrow_mut().as_mut() {
            plan.request.register = false;
        }
    });
}

/// The login being kept alive, if any.
pub fn request() -> Option<LoginRequest> {
    PLAN.with(|p| p.borrow().as_ref().map(|plan| plan.request.clone()))
}

/// Whether the remembered login is `account`'s (it is gone after a logout).
pub fn is_for(account: &crate::xmpp::BareJid) -> bool {
    PLAN.with(|p| {
        p.borrow()
            .as_ref()
            .is_some_and(|plan| &plan.request.jid == account)
    })
}

/// Whether a retry is waiting.
pub fn is_waiting() -> bool {
    PLAN.with(|p| p.borrow().as_ref().is_some_and(|plan| plan.timer.is_some()))
}

fn clear_timer(handle: Option<i32>) {
    if let (Some(handle), Some(window)) = (handle, web_sys::window()) {
        window.clear_timeout_with_handle(handle);
    }
}

/// A number in `0.0..1.0` from `crypto.getRandomValues`, for jitter.
fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0)
}
