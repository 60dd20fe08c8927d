//! Logging in and out, and the page's own life: hidden, left, back online.

use web_time::Instant;

use super::Client;
use crate::driver::{LoginRequest, Restored, TransportFailure, Update};
use crate::persist::preferences::Preferences;
use crate::persist::{account, outbox, preferences, roster, stream};
use crate::store::apply::{apply, conversations_to_keep, roster_to_keep};
use crate::transport::storage::{self, Area};
use crate::transport::{discovery, random};
use crate::xmpp::sasl::Secret;

impl Client {
    /// Starts a login; progress and failures arrive in the store. With no WebSocket URL the
    /// account's domain is asked for one first (XEP-0156).
    pub fn log_in(&self, request: LoginRequest) {
        let generation = self.next_generation();
        apply(&self.inner().store, Update::Connecting, js_sys::Date::now());
        let client = *self;
        wasm_bindgen_futures::spawn_local(async move {
            let mut request = request;
            if request.websocket_url.trim().is_empty() {
                match discovery::discover(request.jid.domain()).await {
                    Ok(url) => request.websocket_url = url,
                    Err(reason) => {
                        return client.fail(generation, TransportFailure::BadUrl(reason));
                    }
                }
            }
            // What a previous page of this tab left: unsent messages (IndexedDB, asynchronous)
            // and the stream's state.
            let Some(outbox_key) = client.try_inner().map(|inner| inner.keys.outbox.clone()) else {
                return;
            };
            let stored_outbox = storage::get(&outbox_key).await;
            let Some(inner) = client.try_inner() else {
                return;
            };
            if inner.generation.get() != generation {
                return;
            }
            let Some(seed) = random::seed() else {
                return client.fail(generation, TransportFailure::NoSecureRandom);
            };
            let keys = &inner.keys;
            let restored = Restored {
                stream: storage::read(Area::Session, &keys.stream).and_then(|s| stream::read(&s)),
                outbox: stored_outbox.and_then(|s| outbox::read(&s)),
                roster: request
                    .remember
                    .then(|| storage::read(Area::Local, &keys.roster))
                    .flatten()
                    .and_then(|s| roster::read(&s)),
            };
            inner
                .driver
                .borrow_mut()
                .log_in(Instant::now(), request, restored, seed);
            inner.pump();
        });
    }

    /// "Keep me logged in" on an earlier page: logs in with the stored keys. Returns whether
    /// there were any.
    pub fn resume_remembered(&self) -> bool {
        let remembered = storage::read(Area::Local, &self.inner().keys.account)
            .and_then(|stored| account::read(&stored));
        let Some(remembered) = remembered else {
            return false;
        };
        self.log_in(LoginRequest {
            jid: remembered.jid,
            secret: Secret::Remembered(remembered.credentials),
            websocket_url: remembered.websocket_url,
            remember: true,
            register: false,
        });
        true
    }

    /// Logs out cleanly: unavailable presence and `<close/>`, then the socket closes once the
    /// server answers. Everything stored is erased.
    pub fn log_out(&self) {
        self.next_generation();
        self.inner().driver.borrow_mut().log_out(Instant::now());
        self.pump();
    }

    /// Tries to reconnect now instead of waiting ("Retry now").
    pub fn retry_now(&self) {
        self.inner().driver.borrow_mut().retry_now(Instant::now());
        self.pump();
    }

    /// The browser says the network is back: a waiting reconnect starts at once.
    pub fn browser_online(&self) {
        self.retry_now();
    }

    /// The page was hidden: handle every frame received now (an animation frame asked for
    /// would not come until it is shown again) and keep the local copies.
    pub fn page_hidden(&self) {
        self.drain_now();
        self.save_local_copies();
    }

    /// The page is going away (`pagehide`): keep the local copies and the stream's state,
    /// synchronously (nothing asynchronous finishes now). After a logout nothing is written.
    pub fn page_leaving(&self) {
        // Frames received but not handled yet count too: the saved `h` must cover them.
        self.drain_now();
        self.save_local_copies();
        let inner = self.inner();
        let state = inner.driver.borrow().stream_state();
        if let Some(state) = state {
            storage::write(Area::Session, &inner.keys.stream, &stream::write(&state));
        }
    }

    /// The preferences kept on this device.
    pub fn preferences(&self) -> Preferences {
        storage::read(Area::Local, &self.inner().keys.preferences)
            .and_then(|stored| preferences::read(&stored))
            .unwrap_or_default()
    }

    /// Keeps the preferences on this device (the defaults take no entry).
    pub fn save_preferences(&self, chosen: &Preferences) {
        let inner = self.inner();
        let key = &inner.keys.preferences;
        if *chosen == Preferences::default() {
            storage::remove(Area::Local, key);
        } else {
            storage::write(Area::Local, key, &preferences::write(chosen));
        }
    }

    /// Conversations and roster, for the next page of a "keep me logged in" login.
    fn save_local_copies(&self) {
        let inner = self.inner();
        if !inner.driver.borrow().keeps_local_copies() {
            return;
        }
        let store = &inner.store;
        let keys = &inner.keys;
        if let Some(kept) = conversations_to_keep(store) {
            storage::write(
                Area::Local,
                &keys.conversations,
                &crate::persist::conversations::write(&kept),
            );
        }
        if let Some(kept) = roster_to_keep(store) {
            storage::write(Area::Local, &keys.roster, &roster::write(&kept));
        }
    }

    fn fail(&self, generation: u64, failure: TransportFailure) {
        let Some(inner) = self.try_inner() else {
            return;
        };
        if inner.generation.get() == generation {
            apply(
                &inner.store,
                Update::TransportFailed(failure),
                js_sys::Date::now(),
            );
        }
    }

    fn next_generation(&self) -> u64 {
        let inner = self.inner();
        let next = inner.generation.get() + 1;
        inner.generation.set(next);
        next
    }
}
