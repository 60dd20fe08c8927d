//! What the session hands back to its driver: frames to send, events, and its next deadline.

use web_time::Instant;

use super::content::Content;
use super::error::Error;
use super::jid::{BareJid, FullJid, Jid};
use super::stanza::avatar::Avatar;
use super::stanza::bookmarks::Bookmark;
use super::stanza::chatstates::ChatState;
use super::stanza::data_form::DataForm;
use super::stanza::date::DateTime;
use super::stanza::mam::ArchivedMessage;
use super::stanza::muc::{Affiliation, Destroy, JoinError, Role, RoomInfo, StatusCode};
use super::stanza::{MessageType, RosterItem, Show, StanzaError};

mod rooms;

pub use rooms::*;

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
    /// The resource that announced it, as the stanza's `from` says.
    pub from: Jid,
    /// `false` for `type='unavailable'`: that resource went offline.
    pub available: bool,
    /// Its availability (away, do not disturb, …); `Show::Online` when it gave none.
    pub show: Show,
    /// Its status text, if any.
    pub status: Option<String>,
    /// RFC 6121 §4.7.2.3: which resource gets messages sent to the bare JID (0 when absent).
    pub priority: i8,
}

/// An incoming chat message: a text, or a change to an earlier one (see [`Content`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    /// The sender's stanza id: what receipts, markers and corrections of it name.
    pub id: Option<String>,
    /// The sender's XEP-0359 origin id, which corrections' and retractions' targets may use.
    pub origin_id: Option<String>,
    /// Who sent it, with the resource it came from.
    pub from: Jid,
    /// `chat`, `normal` or `headline` (errors and groupchat messages never become one).
    pub kind: MessageType,
    /// The conversation thread it names (RFC 6121 §5.2.5), if any.
    pub thread: Option<String>,
    /// The id our own archive gave it (XEP-0359 stanza-id, checked to be by our account).
    pub archive_id: Option<String>,
    /// When it was sent, for a message our own server kept while we were offline (XEP-0203);
    /// the application still ignores a stamp in the future (`stanza::delay::time_sent`).
    pub stamp: Option<DateTime>,
    /// What it means: a text, or a change to an earlier message.
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
    Registered {
        /// The account created.
        jid: BareJid,
    },
    /// Resource bound: the session is usable.
    Online {
        /// The address the server bound, with its resource: who we are in this session.
        jid: FullJid,
    },
    /// The previous stream was resumed (XEP-0198 §5): roster, presence and conversations stay
    /// as they were, and what either side missed is being resent.
    Resumed {
        /// The address bound by the resumed session.
        jid: FullJid,
    },
    /// The server acknowledged our message `id` (XEP-0198): it is safe on the server.
    MessageAcked {
        /// The stanza id `send_message` returned.
        id: String,
    },
    /// The full roster, as the answer to our request.
    Roster {
        /// Its version, to keep and send at the next login; `None` when the server does not
        /// version rosters.
        ver: Option<String>,
        /// Every contact.
        items: Vec<RosterItem>,
    },
    /// One roster item changed (added, updated or `Subscription::Remove`d); `ver` is the
    /// roster's new version, when the server versions rosters (RFC 6121 §2.6.2).
    RosterPush {
        /// The contact as it now is.
        item: RosterItem,
        /// The roster's version after this change.
        ver: Option<String>,
    },
    /// The roster version we sent is current: keep the cached roster (RFC 6121 §2.6.3), which
    /// the session now works from too (`Config::cached_roster`).
    RosterUpToDate,
    /// A roster change we asked for (add, rename, regroup, remove) was refused.
    RosterChangeFailed {
        /// The contact the change was for.
        jid: BareJid,
        /// The server's reason.
        error: StanzaError,
    },
    /// A contact (or another resource of ours) changed presence.
    Presence(PresenceUpdate),
    /// Someone asks to see our presence.
    SubscriptionRequest {
        /// Who asks: maybe a stranger, so nothing about them is trusted.
        from: BareJid,
    },
    /// A chat/normal/headline message: a text, a change to an earlier one, or a read marker.
    Message(IncomingMessage),
    /// Another device of ours sent this message, or this change to one (a XEP-0280 carbon
    /// copy); `Content::Displayed` means we read the conversation there.
    SentFromOtherDevice {
        /// Its stanza id, which receipts and markers for it name.
        id: Option<String>,
        /// Its XEP-0359 origin id, which a retraction of it names.
        origin_id: Option<String>,
        /// Whom it went to: the conversation it belongs in.
        to: Jid,
        /// What it means, as for a received message.
        content: Content,
    },
    /// The recipient's client confirmed it received our message `id` (XEP-0184).
    MessageDelivered {
        /// The id of our message.
        id: String,
        /// The resource that received it.
        from: Jid,
    },
    /// A contact's chat state changed: typing, paused, … (XEP-0085).
    ChatState {
        /// The resource that is typing (or stopped).
        from: Jid,
        /// Its new state.
        state: ChatState,
    },
    /// One page of archived messages of the conversation with `with`, oldest first (XEP-0313).
    /// `complete` says the archive has nothing older; `first` is the id to page back from.
    ArchivePage {
        /// The conversation asked for.
        with: BareJid,
        /// The page's messages, oldest first.
        messages: Vec<ArchivedMessage>,
        /// The archive has nothing older.
        complete: bool,
        /// The archive id of the page's oldest message: where the next page ends.
        first: Option<String>,
    },
    /// Messages archived while we were away, oldest first, across all conversations: the
    /// catch-up after a fresh reconnect (XEP-0313). `complete` says the gap is closed.
    CatchUp {
        /// What arrived while we were away, oldest first.
        messages: Vec<ArchivedMessage>,
        /// Nothing is left to catch up.
        complete: bool,
    },
    /// The archive refused or failed a query.
    ArchiveFailed {
        /// The conversation the query was for.
        with: BareJid,
        /// The archive's reason.
        error: StanzaError,
    },
    /// A message we sent bounced with an error.
    MessageError {
        /// The id of our message, when the bounce names it.
        id: Option<String>,
        /// Who bounced it (the recipient's server, usually).
        from: Jid,
        /// Why it was not delivered.
        error: StanzaError,
    },
    /// What a contact's software supports (XEP-0115 capabilities, verified against their hash).
    Capabilities {
        /// The resource whose software it is.
        from: Jid,
        /// Its XEP-0030 feature namespaces (receipts, markers, reactions, …).
        features: Vec<String>,
    },
    /// What our server supports (XEP-0030 disco#info features), asked once after login.
    ServerFeatures {
        /// The feature namespaces, as the server listed them.
        features: Vec<String>,
    },
    /// The services our server lists (XEP-0030 disco#items: rooms, upload…), asked once after
    /// login.
    ServerItems {
        /// The addresses of the services.
        items: Vec<Jid>,
    },
    /// A contact's (or our own) avatar, verified against its hash; `None`: they have none.
    Avatar {
        /// Whose avatar it is.
        jid: BareJid,
        /// The picture, or `None` when they have none.
        avatar: Option<Avatar>,
    },
    /// Our new avatar (or its removal) is published.
    AvatarPublished,
    /// The server refused to publish our avatar.
    AvatarPublishFailed {
        /// The server's reason.
        error: StanzaError,
    },
    /// We are in the room (XEP-0045 §7.2.3): the room sent our own presence, the last of its
    /// occupant list. Later changes to us come as [`Event::Occupant`].
    RoomJoined {
        /// The room.
        room: BareJid,
        /// Our nick, as the room has it (it may differ from the one asked for: code 210).
        nick: String,
        /// Our long-lived standing in the room.
        affiliation: Affiliation,
        /// Our standing while in it (a visitor may not speak).
        role: Role,
        /// What the room says about itself and us: 201 we created it (locked until
        /// configured), 100 it shows real JIDs, 170 it logs, 210 it changed our nick.
        codes: Vec<StatusCode>,
    },
    /// What a room we entered is (its disco#info, XEP-0045 §6.4): what the application may
    /// offer in it.
    RoomFeatures {
        /// The room.
        room: BareJid,
        /// What it offers.
        features: RoomFeatures,
    },
    /// One page of a room's archive older than what the reader had
    /// ([`crate::xmpp::Session::load_older_room_lines`]), oldest first; `complete` when the
    /// archive has nothing older (or refused: the reader stops asking).
    RoomOlderLines {
        /// The room.
        room: BareJid,
        /// The older messages, oldest first, each stamped by the room.
        messages: Vec<RoomMessage>,
        /// Nothing older is left to ask for.
        complete: bool,
    },
    /// The session is joining a room on its own: again, as the nick it had (a fresh session
    /// after a drop, or a reloaded page), or for a bookmark that says so. Who is there and the
    /// recent history come, then [`Event::RoomJoined`] (or [`Event::RoomJoinFailed`]).
    RoomJoining {
        /// The room.
        room: BareJid,
        /// Our nick in it.
        nick: String,
    },
    /// The room refused to let us in (XEP-0045 §7.2.17); the session has forgotten it.
    RoomJoinFailed {
        /// The room.
        room: BareJid,
        /// Why, typed so a dialog can say what to do (password, another nick).
        error: JoinError,
    },
    /// We are out of a room: we left, were kicked (307), banned (301), removed (321, 322,
    /// 332) or the room was destroyed. The session has forgotten it.
    RoomLeft {
        /// The room.
        room: BareJid,
        /// Why, as the room said (with 110: it was about us).
        codes: Vec<StatusCode>,
        /// The reason given by whoever removed us or destroyed the room, if any.
        reason: Option<String>,
        /// The room was destroyed (§10.9): where the conversation goes on, if anywhere.
        destroyed: Option<Destroy>,
    },
    /// Someone in a room we are in (or we, once in) arrived, changed or left.
    Occupant(OccupantUpdate),
    /// A message in a room we are in.
    RoomMessage(RoomMessage),
    /// A private message from an occupant of a room we are in.
    RoomPrivateMessage(RoomPrivateMessage),
    /// A moderator removed a line of a room (XEP-0425), as the room announced.
    RoomLineRemoved(RoomLineRemoved),
    /// A room's subject (XEP-0045 §8.1): sent on joining, after the history, and when changed.
    RoomSubject {
        /// The room.
        room: BareJid,
        /// Who set it; `None` when the room did.
        nick: Option<String>,
        /// The subject; `None` when it was cleared (an empty `<subject/>`).
        subject: Option<String>,
    },
    /// Our server's group chat service (XEP-0045 §6.1: a service with the `conference/text`
    /// identity): where new rooms go.
    ConferenceService {
        /// The service's address (`conference.example.org`).
        jid: BareJid,
    },
    /// A group chat service's public rooms (XEP-0045 §6.3), at most
    /// `session::MAX_PUBLIC_ROOMS`.
    PublicRooms {
        /// The service asked.
        service: BareJid,
        /// Its rooms, as it lists them (empty when it refused or has none).
        rooms: Vec<PublicRoom>,
        /// The page this is: `None` the first, else the one after this id.
        after: Option<String>,
        /// Where the next page starts, when the service pages its list and more remain.
        next: Option<String>,
    },
    /// What a listed room says of itself (XEP-0045 §6.4); `None` when it would not say.
    PublicRoomInfo {
        /// The room.
        room: BareJid,
        /// Its name, description, occupants and how it is entered.
        info: Option<RoomInfo>,
    },
    /// A room refused something of ours: a moderation request (a kick, a ban, a change of
    /// voice or membership), a new subject, or a message (a visitor may not speak).
    RoomRefused {
        /// The room.
        room: BareJid,
        /// The room's reason.
        error: StanzaError,
    },
    /// A room's configuration form (XEP-0045 §10.1.3, §10.2), filled in with its current
    /// settings, for its owner to change and submit
    /// ([`Session::configure_room`](super::Session::configure_room)) or cancel. A room that
    /// offers nothing to configure comes as a form without fields.
    RoomConfigForm {
        /// The room.
        room: BareJid,
        /// The form, as the room sent it.
        form: DataForm,
        /// The room is new (we created it, status 201) and locked to others until this form is
        /// submitted; cancelling destroys it. [`Event::RoomJoined`] waits for the submission.
        creating: bool,
    },
    /// The room accepted our configuration (§10.1.3, §10.2). For a room we are creating,
    /// [`Event::RoomJoined`] follows: it is open to others now.
    RoomConfigured {
        /// The room.
        room: BareJid,
    },
    /// A request of ours as the room's owner failed: its configuration form, our submission,
    /// or its destruction (§10.9).
    RoomConfigFailed {
        /// The room.
        room: BareJid,
        /// Why.
        error: RoomConfigError,
        /// The room is one we are creating whose form could not be had: it is opened with the
        /// service's default settings instead ([`Event::RoomJoined`] follows).
        with_defaults: bool,
    },
    /// Someone changed the room's configuration: a message from the room itself with status
    /// 104 (any change) or 170–174 (it logs now, or not; who sees real JIDs), §10.2.1.
    RoomConfigChanged {
        /// The room.
        room: BareJid,
        /// The codes the room sent.
        codes: Vec<StatusCode>,
    },
    /// Our bookmarked rooms (XEP-0402), the whole list, replacing what was known: the answer
    /// to the fetch after login (empty when we have none yet), or empty when another device
    /// cleared them. Each room marked `autojoin` that the session is not joining or in is
    /// joined right after, announced by [`Event::RoomJoining`].
    Bookmarks {
        /// Every bookmark (at most `session::MAX_BOOKMARKS`; malformed ones skipped).
        bookmarks: Vec<Bookmark>,
    },
    /// A bookmark was added or changed, here or on another device of ours (our server's
    /// notification: also how [`Session::add_bookmark`](super::Session::add_bookmark) is
    /// confirmed). Marked `autojoin` for a room the session is not in, the room is joined
    /// right after ([`Event::RoomJoining`]).
    BookmarkAdded(Bookmark),
    /// A bookmark was removed, here or on another device of ours (also how
    /// [`Session::remove_bookmark`](super::Session::remove_bookmark) is confirmed). The room is
    /// not left: that is the application's to decide.
    BookmarkRemoved {
        /// The room it was for.
        room: BareJid,
    },
    /// Our server refused to save or remove a bookmark (or could not be asked: too many
    /// requests waiting); what it holds is unchanged.
    BookmarkFailed {
        /// The room the bookmark is for.
        room: BareJid,
        /// The server's reason.
        error: StanzaError,
    },
    /// Someone invites us to a room we are not in (XEP-0249, or XEP-0045 §7.8.2 through the
    /// room). Never for a room we are in already.
    RoomInvitation(RoomInvitation),
    /// Someone we invited through a room we are in declined (XEP-0045 §7.8.2, the room
    /// passing it on).
    InvitationDeclined {
        /// The room.
        room: BareJid,
        /// Who declined, as the room names them.
        invitee: Option<Jid>,
        /// Why, in their words.
        reason: Option<String>,
    },
    /// Our invitation went out: straight to the invitee (XEP-0249), or through the room for a
    /// members-only room (XEP-0045 §7.8.2, which the room may refuse: then
    /// [`Event::RoomRefused`]).
    InvitationSent {
        /// The room.
        room: BareJid,
        /// Whom we invited.
        invitee: BareJid,
        /// Sent through the room (it is members-only).
        mediated: bool,
    },
    /// A room's list of users with `affiliation` (XEP-0045 §9.2 bans, §9.5 members, §10.5
    /// owners, §10.8 admins), at most `session::MAX_AFFILIATION_LIST`.
    AffiliationList {
        /// The room.
        room: BareJid,
        /// Which list.
        affiliation: Affiliation,
        /// Who is on it, as the room listed them.
        users: Vec<AffiliatedUser>,
    },
    /// A room would not give us one of its lists (we may not see it, or no answer came).
    AffiliationListFailed {
        /// The room.
        room: BareJid,
        /// Which list.
        affiliation: Affiliation,
        /// The room's reason.
        error: StanzaError,
    },
    /// A room carried out our change of someone's affiliation (membership, admin, owner, ban,
    /// or none); a refusal comes as [`Event::RoomRefused`].
    AffiliationChanged {
        /// The room.
        room: BareJid,
        /// Whose affiliation changed.
        jid: BareJid,
        /// What it is now.
        affiliation: Affiliation,
    },
    /// A stanza was ignored, for the log: spoofed, malformed or unsupported.
    Dropped {
        /// What was wrong with it, in words for the log.
        reason: String,
    },
    /// The session is over. `error` is `None` after a clean logout.
    Disconnected {
        /// Why it ended; `None` after a clean logout.
        error: Option<Error>,
    },
}
