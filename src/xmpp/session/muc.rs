//! Group chat rooms the session is in (XEP-0045): joining and leaving, the room's presences
//! (occupants, and ourselves: joined, renamed, removed), its messages and its subject.
//!
//! A presence or message from `room@service/…` is the room's only while we are joining or in
//! that room: never a roster presence, and ignored for a room we never joined (anyone can send
//! a `muc#user` presence).

use std::collections::HashMap;

use web_time::Instant;

use super::iq_router::{Answer, PendingIq};
use super::room_archive::RoomArchive;
use super::Session;
use crate::xmpp::content::Content;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, OccupantUpdate, RoomFeatures, RoomMessage};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::bookmarks::Bookmark;
use crate::xmpp::stanza::muc::{
    Affiliation, History, Item, Join, JoinError, MucUser, OccupantId, OwnerQuery, Role, StatusCode,
};
use crate::xmpp::stanza::{delay, Iq, Message, Presence, PresenceType, StanzaError};
use crate::xmpp::xml::Element;

/// The most rooms a session joins at once: each costs a map entry, and a client in more is
/// more likely stuck in a loop than chatting.
pub const MAX_ROOMS: usize = 256;

/// A room we are joining or in. The map of them lives with the session: a fresh session after
/// a drop starts with none (the driver rejoins), and a logout or failure drops them with it.
pub(super) type Rooms = HashMap<BareJid, Room>;

/// What the session knows of one room.
#[derive(Debug, Clone)]
pub(super) struct Room {
    /// Our nick in it: the one asked for, then the one the room gave (§7.2.3, code 210).
    pub(super) nick: String,
    /// The room sent our own presence (§7.2.3): we are in, not joining.
    pub(super) joined: bool,
    /// Keep the room as a bookmark once it lets us in (the user joined it), with the password
    /// it was joined with: a refused join keeps nothing.
    pub(super) keep: Option<Option<String>>,
    /// Left while offline: the leave goes out if the stream is resumed, and a fresh session
    /// does not join it again.
    pub(super) leaving: bool,
    /// The room's archive as we follow it (XEP-0313 against the room): read instead of the
    /// history the room would replay, from the last message we know.
    pub(super) archive: RoomArchive,
    /// When the room last sent us anything: a room silent for long is asked whether we are
    /// still in it (XEP-0410).
    pub(super) last_heard: Instant,
    /// Our self-ping to the room is out (one at a time).
    pub(super) pinging: bool,
    /// What the room said it offers (its disco#info, asked before joining), once it said.
    /// Until then, and unless it offers XEP-0421, an occupant id in its stanzas is not the
    /// room's: an occupant could have written it.
    pub(super) features: Option<RoomFeatures>,
    /// The user asked to configure the room if it turns out to be new (XEP-0045 §10.1.3)
    /// rather than take the service's defaults (`room_config.rs`).
    pub(super) configure_if_new: bool,
    /// A room we created and are configuring: the news that we are in it, held until the room
    /// accepts its configuration (others cannot enter before).
    pub(super) creating: Option<Box<Event>>,
    /// The password we joined with, for the direct invitations we send (XEP-0249).
    pub(super) password: Option<String>,
}

impl Room {
    /// A room we are about to join as `nick`, at `now`.
    pub(super) fn joining(nick: String, now: Instant) -> Room {
        Room {
            nick,
            joined: false,
            keep: None,
            leaving: false,
            archive: RoomArchive::default(),
            last_heard: now,
            pinging: false,
            features: None,
            configure_if_new: false,
            creating: None,
            password: None,
        }
    }
}

impl Session {
    /// Enters `room` as `nick` (XEP-0045 §7.2): an available presence to `room@service/nick`
    /// with the MUC payload (`password` §7.2.5, `history` §7.2.14). The answer comes as
    /// [`Event::RoomJoined`] or [`Event::RoomJoinFailed`]. Asking again for a room we are in
    /// sends the presence again (with another nick: a nick change, §7.6).
    pub fn join_room(
        &mut self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
        history: Option<History>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if nick.trim().is_empty() {
            return Err(ApiMisuse::InvalidNick);
        }
        let to = room
            .with_resource(nick)
            .map_err(|_| ApiMisuse::InvalidNick)?;
        if !self.rooms.contains_key(room) && self.rooms.len() >= MAX_ROOMS {
            return Err(ApiMisuse::TooManyRooms);
        }
        let presence = Presence {
            to: Some(Jid::Full(to)),
            ..Presence::default()
        };
        let join = Join {
            password: password.map(str::to_owned),
            history,
        };
        let mut element = Element::from(&presence);
        element.push_child(Element::from(&join));
        if !self.rooms.contains_key(room) {
            // Asked first, so the room answers before it lets us in (it handles our stanzas in
            // order): whether its occupant ids are its own is known before its first line.
            self.ask_room_features(room);
        }
        self.transmit(&element);
        // In the room, our nick stays the one the room confirmed until it confirms another
        // (§7.6.3: 303, then our presence from the new nick); a refused change leaves it.
        if !self.rooms.get(room).is_some_and(|r| r.joined) {
            let mut entry = Room::joining(nick.to_owned(), self.now);
            entry.password = password.map(str::to_owned);
            self.rooms.insert(room.clone(), entry);
        }
        Ok(())
    }

    /// Joins `room` as the user asked (like [`Session::join_room`], all history the room
    /// offers) and, once the room lets us in, keeps it as a bookmark (XEP-0402: autojoin, this
    /// nick and password), so every login and device joins it too. A refused join keeps
    /// nothing.
    pub fn join_room_and_keep(
        &mut self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.join_room(room, nick, password, None)?;
        if let Some(entry) = self.rooms.get_mut(room) {
            entry.keep = Some(password.map(str::to_owned));
        }
        Ok(())
    }

    /// Leaves `room` (XEP-0045 §7.14): unavailable presence to our occupant JID. The room's
    /// answer (our own unavailable presence) brings [`Event::RoomLeft`]; until then its
    /// messages still arrive. Leaving a room we are not in does nothing; offline, the room is
    /// left once the stream is back, or not joined again by a fresh session.
    pub fn leave_room(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        if !self.state.is_online() {
            // Offline: left as soon as we are back (resumed), never joined again (fresh).
            if let Some(entry) = self.rooms.get_mut(room) {
                entry.leaving = true;
            }
            return Ok(());
        }
        if let Some(nick) = self.rooms.get(room).map(|r| r.nick.clone()) {
            self.send_leave(room, &nick);
        }
        Ok(())
    }

    /// Our unavailable presence to our seat `room/nick`.
    pub(super) fn send_leave(&mut self, room: &BareJid, nick: &str) {
        let Ok(to) = room.with_resource(nick) else {
            return;
        };
        let presence = Presence {
            to: Some(Jid::Full(to)),
            kind: PresenceType::Unavailable,
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
    }

    /// The password we joined `room` with, if any.
    pub(super) fn room_password(&self, room: &BareJid) -> Option<String> {
        self.rooms.get(room).and_then(|r| r.password.clone())
    }

    /// Whether the room has let us in (and not yet let us go).
    pub(super) fn is_in_room(&self, room: &BareJid) -> bool {
        self.rooms.get(room).is_some_and(|r| r.joined)
    }

    /// Whether `e` is a presence for the rooms' handler: from a room we are joining or in, or
    /// carrying a room's payload (`muc#user`, or the join payload a refusal echoes): then from a
    /// room we never joined, ignored there.
    pub(super) fn is_room_presence(&self, e: &Element) -> bool {
        e.get_child("x", ns::MUC_USER).is_some()
            || e.get_child("x", ns::MUC).is_some()
            || self.room_of(e).is_some()
    }

    /// Whether `e` is a `groupchat` message from a room we are joining or in.
    pub(super) fn is_room_message(&self, e: &Element) -> bool {
        e.get_attr("type") == Some("groupchat") && self.room_of(e).is_some()
    }

    /// The room we know that `e` comes from.
    pub(super) fn room_of(&self, e: &Element) -> Option<BareJid> {
        let from = Jid::parse(e.get_attr("from")?).ok()?;
        self.rooms
            .contains_key(from.bare())
            .then(|| from.bare().clone())
    }

    /// A presence from a room (XEP-0045 §7.2): a refused join, an occupant, or ourselves.
    pub(super) fn handle_room_presence(&mut self, e: &Element) {
        let Some(room) = self.room_of(e) else {
            return; // A room we never joined: nothing it says concerns us.
        };
        let presence = match Presence::try_from(e) {
            Ok(presence) => presence,
            Err(err) => return self.drop_malformed("room presence", &err),
        };
        if presence.kind == PresenceType::Error {
            return self.on_room_error(room, &presence);
        }
        let nick = match presence.from.as_ref().and_then(Jid::resource) {
            Some(nick)
                if matches!(
                    presence.kind,
                    PresenceType::Available | PresenceType::Unavailable
                ) =>
            {
                nick.to_owned()
            }
            _ => return,
        };
        let (user, occupant_id) = match (MucUser::from_stanza(e), OccupantId::from_stanza(e)) {
            (Ok(user), Ok(id)) => (
                user.unwrap_or_default(),
                id.map(|id| id.id)
                    .filter(|_| self.gives_occupant_ids(&room)),
            ),
            (Err(err), _) | (_, Err(err)) => return self.drop_malformed("room presence", &err),
        };
        let item = user.items.first().cloned().unwrap_or_default();
        let available = presence.kind == PresenceType::Available;
        let Some(entry) = self.rooms.get_mut(&room) else {
            return;
        };
        entry.last_heard = self.now;
        let mut codes = user.statuses.clone();
        // §7.2.3: a room that omits 110 still sends our presence from the nick we asked for.
        let is_self = user.has_status(StatusCode::SelfPresence) || nick == entry.nick;
        if is_self && !codes.contains(&StatusCode::SelfPresence) {
            codes.push(StatusCode::SelfPresence);
        }
        let new_nick = item
            .nick
            .clone()
            .filter(|_| user.has_status(StatusCode::NickChanged));
        if is_self && !available && new_nick.is_none() {
            self.rooms.remove(&room);
            let destroyed = user.destroy;
            let reason = item
                .reason
                .or_else(|| destroyed.as_ref().and_then(|d| d.reason.clone()));
            return self.emit(Event::RoomLeft {
                room,
                codes,
                reason,
                destroyed,
            });
        }
        if is_self {
            entry.nick = new_nick.clone().unwrap_or_else(|| nick.clone());
            if available && !entry.joined {
                entry.joined = true;
                let created = codes.contains(&StatusCode::RoomCreated);
                let joined = Event::RoomJoined {
                    room: room.clone(),
                    nick,
                    affiliation: item.affiliation.unwrap_or(Affiliation::None),
                    role: item.role.unwrap_or(Role::None),
                    codes,
                };
                if created {
                    // Others cannot enter until it is configured: "joined" (and keeping it as
                    // a bookmark, which other devices would join) waits for that.
                    return self.on_room_created(&room, joined);
                }
                return self.announce_joined(joined);
            }
        }
        let Item {
            affiliation,
            role,
            jid: real_jid,
            ..
        } = item;
        self.emit(Event::Occupant(OccupantUpdate {
            room,
            nick,
            available,
            show: presence.show,
            status: presence.status,
            affiliation: affiliation.unwrap_or(Affiliation::None),
            role: role.unwrap_or(Role::None),
            real_jid,
            occupant_id,
            new_nick,
            codes,
        }));
    }

    /// §10.1.2: the room we joined did not exist and is ours, locked until configured; we take
    /// the service's default configuration (an instant room), so others can join at once.
    /// `joined` is the news that we are in, given once the room has answered.
    pub(super) fn accept_instant_room(&mut self, room: &BareJid, joined: Event) {
        let query = Element::from(&OwnerQuery::instant_room());
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::set(id, to, query),
            PendingIq::RoomConfig(room.clone(), Box::new(joined)),
        );
    }

    /// The room's answer to our configuration: we are in (a refusal, or no answer, leaves the
    /// room locked to others, which is worth a line in the log; we are in all the same).
    pub(super) fn on_room_configured(&mut self, room: BareJid, joined: Event, answer: Answer) {
        if let Answer::Error(error) = answer {
            self.emit(Event::Dropped {
                reason: format!(
                    "room {room} refused its configuration: {}",
                    error.describe()
                ),
            });
        }
        self.announce_joined(joined);
    }

    /// `joined` (an [`Event::RoomJoined`]): the room is open to us and to others. Kept as a
    /// bookmark now if the user asked, then announced.
    pub(super) fn announce_joined(&mut self, joined: Event) {
        let Event::RoomJoined {
            room, nick, codes, ..
        } = &joined
        else {
            return self.emit(joined);
        };
        let (room, nick) = (room.clone(), nick.clone());
        let created = codes.contains(&StatusCode::RoomCreated);
        let keep = self
            .rooms
            .get_mut(&room)
            .and_then(|entry| entry.keep.take());
        if let Some(password) = keep {
            let bookmark = Bookmark {
                room: room.clone(),
                name: None,
                autojoin: true,
                nick: Some(nick),
                password,
            };
            if let Err(misuse) = self.add_bookmark(&bookmark) {
                self.emit(Event::Dropped {
                    reason: format!("could not keep {room} as a bookmark: {misuse}"),
                });
            }
        }
        self.emit(joined);
        if created {
            // The room exists now: what it offers can be asked (before, it did not exist).
            self.ask_room_features(&room);
        }
        self.on_room_entered(&room);
    }

    /// An error presence from a room: while joining, the refusal (§7.2.17), and the room is
    /// forgotten; once in, only worth a log line (a refused nick or presence change).
    fn on_room_error(&mut self, room: BareJid, presence: &Presence) {
        let joined = self.rooms.get(&room).is_some_and(|r| r.joined);
        if joined {
            let reason = presence.error.as_ref().map(StanzaError::describe);
            return self.emit(Event::Dropped {
                reason: format!("room {room} refused: {}", reason.unwrap_or_default()),
            });
        }
        self.rooms.remove(&room);
        let error = JoinError::from_presence(presence)
            .unwrap_or_else(|| JoinError::Other(StanzaError::service_unavailable()));
        self.emit(Event::RoomJoinFailed { room, error });
    }

    /// A `groupchat` message from a room we are joining or in (XEP-0045 §7.4): said by an
    /// occupant or the room, live or replayed history (§7.2.15), or the subject (§8.1).
    pub(super) fn handle_room_message(&mut self, e: &Element) {
        let Some(room) = self.room_of(e) else {
            return;
        };
        let message = match Message::try_from(e) {
            Ok(message) => message,
            Err(err) => return self.drop_malformed("room message", &err),
        };
        let nick = message
            .from
            .as_ref()
            .and_then(Jid::resource)
            .map(str::to_owned);
        // §8.1: a subject without a body is the subject, not something said.
        if let (Some(subject), None) = (e.get_child("subject", ns::CLIENT), &message.body) {
            let subject = Some(subject.text_content()).filter(|s| !s.trim().is_empty());
            return self.emit(Event::RoomSubject {
                room,
                nick,
                subject,
            });
        }
        if self.handle_moderation_notice(&room, nick.as_deref(), e) {
            return;
        }
        // XEP-0359 §5: only the room's own stanza id is its archive's.
        let stanza_id = message.stanza_id_by(&room.to_string()).map(str::to_owned);
        if let Some(entry) = self.rooms.get_mut(&room) {
            entry.last_heard = self.now;
        }
        self.note_room_archive_id(&room, stanza_id.as_deref());
        let Some(content) = Content::of(&message) else {
            // §10.2.1: the room's own word that its configuration changed.
            let codes = match MucUser::from_stanza(e) {
                Ok(Some(user)) if nick.is_none() => user.statuses,
                _ => return,
            };
            if codes.iter().any(is_config_change) {
                self.emit(Event::RoomConfigChanged { room, codes });
            }
            return;
        };
        let own = nick.is_some() && self.rooms.get(&room).map(|r| &r.nick) == nick.as_ref();
        // A malformed or doubled occupant id is not the room's: the message stands without it.
        let occupant_id = OccupantId::from_stanza(e)
            .ok()
            .flatten()
            .map(|id| id.id)
            .filter(|_| self.gives_occupant_ids(&room));
        // §7.2.15: the room appends its own delay to the history it replays (after any the
        // sender wrote), as our server does to what it kept offline.
        let stamp = delay::appended_by(
            &message.delays,
            |from| matches!(from, Jid::Bare(by) if *by == room),
        );
        self.emit(Event::RoomMessage(RoomMessage {
            room,
            nick,
            id: message.id,
            origin_id: message.origin_id,
            stanza_id,
            occupant_id,
            content,
            stamp,
            own,
        }));
    }
}

/// Whether a status code in a message from the room says its configuration changed (§10.2.1).
fn is_config_change(code: &StatusCode) -> bool {
    matches!(
        code,
        StatusCode::ConfigurationChanged
            | StatusCode::LoggingEnabled
            | StatusCode::LoggingDisabled
            | StatusCode::NowNonAnonymous
            | StatusCode::NowSemiAnonymous
            | StatusCode::NowFullyAnonymous
    )
}
