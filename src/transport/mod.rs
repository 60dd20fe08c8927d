//! The browser driver: one WebSocket (subprotocol `xmpp`), one timer, one [`Session`].
//!
//! This is the only place with `Rc<RefCell<_>>` and callbacks. It pumps the session's
//! `poll_output` loop after every input, sends frames, applies events to the store and re-arms the
//! single timer at the session's next deadline.

pub mod account;

pub mod cache;
pub mod discovery;
pub mod outbox;
pub mod reconnect;
pub mod redirect;
pub mod roster_cache;
pub mod socket_url;
pub mod storage;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use leptos::prelude::{GetUntracked, Set, UpdateUntracked, WithUntracked};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::store::apply::{
    apply, apply_connecting, apply_own_change, apply_pending_failed, apply_pending_sent,
    apply_subscription_answered, apply_transport_failure, record_console_line, record_outgoing,
    record_pending, TransportFailure,
};
use crate::store::Store;
use crate::xmpp::{
    ApiMisuse, BareJid, Config, Event, Instant, Jid, Output, Phase, ReplyRef, Secret, Session, Show,
};

/// `sessionStorage` key of the stream's state (a [`Resumption`]'s stored form): the stream
/// management id and counters, to resume the stream after a reload, and the messages the server
/// has not acknowledged, to send them again. `sessionStorage` because it is synchronous (the
/// state is saved once more as the page goes away, on `pagehide`, when nothing asynchronous can
/// finish) and belongs to one tab: a reload of this tab resumes this tab's stream, while another
/// tab of the same account never takes it over (which would cut this one off).
const STREAM_KEY: &str = "palaver.stream";

/// What the login form hands to the transport (kept in memory, never stored, to reconnect).
#[derive(Clone)]
pub struct LoginRequest {
    pub jid: BareJid,
    /// The password typed, or the keys a "keep me logged in" page remembered.
    pub secret: Secret,
    pub websocket_url: String,
    /// "Keep me logged in": store the SCRAM keys (never the password) once online.
    pub remember: bool,
    /// "Create account": register it (XEP-0077) before logging in.
    pub register: bool,
}

thread_local! {
    /// The live connection, if any. One per page.
    static CONNECTION: RefCell<Option<Rc<Connection>>> = const { RefCell::new(None) };
    /// A finished connection, kept until the next login: its callbacks may be on the stack when
    /// it finishes, and a wasm-bindgen closure must not be dropped while it runs.
    static FINISHED: RefCell<Option<Rc<Connection>>> = const { RefCell::new(None) };
    /// Messages a previous page had sent without an ack, restored at login: shown as sent once
    /// the session is online (the session itself sends them again).
    static RESTORED_UNACKED: RefCell<Vec<(String, Jid, String)>> = const { RefCell::new(Vec::new()) };
    /// Set when the next session may resume a previous page's stream: a resumed stream
    /// repeats neither roster nor presence, which this page has yet to learn.
    static RESUMING_OLD_PAGE: Cell<bool> = const { Cell::new(false) };
}

/// A socket event name and the closure listening to it.
type SocketListener = (&'static str, Closure<dyn FnMut(web_sys::Event)>);

struct Connection {
    url: String,
    socket: WebSocket,
    session: RefCell<Session>,
    store: Store,
    opened: Cell<bool>,
    timer: Cell<Option<i32>>,
    /// Socket listeners, kept alive as long as the connection.
    callbacks: RefCell<Vec<SocketListener>>,
    timer_callback: RefCell<Option<Closure<dyn FnMut()>>>,
    /// Frames received and not yet handed to the session: a burst of stanzas is handled in
    /// batches, one per animation frame, so the views render once per batch instead of once
    /// per stanza (a flood of 10,000 messages would otherwise re-render 10,000 times).
    inbox: RefCell<VecDeque<String>>,
    /// Whether a batch is already scheduled.
    drain_scheduled: Cell<bool>,
    /// A big frame was parsed and its events wait for the next batch.
    deferred: Cell<bool>,
}

/// How long one batch may spend handling frames before it yields to the browser (ms): with the
/// render that follows it stays well under the 50 ms a long task starts at.
const BATCH_SLICE_MS: f64 = 8.0;
/// A frame this big (a roster of thousands) gets a task of its own: its events are applied in
/// the next one.
const BIG_FRAME_BYTES: usize = 64 * 1024;

/// Starts a login; progress and failures arrive in the store.
///
/// First it restores what a previous page of the same account left unsent (IndexedDB): the
/// outbox and the messages the server never acknowledged, sent once this session is online.
pub fn connect(store: Store, request: LoginRequest) {
    apply_connecting(&store);
    reconnect::remember(store, &request);
    // A new login starts a new count of redirects.
    redirect::reset();
    outbox::set_account(&request.jid);
    wasm_bindgen_futures::spawn_local(async move {
        restore_unacked(&request.jid).await;
        outbox::restore(&request.jid).await;
        // The user may have logged out (or started another login) meanwhile.
        if reconnect::is_for(&request.jid) {
            open_connection(store, request);
        }
    });
}

/// Finds the account's WebSocket URL from its domain (XEP-0156), then logs in there; says on
/// the login form when the domain announces none.
pub fn discover_and_connect(store: Store, mut request: LoginRequest) {
    apply_connecting(&store);
    wasm_bindgen_futures::spawn_local(async move {
        match discovery::discover(request.jid.domain()).await {
            Ok(url) => {
                request.websocket_url = url;
                connect(store, request);
            }
            Err(reason) => apply_transport_failure(&store, TransportFailure::BadUrl(reason)),
        }
    });
}

/// Reads the unacknowledged messages a previous page left for `account` into the next session.
/// The server resumes that stream if it still holds it (XEP-0198 §5); otherwise the session
/// starts afresh, sends them again and catches up from the archive.
async fn restore_unacked(account: &BareJid) {
    let stored = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(STREAM_KEY).ok().flatten());
    let Some(resumption) = stored.as_deref().and_then(crate::persist::stream::read) else {
        return;
    };
    if resumption.jid().bare() != account {
        return;
    }
    RESUMING_OLD_PAGE.with(|r| r.set(resumption.can_resume()));
    RESTORED_UNACKED.with(|r| *r.borrow_mut() = resumption.unacked_messages());
    reconnect::keep_resumption(Some(resumption));
}

/// Saves the stream's state for the next page (called as the page goes away).
pub fn save_stream_state() {
    with_connection(|connection| connection.save_unacked());
}

/// Opens a socket and starts a session for `request` (a first login or a reconnect).
fn open_connection(store: Store, request: LoginRequest) {
    disconnect_now();
    let secure = match socket_url::check(&request.websocket_url) {
        Ok(secure) => secure,
        Err(reason) => return apply_transport_failure(&store, TransportFailure::BadUrl(reason)),
    };
    let socket = match WebSocket::new_with_str(&request.websocket_url, "xmpp") {
        Ok(socket) => socket,
        Err(_) => {
            let reason = format!("{} is not a valid WebSocket URL.", request.websocket_url);
            return apply_transport_failure(&store, TransportFailure::BadUrl(reason));
        }
    };
    // RFC 6121 §2.6: a kept roster's version lets the server answer "nothing new".
    roster_cache::begin();
    let cached_roster = request
        .remember
        .then(|| roster_cache::load(&request.jid))
        .flatten();
    let config = Config {
        jid: request.jid,
        secret: request.secret,
        resource: None,
        secure_transport: secure,
        seed: random_seed(),
        // A reconnect announces what the user had chosen; a fresh login starts online.
        initial_show: store.own_show.get_untracked().unwrap_or(Show::Online),
        initial_status: Some(store.own_status.get_untracked()).filter(|s| !s.trim().is_empty()),
        cached_roster,
        resume: reconnect::resumption(),
        software_version: None,
        register: request.register,
    };
    let connection = Rc::new(Connection {
        url: request.websocket_url,
        socket,
        session: RefCell::new(Session::new(config, Instant::now())),
        store,
        opened: Cell::new(false),
        timer: Cell::new(None),
        callbacks: RefCell::new(Vec::new()),
        timer_callback: RefCell::new(None),
        inbox: RefCell::new(VecDeque::new()),
        drain_scheduled: Cell::new(false),
        deferred: Cell::new(false),
    });
    connection.install_callbacks();
    CONNECTION.with(|c| *c.borrow_mut() = Some(connection));
}

/// Logs out cleanly: the session sends unavailable presence and `<close/>`, then waits for the
/// server's `<close/>` (or its own timeout) before the socket is closed.
pub fn logout(store: Store) {
    reconnect::forget();
    // DESIGN.md §5: logout erases everything stored.
    account::forget();
    cache::clear();
    roster_cache::clear();
    outbox::clear();
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.remove_item(STREAM_KEY);
    }
    let mut closing_stream = false;
    with_connection(|connection| {
        if connection.opened.get() {
            closing_stream = true;
            connection.session.borrow_mut().close();
            connection.pump();
        } else {
            // Still connecting (a reconnect attempt, say): there is no stream to close.
            connection.finish();
        }
    });
    if !closing_stream {
        // Nothing connected: still make sure the UI is back on the login form.
        apply(
            &store,
            crate::xmpp::Event::Disconnected { error: None },
            js_sys::Date::now(),
        );
    }
}

/// Keeps what the next page of a "keep me logged in" login shows at once: the recent
/// conversations and the roster (with its version). Called as the page goes away or hides.
pub fn save_local_copies(store: &Store) {
    cache::save(store);
    roster_cache::save(store);
}

/// Sends a chat message and records it in the conversation.
///
/// While a lost connection is being re-established, the message is queued and shown as pending;
/// it goes out, in order, once the session is back online.
pub fn send_message(store: Store, to: &BareJid, body: &str) -> Result<(), ApiMisuse> {
    if body.trim().is_empty() {
        return Err(ApiMisuse::EmptyBody);
    }
    let online = CONNECTION.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|connection| connection.session.borrow().phase() == Phase::Online)
    });
    if !online && reconnect::is_active() {
        let local_id = outbox::push(to, body);
        record_pending(&store, to, local_id, body.to_owned(), js_sys::Date::now());
        return Ok(());
    }
    let mut result = Err(ApiMisuse::NotOnline);
    with_connection(|connection| {
        let sent = connection
            .session
            .borrow_mut()
            .send_message(&Jid::Bare(to.clone()), body);
        if let Ok(id) = &sent {
            record_outgoing(
                &connection.store,
                to,
                id.clone(),
                body.to_owned(),
                js_sys::Date::now(),
            );
        }
        result = sent.map(|_| ());
        connection.pump();
    });
    result
}

/// Sends `body` as a reply to `reply`'s message (XEP-0461) and shows it with its quote.
pub fn send_reply(
    store: Store,
    to: &BareJid,
    body: &str,
    reply: ReplyRef,
) -> Result<(), ApiMisuse> {
    let mut sent = Err(ApiMisuse::NotOnline);
    with_session(|session| {
        sent = session.send_reply(&Jid::Bare(to.clone()), body, &reply);
        sent.as_ref().map(|_| ()).map_err(|e| *e)
    })?;
    let id = sent?;
    crate::store::apply::record_outgoing_reply(
        &store,
        to,
        id,
        body.to_owned(),
        reply,
        js_sys::Date::now(),
    );
    Ok(())
}

/// Replaces the text of our message `original_id` (XEP-0308) here and for the peer.
pub fn send_correction(
    store: Store,
    to: &BareJid,
    original_id: &str,
    body: &str,
) -> Result<(), ApiMisuse> {
    let mut sent = Err(ApiMisuse::NotOnline);
    with_session(|session| {
        sent = session.send_correction(&Jid::Bare(to.clone()), original_id, body);
        sent.as_ref().map(|_| ()).map_err(|e| *e)
    })?;
    let content = crate::xmpp::Content::Correction {
        of: original_id.to_owned(),
        text: crate::xmpp::Text::plain(body),
    };
    apply_own_change(&store, to, sent?, content, js_sys::Date::now());
    Ok(())
}

/// Retracts our message `origin_id` (XEP-0424): a tombstone here, and for the peer's client.
pub fn send_retraction(store: Store, to: &BareJid, origin_id: &str) -> Result<(), ApiMisuse> {
    let mut sent = Err(ApiMisuse::NotOnline);
    with_session(|session| {
        sent = session.send_retraction(&Jid::Bare(to.clone()), origin_id);
        sent.as_ref().map(|_| ()).map_err(|e| *e)
    })?;
    let content = crate::xmpp::Content::Retraction {
        of: origin_id.to_owned(),
    };
    apply_own_change(&store, to, sent?, content, js_sys::Date::now());
    Ok(())
}

/// Sets our reactions to message `message_id` (XEP-0444: the whole set).
pub fn send_reactions(
    store: Store,
    to: &BareJid,
    message_id: &str,
    emojis: Vec<String>,
) -> Result<(), ApiMisuse> {
    // The same set here as on the wire: no repeats, at most as many as the session sends.
    let emojis = crate::xmpp::stanza::reactions::distinct(emojis);
    let mut sent = Err(ApiMisuse::NotOnline);
    with_session(|session| {
        sent = session.send_reactions(&Jid::Bare(to.clone()), message_id, &emojis);
        sent.as_ref().map(|_| ()).map_err(|e| *e)
    })?;
    let content = crate::xmpp::Content::Reactions {
        to: message_id.to_owned(),
        emojis,
    };
    apply_own_change(&store, to, sent?, content, js_sys::Date::now());
    Ok(())
}

/// Adds our `emoji` to message `message_id`, or withdraws it if it is there.
pub fn toggle_reaction(
    store: Store,
    peer: &BareJid,
    message_id: &str,
    emoji: &str,
) -> Result<(), ApiMisuse> {
    let own = store
        .own_jid
        .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()))
        .ok_or(ApiMisuse::NotOnline)?;
    let mut emojis = store.conversation(peer).with_untracked(|messages| {
        messages
            .iter()
            .rev()
            .find(|m| m.answers_to(message_id))
            .map(|m| m.reactions_of(&own))
            .unwrap_or_default()
    });
    if let Some(at) = emojis.iter().position(|e| e == emoji) {
        emojis.remove(at);
    } else {
        emojis.push(emoji.to_owned());
    }
    send_reactions(store, peer, message_id, emojis)
}

/// Tells `peer` we have read their messages up to `id` (XEP-0333), once per message; the
/// session sends it only to contacts who see our presence.
pub fn mark_displayed(store: Store, peer: &BareJid, id: &str) {
    let already = store
        .displayed_sent
        .with_untracked(|sent| sent.get(peer).is_some_and(|last| last == id));
    if already {
        return;
    }
    let result = with_session(|session| {
        session
            .send_displayed(&Jid::Bare(peer.clone()), id)
            .map(|_| ())
    });
    if result.is_ok() {
        store.displayed_sent.update_untracked(|sent| {
            sent.insert(peer.clone(), id.to_owned());
        });
    }
}

/// Publishes `png` (`width`×`height`) as our avatar (XEP-0084); `Event::AvatarPublished` or
/// `AvatarPublishFailed` tells how it went.
pub fn set_avatar(store: Store, png: Vec<u8>, width: u32, height: u32) -> Result<(), ApiMisuse> {
    store.avatar_status.set(None);
    with_session(|session| session.set_avatar("image/png", png, width, height))
}

/// Takes our avatar away (XEP-0084 §4.5).
pub fn remove_avatar(store: Store) -> Result<(), ApiMisuse> {
    store.avatar_status.set(None);
    with_session(Session::remove_avatar)
}

/// Changes our presence; `None` means "appear offline" (unavailable, still connected).
pub fn set_presence(show: Option<Show>, status: &str) -> Result<(), ApiMisuse> {
    let mut result = Err(ApiMisuse::NotOnline);
    with_connection(|connection| {
        let status = Some(status).filter(|s| !s.trim().is_empty());
        let mut session = connection.session.borrow_mut();
        result = match show {
            Some(show) => session.set_presence(show, status),
            None => session.set_unavailable(status),
        };
        drop(session);
        connection.pump();
    });
    result
}

/// Adds a contact (name and group optional), asks to see their presence and pre-approves
/// theirs, so both sides see each other once they accept (RFC 6121 §3.4).
pub fn add_contact(jid: &BareJid, name: &str, group: &str) -> Result<(), ApiMisuse> {
    let groups: Vec<String> = Some(group.trim())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    with_session(|session| {
        session.update_contact(jid, Some(name.trim()).filter(|n| !n.is_empty()), &groups)?;
        session.subscribe(jid)?;
        session.approve_subscription(jid)
    })
}

/// Answers a subscription request: accepting also asks for theirs unless we already see it.
pub fn answer_subscription(store: Store, jid: &BareJid, accept: bool) -> Result<(), ApiMisuse> {
    let already_subscribed = store.contacts.with_untracked(|contacts| {
        contacts.get(jid).is_some_and(|c| {
            matches!(
                c.subscription,
                crate::xmpp::Subscription::To | crate::xmpp::Subscription::Both
            ) || c.ask_pending
        })
    });
    let result = with_session(|session| {
        if accept {
            session.approve_subscription(jid)?;
            if !already_subscribed {
                session.subscribe(jid)?;
            }
            Ok(())
        } else {
            session.deny_subscription(jid)
        }
    });
    if result.is_ok() {
        apply_subscription_answered(&store, jid);
    }
    result
}

/// How many archived messages a conversation shows when it opens.
const HISTORY_PAGE: u32 = 50;

/// Loads the newest archived messages of the conversation with `peer`, once per session.
pub fn load_history(store: Store, peer: &BareJid) {
    if store.history.with_untracked(|h| h.contains_key(peer)) {
        return;
    }
    if with_session(|session| session.query_archive(peer, None, HISTORY_PAGE)).is_ok() {
        crate::store::apply::apply_history_requested(&store, peer);
    }
}

/// Loads the page of archived messages just older than those shown (scrolling back), unless
/// one is on its way or the archive has nothing older.
pub fn load_older_history(store: Store, peer: &BareJid) {
    let Some(before) = store.history.with_untracked(|h| {
        h.get(peer)
            .filter(|state| !state.loading && !state.complete)
            .and_then(|state| state.oldest.clone())
    }) else {
        return;
    };
    if with_session(|session| session.query_archive(peer, Some(&before), HISTORY_PAGE)).is_ok() {
        crate::store::apply::apply_history_requested(&store, peer);
    }
}

/// Tells `to` whether we are typing (XEP-0085).
pub fn send_chat_state(to: &BareJid, state: crate::xmpp::ChatState) -> Result<(), ApiMisuse> {
    with_session(|session| session.send_chat_state(&Jid::Bare(to.clone()), state))
}

/// Renames a contact and puts it in `group` (none when empty); the server's roster push
/// updates the list.
pub fn edit_contact(jid: &BareJid, name: &str, group: &str) -> Result<(), ApiMisuse> {
    let groups: Vec<String> = Some(group.trim())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    with_session(|session| {
        session.update_contact(jid, Some(name.trim()).filter(|n| !n.is_empty()), &groups)
    })
}

/// Removes a contact from the roster (and both subscriptions with it).
pub fn remove_contact(jid: &BareJid) -> Result<(), ApiMisuse> {
    with_session(|session| session.remove_contact(jid))
}

/// Runs a command on the session and sends what it queued.
fn with_session(f: impl FnOnce(&mut Session) -> Result<(), ApiMisuse>) -> Result<(), ApiMisuse> {
    let mut result = Err(ApiMisuse::NotOnline);
    with_connection(|connection| {
        result = f(&mut connection.session.borrow_mut());
        connection.pump();
    });
    result
}

/// Runs `f` on the live connection; false when there is none.
fn with_connection(f: impl FnOnce(&Rc<Connection>)) -> bool {
    let connection = CONNECTION.with(|c| c.borrow().clone());
    match connection {
        Some(connection) => {
            f(&connection);
            true
        }
        None => false,
    }
}

/// Drops the current connection without protocol niceties (a new login replaces it).
/// Handles every received frame now. For the page going hidden: an animation frame already
/// asked for would not come until the page is shown again.
pub fn handle_received_frames() {
    if let Some(connection) = CONNECTION.with(|c| c.borrow().clone()) {
        if !connection.inbox.borrow().is_empty() {
            connection.drain_inbox(false);
        }
    }
}

fn disconnect_now() {
    if let Some(connection) = CONNECTION.with(|c| c.borrow_mut().take()) {
        connection.teardown();
    }
    // Called from a user action, never from a socket callback: the old closures can go now.
    FINISHED.with(|f| f.borrow_mut().take());
}

impl Connection {
    fn install_callbacks(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        self.add_callback("open", &weak, |connection, _| connection.on_open());
        self.add_callback("message", &weak, |connection, event| {
            if let Some(event) = event.dyn_ref::<MessageEvent>() {
                if let Some(text) = event.data().as_string() {
                    connection.on_frame(text);
                }
            }
        });
        self.add_callback("close", &weak, |connection, event| {
            let code = event
                .dyn_ref::<CloseEvent>()
                .map(CloseEvent::code)
                .unwrap_or(1006);
            connection.on_close(code);
        });
        let timer_weak = weak.clone();
        *self.timer_callback.borrow_mut() = Some(Closure::new(move || {
            if let Some(connection) = timer_weak.upgrade() {
                connection.timer.set(None);
                connection
                    .session
                    .borrow_mut()
                    .handle_timeout(Instant::now());
                connection.pump();
            }
        }));
    }

    fn add_callback(
        &self,
        event: &'static str,
        weak: &Weak<Connection>,
        handler: impl Fn(&Rc<Connection>, web_sys::Event) + 'static,
    ) {
        let weak = weak.clone();
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(connection) = weak.upgrade() {
                handler(&connection, e);
            }
        });
        let _ = self
            .socket
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        self.callbacks.borrow_mut().push((event, closure));
    }

    fn on_open(self: &Rc<Self>) {
        self.opened.set(true);
        // RFC 7395 §3.1: the server must select "xmpp"; if it did not, this is no XMPP endpoint.
        if self.socket.protocol() != "xmpp" {
            let failure = TransportFailure::NoXmppSubprotocol {
                url: self.url.clone(),
            };
            self.abandon(failure);
            return;
        }
        self.pump();
    }

    fn on_frame(self: &Rc<Self>, frame: String) {
        record_console_line(&self.store, true, &frame);
        self.inbox.borrow_mut().push_back(frame);
        if !self.drain_scheduled.replace(true) {
            schedule_batch(Rc::downgrade(self));
        }
    }

    /// Hands queued frames to the session for up to [`BATCH_SLICE_MS`], then pumps once: the
    /// store sees the whole batch before the views render. What is left waits for the next batch.
    fn drain_inbox(self: &Rc<Self>, time_limited: bool) {
        self.drain_scheduled.set(false);
        if self.deferred.replace(false) {
            // The previous batch parsed a big frame and left its events: apply them first.
            self.pump();
        }
        let started = js_sys::Date::now();
        let mut big = false;
        loop {
            let Some(frame) = self.inbox.borrow_mut().pop_front() else {
                break;
            };
            big = frame.len() >= BIG_FRAME_BYTES;
            // A fatal error also surfaces as Event::Disconnected, which the pump applies.
            let _ = self
                .session
                .borrow_mut()
                .handle_frame(Instant::now(), &frame);
            if self.session.borrow().phase() == Phase::Closed {
                self.inbox.borrow_mut().clear();
            }
            if time_limited && (big || js_sys::Date::now() - started >= BATCH_SLICE_MS) {
                break;
            }
        }
        if big && time_limited && self.session.borrow().phase() != Phase::Closed {
            // Parsing a big frame (a roster of thousands) took this task; what it brought is
            // applied and drawn in the next one, so neither holds the page for long.
            self.deferred.set(true);
            self.drain_scheduled.set(true);
            schedule_batch(Rc::downgrade(self));
            return;
        }
        self.pump();
        if !self.inbox.borrow().is_empty() && !self.drain_scheduled.replace(true) {
            schedule_batch(Rc::downgrade(self));
        }
    }

    fn on_close(self: &Rc<Self>, code: u16) {
        // What arrived before the close comes first (an ack, a last message).
        if !self.inbox.borrow().is_empty() {
            self.drain_inbox(false);
        }
        if !self.opened.get() {
            let failure = TransportFailure::Unreachable {
                url: self.url.clone(),
            };
            self.abandon(failure);
            return;
        }
        self.session
            .borrow_mut()
            .handle_transport_closed(Instant::now(), code);
        self.pump();
    }

    /// Drains the session's outputs: frames to the socket, events to the store, one timer.
    fn pump(self: &Rc<Self>) {
        let mut events = Vec::new();
        // Whether the stream's state (its counters and unacknowledged stanzas) changed and must
        // be saved: after every stanza sent, so a resumed stream's count is always exact.
        let mut unacked_changed = false;
        let deadline = loop {
            let output = self.session.borrow_mut().poll_output();
            match output {
                Output::Transmit(frame) => {
                    unacked_changed |= ["<message", "<presence", "<iq"]
                        .iter()
                        .any(|stanza| frame.starts_with(stanza));
                    if self.socket.ready_state() == WebSocket::OPEN {
                        record_console_line(&self.store, false, &frame);
                        let _ = self.socket.send_with_str(&frame);
                    }
                }
                Output::Event(event) => {
                    unacked_changed |= matches!(event, Event::MessageAcked { .. });
                    events.push(event);
                }
                Output::Timeout(at) => break at,
            }
        };
        if unacked_changed {
            self.save_unacked();
        }
        let now_ms = js_sys::Date::now();
        let mut flushed = false;
        for event in events {
            match event {
                Event::Roster { ref ver, .. } | Event::RosterPush { ref ver, .. } => {
                    roster_cache::note_version(ver.as_deref());
                    apply(&self.store, event, now_ms);
                }
                Event::RosterUpToDate => {
                    // RFC 6121 §2.6.3: the roster we kept is current; show it.
                    roster_cache::restore(&self.store);
                    apply(&self.store, event, now_ms);
                }
                Event::Registered { .. } => {
                    // Created: a reconnect must log in, not register again.
                    reconnect::note_registered();
                    apply(&self.store, event, now_ms);
                }
                Event::Online { .. } | Event::Resumed { .. } => {
                    let resumed = matches!(event, Event::Resumed { .. });
                    redirect::reset();
                    self.remember_account();
                    reconnect::note_online();
                    apply(&self.store, event, now_ms);
                    self.show_restored(now_ms);
                    if RESUMING_OLD_PAGE.with(|r| r.replace(false)) && resumed {
                        // This page has no roster or presence yet: ask for them.
                        flushed |= self.session.borrow_mut().refresh_after_reload().is_ok();
                    }
                    flushed |= self.flush_outbox();
                }
                Event::Disconnected {
                    error: Some(crate::xmpp::Error::SeeOther(to)),
                } => match redirect::follow(&self.url, &to) {
                    Ok(url) => {
                        reconnect::keep_resumption(self.session.borrow().resumption());
                        if let Some(request) = reconnect::redirect(url) {
                            let store = self.store;
                            // After this socket's callback has returned.
                            wasm_bindgen_futures::spawn_local(async move {
                                open_connection(store, request);
                            });
                        }
                    }
                    Err(reason) => {
                        reconnect::forget();
                        apply_transport_failure(&self.store, TransportFailure::BadUrl(reason));
                    }
                },
                Event::Disconnected { error: Some(error) } if reconnect::is_retryable(&error) => {
                    reconnect::keep_resumption(self.session.borrow().resumption());
                    if !reconnect::schedule(error.to_string()) {
                        apply(
                            &self.store,
                            Event::Disconnected { error: Some(error) },
                            now_ms,
                        );
                    }
                }
                Event::Disconnected { error } => {
                    if error
                        .as_ref()
                        .is_some_and(crate::xmpp::Error::is_auth_failure)
                    {
                        // Remembered keys the server refuses are worth nothing: ask again.
                        account::forget();
                        roster_cache::clear();
                    }
                    let event = Event::Disconnected { error };
                    reconnect::forget();
                    for queued in outbox::drain() {
                        apply_pending_failed(
                            &self.store,
                            &queued.to,
                            &queued.local_id,
                            "Not sent: logged out.",
                        );
                    }
                    apply(&self.store, event, now_ms);
                }
                other => apply(&self.store, other, now_ms),
            }
        }
        if self.session.borrow().phase() == Phase::Closed {
            self.finish();
        } else if flushed {
            // The outbox queued frames after the loop above: send them now.
            self.pump();
        } else {
            self.arm_timer(deadline);
        }
    }

    /// "Keep me logged in": stores this login's SCRAM keys (never the password).
    fn remember_account(&self) {
        let Some(request) = reconnect::request() else {
            return;
        };
        if !request.remember {
            return;
        }
        match self.session.borrow().credentials() {
            Some(credentials) => account::save(&account::RememberedAccount {
                jid: request.jid,
                websocket_url: request.websocket_url,
                credentials: credentials.clone(),
            }),
            // PLAIN leaves nothing to remember but the password, which we never store.
            None => account::forget(),
        }
    }

    /// Shows what a previous page left unsent (restored at login) in the conversations.
    fn show_restored(&self, now_ms: f64) {
        // First the conversations as the last page left them (only into empty ones)…
        if let Some(account) = self
            .store
            .own_jid
            .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()))
        {
            cache::restore(&self.store, &account);
        }
        // …then what it had not managed to send.
        for (id, to, body) in RESTORED_UNACKED.with(|r| std::mem::take(&mut *r.borrow_mut())) {
            record_outgoing(&self.store, to.bare(), id, body, now_ms);
        }
        for queued in outbox::take_unshown() {
            record_pending(
                &self.store,
                &queued.to,
                queued.local_id,
                queued.body,
                now_ms,
            );
        }
    }

    /// Saves the messages the server has not acknowledged yet, so a reload resends them.
    fn save_unacked(&self) {
        let Some(resumption) = self.session.borrow().resumption() else {
            return;
        };
        if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
            let _ = storage.set_item(STREAM_KEY, &crate::persist::stream::write(&resumption));
        }
    }

    /// Sends what was written while offline, oldest first, now that the session is online.
    /// Returns whether anything was queued for sending.
    fn flush_outbox(self: &Rc<Self>) -> bool {
        let mut queued = outbox::drain().into_iter().peekable();
        let any = queued.peek().is_some();
        while let Some(message) = queued.next() {
            let sent = self
                .session
                .borrow_mut()
                .send_message(&Jid::Bare(message.to.clone()), &message.body);
            match sent {
                Ok(id) => apply_pending_sent(&self.store, &message.to, &message.local_id, id),
                Err(_) => {
                    let mut rest = vec![message];
                    rest.extend(queued);
                    outbox::requeue(rest);
                    return any;
                }
            }
        }
        any
    }

    fn arm_timer(&self, at: Instant) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(handle) = self.timer.take() {
            window.clear_timeout_with_handle(handle);
        }
        let delay = at
            .saturating_duration_since(Instant::now())
            .as_millis()
            .min(i32::MAX as u128) as i32;
        if let Some(callback) = self.timer_callback.borrow().as_ref() {
            let handle = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    delay,
                )
                .ok();
            self.timer.set(handle);
        }
    }

    /// The transport failed before the protocol began: report it and drop the connection.
    fn abandon(self: &Rc<Self>, failure: TransportFailure) {
        // During a reconnect the server may still be down: keep trying.
        if !reconnect::schedule(failure.to_string()) {
            reconnect::forget();
            apply_transport_failure(&self.store, failure);
        }
        self.finish();
    }

    /// The session is over: close the socket and forget the connection.
    fn finish(self: &Rc<Self>) {
        CONNECTION.with(|c| {
            let mut current = c.borrow_mut();
            if current.as_ref().is_some_and(|live| Rc::ptr_eq(live, self)) {
                *current = None;
            }
        });
        self.teardown();
        FINISHED.with(|f| *f.borrow_mut() = Some(self.clone()));
    }

    /// Unhooks every listener and closes the socket; the closures stay alive (see `FINISHED`).
    fn teardown(&self) {
        for (event, closure) in self.callbacks.borrow().iter() {
            let _ = self
                .socket
                .remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
        if let Some(window) = web_sys::window() {
            if let Some(handle) = self.timer.take() {
                window.clear_timeout_with_handle(handle);
            }
        }
        if self.socket.ready_state() == WebSocket::OPEN
            || self.socket.ready_state() == WebSocket::CONNECTING
        {
            let _ = self.socket.close();
        }
    }
}

/// Runs the next batch of received frames: on the next animation frame while the page is
/// visible (at most one render per frame), else as soon as possible through a message channel
/// (hidden pages get no animation frames, and their timers are throttled to one a second).
fn schedule_batch(connection: Weak<Connection>) {
    let run = move || {
        if let Some(connection) = connection.upgrade() {
            connection.drain_inbox(true);
        }
    };
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Visible);
    if !hidden {
        leptos::prelude::request_animation_frame(run);
        return;
    }
    let Ok(channel) = web_sys::MessageChannel::new() else {
        run();
        return;
    };
    let callback = Closure::once_into_js(run);
    channel
        .port1()
        .set_onmessage(Some(callback.unchecked_ref()));
    let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
}

/// 32 bytes from `crypto.getRandomValues`, for stanza ids and SCRAM nonces.
fn random_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut seed);
    }
    seed
}
