//! What views ask of group chat rooms (XEP-0045): join, leave, talk, and which room is on
//! screen. Like the other commands, each runs on the session and shows its effect at once.

use super::Client;
use crate::driver::Update;
use crate::xmpp::{ApiMisuse, BareJid};

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
        self.command(
            |session| session.join_room(room, nick, password, None),
            |()| Update::RoomJoinRequested {
                room: room.clone(),
                nick: nick.to_owned(),
            },
        )
    }

    /// Leaves `room`; it goes from the list at once.
    pub fn leave_room(&self, room: &BareJid) -> Result<(), ApiMisuse> {
        // Offline, the room is forgotten all the same: the next session will not rejoin it.
        let result = self.run(|session| session.leave_room(room));
        self.note(Update::RoomClosed(room.clone()));
        match result {
            Err(ApiMisuse::NotOnline) => Ok(()),
            other => other,
        }
    }

    /// Says `body` in `room`; shown at once, marked delivered when the room reflects it.
    pub fn send_room_message(&self, room: &BareJid, body: &str) -> Result<(), ApiMisuse> {
        self.command(
            |session| session.send_room_message(room, body),
            |id| Update::RoomSaid {
                room: room.clone(),
                id,
                body: body.to_owned(),
            },
        )
    }

    /// The route opened `room` (or closed the room on screen).
    pub fn open_room(&self, room: Option<BareJid>) {
        self.note(Update::OpenRoom(room));
    }
}
