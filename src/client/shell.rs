//! Carrying out what the driver asks: the socket, the timer, the store and the browser's
//! storage, and feeding it what the socket brings (in batches, see `transport::inbox`).

use std::rc::{Rc, Weak};

use web_time::Instant;

use super::{Client, Inner};
use crate::driver::{Action, Update};
use crate::persist::conversations;
use crate::store::apply::apply;
use crate::transport::inbox::{self, BATCH_SLICE_MS, BIG_FRAME_BYTES};
use crate::transport::socket::{Socket, SocketEvent};
use crate::transport::storage::{self, Area};

impl Client {
    /// Runs the driver's actions until it has none; call after every input.
    pub(super) fn pump(&self) {
        self.inner().pump();
    }

    /// Hands every received frame to the driver now.
    pub(super) fn drain_now(&self) {
        let inner = self.inner();
        if !inner.inbox.is_empty() {
            inner.drain_inbox(false);
        }
    }
}

impl Inner {
    pub(super) fn pump(self: &Rc<Inner>) {
        let now_ms = js_sys::Date::now();
        loop {
            // The borrow ends before the action is carried out: applying it may call back in.
            let action = self.driver.borrow_mut().poll();
            match action {
                Some(action) => self.carry_out(action, now_ms),
                None => break,
            }
        }
    }

    fn carry_out(self: &Rc<Inner>, action: Action, now_ms: f64) {
        match action {
            Action::Open { url } => self.open_socket(&url),
            Action::Send(frame) => {
                self.console_line(false, &frame);
                if let Some(socket) = self.socket.borrow().as_ref() {
                    socket.send(&frame);
                }
            }
            Action::Close => {
                self.inbox.clear();
                if let Some(socket) = self.socket.borrow_mut().take() {
                    socket.close();
                }
            }
            Action::Update(update) => apply(&self.store, update, now_ms),
            Action::SaveStream(state) => storage::write(
                Area::Session,
                &self.keys.stream,
                &crate::persist::stream::write(&state),
            ),
            Action::SaveOutbox(outbox) => {
                storage::put(&self.keys.outbox, &crate::persist::outbox::write(&outbox))
            }
            Action::RememberAccount(account) => storage::write(
                Area::Local,
                &self.keys.account,
                &crate::persist::account::write(&account),
            ),
            Action::ForgetAccount => {
                storage::remove(Area::Local, &self.keys.account);
                storage::remove(Area::Local, &self.keys.roster);
            }
            Action::RestoreConversations(account) => {
                let kept = storage::read(Area::Local, &self.keys.conversations)
                    .and_then(|text| conversations::read(&text))
                    .filter(|kept| kept.account == account);
                if let Some(kept) = kept {
                    apply(&self.store, Update::CachedConversations(kept), now_ms);
                }
            }
            Action::EraseStored => self.erase_stored(),
            Action::WakeAt(at) => {
                let weak = Rc::downgrade(self);
                self.timer.arm(at, move || {
                    if let Some(inner) = weak.upgrade() {
                        inner.driver.borrow_mut().handle_timeout(Instant::now());
                        inner.pump();
                    }
                });
            }
        }
    }

    /// ARCHITECTURE.md, "Invariants": logout erases everything Palaver stored.
    fn erase_stored(&self) {
        let keys = &self.keys;
        storage::remove(Area::Session, &keys.stream);
        for key in [
            &keys.account,
            &keys.conversations,
            &keys.roster,
            &keys.preferences,
        ] {
            storage::remove(Area::Local, key);
        }
        storage::delete(&keys.outbox);
    }

    fn open_socket(self: &Rc<Inner>, url: &str) {
        if let Some(old) = self.socket.borrow_mut().take() {
            old.close();
        }
        self.inbox.clear();
        let weak = Rc::downgrade(self);
        match Socket::open(url, move |event| on_socket_event(&weak, event)) {
            Ok(socket) => *self.socket.borrow_mut() = Some(socket),
            // The browser refused the URL outright: as good as never opening.
            Err(_) => self.driver.borrow_mut().socket_closed(Instant::now(), 1006),
        }
    }

    /// Records a frame for the XML console, if it is on.
    fn console_line(&self, incoming: bool, frame: &str) {
        if self.store.xml_console_on() {
            let update = Update::ConsoleLine {
                incoming,
                frame: frame.to_owned(),
            };
            apply(&self.store, update, 0.0);
        }
    }

    /// Hands queued frames to the driver for up to [`BATCH_SLICE_MS`], then pumps once: the
    /// store sees the whole batch before the views render. What is left waits for the next
    /// batch; a big frame's effects are applied in a task of their own.
    pub(super) fn drain_inbox(self: &Rc<Inner>, time_limited: bool) {
        self.inbox.batch_started();
        if self.inbox.set_deferred(false) {
            self.pump();
        }
        let started = inbox::now_ms();
        let mut big = false;
        while let Some(frame) = self.inbox.pop() {
            big = frame.len() >= BIG_FRAME_BYTES;
            self.driver
                .borrow_mut()
                .handle_frame(Instant::now(), &frame);
            if time_limited && (big || inbox::now_ms() - started >= BATCH_SLICE_MS) {
                break;
            }
        }
        if big && time_limited {
            self.inbox.set_deferred(true);
            self.inbox.want_batch();
            schedule_batch(Rc::downgrade(self));
            return;
        }
        self.pump();
        if !self.inbox.is_empty() && self.inbox.want_batch() {
            schedule_batch(Rc::downgrade(self));
        }
    }
}

/// What the socket reports, for the client it belongs to (if it is still there).
fn on_socket_event(weak: &Weak<Inner>, event: SocketEvent) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    match event {
        SocketEvent::Opened { protocol } => {
            inner
                .driver
                .borrow_mut()
                .socket_opened(Instant::now(), &protocol);
            inner.pump();
        }
        SocketEvent::Frame(frame) => {
            inner.console_line(true, &frame);
            if inner.inbox.push(frame) {
                schedule_batch(Rc::downgrade(&inner));
            }
        }
        SocketEvent::Closed { code } => {
            // What arrived before the close comes first (an ack, a last message).
            if !inner.inbox.is_empty() {
                inner.drain_inbox(false);
            }
            inner.socket.borrow_mut().take();
            inner
                .driver
                .borrow_mut()
                .socket_closed(Instant::now(), code);
            inner.pump();
        }
    }
}

fn schedule_batch(weak: Weak<Inner>) {
    inbox::schedule(move || {
        if let Some(inner) = weak.upgrade() {
            inner.drain_inbox(true);
        }
    });
}
