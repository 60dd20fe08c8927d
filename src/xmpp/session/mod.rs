//! The sans-IO XMPP client session (after str0m and quinn-proto).
//!
//! Fed one WebSocket frame at a time and the current time, it negotiates the stream (RFC 7395
//! framing, SASL, resource binding), keeps the roster request/push rules of RFC 6121, and hands
//! back frames to send and typed events through one `poll_output` loop. It never touches the
//! network, a clock or a global random source: the driver does, which keeps it testable with
//! literal XML and fake time.
//!
//! This file holds the struct, its getters and the entry points; each job lives in a module of
//! its own: `framing` (the stream and its errors), `negotiation` (registration, SASL, binding),
//! `stream_management` (XEP-0198), `iq_router` (requests we answer, answers we wait for),
//! `disco` and `caps` (XEP-0030, XEP-0115), `keepalive` (XEP-0199), `presence`, `roster`,
//! `messages` (and carbons), `chat` (what we send into conversations), `archive` (XEP-0313),
//! `avatars` (XEP-0084, XEP-0153), `muc` (the group chat rooms we are in, XEP-0045), `muc_invite`
//! (invitations, XEP-0249 and XEP-0045 §7.8), `muc_affiliations` (members, admins, owners, bans)
//! and `bookmarks` (the rooms our account keeps, XEP-0402).

mod archive;
mod avatars;
mod bookmarks;
mod bookmarks_private;
mod caps;
mod chat;
mod disco;
mod framing;
mod iq_router;
mod keepalive;
mod messages;
mod muc;
mod muc_admin;
mod muc_affiliations;
mod muc_carry;
mod muc_invite;
mod muc_moderation;
mod negotiation;
mod presence;
mod room_archive;
mod room_chat;
mod room_config;
mod room_directory;
mod room_edits;
mod room_ping;
mod room_private;
mod roster;
mod services;
mod state;
mod stream_management;
#[cfg(test)]
mod tests;

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use base64::Engine;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use web_time::Instant;
use zeroize::Zeroizing;

use self::archive::ArchiveState;
use self::caps::CapsMemory;
use self::iq_router::{IqTracker, PendingIq};
use self::state::State;
use crate::xmpp::avatars::AvatarTracker;
use crate::xmpp::error::{ApiMisuse, Error};
use crate::xmpp::event::{Event, Output, Phase};
use crate::xmpp::jid::{BareJid, FullJid};
use crate::xmpp::ns;
use crate::xmpp::sasl::{Nfkc, ScramCredentials, Secret};
use crate::xmpp::sm::{Resumption, StreamManagement, Unacked};
use crate::xmpp::stanza::avatar::PhotoHash;
use crate::xmpp::stanza::{Iq, RosterQuery, Show};
use crate::xmpp::xml::Element;

pub use self::bookmarks::MAX_BOOKMARKS;
pub use self::caps::{MAX_CACHED_CAPS, MAX_CAPS_QUERIES};
pub use self::disco::CAPS_NODE;
pub use self::iq_router::{IQ_TIMEOUT, MAX_PENDING_IQS};
pub use self::keepalive::{PING_AFTER_IDLE, PING_TIMEOUT};
pub use self::muc::MAX_ROOMS;
pub use self::muc_affiliations::MAX_AFFILIATION_LIST;
pub use self::muc_invite::{MAX_INVITATION_TEXT, MEMBERS_ONLY_FEATURE};
pub use self::room_archive::{MAX_ROOM_ARCHIVE_PAGES, ROOM_ARCHIVE_PAGE, ROOM_LATEST_PAGE};
pub use self::room_directory::{MAX_PUBLIC_ROOMS, PUBLIC_ROOMS_PAGE};
pub use self::room_edits::RoomText;
pub use self::room_ping::{SeatCheck, ROOM_SILENCE};
pub use self::stream_management::{ACK_REQUEST_EVERY, MAX_UNACKED};

/// How long the server has to take us from `<open/>` to a bound resource.
pub const NEGOTIATION_TIMEOUT: Duration = Duration::from_secs(30);
/// How long we wait for the server's `<close/>` after sending ours.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// The deadline reported when nothing is pending: the driver may sleep this long.
const IDLE: Duration = Duration::from_secs(3600);

/// What a session needs to log in.
#[derive(Clone)]
pub struct Config {
    /// The account.
    pub jid: BareJid,
    /// The password, or SCRAM keys remembered from an earlier login. The session keeps it
    /// only until SASL no longer needs it, then wipes it (not just frees it).
    pub secret: Secret,
    /// The resource to ask for; the server may assign another.
    pub resource: Option<String>,
    /// True on `wss://` or loopback: only then is SASL PLAIN allowed.
    pub secure_transport: bool,
    /// Seed for stanza ids and SCRAM nonces; the browser driver takes it from `crypto.getRandomValues`.
    pub seed: [u8; 32],
    /// Unicode NFKC for SASLprep: the browser's, or `sasl::native_nfkc`.
    pub nfkc: Nfkc,
    /// The presence announced once online.
    pub initial_show: Show,
    /// The status message announced once online.
    pub initial_status: Option<String>,
    /// The roster the caller kept from an earlier session, with its version (RFC 6121 §2.6),
    /// if any: its version is sent, and when the server answers that it is current, the
    /// session works from these items (who sees our presence, whose avatars to fetch).
    pub cached_roster: Option<RosterQuery>,
    /// XEP-0077: create the account (with `jid`'s local part and the password) before logging
    /// in, where the server offers in-band registration.
    pub register: bool,
    /// XEP-0092: the Palaver version to tell whoever asks. `None` (the default) answers
    /// `service-unavailable`: a version number mostly helps attackers pick an exploit.
    pub software_version: Option<String>,
    /// What the previous, dropped session left ([`Session::resumption`]): the stream is resumed
    /// if the server still holds it (XEP-0198 §5), otherwise its unacknowledged messages are
    /// sent again in the fresh session.
    pub resume: Option<Resumption>,
}

impl Config {
    /// A login as `jid` with `secret`, with the defaults a plain login wants: PLAIN refused
    /// (set `secure_transport` where the transport allows it), a server-assigned resource,
    /// plainly online, no cached roster, no registration, no version told, no stream to
    /// resume. Override the rest with struct update syntax:
    /// `Config { secure_transport: true, ..Config::new(jid, secret, seed, nfkc) }`.
    ///
    /// `seed` must come from a secure random source: stanza ids and SCRAM nonces derive from
    /// it. `nfkc` is the browser's normalization, or `sasl::native_nfkc`.
    pub fn new(jid: BareJid, secret: Secret, seed: [u8; 32], nfkc: Nfkc) -> Config {
        Config {
            jid,
            secret,
            resource: None,
            secure_transport: false,
            seed,
            nfkc,
            initial_show: Show::Online,
            initial_status: None,
            cached_roster: None,
            register: false,
            software_version: None,
            resume: None,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("jid", &self.jid)
            .field("resource", &self.resource)
            .field("secure_transport", &self.secure_transport)
            .finish_non_exhaustive()
    }
}

/// What the session keeps of its [`Config`]: not the secret (held apart, wiped after SASL),
/// the seed (in the generator) or the previous stream (taken over at once).
struct Settings {
    jid: BareJid,
    nfkc: Nfkc,
    resource: Option<String>,
    secure_transport: bool,
    initial_show: Show,
    initial_status: Option<String>,
    cached_roster: Option<RosterQuery>,
    register: bool,
    software_version: Option<String>,
}

/// One XMPP client session over one WebSocket.
pub struct Session {
    config: Settings,
    /// Wiped as soon as SASL no longer needs it.
    secret: Option<Zeroizing<Secret>>,
    /// The SCRAM keys of this login, once the server has proved it knows them: what "remember
    /// me" stores instead of the password.
    credentials: Option<ScramCredentials>,
    state: State,
    rng: ChaCha20Rng,
    outputs: VecDeque<Output>,
    /// Our requests waiting for an answer.
    iqs: IqTracker,
    now: Instant,
    negotiation_deadline: Option<Instant>,
    close_deadline: Option<Instant>,
    /// The server's stream id, for logs.
    stream_id: Option<String>,
    /// When the server last sent us anything: idle connections get pinged.
    last_received: Instant,
    /// The deadline of our outstanding ping, if one is out.
    ping_deadline: Option<Instant>,
    /// Whether the server announced roster versioning in its stream features.
    roster_versioning: bool,
    /// Ids of messages we sent recently, with their recipient: a receipt must come from them.
    sent_messages: VecDeque<(String, BareJid)>,
    /// Archive queries in flight and how far we know our archive.
    archive: ArchiveState,
    /// Contacts allowed to see our presence (subscription from/both): only they get receipts,
    /// which would otherwise tell strangers we are online (XEP-0184 §8).
    presence_allowed: HashSet<BareJid>,
    /// Everyone in the roster: whose avatars we fetch.
    roster_jids: HashSet<BareJid>,
    /// Which avatar each contact shows, and which are on their way.
    avatars: AvatarTracker,
    /// Whether our server keeps the vCard photo in step with the XEP-0084 avatar
    /// (`urn:xmpp:pep-vcard-conversion:0` on our account); if not, we write the vCard ourselves
    /// (XEP-0153) and put its hash in our presence.
    vcard_bridged: bool,
    /// Our own avatar's hash, as XEP-0153 presence carries it.
    own_photo: PhotoHash,
    /// We "appear offline" (unavailable while connected): no presence goes out on its own.
    appear_offline: bool,
    /// Our `<close/>` went out: nothing may follow it (RFC 6120 §4.4). Not the same as the
    /// `Closing` state, which negotiation steps also pass through while they decide.
    close_sent: bool,
    /// Whether the post-authentication features offered XEP-0198 stream management.
    sm_offered: bool,
    /// Whether the server asked for the legacy session request after binding.
    session_required: bool,
    /// XEP-0198 counters and unacknowledged stanzas, from the moment we send `<enable/>`.
    sm: Option<StreamManagement>,
    /// The previous stream's state until this session has taken it over: resumed it, or sent
    /// its unacknowledged messages again in a fresh stream.
    carried: Option<Resumption>,
    /// The JID this session was bound to, kept after it ends for [`Session::resumption`].
    last_jid: Option<FullJid>,
    /// XEP-0115: what each capabilities hash means, and which are being asked about.
    caps: CapsMemory,
    /// Set by [`Session::refresh_after_reload`]: probe the roster's contacts once it arrives.
    probe_after_roster: bool,
    /// Our configured resource was taken (RFC 6120 §7.7.2.2): bind a server-assigned one.
    bind_without_resource: bool,
    /// The rooms we are joining or in (XEP-0045). A fresh session after a drop starts with none:
    /// rejoining is the driver's to decide.
    rooms: muc::Rooms,
    /// Rooms whose bookmark this session removed, until our server's notification of it comes
    /// back: that one is ours, not another device's asking us to leave.
    own_retractions: std::collections::HashSet<BareJid>,
    /// Our server gives no PEP bookmarks: they are kept in private XML storage (XEP-0048).
    bookmarks_in_private: bool,
}

impl Session {
    /// Starts a session: queues the `<open/>` for the account's domain.
    pub fn new(config: Config, now: Instant) -> Session {
        let Config {
            jid,
            nfkc,
            secret,
            resource,
            secure_transport,
            seed,
            initial_show,
            initial_status,
            cached_roster,
            register,
            software_version,
            resume: carried,
        } = config;
        let rng = ChaCha20Rng::from_seed(seed);
        let anchor = carried.as_ref().and_then(|c| c.anchor.clone());
        let mut session = Session {
            config: Settings {
                jid,
                nfkc,
                resource,
                secure_transport,
                initial_show,
                initial_status,
                cached_roster,
                register,
                software_version,
            },
            secret: Some(Zeroizing::new(secret)),
            credentials: None,
            state: State::AwaitingFeatures {
                authenticated: false,
            },
            rng,
            outputs: VecDeque::new(),
            iqs: IqTracker::default(),
            now,
            negotiation_deadline: Some(now + NEGOTIATION_TIMEOUT),
            close_deadline: None,
            stream_id: None,
            last_received: now,
            ping_deadline: None,
            roster_versioning: false,
            sent_messages: VecDeque::new(),
            archive: ArchiveState::starting_from(anchor),
            presence_allowed: HashSet::new(),
            roster_jids: HashSet::new(),
            avatars: AvatarTracker::default(),
            // Until our account says otherwise: do not write a vCard the server may manage.
            vcard_bridged: true,
            own_photo: PhotoHash::Unknown,
            appear_offline: false,
            close_sent: false,
            sm_offered: false,
            session_required: false,
            sm: None,
            carried,
            last_jid: None,
            caps: CapsMemory::default(),
            probe_after_roster: false,
            bind_without_resource: false,
            rooms: muc::Rooms::new(),
            own_retractions: std::collections::HashSet::new(),
            bookmarks_in_private: false,
        };
        session.send_open();
        session
    }

    /// The negotiation phase.
    pub fn phase(&self) -> Phase {
        self.state.phase()
    }

    /// The full JID the server bound, once online.
    pub fn bound_jid(&self) -> Option<&FullJid> {
        match &self.state {
            State::Online { jid } => Some(jid),
            _ => None,
        }
    }

    /// The server's stream id, once the stream is open.
    pub fn stream_id(&self) -> Option<&str> {
        self.stream_id.as_deref()
    }

    /// The SCRAM keys this login proved (after SASL success with SCRAM): what "remember me"
    /// stores so the next page logs in without the password. `None` after PLAIN.
    pub fn credentials(&self) -> Option<&ScramCredentials> {
        self.credentials.as_ref()
    }

    /// What the next session needs after this one dropped (pass it in [`Config::resume`]): the
    /// XEP-0198 state to resume the stream, and the messages the server never acknowledged.
    /// `None` when stream management was never enabled and there is nothing to carry over
    /// (no archive position, no room).
    pub fn resumption(&self) -> Option<Resumption> {
        let anchor = self.archive.anchor.clone();
        let mut resumption = match (&self.carried, &self.sm, &self.last_jid, &anchor) {
            (Some(carried), ..) => carried.clone(),
            (None, Some(sm), Some(jid), _) => sm.resumption(jid.clone()),
            // No stream management: still where the archive stood, and the rooms.
            (None, None, Some(jid), anchor) if anchor.is_some() || !self.rooms.is_empty() => {
                Resumption::without_stream(jid.clone(), anchor.clone())
            }
            _ => return None,
        };
        resumption.anchor = anchor;
        // A session that never got past resuming holds the carried rooms, not its own map.
        if self.carried.is_none() {
            resumption.rooms = self.carried_rooms();
        }
        Some(resumption)
    }

    /// Feeds one WebSocket text frame.
    pub fn handle_frame(&mut self, now: Instant, frame: &str) -> Result<(), Error> {
        self.now = now;
        if let State::Closed(Some(error)) = &self.state {
            return Err(error.clone());
        }
        if matches!(self.state, State::Closed(None)) || frame.trim().is_empty() {
            return Ok(());
        }
        // Anything from the server proves the connection alive.
        self.last_received = now;
        self.ping_deadline = None;
        let result = Element::parse(frame)
            .map_err(Error::from)
            .and_then(|e| self.handle_element(e));
        if let Err(error) = result {
            self.fail(error.clone());
            return Err(error);
        }
        Ok(())
    }

    /// Tells the session the time has come; early or repeated calls do nothing.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        if self.close_deadline.is_some_and(|d| now >= d) {
            self.close_deadline = None;
            self.finish(None);
        } else if self.negotiation_deadline.is_some_and(|d| now >= d) {
            self.negotiation_deadline = None;
            self.fail(Error::NegotiationTimeout);
        } else if self.ping_deadline.is_some_and(|d| now >= d) {
            self.ping_deadline = None;
            self.fail(Error::PingTimeout);
        } else if self.ping_due().is_some_and(|d| now >= d) {
            self.send_ping();
        }
        if self.room_ping_due().is_some_and(|d| now >= d) {
            self.ping_silent_rooms(now);
        }
        if !matches!(self.state, State::Closed(_)) {
            self.expire_requests(now);
        }
    }

    /// Tells the session the WebSocket closed (with its close code).
    pub fn handle_transport_closed(&mut self, now: Instant, code: u16) {
        self.now = now;
        match self.state {
            State::Closed(_) => {}
            State::Closing => self.finish(None),
            _ => self.fail(Error::TransportClosed { code }),
        }
    }

    /// After resuming a stream on a page that lost its state (a reload): asks for the roster
    /// again and, once it is here, for the presence of everyone we may see (RFC 6121 §4.3
    /// probes), since a resumed stream repeats neither.
    pub fn refresh_after_reload(&mut self) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        self.probe_after_roster = true;
        let query = Element::from(&RosterQuery::default());
        self.send_request(|id| Iq::get(id, None, query), PendingIq::Roster);
        self.refresh_rooms()
    }

    /// Ends the session cleanly: unavailable presence, then `<close/>` (RFC 7395 §3.6).
    pub fn close(&mut self) {
        match self.state {
            State::Closed(_) | State::Closing => return,
            State::Online { .. } => {
                self.ack_before_closing();
                self.send_unavailable(None);
            }
            _ => {}
        }
        self.send_close();
        self.state = State::Closing;
        self.negotiation_deadline = None;
        // A keep-alive ping still out no longer matters: the close timeout bounds the wait, and a
        // logout must end clean, not as a ping timeout.
        self.ping_deadline = None;
        self.close_deadline = Some(self.now + CLOSE_TIMEOUT);
    }

    /// The next output; call until it returns `Output::Timeout`.
    #[must_use]
    pub fn poll_output(&mut self) -> Output {
        if let Some(output) = self.outputs.pop_front() {
            return output;
        }
        let deadline = [
            self.close_deadline,
            self.negotiation_deadline,
            self.ping_deadline,
            self.ping_due(),
            self.room_ping_due(),
            self.iqs.next_deadline(),
        ]
        .into_iter()
        .flatten()
        .min();
        Output::Timeout(deadline.unwrap_or(self.now + IDLE))
    }

    // ---- shared by the modules ----------------------------------------------------------------

    fn ensure_online(&self) -> Result<(), ApiMisuse> {
        if self.state.is_online() {
            Ok(())
        } else {
            Err(ApiMisuse::NotOnline)
        }
    }

    fn drop_malformed(&mut self, kind: &str, err: &dyn std::fmt::Display) {
        self.emit(Event::Dropped {
            reason: format!("malformed {kind}: {err}"),
        });
    }

    fn transmit(&mut self, element: &Element) {
        let frame = element.to_string();
        if !is_stanza(element) {
            self.outputs.push_back(Output::Transmit(frame));
            return;
        }
        // Messages with a body, and reactions (which ask to be stored), are worth sending again
        // in a fresh session; chat states and markers are not.
        let message_id = (element.name() == "message"
            && (element.get_child("body", ns::CLIENT).is_some()
                || element.get_child("store", ns::HINTS).is_some()))
        .then(|| element.get_attr("id").map(str::to_owned))
        .flatten();
        self.transmit_frame(Unacked { frame, message_id });
    }

    /// Sends a stanza and, with stream management on, keeps it until the server acks it.
    fn transmit_frame(&mut self, stanza: Unacked) {
        self.outputs
            .push_back(Output::Transmit(stanza.frame.clone()));
        let Some(sm) = &mut self.sm else {
            return;
        };
        sm.track_sent(stanza);
        let count = sm.unacked_count();
        if count >= stream_management::MAX_UNACKED {
            self.fail(Error::TooManyUnacked { count });
        } else {
            self.request_ack();
        }
    }

    fn emit(&mut self, event: Event) {
        self.outputs.push_back(Output::Event(event));
    }

    fn fail(&mut self, error: Error) {
        if matches!(self.state, State::Closed(_)) {
            return;
        }
        // Say goodbye properly (RFC 7395 §3.6) unless the stream is already gone, the server
        // ended it itself (a stream error or its own <close/>, which we answered), or we already
        // sent our <close/> and may send nothing more (RFC 6120 §4.4).
        if !matches!(
            error,
            Error::TransportClosed { .. }
                | Error::StreamError { .. }
                | Error::SeeOther(_)
                | Error::ClosedByServer
        ) && !self.close_sent
        {
            if let Error::Xml(xml) = &error {
                // RFC 6120 §4.9: say what was wrong before closing (bad XML from the server).
                self.send_stream_error(xml.stream_condition(), None);
            }
            self.send_close();
        }
        self.finish(Some(error));
    }

    fn finish(&mut self, error: Option<Error>) {
        self.secret = None;
        self.negotiation_deadline = None;
        self.close_deadline = None;
        self.ping_deadline = None;
        self.iqs.clear();
        self.archive.results.clear();
        self.state = State::Closed(error.clone());
        self.emit(Event::Disconnected { error });
    }

    /// A stanza id: 12 characters of base64url from the seeded generator.
    fn next_id(&mut self) -> String {
        self.random_token(9)
    }

    fn random_token(&mut self, bytes: usize) -> String {
        let mut buf = vec![0u8; bytes];
        self.rng.fill_bytes(&mut buf);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
    }
}

/// True for the three stanza kinds that XEP-0198 counts (RFC 6120 §8).
fn is_stanza(e: &Element) -> bool {
    e.ns() == ns::CLIENT && matches!(e.name(), "message" | "presence" | "iq")
}

fn unexpected(e: &Element, during: &'static str) -> Error {
    Error::Unexpected {
        element: e.name().to_owned(),
        during,
    }
}
