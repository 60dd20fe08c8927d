//! The connection's policy, sans-IO (after the core's own shape): one [`Driver`] owns the
//! login being kept alive and its [`Session`], and decides when to connect, reconnect
//! (capped backoff with jitter), follow a redirect, queue and send what was written offline,
//! and what to store. It is fed socket events, frames, commands and the time, and hands back
//! [`Action`]s through one [`Driver::poll`] loop: open or close the socket, send a frame,
//! apply an [`Update`] to the store, save or erase stored state, wake me at this instant.
//!
//! Plain Rust, no browser, no clock, no global random source: the browser shell (`transport`,
//! `client`) carries the actions out, and the tests drive it natively with fake time.

pub mod backoff;
mod commands;
pub mod endpoint;
mod outbox;
mod policy;
pub mod update;

use std::collections::VecDeque;
use std::time::Duration;

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use web_time::Instant;
use zeroize::Zeroize;

use self::backoff::Backoff;
use self::endpoint::ParseUrl;
use self::outbox::Outbox;
use crate::persist::account::RememberedAccount;
use crate::persist::outbox::StoredOutbox;
use crate::persist::roster::StoredRoster;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::sasl::{Nfkc, Secret};
use crate::xmpp::sm::Resumption;
use crate::xmpp::stanza::{RosterQuery, Show};
use crate::xmpp::{Config, Output, Phase, Session};

pub use self::commands::Sent;
pub use self::update::{TransportFailure, Update};

/// Redirects followed in a row before we give up (a loop, or a broken deployment).
pub const MAX_REDIRECTS: u8 = 3;
/// How long a socket may take to open before the attempt counts as failed (a browser can
/// wait minutes on a host that does not answer).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// What the login form hands over (kept in memory, never stored, to reconnect).
#[derive(Clone)]
pub struct LoginRequest {
    /// The account.
    pub jid: BareJid,
    /// The password typed, or the keys a "keep me logged in" page remembered. After a SCRAM
    /// login only the keys are kept (the password is wiped).
    pub secret: Secret,
    /// Where to connect.
    pub websocket_url: String,
    /// "Keep me logged in": store the SCRAM keys (never the password) once online.
    pub remember: bool,
    /// "Create account": register it (XEP-0077) before logging in.
    pub register: bool,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("jid", &self.jid)
            .field("websocket_url", &self.websocket_url)
            .field("remember", &self.remember)
            .finish_non_exhaustive()
    }
}

/// What a previous page of this tab and device left for the next login.
#[derive(Debug, Default)]
pub struct Restored {
    /// The stream's state (`sessionStorage`).
    pub stream: Option<Resumption>,
    /// Messages written offline (IndexedDB).
    pub outbox: Option<StoredOutbox>,
    /// The roster with its version ("keep me logged in" only).
    pub roster: Option<StoredRoster>,
}

/// What the shell must do.
// An action is moved once, from the queue to the shell: boxing the large `Update` would cost
// an allocation per event and gain nothing (the same trade as the session's `Output`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open a WebSocket to `url` with the `xmpp` subprotocol (closing any other).
    Open {
        /// A `wss://` (or loopback `ws://`) URL the endpoint policy accepted.
        url: String,
    },
    /// Send a text frame on the open socket.
    Send(String),
    /// Close the socket.
    Close,
    /// Apply to the store.
    Update(Update),
    /// Keep the stream's state for a reload of this tab.
    SaveStream(Resumption),
    /// Keep the outbox.
    SaveOutbox(StoredOutbox),
    /// "Keep me logged in": keep the account's keys.
    RememberAccount(RememberedAccount),
    /// The remembered keys no longer work: erase them and the roster kept with them.
    ForgetAccount,
    /// Put the conversations a previous page kept into the store ("keep me logged in").
    RestoreConversations(BareJid),
    /// Logout: erase everything stored.
    EraseStored,
    /// Call [`Driver::handle_timeout`] at this instant.
    WakeAt(Instant),
}

/// The socket, as far as the driver knows.
enum Link {
    /// No socket.
    Idle,
    /// Asked to open `url`; the session starts once it is open (`config`), unless it takes
    /// longer than `deadline`.
    Opening {
        url: String,
        config: Box<Config>,
        deadline: Instant,
    },
    /// Open; the session runs.
    Open,
}

/// Where the current attempt goes.
#[derive(Debug, Clone)]
struct Target {
    url: String,
    /// Reached through a redirect: never SASL PLAIN here.
    redirected: bool,
    /// Redirects followed in a row.
    hops: u8,
}

/// The login being kept alive; its secret is wiped when it goes.
struct Plan {
    request: LoginRequest,
    target: Target,
    backoff: Backoff,
    /// Whether this login has been online: only then does a failure lead to a retry.
    was_online: bool,
    /// Whether the current attempt got online (or resumed).
    attempt_online: bool,
    /// When the next attempt starts, while waiting.
    retry_at: Option<Instant>,
    /// What the dropped session left (to resume, or to resend), until a session is online.
    resumption: Option<Resumption>,
    /// The stream to resume was a previous page's: this page has no roster or presence yet.
    resuming_old_page: bool,
    /// A previous page's unacknowledged messages, shown as sent once online.
    restored_unacked: Vec<(String, Jid, String)>,
    /// The presence to announce (a reconnect announces what the user chose).
    show: Show,
    status: Option<String>,
}

impl Drop for Plan {
    fn drop(&mut self) {
        self.request.secret.zeroize();
    }
}

/// The connection's policy: see the module documentation.
pub struct Driver {
    rng: ChaCha20Rng,
    parse_url: ParseUrl,
    nfkc: Nfkc,
    now: Instant,
    plan: Option<Plan>,
    session: Option<Session>,
    link: Link,
    outbox: Outbox,
    /// The roster kept from an earlier page, shown if the server says it is current.
    cached_roster: Option<RosterQuery>,
    actions: VecDeque<Action>,
    /// A stanza went out or was acknowledged since the stream's state was last saved.
    stream_dirty: bool,
    /// After a logout nothing is written again until the next login (a `pagehide` while
    /// the server's `<close/>` is awaited must not bring the erased state back).
    logged_out: bool,
    /// The last wake-up asked for.
    wake: Option<Instant>,
}

impl Driver {
    /// A driver with nothing to do; `parse_url` is the browser's URL parser and `nfkc` its
    /// Unicode normalization (natively: `sasl::native_nfkc`).
    pub fn new(parse_url: ParseUrl, nfkc: Nfkc, now: Instant) -> Driver {
        Driver {
            rng: ChaCha20Rng::from_seed([0; 32]),
            parse_url,
            nfkc,
            now,
            plan: None,
            session: None,
            link: Link::Idle,
            outbox: Outbox::default(),
            cached_roster: None,
            actions: VecDeque::new(),
            stream_dirty: false,
            logged_out: false,
            wake: None,
        }
    }

    /// Logs in: `seed` (32 bytes from a secure source, fresh for every login) seeds stanza
    /// ids, SCRAM nonces and backoff jitter; `restored` is what a previous page left.
    pub fn log_in(
        &mut self,
        now: Instant,
        request: LoginRequest,
        restored: Restored,
        seed: [u8; 32],
    ) {
        self.now = now;
        self.rng = ChaCha20Rng::from_seed(seed);
        self.logged_out = false;
        self.drop_connection();
        self.outbox.begin(&request.jid, restored.outbox);
        self.cached_roster = restored
            .roster
            .filter(|r| request.remember && r.account == request.jid)
            .map(StoredRoster::into_query);
        let stream = restored.stream.filter(|s| s.jid().bare() == &request.jid);
        self.plan = Some(Plan {
            target: Target {
                url: request.websocket_url.clone(),
                redirected: false,
                hops: 0,
            },
            request,
            backoff: Backoff::default(),
            was_online: false,
            attempt_online: false,
            retry_at: None,
            resuming_old_page: stream.as_ref().is_some_and(Resumption::can_resume),
            restored_unacked: stream
                .as_ref()
                .map(Resumption::unacked_messages)
                .unwrap_or_default(),
            resumption: stream,
            show: Show::Online,
            status: None,
        });
        self.push_update(Update::Connecting);
        self.connect();
    }

    /// Logs out: unavailable presence and `<close/>` if a stream is open (the socket closes
    /// once the server answers, or after the session's own timeout), everything stored is
    /// erased, and nothing is written again until the next login.
    pub fn log_out(&mut self, now: Instant) {
        self.now = now;
        self.wake = None;
        let queued = self.outbox.drain();
        self.plan = None;
        self.logged_out = true;
        self.stream_dirty = false;
        self.cached_roster = None;
        self.outbox.clear();
        for message in queued {
            self.push_update(Update::QueuedFailed {
                to: message.to,
                local_id: message.local_id,
                reason: "Not sent: logged out.".into(),
            });
        }
        self.actions.push_back(Action::EraseStored);
        let open = matches!(self.link, Link::Open);
        match self.session.as_mut() {
            Some(session) if open && session.phase() != Phase::Closed => session.close(),
            _ => {
                self.drop_connection();
                self.push_update(Update::Event(crate::xmpp::Event::Disconnected {
                    error: None,
                }));
            }
        }
    }

    /// The socket opened and the server selected `protocol`.
    pub fn socket_opened(&mut self, now: Instant, protocol: &str) {
        self.now = now;
        let Link::Opening { url, config, .. } = std::mem::replace(&mut self.link, Link::Idle)
        else {
            return;
        };
        // RFC 7395 §3.1: the server must select "xmpp"; if it did not, this is no XMPP endpoint.
        if protocol != "xmpp" {
            self.abandon(TransportFailure::NoXmppSubprotocol { url });
            return;
        }
        self.link = Link::Open;
        self.session = Some(Session::new(*config, now));
    }

    /// A text frame arrived.
    pub fn handle_frame(&mut self, now: Instant, frame: &str) {
        self.now = now;
        if let Some(session) = self.session.as_mut() {
            // A fatal error also surfaces as Event::Disconnected, which `poll` handles.
            let _ = session.handle_frame(now, frame);
        }
    }

    /// The socket closed with `code` (or failed to open).
    pub fn socket_closed(&mut self, now: Instant, code: u16) {
        self.now = now;
        match std::mem::replace(&mut self.link, Link::Idle) {
            Link::Idle => {}
            Link::Opening { url, .. } => self.abandon(TransportFailure::Unreachable { url }),
            Link::Open => {
                if let Some(session) = self.session.as_mut() {
                    session.handle_transport_closed(now, code);
                }
            }
        }
    }

    /// The instant asked for in [`Action::WakeAt`] has come (early calls do no harm).
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        self.wake = None;
        let retry_due = self
            .plan
            .as_ref()
            .and_then(|p| p.retry_at)
            .is_some_and(|at| now >= at);
        if retry_due {
            self.retry();
        }
        let opening_too_long =
            matches!(&self.link, Link::Opening { deadline, .. } if now >= *deadline);
        if let (true, Link::Opening { url, .. }) = (opening_too_long, &self.link) {
            let url = url.clone();
            self.abandon(TransportFailure::Unreachable { url });
        }
        if let Some(session) = self.session.as_mut() {
            session.handle_timeout(now);
        }
    }

    /// The browser is back online, or the user pressed "Retry now": a waiting retry starts
    /// at once.
    pub fn retry_now(&mut self, now: Instant) {
        self.now = now;
        if self.is_waiting() {
            self.retry();
        }
    }

    /// Whether a retry is waiting for its time.
    pub fn is_waiting(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| p.retry_at.is_some())
    }

    /// What to keep as the page goes away (`pagehide`): the stream's state, unless logged
    /// out.
    pub fn stream_state(&self) -> Option<Resumption> {
        if self.logged_out {
            return None;
        }
        self.session
            .as_ref()
            .and_then(Session::resumption)
            .or_else(|| self.plan.as_ref()?.resumption.clone())
    }

    /// Whether this login keeps local copies (conversations, roster) for the next page:
    /// "keep me logged in", and not logged out.
    pub fn keeps_local_copies(&self) -> bool {
        !self.logged_out && self.plan.as_ref().is_some_and(|p| p.request.remember)
    }

    /// The account being kept alive.
    pub fn account(&self) -> Option<&BareJid> {
        self.plan.as_ref().map(|p| &p.request.jid)
    }

    /// Whether the password itself is still held to reconnect: only until a SCRAM login has
    /// derived its keys (after PLAIN it must stay, or no reconnect could log in).
    pub fn holds_password(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|p| matches!(p.request.secret, Secret::Password(_)))
    }

    /// The next thing to do; call until it returns `None`.
    pub fn poll(&mut self) -> Option<Action> {
        loop {
            if let Some(action) = self.actions.pop_front() {
                return Some(action);
            }
            let Some(session) = self.session.as_mut() else {
                break;
            };
            match session.poll_output() {
                Output::Transmit(frame) => {
                    self.stream_dirty |= ["<message", "<presence", "<iq"]
                        .iter()
                        .any(|stanza| frame.starts_with(stanza));
                    if matches!(self.link, Link::Open) {
                        return Some(Action::Send(frame));
                    }
                }
                Output::Event(event) => {
                    if matches!(
                        event,
                        crate::xmpp::Event::MessageAcked { .. }
                            | crate::xmpp::Event::RoomJoined { .. }
                            | crate::xmpp::Event::RoomLeft { .. }
                    ) {
                        self.stream_dirty = true;
                    }
                    self.on_event(event);
                }
                Output::Timeout(_) => break,
            }
        }
        self.end_of_pump();
        self.actions.pop_front()
    }

    /// After the outputs are drained: save the stream's state if it changed, and ask to be
    /// woken for the next deadline.
    fn end_of_pump(&mut self) {
        if self.stream_dirty && !self.logged_out {
            self.stream_dirty = false;
            if let Some(state) = self.stream_state() {
                self.actions.push_back(Action::SaveStream(state));
            }
        }
        let session_deadline = self.session.as_mut().and_then(|s| match s.poll_output() {
            Output::Timeout(at) if s.phase() != Phase::Closed => Some(at),
            _ => None,
        });
        let retry = self.plan.as_ref().and_then(|p| p.retry_at);
        let opening = match &self.link {
            Link::Opening { deadline, .. } => Some(*deadline),
            _ => None,
        };
        let wake = [session_deadline, retry, opening]
            .into_iter()
            .flatten()
            .min();
        if wake.is_some() && wake != self.wake {
            self.wake = wake;
            if let Some(at) = wake {
                self.actions.push_back(Action::WakeAt(at));
            }
        }
    }

    /// Opens a socket for the plan's target, with a fresh session.
    fn connect(&mut self) {
        let Some(plan) = self.plan.as_mut() else {
            return;
        };
        plan.retry_at = None;
        plan.attempt_online = false;
        let endpoint = match endpoint::check(&plan.target.url, self.parse_url) {
            Ok(endpoint) => endpoint,
            Err(reason) => {
                self.plan = None;
                self.push_update(Update::TransportFailed(TransportFailure::BadUrl(reason)));
                return;
            }
        };
        let mut seed = [0u8; 32];
        self.rng.fill_bytes(&mut seed);
        let config = Config {
            // PLAIN only where nobody can read it, and never after a redirect: the new host's
            // certificate proves it is that host, not our XMPP domain.
            secure_transport: endpoint.private && !plan.target.redirected,
            initial_show: plan.show,
            initial_status: plan.status.clone(),
            cached_roster: self.cached_roster.clone(),
            register: plan.request.register,
            resume: plan.resumption.clone(),
            ..Config::new(
                plan.request.jid.clone(),
                plan.request.secret.clone(),
                seed,
                self.nfkc,
            )
        };
        self.drop_connection();
        self.link = Link::Opening {
            url: endpoint.url.clone(),
            config: Box::new(config),
            deadline: self.now + CONNECT_TIMEOUT,
        };
        self.actions.push_back(Action::Open { url: endpoint.url });
    }

    /// A new attempt for the waiting plan.
    fn retry(&mut self) {
        if let Some(plan) = self.plan.as_mut() {
            plan.retry_at = None;
            plan.target = Target {
                url: plan.request.websocket_url.clone(),
                redirected: false,
                hops: plan.target.hops,
            };
        }
        self.connect();
    }

    /// The transport failed before the protocol began: retry if this login was online,
    /// otherwise tell the login form why.
    fn abandon(&mut self, failure: TransportFailure) {
        self.link = Link::Idle;
        self.actions.push_back(Action::Close);
        if !self.schedule_retry(failure.to_string()) {
            self.plan = None;
            self.session = None;
            self.push_update(Update::TransportFailed(failure));
        }
    }

    /// Schedules a retry after a capped, jittered backoff if this login was online; returns
    /// false when the failure is final.
    fn schedule_retry(&mut self, reason: String) -> bool {
        let jitter = f64::from(self.rng.next_u32()) / (f64::from(u32::MAX) + 1.0);
        let Some(plan) = self.plan.as_mut().filter(|p| p.was_online) else {
            return false;
        };
        let delay: Duration = plan.backoff.next_delay(jitter);
        plan.retry_at = Some(self.now + delay);
        self.push_update(Update::Reconnecting { delay, reason });
        true
    }

    /// Forgets the socket and session without protocol niceties (a new attempt replaces them).
    fn drop_connection(&mut self) {
        if !matches!(self.link, Link::Idle) {
            self.actions.push_back(Action::Close);
        }
        self.link = Link::Idle;
        self.session = None;
    }

    fn push_update(&mut self, update: Update) {
        self.actions.push_back(Action::Update(update));
    }

    /// A fresh id for a message queued offline (unique across reloads: restored messages keep
    /// theirs).
    fn local_id(&mut self) -> String {
        format!("pending-{:016x}", self.rng.next_u64())
    }
}
