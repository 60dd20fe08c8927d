//! Everything that changes what the app shows, as data: the session's events, the driver's
//! own news (connecting, reconnecting, a message queued offline), and what a command changed
//! at once (our own message, before the server says anything). `store::apply` is the only code
//! that turns these into signal writes.

use std::fmt;
use std::time::Duration;

use crate::persist::conversations::StoredConversations;
use crate::xmpp::content::{Content, ReplyRef};
use crate::xmpp::jid::BareJid;
use crate::xmpp::stanza::muc::Affiliation;
use crate::xmpp::stanza::Show;
use crate::xmpp::Event;

/// One change to apply to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// From the session.
    Event(Event),
    /// A login attempt started.
    Connecting,
    /// The connection was lost; the next attempt starts after `delay`.
    Reconnecting {
        /// How long the backoff waits before the next attempt.
        delay: Duration,
        /// Why the connection was lost, in words for the status line.
        reason: String,
    },
    /// The transport could not carry a session, before the protocol had a say.
    TransportFailed(TransportFailure),
    /// A message of ours went out (or, after a reload, is being sent again): shown as sent.
    Outgoing {
        /// The conversation it belongs to.
        to: BareJid,
        /// Its stanza id: receipts, markers and corrections name it.
        id: String,
        /// The text as sent.
        body: String,
        /// The message it answers (XEP-0461), if it is a reply.
        reply: Option<ReplyRef>,
    },
    /// A correction, retraction or reactions of ours, shown at once.
    OwnChange {
        /// The conversation it belongs to.
        peer: BareJid,
        /// The stanza id of the message that carried the change.
        id: String,
        /// The change itself (the message it applies to is named inside).
        content: Content,
    },
    /// A message written while offline: shown as pending.
    Queued {
        /// The conversation it belongs to.
        to: BareJid,
        /// Our own id for it until it goes out with a stanza id.
        local_id: String,
        /// The text as written.
        body: String,
    },
    /// A pending message went out with stanza id `id`.
    QueuedSent {
        /// The conversation it belongs to.
        to: BareJid,
        /// The id it was shown under while pending.
        local_id: String,
        /// The stanza id it went out with: receipts and markers name this one.
        id: String,
    },
    /// A pending message will not go out.
    QueuedFailed {
        /// The conversation it belongs to.
        to: BareJid,
        /// The id it was shown under while pending.
        local_id: String,
        /// Why, in words shown next to the message.
        reason: String,
    },
    /// We answered `jid`'s subscription request.
    SubscriptionAnswered(BareJid),
    /// A page of the conversation's archive was asked for.
    HistoryRequested(BareJid),
    /// We told `peer` we read up to `id` (XEP-0333).
    DisplayedSent {
        /// The conversation.
        peer: BareJid,
        /// The stanza id of the newest message we marked as displayed.
        id: String,
    },
    /// Our avatar is being changed: the last outcome no longer applies.
    AvatarChangeStarted,
    /// We chose our presence (`None`: appear offline).
    OwnPresence {
        /// Our availability; `None` is "appear offline".
        show: Option<Show>,
        /// Our status text, trimmed; empty for none.
        status: String,
    },
    /// The conversations a previous page kept ("keep me logged in").
    CachedConversations(StoredConversations),
    /// The route opened a conversation (or closed it).
    OpenChat(Option<BareJid>),
    /// The user dismissed a message request: it and what it brought are forgotten.
    RequestDismissed(BareJid),
    /// A frame went by: for the XML console, if it is on.
    ConsoleLine {
        /// From the server (`true`) or to it.
        incoming: bool,
        /// The frame as it went over the socket; `apply` masks credentials before keeping it.
        frame: String,
    },
    /// The XML console was switched on or off.
    ConsoleEnabled(bool),
    /// The XML console was cleared.
    ConsoleCleared,
    /// We asked to join a room as `nick`.
    RoomJoinRequested {
        /// The room.
        room: BareJid,
        /// The nick asked for.
        nick: String,
    },
    /// We said something in a room (shown until the room reflects it).
    RoomSaid {
        /// The room.
        room: BareJid,
        /// Its id, also the origin id its reflection carries.
        id: String,
        /// What we said.
        body: String,
        /// The line it answers (XEP-0461).
        reply: Option<ReplyRef>,
    },
    /// We corrected, retracted or reacted to a line of a room (or of a private conversation in
    /// it, with `nick`): shown at once.
    RoomOwnChange {
        /// The room.
        room: BareJid,
        /// The occupant of the private conversation, or `None` for the room's own lines.
        nick: Option<String>,
        /// What changed.
        content: Content,
    },
    /// We wrote privately to an occupant of a room.
    RoomPrivateSaid {
        /// The room.
        room: BareJid,
        /// The occupant.
        nick: String,
        /// The message's id.
        id: String,
        /// What we wrote.
        body: String,
        /// The line it answers (XEP-0461).
        reply: Option<ReplyRef>,
    },
    /// The room's view opened the private conversation with an occupant (or closed it).
    OpenRoomPrivate {
        /// The room.
        room: BareJid,
        /// The occupant, or `None` to go back to the room.
        nick: Option<String>,
    },
    /// We left a room: it goes from the list.
    RoomClosed(BareJid),
    /// A request about a room could not be sent (offline, not in the room, too many waiting).
    RoomRequestFailed {
        /// The room.
        room: BareJid,
        /// Why, in words.
        reason: String,
    },
    /// We asked a room something (moderation, a subject): its earlier refusal no longer applies.
    RoomRequestSent(BareJid),
    /// The route opened this room (or none).
    OpenRoom(Option<BareJid>),
    /// A room's archive was asked for the page before the oldest line held: the reader waits
    /// for it (one page at a time).
    RoomOlderLinesAsked(BareJid),
    /// A listed public room was asked what it is: its description is on its way.
    RoomDescriptionAsked(BareJid),
    /// We asked a room we own for its configuration form (XEP-0045 §10.2): its view opens,
    /// waiting for the form.
    RoomConfigRequested(BareJid),
    /// We sent a room our configuration, or asked it to be destroyed: waiting for its answer.
    RoomConfigSent(BareJid),
    /// We closed a room's configuration view (cancelled a later configuration).
    RoomConfigClosed(BareJid),
    /// An invitation to this room was answered (accepted and joined, declined or dismissed):
    /// its card goes.
    InvitationDismissed(BareJid),
    /// The room's "Members & bans" panel opened: these lists are being fetched.
    AffiliationListsOpened {
        /// The room.
        room: BareJid,
        /// The lists asked for (those our affiliation lets us see).
        affiliations: Vec<Affiliation>,
    },
    /// The "Members & bans" panel closed: its lists are forgotten.
    AffiliationListsClosed,
    /// A list could not even be asked for (offline, too many requests waiting).
    AffiliationListNotSent {
        /// The room.
        room: BareJid,
        /// Which list.
        affiliation: Affiliation,
        /// Why, in words.
        reason: String,
    },
}

/// Why the transport could not carry a session, before the protocol had a say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportFailure {
    /// The URL is not a WebSocket URL we may use (`wss://`, or `ws://` on loopback only), or
    /// a redirect we refuse.
    BadUrl(String),
    /// The socket closed before it opened: wrong URL, server down, or handshake refused.
    Unreachable {
        /// The endpoint we tried, to show in the message.
        url: String,
    },
    /// The server answered without selecting the `xmpp` subprotocol (RFC 7395 §3.1).
    NoXmppSubprotocol {
        /// The endpoint that answered, to show in the message.
        url: String,
    },
    /// The browser gave no secure random numbers: SCRAM nonces and stanza ids would be
    /// guessable, so Palaver does not log in at all.
    NoSecureRandom,
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportFailure::BadUrl(reason) => f.write_str(reason),
            TransportFailure::Unreachable { url } => write!(
                f,
                "Could not connect to {url}: the server is down, the address is wrong, or it is not an XMPP WebSocket endpoint."
            ),
            TransportFailure::NoXmppSubprotocol { url } => write!(
                f,
                "The server at {url} did not accept the XMPP WebSocket subprotocol; is this an XMPP WebSocket endpoint?"
            ),
            TransportFailure::NoSecureRandom => f.write_str(
                "This browser gives no secure random numbers, so Palaver cannot log in safely.",
            ),
        }
    }
}
