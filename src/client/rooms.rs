//! What views ask of group chat rooms (XEP-0045): join, leave, talk, and which room is on
//! screen. Like the other commands, each runs on the session and shows its effect at once.

use leptos::prelude::*;

use super::Client;
use crate::driver::Update;
use crate::xmpp::stanza::muc::{Affiliation, Role};
use crate::xmpp::{ApiMisuse, BareJid, Bookmark};

impl Client {
    /// Joins `room` as `nick` (with the room's `password`, if it has one); the room's answer
    /// shows in the store: joined, or refused with why.
    pub fn join_room(
        &self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        let nick = nick.trim();
        let password = password.filter(|p| !p.is_empty());
        // Kept as a bookmark once the room lets us in (XEP-0402): rejoined at every login, on
        // every device; a refused join keeps nothing.
        self.command(
            |session| session.join_room_and_keep(room, nick, password),
            |()| Update::RoomJoinRequested {
                room: room.clone(),
                nick: nick.to_owned(),
            },
        )
    }

    /// Keeps `room` in our bookmarks, joined on every login and device (`keep`), or forgets
    /// it there; the server's notification updates the list (here and on other devices).
    pub fn set_bookmark(&self, room: &BareJid, keep: bool) -> Result<(), ApiMisuse> {
        if !keep {
            let result = self.run(|session| session.remove_bookmark(room));
            return self.show_failure(room, result);
        }
        let store = self.store();
        let nick = store
            .room(room)
            .map(|r| r.with_untracked(|r| r.nick.clone()));
        let name = store
            .bookmarks
            .with_untracked(|b| b.get(room).and_then(|b| b.name.clone()));
        let bookmark = Bookmark {
            room: room.clone(),
            name,
            autojoin: true,
            nick,
            password: None,
        };
        let result = self.run(|session| session.add_bookmark(&bookmark));
        self.show_failure(room, result)
    }

    /// Leaves `room`; it goes from the list at once, and from our bookmarks (no device joins
    /// it again).
    pub fn leave_room(&self, room: &BareJid) -> Result<(), ApiMisuse> {
        if self
            .store()
            .bookmarks
            .with_untracked(|b| b.contains_key(room))
        {
            let _ = self.set_bookmark(room, false);
        }
        // Offline too: the next session leaves it, or does not join it again (the bookmark,
        // though, can only be removed online).
        let result = self.inner().driver.borrow_mut().leave_room(room);
        self.pump();
        self.note(Update::RoomClosed(room.clone()));
        result
    }

    /// Says `body` in `room`; shown at once, marked delivered when the room reflects it.
    pub fn send_room_message(&self, room: &BareJid, body: &str) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_room_message(room, body),
            |id| Update::RoomSaid {
                room: room.clone(),
                id,
                body: body.to_owned(),
                reply: None,
            },
        )
    }

    /// Writes privately to the occupant `nick` of `room`.
    pub fn send_private_message(
        &self,
        room: &BareJid,
        nick: &str,
        body: &str,
    ) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_private_message(room, nick, body),
            |id| Update::RoomPrivateSaid {
                room: room.clone(),
                nick: nick.to_owned(),
                id,
                body: body.to_owned(),
                reply: None,
            },
        )
    }

    /// Shows the private conversation with `nick` in the room's view (`None`: the room again).
    pub fn open_private(&self, room: &BareJid, nick: Option<String>) {
        self.note(Update::OpenRoomPrivate {
            room: room.clone(),
            nick,
        });
    }

    /// Sets `room`'s subject (empty clears it); the room tells everyone, or refuses.
    pub fn set_subject(&self, room: &BareJid, subject: &str) -> Result<(), ApiMisuse> {
        let result = self.command(
            |session| session.set_room_subject(room, subject),
            |()| Update::RoomRequestSent(room.clone()),
        );
        self.show_failure(room, result)
    }

    /// Kicks the occupant `nick` out of `room` (a moderator's right), with an optional reason.
    pub fn kick(&self, room: &BareJid, nick: &str, reason: &str) -> Result<(), ApiMisuse> {
        self.moderate(
            room,
            |session, reason| session.set_occupant_role(room, nick, Role::None, reason),
            reason,
        )
    }

    /// Bans the user `jid` from `room` (an admin's or owner's right), with an optional reason.
    pub fn ban(&self, room: &BareJid, jid: &BareJid, reason: &str) -> Result<(), ApiMisuse> {
        self.moderate(
            room,
            |session, reason| session.set_user_affiliation(room, jid, Affiliation::Outcast, reason),
            reason,
        )
    }

    /// Gives the occupant `nick` a voice in `room` (participant) or takes it (visitor).
    pub fn set_voice(&self, room: &BareJid, nick: &str, voice: bool) -> Result<(), ApiMisuse> {
        let role = if voice {
            Role::Participant
        } else {
            Role::Visitor
        };
        self.moderate(
            room,
            |session, reason| session.set_occupant_role(room, nick, role, reason),
            "",
        )
    }

    /// Runs a moderation request; the room's earlier refusal is forgotten.
    pub(super) fn moderate(
        &self,
        room: &BareJid,
        request: impl FnOnce(&mut crate::xmpp::Session, Option<&str>) -> Result<(), ApiMisuse>,
        reason: &str,
    ) -> Result<(), ApiMisuse> {
        let reason = Some(reason.trim()).filter(|r| !r.is_empty());
        let result = self.command(
            |session| request(session, reason),
            |()| Update::RoomRequestSent(room.clone()),
        );
        self.show_failure(room, result)
    }

    /// A request the session would not send shows in the room like the room's own refusals.
    pub(super) fn show_failure(
        &self,
        room: &BareJid,
        result: Result<(), ApiMisuse>,
    ) -> Result<(), ApiMisuse> {
        if let Err(misuse) = &result {
            self.note(Update::RoomRequestFailed {
                room: room.clone(),
                reason: format!("Not sent: {misuse}."),
            });
        }
        result
    }

    /// The route opened `room` (or closed the room on screen).
    pub fn open_room(&self, room: Option<BareJid>) {
        self.note(Update::OpenRoom(room));
    }
}
