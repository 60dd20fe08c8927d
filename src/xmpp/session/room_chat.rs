//! What we say in a room (XEP-0045 §7.4): a `groupchat` message to the room's bare address.
//! The room sends it back to us with everyone else's copy (the reflection), and that copy,
//! recognised by its XEP-0359 origin id, is what says it was delivered: no receipts or read
//! markers are asked for in a room (XEP-0184 §5.3, XEP-0333 §5).

use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::chatstates::ChatState;
use crate::xmpp::stanza::{Message, MessageType};
use crate::xmpp::xml::Element;

impl Session {
    /// Says `body` in `room`, which must have let us in; returns the id (also its origin id)
    /// the room's reflection will carry.
    pub fn send_room_message(&mut self, room: &BareJid, body: &str) -> Result<String, ApiMisuse> {
        self.ensure_online()?;
        if body.trim().is_empty() {
            return Err(ApiMisuse::EmptyBody);
        }
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        let id = self.next_id();
        let message = Message {
            to: Some(Jid::Bare(room.clone())),
            id: Some(id.clone()),
            kind: MessageType::Groupchat,
            body: Some(body.to_owned()),
            chat_state: Some(ChatState::Active),
            origin_id: Some(id.clone()),
            ..Message::default()
        };
        self.transmit(&Element::from(&message));
        Ok(id)
    }
}
