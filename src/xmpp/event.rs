//! What the session hands back to its driver: frames to send, events, and its next deadline.

use web_time::Instant;

use super::content::Content;
use super::error::Error;
use super::jid::{BareJid, FullJid, Jid};
use super::stanza::avatar::Avatar;
use super::stanza::chatstates::ChatState;
use super::stanza::date::DateTime;
use super::stanza::mam::ArchivedMessage;
use super::stanza::{MessageType, RosterItem, Show, StanzaError};

/// One step of output; the driver calls `poll_output` until it gets `Timeout`.
// An output is moved once, from the session's queue to the driver: boxing the large `Event`
// would cost an allocation per event and gain nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Send this text frame on the WebSocket.
    Transmit(String),
    /// Something happened that the application should know.
    Event(Event),
    /// Nothing more to do; call `handle_timeout` at this instant.
    Timeout(Instant),
}

/// The session's phase, for status displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `<open/>` sent, waiting for the server's stream header and features.
    Connecting,
    /// SASL in progress.
    Authenticating,
    /// Authenticated; binding a resource.
    Binding,
    /// Bound and usable.
    Online,
    /// `<close/>` sent, waiting for the server's.
    Closing,
    /// Over; see `Event::Disconnected`.
    Closed,
}

/// A contact's presence as one resource announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceUpdate {
    pub from: Jid,
    pub available: bool,
    pub show: Show,
    pub status: Option<String>,
    pub priority: i8,
}

/// An incoming chat message: a text, or a change to an earlier one (see [`Content`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    pub id: Option<String>,
    /// The sender's XEP-0359 origin id, which corrections' and retractions' targets may use.
    pub origin_id: Option<String>,
    pub from: Jid,
    pub kind: MessageType,
    pub thread: Option<String>,
    /// The id our own archive gave it (XEP-0359 stanza-id, checked to be by our account).
    pub archive_id: Option<String>,
    /// When it was sent, for a message our own server kept while we were offline (XEP-0203);
    /// the application still ignores a stamp in the future (`stanza::delay::time_sent`).
    pub stamp: Option<DateTime>,
    pub content: Content,
}

impl IncomingMessage {
    /// The text it shows, when it is a text or a correction.
    pub fn body(&self) -> Option<&str> {
        self.content.body()
    }
}

/// Something the application should react to.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The account was created (XEP-0077); the login continues with it.
    Registered { jid: BareJid },
    /// Resource bound: the session is usable.
    Online { jid: FullJid },
    /// The previous stream was resumed (XEP-0198 §5): roster, presence and conversations stay
    /// as they were, and what either side missed is being resent.
    Resumed { jid: FullJid },
    /// The server acknowledged our message `id` (XEP-0198): it is safe on the server.
    MessageAcked { id: String },
    /// The full roster, as the answer to our request.
    Roster {
        ver: Option<String>,
        items: Vec<RosterItem>,
    },
    /// One roster item changed (added, updated or `Subscription::Remove`d); `ver` is the
    /// roster's new version, when the server versions rosters (RFC 6121 §2.6.2).
    RosterPush {
        item: RosterItem,
        ver: Option<String>,
    },
    /// The roster version we sent is current: keep the cached roster (RFC 6121 §2.6.3), which
    /// the session now works from too (`Config::cached_roster`).
    RosterUpToDate,
    /// A roster change we asked for (add, rename, regroup, remove) was refused.
    RosterChangeFailed { jid: BareJid, error: StanzaError },
    /// A contact (or another resource of ours) changed presence.
    Presence(PresenceUpdate),
    /// Someone asks to see our presence.
    SubscriptionRequest { from: BareJid },
    /// A chat/normal/headline message: a text, a change to an earlier one, or a read marker.
    Message(IncomingMessage),
    /// Another device of ours sent this message, or this change to one (a XEP-0280 carbon
    /// copy); `Content::Displayed` means we read the conversation there.
    SentFromOtherDevice {
        id: Option<String>,
        /// Its XEP-0359 origin id, which a retraction of it names.
        origin_id: Option<String>,
        to: Jid,
        content: Content,
    },
    /// The recipient's client confirmed it received our message `id` (XEP-0184).
    MessageDelivered { id: String, from: Jid },
    /// A contact's chat state changed: typing, paused, … (XEP-0085).
    ChatState { from: Jid, state: ChatState },
    /// One page of archived messages of the conversation with `with`, oldest first (XEP-0313).
    /// `complete` says the archive has nothing older; `first` is the id to page back from.
    ArchivePage {
        with: BareJid,
        messages: Vec<ArchivedMessage>,
        complete: bool,
        first: Option<String>,
    },
    /// Messages archived while we were away, oldest first, across all conversations: the
    /// catch-up after a fresh reconnect (XEP-0313). `complete` says the gap is closed.
    CatchUp {
        messages: Vec<ArchivedMessage>,
        complete: bool,
    },
    /// The archive refused or failed a query.
    ArchiveFailed { with: BareJid, error: StanzaError },
    /// A message we sent bounced with an error.
    MessageError {
        id: Option<String>,
        from: Jid,
        error: StanzaError,
    },
    /// What a contact's software supports (XEP-0115 capabilities, verified against their hash).
    Capabilities { from: Jid, features: Vec<String> },
    /// What our server supports (XEP-0030 disco#info features), asked once after login.
    ServerFeatures { features: Vec<String> },
    /// The services our server lists (XEP-0030 disco#items: rooms, upload…), asked once after
    /// login.
    ServerItems { items: Vec<Jid> },
    /// A contact's (or our own) avatar, verified against its hash; `None`: they have none.
    Avatar {
        jid: BareJid,
        avatar: Option<Avatar>,
    },
    /// Our new avatar (or its removal) is published.
    AvatarPublished,
    /// The server refused to publish our avatar.
    AvatarPublishFailed { error: StanzaError },
    /// A stanza was ignored, for the log: spoofed, malformed or unsupported.
    Dropped { reason: String },
    /// The session is over. `error` is `None` after a clean logout.
    Disconnected { error: Option<Error> },
}
