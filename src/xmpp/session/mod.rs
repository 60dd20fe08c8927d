//! The sans-IO XMPP client session (after str0m and quinn-proto).
//!
//! Fed one WebSocket frame at a time and the current time, it negotiates the stream (RFC 7395
//! framing, SASL, resource binding), keeps the roster request/push rules of RFC 6121, and hands
//! back frames to send and typed events through one `poll_output` loop. It never touches the
//! network, a clock or a global random source: the driver does, which keeps it testable with
//! literal XML and fake time.

mod archive;
mod avatars;
mod chat;
mod messages;
mod negotiation;
mod roster;

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use web_time::Instant;

use crate::xmpp::avatars::AvatarTracker;
use crate::xmpp::condition::{SaslCondition, StreamCondition};
use crate::xmpp::content::Content;
use crate::xmpp::error::{ApiMisuse, Error, Redirect};
use crate::xmpp::event::{Event, IncomingMessage, Output, Phase, PresenceUpdate};
use crate::xmpp::jid::{BareJid, FullJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::sasl::{plain_initial_response, Mechanism, ScramClient, ScramCredentials, Secret};
use crate::xmpp::sm::{Resumption, StreamManagement, Unacked};
use crate::xmpp::stanza::avatar::PhotoHash;
use crate::xmpp::stanza::carbons::{self, Direction};
use crate::xmpp::stanza::disco::{DiscoInfo, Identity};
use crate::xmpp::stanza::mam::{self, ArchiveAnchor, ArchiveQuery, ArchivedMessage, Fin, Page};
use crate::xmpp::stanza::receipts::Receipt;
use crate::xmpp::stanza::{
    Iq, IqPayload, Message, MessageType, Presence, PresenceType, RosterItem, RosterQuery, Show,
    StanzaError, Subscription,
};
use crate::xmpp::xml::Element;

/// How long the server has to take us from `<open/>` to a bound resource.
pub const NEGOTIATION_TIMEOUT: Duration = Duration::from_secs(30);
/// How long we wait for the server's `<close/>` after sending ours.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// The deadline reported when nothing is pending: the driver may sleep this long.
const IDLE: Duration = Duration::from_secs(3600);
/// XEP-0199 §4.2: after this long without a frame from the server, we ping it.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(60);
/// How long the server has to answer a ping before we declare the connection dead.
pub const PING_TIMEOUT: Duration = Duration::from_secs(20);
/// How many of our recent message ids we remember to match receipts against.
const RECEIPT_MEMORY: usize = 1000;
/// How many archived messages one catch-up page asks for.
const CATCH_UP_PAGE: u32 = 100;
/// XEP-0115: the node that names Palaver in entity capabilities.
pub const CAPS_NODE: &str = "urn:palaver:client";

/// What a session needs to log in.
#[derive(Clone)]
pub struct Config {
    /// The account.
    pub jid: BareJid,
    /// The password, or SCRAM keys remembered from an earlier login; kept only until SASL
    /// finishes.
    pub secret: Secret,
    /// The resource to ask for; the server may assign another.
    pub resource: Option<String>,
    /// True on `wss://` or loopback: only then is SASL PLAIN allowed.
    pub secure_transport: bool,
    /// Seed for stanza ids and SCRAM nonces; the browser driver takes it from `crypto.getRandomValues`.
    pub seed: [u8; 32],
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

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("jid", &self.jid)
            .field("resource", &self.resource)
            .field("secure_transport", &self.secure_transport)
            .finish_non_exhaustive()
    }
}

/// Where the negotiation stands; data each step needs lives in its variant.
enum State {
    /// Waiting for `<open/>` and `<stream:features/>`; `authenticated` after the SASL restart.
    AwaitingFeatures { authenticated: bool },
    /// Sent the XEP-0077 registration with this id; SASL follows on these stream features.
    Registering { iq_id: String, features: Element },
    /// Sent `<auth/>`.
    Sasl(SaslState),
    /// Sent the bind request with this id.
    Binding {
        iq_id: String,
        session_required: bool,
    },
    /// Sent the legacy session request with this id.
    EstablishingSession { iq_id: String, jid: FullJid },
    /// Sent `<resume/>` (XEP-0198 §5) instead of binding; the previous stream is in `carried`.
    Resuming,
    /// Bound and usable.
    Online { jid: FullJid },
    /// Sent `<close/>` and wait for the server's.
    Closing,
    /// Over, with the reason (None: clean logout).
    Closed(Option<Error>),
}

enum SaslState {
    Scram(Box<ScramClient>),
    Plain,
}

/// What an outstanding IQ we sent was for, so its answer finds its way back.
enum PendingIq {
    Roster,
    Carbons,
    Archive {
        query_id: String,
        with: BareJid,
    },
    /// The newest archive id at login: where a later catch-up starts.
    ArchiveAnchor {
        query_id: String,
    },
    /// One page of the catch-up after a fresh reconnect.
    CatchUp {
        query_id: String,
    },
    RosterSet(BareJid),
    Ping,
    /// Our disco#info query to the server (XEP-0030 §3).
    ServerInfo,
    /// Our disco#items query to the server (XEP-0030 §4).
    ServerItems,
    /// Our disco#info query to our own account (XEP-0030 §3): does it bridge avatars?
    AccountInfo,
    /// A disco#info query for a capabilities hash (XEP-0115 §6.2): the answer must come from
    /// `from` and hash to `ver`.
    Caps {
        ver: String,
        from: Jid,
    },
    /// An avatar fetch or publication (XEP-0084, XEP-0153).
    Avatar(avatars::AvatarIq),
}

/// One XMPP client session over one WebSocket.
pub struct Session {
    config: Config,
    /// Cleared as soon as SASL no longer needs it.
    secret: Option<Secret>,
    /// The SCRAM keys of this login, once the server has proved it knows them: what "remember
    /// me" stores instead of the password.
    credentials: Option<ScramCredentials>,
    state: State,
    rng: ChaCha20Rng,
    outputs: VecDeque<Output>,
    pending_iqs: HashMap<String, PendingIq>,
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
    /// Archive results collected per query id until the query's `<fin/>` arrives.
    archive_results: HashMap<String, Vec<ArchivedMessage>>,
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
    /// How far we know our archive (from the previous session, the login query, live
    /// messages' stanza-ids and the catch-up).
    anchor: Option<ArchiveAnchor>,
    /// True while catch-up pages are coming: live messages then must not move the anchor past
    /// what the catch-up has not fetched yet.
    catching_up: bool,
    /// XEP-0115 §6.3: features by verification string, learnt once per hash and shared by
    /// everyone announcing it.
    caps_cache: HashMap<String, Vec<String>>,
    /// Hashes being asked about, so a crowd announcing one hash costs one query.
    caps_asked: HashSet<String>,
    /// Set by [`Session::refresh_after_reload`]: probe the roster's contacts once it arrives.
    probe_after_roster: bool,
    /// Our configured resource was taken (RFC 6120 §7.7.2.2): bind a server-assigned one.
    bind_without_resource: bool,
}

impl Session {
    /// Starts a session: queues the `<open/>` for the account's domain.
    pub fn new(config: Config, now: Instant) -> Session {
        let rng = ChaCha20Rng::from_seed(config.seed);
        let secret = Some(config.secret.clone());
        let carried = config.resume.clone();
        let anchor = carried.as_ref().and_then(|c| c.anchor.clone());
        let mut session = Session {
            config,
            secret,
            credentials: None,
            state: State::AwaitingFeatures {
                authenticated: false,
            },
            rng,
            outputs: VecDeque::new(),
            pending_iqs: HashMap::new(),
            now,
            negotiation_deadline: Some(now + NEGOTIATION_TIMEOUT),
            close_deadline: None,
            stream_id: None,
            last_received: now,
            ping_deadline: None,
            roster_versioning: false,
            sent_messages: VecDeque::new(),
            archive_results: HashMap::new(),
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
            anchor,
            catching_up: false,
            probe_after_roster: false,
            bind_without_resource: false,
            caps_cache: HashMap::new(),
            caps_asked: HashSet::new(),
        };
        session.send_open();
        session
    }

    /// The negotiation phase.
    pub fn phase(&self) -> Phase {
        match &self.state {
            State::AwaitingFeatures {
                authenticated: false,
            } => Phase::Connecting,
            State::AwaitingFeatures {
                authenticated: true,
            } => Phase::Binding,
            State::Sasl(_) | State::Registering { .. } => Phase::Authenticating,
            State::Binding { .. } | State::EstablishingSession { .. } | State::Resuming => {
                Phase::Binding
            }
            State::Online { .. } => Phase::Online,
            State::Closing => Phase::Closing,
            State::Closed(_) => Phase::Closed,
        }
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
    /// `None` when stream management was never enabled and nothing was carried over.
    pub fn resumption(&self) -> Option<Resumption> {
        let mut resumption = match (&self.carried, &self.sm, &self.last_jid, &self.anchor) {
            (Some(carried), ..) => carried.clone(),
            (None, Some(sm), Some(jid), _) => sm.resumption(jid.clone()),
            (None, None, Some(jid), Some(anchor)) => {
                Resumption::archive_only(jid.clone(), anchor.clone())
            }
            _ => return None,
        };
        resumption.anchor = self.anchor.clone();
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
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        let id = self.next_id();
        self.pending_iqs.insert(id.clone(), PendingIq::Roster);
        self.probe_after_roster = true;
        let query = Element::from(&RosterQuery {
            ver: None,
            items: Vec::new(),
        });
        self.transmit(&Element::from(&Iq::get(id, None, query)));
        Ok(())
    }

    /// Broadcasts our availability: `show` and an optional status message.
    pub fn set_presence(&mut self, show: Show, status: Option<&str>) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        self.config.initial_show = show;
        self.config.initial_status = status.map(str::to_owned);
        self.appear_offline = false;
        self.send_own_presence();
        Ok(())
    }

    /// Broadcasts unavailable presence while staying connected ("appear offline").
    pub fn set_unavailable(&mut self, status: Option<&str>) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        let presence = Presence {
            kind: PresenceType::Unavailable,
            status: status.map(str::to_owned),
            ..Presence::default()
        };
        self.appear_offline = true;
        self.transmit(&Element::from(&presence));
        Ok(())
    }

    /// Directed presence (RFC 6121 §4.6): tells one entity (someone not in the roster, a
    /// service) our availability, or with `available == false` that we are gone for it. The
    /// server does not broadcast it; it remembers to send that entity our unavailable presence
    /// when we log out.
    pub fn send_directed_presence(
        &mut self,
        to: &Jid,
        available: bool,
        status: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        let presence = Presence {
            to: Some(to.clone()),
            kind: if available {
                PresenceType::Available
            } else {
                PresenceType::Unavailable
            },
            show: self.config.initial_show,
            status: status.map(str::to_owned),
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
        Ok(())
    }

    /// Ends the session cleanly: unavailable presence, then `<close/>` (RFC 7395 §3.6).
    pub fn close(&mut self) {
        match self.state {
            State::Closed(_) | State::Closing => return,
            State::Online { .. } => {
                let presence = Presence {
                    kind: PresenceType::Unavailable,
                    ..Presence::default()
                };
                self.transmit(&Element::from(&presence));
            }
            _ => {}
        }
        self.transmit(&Element::new("close", ns::FRAMING));
        self.close_sent = true;
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
        ]
        .into_iter()
        .flatten()
        .min();
        Output::Timeout(deadline.unwrap_or(self.now + IDLE))
    }

    // ---- inputs ----------------------------------------------------------------------------

    fn handle_element(&mut self, e: Element) -> Result<(), Error> {
        if e.ns() == ns::FRAMING {
            return self.handle_framing(&e);
        }
        if e.is("error", ns::STREAM) {
            return Err(stream_error(&e));
        }
        if e.ns() == ns::SM && matches!(self.state, State::Online { .. } | State::Closing) {
            return self.handle_sm(&e);
        }
        match &self.state {
            State::AwaitingFeatures { authenticated } => {
                let authenticated = *authenticated;
                if !e.is("features", ns::STREAM) {
                    return Err(unexpected(&e, "stream negotiation"));
                }
                if !authenticated && requires_starttls(&e) {
                    // RFC 7395 §3.7: no STARTTLS over WebSocket; TLS is the socket's (wss://).
                    return Err(Error::TlsRequired);
                }
                if authenticated {
                    self.start_bind(&e)
                } else if self.config.register {
                    self.start_registration(e)
                } else {
                    self.start_sasl(&e)
                }
            }
            State::Registering { .. } => self.handle_registration(&e),
            State::Sasl(_) => self.handle_sasl(&e),
            State::Binding { .. } | State::EstablishingSession { .. } => self.handle_binding(&e),
            State::Resuming => self.handle_resume_answer(&e),
            State::Online { .. } | State::Closing => {
                if is_stanza(&e) {
                    if let Some(sm) = &mut self.sm {
                        sm.count_inbound();
                    }
                }
                self.handle_stanza(&e);
                Ok(())
            }
            State::Closed(_) => Ok(()),
        }
    }

    fn handle_framing(&mut self, e: &Element) -> Result<(), Error> {
        match e.name() {
            "open" => {
                self.stream_id = e.get_attr("id").map(str::to_owned);
                Ok(())
            }
            "close" => {
                if matches!(self.state, State::Closing) {
                    self.finish(None);
                } else {
                    // RFC 7395 §3.6: answer the server's close with ours, then the socket goes.
                    self.transmit(&Element::new("close", ns::FRAMING));
                    self.close_sent = true;
                    self.fail(match e.get_attr("see-other-uri") {
                        // §3.6.1: the service lives elsewhere now.
                        Some(uri) => Error::SeeOther(Redirect::Uri(uri.to_owned())),
                        None => Error::ClosedByServer,
                    });
                }
                Ok(())
            }
            _ => Err(unexpected(e, "framing")),
        }
    }

    /// XEP-0198 nonzas on an established stream: ack requests, acks, the answer to `<enable/>`.
    fn handle_sm(&mut self, e: &Element) -> Result<(), Error> {
        match e.name() {
            "r" => {
                if let Some(sm) = &self.sm {
                    let a = Element::new("a", ns::SM).attr("h", sm.inbound().to_string());
                    self.outputs.push_back(Output::Transmit(a.to_string()));
                }
                Ok(())
            }
            "a" => {
                let h = parse_h(e)?;
                let Some(sm) = &mut self.sm else {
                    return Ok(());
                };
                match sm.handle_ack(h) {
                    Ok(acked) => {
                        self.report_acked(acked);
                        self.request_ack();
                        Ok(())
                    }
                    Err(too_high) => {
                        // XEP-0198 §4: a count we cannot have earned ends the stream.
                        let error = Element::new("error", ns::STREAM)
                            .child(Element::new("undefined-condition", ns::STREAM_ERRORS))
                            .child(
                                Element::new("handled-count-too-high", ns::SM)
                                    .attr("h", too_high.h.to_string())
                                    .attr("send-count", too_high.sent.to_string()),
                            );
                        self.outputs.push_back(Output::Transmit(error.to_string()));
                        Err(Error::AckTooHigh(too_high))
                    }
                }
            }
            "enabled" => {
                let resumable = matches!(e.get_attr("resume"), Some("true" | "1"));
                let id = e.get_attr("id").map(str::to_owned).filter(|_| resumable);
                if let Some(sm) = &mut self.sm {
                    sm.set_resume_id(id);
                }
                Ok(())
            }
            "failed" => {
                self.sm = None;
                self.emit(Event::Dropped {
                    reason: "the server refused stream management".into(),
                });
                Ok(())
            }
            _ => {
                self.emit(Event::Dropped {
                    reason: format!("unknown stream management element <{}/>", e.name()),
                });
                Ok(())
            }
        }
    }

    /// Tells the application which of its messages the server now holds.
    fn report_acked(&mut self, acked: Vec<Unacked>) {
        for stanza in acked {
            if let Some(id) = stanza.message_id {
                self.emit(Event::MessageAcked { id });
            }
        }
    }

    /// Asks the server for an ack while a message of ours is unacknowledged (one `<r/>` at a
    /// time).
    fn request_ack(&mut self) {
        let Some(sm) = &mut self.sm else {
            return;
        };
        if sm.unacked().any(Unacked::is_message) && sm.should_request_ack() {
            let r = Element::new("r", ns::SM);
            self.outputs.push_back(Output::Transmit(r.to_string()));
        }
    }

    // ---- stanzas once online ----------------------------------------------------------------

    fn handle_stanza(&mut self, e: &Element) {
        if e.ns() != ns::CLIENT {
            self.emit(Event::Dropped {
                reason: format!("unsupported top-level <{}/>", e.name()),
            });
            return;
        }
        match e.name() {
            "iq" => match Iq::try_from(e) {
                Ok(iq) => self.handle_iq(iq),
                Err(err) => self.drop_malformed("IQ", &err),
            },
            "message" if e.get_child("result", ns::MAM).is_some() => self.handle_archive_result(e),
            "message" if carbons::unwrap(e).is_some() => self.handle_carbon(e),
            "message" if avatars::is_pubsub_event(e) => self.handle_pubsub_event(e),
            "message" => match Message::try_from(e) {
                Ok(message) => self.handle_message(message),
                Err(err) => self.drop_malformed("message", &err),
            },
            "presence" => match Presence::try_from(e) {
                Ok(presence) => self.handle_presence(presence),
                Err(err) => self.drop_malformed("presence", &err),
            },
            other => self.emit(Event::Dropped {
                reason: format!("unknown stanza <{other}/>"),
            }),
        }
    }

    fn drop_malformed(&mut self, kind: &str, err: &dyn std::fmt::Display) {
        self.emit(Event::Dropped {
            reason: format!("malformed {kind}: {err}"),
        });
    }

    /// True when `from` is our server, our account or absent: the only sources of trusted IQs.
    fn is_trusted_sender(&self, from: Option<&Jid>) -> bool {
        match from {
            None => true,
            Some(jid) => {
                let bare = jid.bare();
                bare == &self.config.jid
                    || (bare.local().is_none()
                        && bare.domain() == self.config.jid.domain()
                        && jid.resource().is_none())
            }
        }
    }

    fn handle_iq(&mut self, iq: Iq) {
        match &iq.payload {
            IqPayload::Result(_) | IqPayload::Error(_) => self.handle_iq_response(iq),
            IqPayload::Set(payload) if payload.is("query", ns::ROSTER) => {
                self.handle_roster_push(&iq, payload)
            }
            IqPayload::Get(payload) if payload.is("ping", ns::PING) => {
                self.transmit(&Element::from(&iq.result_reply()));
            }
            IqPayload::Get(payload) if payload.is("query", ns::DISCO_INFO) => {
                self.answer_disco_info(&iq, payload)
            }
            // XEP-0030 §4: a client offers no items; an empty list says so.
            IqPayload::Get(payload)
                if payload.is("query", ns::DISCO_ITEMS) && payload.get_attr("node").is_none() =>
            {
                let reply = Iq {
                    payload: IqPayload::Result(Some(Element::new("query", ns::DISCO_ITEMS))),
                    ..iq.result_reply()
                };
                self.transmit(&Element::from(&reply));
            }
            IqPayload::Get(payload) if payload.is("query", ns::VERSION) => self.answer_version(&iq),
            IqPayload::Get(_) | IqPayload::Set(_) => {
                // RFC 6120 §8.4: every request we do not understand gets service-unavailable.
                let reply = iq.error_reply(StanzaError::service_unavailable());
                self.transmit(&Element::from(&reply));
            }
        }
    }

    fn handle_iq_response(&mut self, iq: Iq) {
        // Answers to what we asked a contact come from that contact; all else from our server
        // or account.
        let sender_ok = match self.pending_iqs.get(&iq.id) {
            Some(PendingIq::Caps { from, .. }) => iq.from.as_ref() == Some(from),
            Some(PendingIq::Avatar(asked)) => {
                asked.answers_from(iq.from.as_ref(), &self.config.jid)
            }
            _ => self.is_trusted_sender(iq.from.as_ref()),
        };
        if !sender_ok {
            self.emit(Event::Dropped {
                reason: "IQ response from an unexpected sender".into(),
            });
            return;
        }
        let Some(pending) = self.pending_iqs.remove(&iq.id) else {
            self.emit(Event::Dropped {
                reason: format!("IQ response with unknown id {:?}", iq.id),
            });
            return;
        };
        match pending {
            PendingIq::Avatar(asked) => self.handle_avatar_answer(asked, iq),
            PendingIq::Roster => {
                let mut probe = Vec::new();
                match iq.payload {
                    IqPayload::Result(Some(payload)) => match RosterQuery::try_from(&payload) {
                        Ok(query) => {
                            if self.probe_after_roster {
                                probe = query
                                    .items
                                    .iter()
                                    .filter(|i| {
                                        matches!(
                                            i.subscription,
                                            Subscription::To | Subscription::Both
                                        )
                                    })
                                    .map(|i| i.jid.clone())
                                    .collect();
                            }
                            self.presence_allowed.clear();
                            self.roster_jids.clear();
                            for item in &query.items {
                                self.track_subscription(item);
                            }
                            self.emit(Event::Roster {
                                ver: query.ver,
                                items: query.items,
                            })
                        }
                        Err(err) => self.drop_malformed("roster", &err),
                    },
                    // An empty result means "your cached version is current" (RFC 6121 §2.6.3).
                    IqPayload::Result(None) => {
                        let cached = self
                            .config
                            .cached_roster
                            .as_ref()
                            .map(|cache| cache.items.clone())
                            .unwrap_or_default();
                        self.presence_allowed.clear();
                        self.roster_jids.clear();
                        for item in &cached {
                            self.track_subscription(item);
                        }
                        if self.probe_after_roster {
                            probe = cached
                                .iter()
                                .filter(|i| {
                                    matches!(i.subscription, Subscription::To | Subscription::Both)
                                })
                                .map(|i| i.jid.clone())
                                .collect();
                        }
                        self.emit(Event::RosterUpToDate)
                    }
                    IqPayload::Error(error) => self.emit(Event::Dropped {
                        reason: format!("roster request failed: {}", error.describe()),
                    }),
                    IqPayload::Get(_) | IqPayload::Set(_) => {}
                }
                self.send_own_presence();
                self.enable_carbons();
                self.start_catch_up();
                self.ask_server_features();
                self.probe_after_roster = false;
                for jid in probe {
                    let probe = Presence {
                        kind: PresenceType::Probe,
                        to: Some(Jid::Bare(jid)),
                        ..Presence::default()
                    };
                    self.transmit(&Element::from(&probe));
                }
            }
            PendingIq::Carbons => {
                if let IqPayload::Error(error) = iq.payload {
                    self.emit(Event::Dropped {
                        reason: format!("carbons unavailable: {}", error.describe()),
                    });
                }
            }
            PendingIq::RosterSet(jid) => {
                // Success shows up as a roster push; only a refusal needs telling.
                if let IqPayload::Error(error) = iq.payload {
                    self.emit(Event::RosterChangeFailed { jid, error });
                }
            }
            PendingIq::Ping => {}
            PendingIq::Caps { ver, from } => {
                self.caps_asked.remove(&ver);
                let info = match iq.payload {
                    IqPayload::Result(Some(payload)) => DiscoInfo::try_from(&payload).ok(),
                    _ => None,
                };
                match info {
                    // XEP-0115 §5.4: only a hash we can reproduce may be cached, or one liar
                    // would speak for everyone announcing it.
                    Some(info) if info.caps_ver() == ver => {
                        self.caps_cache.insert(ver, info.features.clone());
                        self.emit(Event::Capabilities {
                            from,
                            features: info.features,
                        });
                    }
                    Some(_) => self.emit(Event::Dropped {
                        reason: "capabilities that do not match their hash".into(),
                    }),
                    None => self.emit(Event::Dropped {
                        reason: "no capabilities answer".into(),
                    }),
                }
            }
            PendingIq::AccountInfo => {
                if let IqPayload::Result(Some(payload)) = iq.payload {
                    if let Ok(info) = DiscoInfo::try_from(&payload) {
                        self.vcard_bridged =
                            info.features.iter().any(|f| f == ns::PEP_VCARD_CONVERSION);
                    }
                }
            }
            PendingIq::ServerItems => match iq.payload {
                IqPayload::Result(Some(payload)) if payload.is("query", ns::DISCO_ITEMS) => self
                    .emit(Event::ServerItems {
                        items: crate::xmpp::stanza::disco::items_of(&payload),
                    }),
                _ => self.emit(Event::Dropped {
                    reason: "the server listed no services (disco#items)".into(),
                }),
            },
            PendingIq::ServerInfo => match iq.payload {
                IqPayload::Result(Some(payload)) => match DiscoInfo::try_from(&payload) {
                    Ok(info) => self.emit(Event::ServerFeatures {
                        features: info.features,
                    }),
                    Err(err) => self.drop_malformed("server disco#info", &err),
                },
                _ => self.emit(Event::Dropped {
                    reason: "the server did not describe itself (disco#info)".into(),
                }),
            },
            PendingIq::ArchiveAnchor { query_id } => {
                let messages = self.archive_results.remove(&query_id).unwrap_or_default();
                if let IqPayload::Result(payload) = iq.payload {
                    let fin = fin_of(payload.as_ref());
                    let newest = messages.last().map(|m| m.archive_id.clone()).or(fin.last);
                    // A live message may have set a newer anchor meanwhile: keep that one.
                    if self.anchor.is_none() {
                        self.anchor =
                            Some(newest.map_or(ArchiveAnchor::Empty, ArchiveAnchor::After));
                    }
                }
            }
            PendingIq::CatchUp { query_id } => {
                let messages = self.archive_results.remove(&query_id).unwrap_or_default();
                match iq.payload {
                    IqPayload::Result(payload) => {
                        let fin = fin_of(payload.as_ref());
                        let newest = messages.last().map(|m| m.archive_id.clone()).or(fin.last);
                        let progressed = newest.is_some();
                        if let Some(newest) = newest {
                            self.anchor = Some(ArchiveAnchor::After(newest));
                        }
                        let complete = fin.complete || !progressed;
                        self.emit(Event::CatchUp { messages, complete });
                        if complete {
                            self.catching_up = false;
                        } else if let Some(anchor) = self.anchor.clone() {
                            self.send_archive_query(
                                None,
                                anchor.next_page(),
                                CATCH_UP_PAGE,
                                |query_id| PendingIq::CatchUp { query_id },
                            );
                        }
                    }
                    IqPayload::Error(error) => {
                        self.catching_up = false;
                        self.emit(Event::Dropped {
                            reason: format!("archive catch-up failed: {}", error.describe()),
                        });
                    }
                    IqPayload::Get(_) | IqPayload::Set(_) => {}
                }
            }
            PendingIq::Archive { query_id, with } => {
                let messages = self.archive_results.remove(&query_id).unwrap_or_default();
                match iq.payload {
                    IqPayload::Result(payload) => {
                        let fin = fin_of(payload.as_ref());
                        self.emit(Event::ArchivePage {
                            with,
                            messages,
                            complete: fin.complete,
                            first: fin.first,
                        });
                    }
                    IqPayload::Error(error) => self.emit(Event::ArchiveFailed { with, error }),
                    IqPayload::Get(_) | IqPayload::Set(_) => {}
                }
            }
        }
    }

    fn handle_presence(&mut self, presence: Presence) {
        let Some(from) = presence.from else {
            self.emit(Event::Dropped {
                reason: "presence without a sender".into(),
            });
            return;
        };
        match presence.kind {
            PresenceType::Available | PresenceType::Unavailable => {
                if presence.kind == PresenceType::Available {
                    if let Some(caps) = &presence.caps {
                        self.learn_caps(&from, caps);
                    }
                    self.learn_photo_hash(&from, &presence.photo);
                }
                self.emit(Event::Presence(PresenceUpdate {
                    from,
                    available: presence.kind == PresenceType::Available,
                    show: presence.show,
                    status: presence.status,
                    priority: presence.priority,
                }));
            }
            PresenceType::Subscribe => {
                self.emit(Event::SubscriptionRequest {
                    from: from.bare().clone(),
                });
            }
            PresenceType::Probe => {
                // Probes are the server's business (RFC 6121 §4.3); a client ignores them.
            }
            PresenceType::Subscribed | PresenceType::Unsubscribe | PresenceType::Unsubscribed => {
                // The server reflects these in roster pushes, which is what we show.
            }
            PresenceType::Error => {
                let reason = presence.error.map(|e| e.describe()).unwrap_or_default();
                self.emit(Event::Dropped {
                    reason: format!("presence error: {reason}"),
                });
            }
        }
    }

    // ---- outputs -----------------------------------------------------------------------------

    fn send_open(&mut self) {
        let open = Element::new("open", ns::FRAMING)
            .attr("to", self.config.jid.domain())
            .attr("version", "1.0");
        self.transmit(&open);
    }

    fn send_own_presence(&mut self) {
        let presence = Presence {
            show: self.config.initial_show,
            status: self.config.initial_status.clone(),
            ..Presence::default()
        };
        let mut element = Element::from(&presence);
        // XEP-0115: tell contacts what we support, cheaply cacheable by the hash.
        element.push_child(
            Element::new("c", ns::CAPS)
                .attr("hash", "sha-1")
                .attr("node", CAPS_NODE)
                .attr("ver", self.our_disco_info(None).caps_ver()),
        );
        if let Some(update) = self.own_photo_update() {
            element.push_child(update);
        }
        self.transmit(&element);
    }

    /// XEP-0092: our name and version, only when configured.
    fn answer_version(&mut self, iq: &Iq) {
        let reply = match &self.config.software_version {
            Some(version) => Iq {
                payload: IqPayload::Result(Some(
                    Element::new("query", ns::VERSION)
                        .child(Element::new("name", ns::VERSION).text("Palaver"))
                        .child(Element::new("version", ns::VERSION).text(version.as_str())),
                )),
                ..iq.result_reply()
            },
            None => iq.error_reply(StanzaError::service_unavailable()),
        };
        self.transmit(&Element::from(&reply));
    }

    /// What we tell others we are and support (XEP-0030), for this configuration.
    fn our_disco_info(&self, node: Option<String>) -> DiscoInfo {
        disco_info(node, self.config.software_version.is_some())
    }

    /// XEP-0030: answers disco#info for us, or for our caps node (XEP-0115 §6.2).
    fn answer_disco_info(&mut self, iq: &Iq, query: &Element) {
        let our_node = format!("{CAPS_NODE}#{}", self.our_disco_info(None).caps_ver());
        let info = match query.get_attr("node") {
            None => Some(self.our_disco_info(None)),
            Some(node) if node == our_node => Some(self.our_disco_info(Some(our_node))),
            Some(_) => None,
        };
        let reply = match info {
            Some(info) => Iq {
                payload: IqPayload::Result(Some(Element::from(&info))),
                ..iq.result_reply()
            },
            None => iq.error_reply(StanzaError {
                condition: "item-not-found".into(),
                ..StanzaError::service_unavailable()
            }),
        };
        self.transmit(&Element::from(&reply));
    }

    /// When the next keep-alive ping is due, while online and none is out.
    fn ping_due(&self) -> Option<Instant> {
        match (&self.state, self.ping_deadline) {
            (State::Online { .. }, None) => Some(self.last_received + PING_AFTER_IDLE),
            _ => None,
        }
    }

    /// XEP-0280 §4: ask for copies of what our other devices send and receive.
    fn enable_carbons(&mut self) {
        let id = self.next_id();
        self.pending_iqs.insert(id.clone(), PendingIq::Carbons);
        self.transmit(&Element::from(&Iq::set(id, None, carbons::enable())));
    }

    /// XEP-0115 §6: what `from`'s software supports, from the cache or by asking it once.
    fn learn_caps(&mut self, from: &Jid, caps: &super::stanza::presence::Caps) {
        // Only SHA-1 verification strings are checked (and used by everyone in practice).
        if caps.hash != "sha-1" || from.resource().is_none() {
            return;
        }
        if let Some(features) = self.caps_cache.get(&caps.ver) {
            let features = features.clone();
            self.emit(Event::Capabilities {
                from: from.clone(),
                features,
            });
            return;
        }
        if !self.caps_asked.insert(caps.ver.clone()) {
            return;
        }
        let id = self.next_id();
        self.pending_iqs.insert(
            id.clone(),
            PendingIq::Caps {
                ver: caps.ver.clone(),
                from: from.clone(),
            },
        );
        let query = Element::new("query", ns::DISCO_INFO)
            .attr("node", format!("{}#{}", caps.node, caps.ver));
        self.transmit(&Element::from(&Iq::get(id, Some(from.clone()), query)));
    }

    /// XEP-0030: what the server supports (§3), which services it lists (§4), and what our
    /// account supports (whether it bridges avatars to the vCard).
    fn ask_server_features(&mut self) {
        let server = Jid::parse(self.config.jid.domain()).ok();
        let account = Some(Jid::Bare(self.config.jid.clone()));
        for (to, namespace, purpose) in [
            (server.clone(), ns::DISCO_INFO, PendingIq::ServerInfo),
            (server, ns::DISCO_ITEMS, PendingIq::ServerItems),
            (account, ns::DISCO_INFO, PendingIq::AccountInfo),
        ] {
            let id = self.next_id();
            self.pending_iqs.insert(id.clone(), purpose);
            self.transmit(&Element::from(&Iq::get(
                id,
                to,
                Element::new("query", namespace),
            )));
        }
    }

    /// XEP-0199 §4.2: a client-to-server ping; any frame from the server counts as the answer.
    fn send_ping(&mut self) {
        let id = self.next_id();
        self.pending_iqs.insert(id.clone(), PendingIq::Ping);
        let server = Jid::parse(self.config.jid.domain()).ok();
        self.transmit(&Element::from(&Iq::get(
            id,
            server,
            Element::new("ping", ns::PING),
        )));
        self.ping_deadline = Some(self.now + PING_TIMEOUT);
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
        let is_message = stanza.is_message();
        if let Some(sm) = &mut self.sm {
            sm.track_sent(stanza);
            if is_message {
                self.request_ack();
            }
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
                let stream_error = Element::new("error", ns::STREAM).child(Element::new(
                    xml.stream_condition().name(),
                    ns::STREAM_ERRORS,
                ));
                self.transmit(&stream_error);
            }
            self.transmit(&Element::new("close", ns::FRAMING));
        }
        self.finish(Some(error));
    }

    fn finish(&mut self, error: Option<Error>) {
        self.secret = None;
        self.negotiation_deadline = None;
        self.close_deadline = None;
        self.ping_deadline = None;
        self.pending_iqs.clear();
        self.archive_results.clear();
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

/// The `<fin/>` of an archive query's result (empty when the server sent none).
fn fin_of(payload: Option<&Element>) -> Fin {
    payload
        .and_then(|p| Fin::try_from(p).ok())
        .unwrap_or_default()
}

/// True for the three stanza kinds that XEP-0198 counts (RFC 6120 §8).
fn is_stanza(e: &Element) -> bool {
    e.ns() == ns::CLIENT && matches!(e.name(), "message" | "presence" | "iq")
}

/// The `h` attribute of `<a/>`, `<resumed/>` or `<failed/>`.
fn parse_h(e: &Element) -> Result<u32, Error> {
    e.get_attr("h")
        .and_then(|h| h.parse().ok())
        .ok_or_else(|| unexpected(e, "stream management"))
}

fn unexpected(e: &Element, during: &'static str) -> Error {
    Error::Unexpected {
        element: e.name().to_owned(),
        during,
    }
}

/// Whether stream features insist on STARTTLS (RFC 6120 §5.3.1).
fn requires_starttls(features: &Element) -> bool {
    features
        .get_child("starttls", ns::TLS)
        .is_some_and(|tls| tls.get_child("required", ns::TLS).is_some())
}

fn stream_error(e: &Element) -> Error {
    let condition_element = e
        .children()
        .find(|c| c.ns() == ns::STREAM_ERRORS && c.name() != "text");
    if let Some(host) = condition_element
        .filter(|c| c.name() == "see-other-host")
        .map(|c| c.text_content().trim().to_owned())
        .filter(|host| !host.is_empty())
    {
        return Error::SeeOther(Redirect::Host(host));
    }
    let condition = condition_element.map_or(StreamCondition::UndefinedCondition, |c| {
        StreamCondition::from_name(c.name())
    });
    let text = e
        .get_child("text", ns::STREAM_ERRORS)
        .map(Element::text_content);
    Error::StreamError { condition, text }
}

/// What Palaver is and supports, for XEP-0030 and the XEP-0115 hash. List only what works.
fn disco_info(node: Option<String>, with_version: bool) -> DiscoInfo {
    let mut features: Vec<String> = vec![
        ns::CAPS.into(),
        ns::CHATSTATES.into(),
        ns::DISCO_INFO.into(),
        ns::PING.into(),
        ns::RECEIPTS.into(),
        ns::MARKERS.into(),
        ns::CORRECTION.into(),
        ns::RETRACT.into(),
        ns::REPLY.into(),
        ns::REACTIONS.into(),
        ns::STYLING.into(),
        // XEP-0163 §4: our contacts' servers push their avatar metadata to us.
        ns::AVATAR_METADATA_NOTIFY.into(),
    ];
    if with_version {
        features.push(ns::VERSION.into());
    }
    DiscoInfo {
        node,
        identities: vec![Identity {
            category: "client".into(),
            kind: "web".into(),
            name: Some("Palaver".into()),
        }],
        features,
    }
}
