//! What the session tells the application about group chat rooms (XEP-0045 and its
//! companions): occupants, room messages and private messages, the public rooms a service
//! lists, invitations, affiliation lists, and why an owner's request failed. Kept apart from
//! `event.rs` so each file stays readable; re-exported from there.

use super::super::content::Content;
use super::super::jid::{BareJid, Jid};
use super::super::stanza::date::DateTime;
use super::super::stanza::muc::{Affiliation, ModerationVersion, Role, StatusCode};
use super::super::stanza::{Show, StanzaError};

/// An occupant of a room as the room describes them (XEP-0045 §7.2.2): someone else, or us
/// after we are in (then `codes` holds [`StatusCode::SelfPresence`]). Never a roster presence:
/// `room@service/nick` is a seat in a room, not a contact's device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupantUpdate {
    /// The room.
    pub room: BareJid,
    /// The occupant's nick in it (the resource of `room@service/nick`).
    pub nick: String,
    /// `false`: they left (or were kicked, banned, or changed nick: see `codes`).
    pub available: bool,
    /// Their show, for an available occupant (`Show::Online` when none).
    pub show: Show,
    /// Their status text, if any.
    pub status: Option<String>,
    /// Their long-lived standing in the room (`None` when the room gave none).
    pub affiliation: Affiliation,
    /// Their standing while in the room (`Role::None` once they left).
    pub role: Role,
    /// Their real address, which only a non-anonymous room (or one where we moderate) shows.
    pub real_jid: Option<Jid>,
    /// XEP-0421: the room's stable id for the person behind the nick. As the room wrote it:
    /// whether the room supports XEP-0421 (its disco#info) is not checked yet.
    pub occupant_id: Option<String>,
    /// With [`StatusCode::NickChanged`] (303): the nick they go by now (§7.6.3).
    pub new_nick: Option<String>,
    /// Why this presence came (kicked, banned, nick changed, …), as the room said.
    pub codes: Vec<StatusCode>,
}

/// A private message from one occupant of a room we are in (XEP-0045 §7.5): theirs as that
/// seat, never the bare contact's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomPrivateMessage {
    /// The room.
    pub room: BareJid,
    /// The occupant who wrote.
    pub nick: String,
    /// Its id (the origin id when given).
    pub id: Option<String>,
    /// What it says.
    pub content: Content,
}

/// A room a group chat service lists (XEP-0045 §6.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRoom {
    /// The room's address.
    pub jid: BareJid,
    /// Its name, as the service gives it.
    pub name: Option<String>,
}

/// What a room offers, from its disco#info (XEP-0045 §6.4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoomFeatures {
    /// It keeps an archive (XEP-0313, `urn:xmpp:mam:2`): joined again, it is read from there.
    pub archived: bool,
    /// It gives every occupant a stable id (XEP-0421, `urn:xmpp:occupant-id:0`).
    pub occupant_ids: bool,
    /// Moderators may remove anyone's line (XEP-0425), in this version.
    pub moderation: Option<ModerationVersion>,
}

/// A moderator removed a line of the room (XEP-0425), as the room itself announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomLineRemoved {
    /// The room.
    pub room: BareJid,
    /// The room's stanza id of the removed line.
    pub stanza_id: String,
    /// The moderator's nick, when the room names them.
    pub by: Option<String>,
    /// Why, in the moderator's words.
    pub reason: Option<String>,
}

/// A message said in a room we are in (XEP-0045 §7.4), or replayed from its history
/// (§7.2.15) or read from its archive (XEP-0313).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMessage {
    /// The room.
    pub room: BareJid,
    /// Who said it; `None` when the room itself speaks (notices, §7.2.18).
    pub nick: Option<String>,
    /// The sender's stanza id.
    pub id: Option<String>,
    /// The sender's XEP-0359 origin id: how we recognise our own message when the room
    /// reflects it to us.
    pub origin_id: Option<String>,
    /// The id the room's archive gave it (a XEP-0359 `<stanza-id/>` by the room's bare JID; one
    /// by anyone else is not the room's and is ignored): where room history paging starts.
    pub stanza_id: Option<String>,
    /// XEP-0421: the room's stable id for the author, as the room wrote it (not yet checked
    /// against the room's disco#info).
    pub occupant_id: Option<String>,
    /// What it means: a text, a correction, a retraction, reactions…
    pub content: Content,
    /// When it was said, for history the room replays on joining: a `<delay/>` from the room
    /// itself (§7.2.15); a sender's own delay is not believed.
    pub stamp: Option<DateTime>,
    /// Said by us (from our own nick in the room): the room's reflection of what we sent, or
    /// what we said before, replayed.
    pub own: bool,
}

/// An invitation to a room (XEP-0249 direct, or XEP-0045 §7.8.2 mediated through the room).
/// Nothing in it is vouched for but the room's address: the application decides whether it
/// comes from someone it knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomInvitation {
    /// The room we are invited to.
    pub room: BareJid,
    /// Who invites: the sender of a direct invitation; for a mediated one, whom the room names
    /// (only as trustworthy as the room).
    pub inviter: Option<Jid>,
    /// Why, in the inviter's words (at most `session::MAX_INVITATION_TEXT` characters).
    pub reason: Option<String>,
    /// The room's password, when the invitation gives it.
    pub password: Option<String>,
    /// Mediated: it came through the room, which is where a decline goes back (§7.8.2). A
    /// direct invitation is declined by ignoring it (XEP-0249 §2).
    pub mediated: bool,
}

/// One person on a room's member, admin, owner or ban list (XEP-0045 §9.2, §9.5, §10.5, §10.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliatedUser {
    /// Their address (bare: affiliations belong to accounts).
    pub jid: BareJid,
    /// The nick reserved for them, if the room says.
    pub nick: Option<String>,
    /// Why they are on the list (a ban's reason), if the room says.
    pub reason: Option<String>,
}

/// Why an owner's request to a room failed ([`Event::RoomConfigFailed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomConfigError {
    /// The room said no (not an owner, settings it does not accept, …).
    Refused(StanzaError),
    /// The room's answer was not a configuration form we can show (malformed, or over the
    /// bounds of `stanza::data_form`), in words for the log and the view.
    BadForm(String),
}

impl RoomConfigError {
    /// In words for the view.
    pub fn describe(&self) -> String {
        match self {
            RoomConfigError::Refused(error) => error.describe(),
            RoomConfigError::BadForm(why) => format!("the room's form could not be read ({why})"),
        }
    }
}
