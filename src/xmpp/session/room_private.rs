//! Private messages in a room (XEP-0045 §7.5): a `chat` message to or from one occupant,
//! `room@service/nick`. It is that seat's, never the bare contact's: the room's address is not a
//! person, and two occupants of one room are two people. No receipts or read markers go to an
//! occupant (whose real address we may not even know).

use super::room_edits::RoomText;
use super::Session;
use crate::xmpp::content::Content;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, RoomPrivateMessage};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::Message;
use crate::xmpp::xml::Element;

impl Session {
    /// Whether `e` is a private message from an occupant of a room we are joining or in: a
    /// `chat` (or `normal`) message from `room@service/nick`.
    pub(super) fn is_room_private_message(&self, e: &Element) -> bool {
        matches!(e.get_attr("type"), None | Some("chat") | Some("normal"))
            && e.get_attr("from")
                .and_then(|from| Jid::parse(from).ok())
                .is_some_and(|from| matches!(from, Jid::Full(_)))
            && self.room_of(e).is_some()
    }

    /// A private message from an occupant: what it says, for that occupant's conversation in
    /// the room. Chat states and anything without text are not kept.
    pub(super) fn handle_room_private_message(&mut self, e: &Element) {
        let Some(room) = self.room_of(e) else {
            return;
        };
        let message = match Message::try_from(e) {
            Ok(message) => message,
            Err(err) => return self.drop_malformed("private room message", &err),
        };
        let Some(nick) = message
            .from
            .as_ref()
            .and_then(Jid::resource)
            .map(str::to_owned)
        else {
            return;
        };
        let Some(content) = Content::of(&message) else {
            return;
        };
        self.emit(Event::RoomPrivateMessage(RoomPrivateMessage {
            room,
            nick,
            id: message.origin_id.or(message.id),
            content,
        }));
    }

    /// Writes `body` privately to the occupant `nick` of `room` (which must have let us in),
    /// marked as a room's private message (§7.5: the `muc#user` `<x/>`) so the occupant's
    /// client does not take it for a message from the bare contact. Returns its id.
    pub fn send_private_message(
        &mut self,
        room: &BareJid,
        nick: &str,
        body: &str,
    ) -> Result<String, ApiMisuse> {
        self.send_room_text(room, Some(nick), body, RoomText::default())
    }
}
