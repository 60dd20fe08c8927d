//! What we say in a room (XEP-0045 §7.4): a `groupchat` message to the room's bare address.
//! The room sends it back to us with everyone else's copy (the reflection), and that copy,
//! recognised by its XEP-0359 origin id, is what says it was delivered: no receipts or read
//! markers are asked for in a room (XEP-0184 §5.3, XEP-0333 §5).

use super::room_edits::RoomText;
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::{Message, MessageType, StanzaError};
use crate::xmpp::xml::Element;

/// The longest subject we send: a room's subject is a line in its header, not a document.
pub const MAX_SUBJECT_CHARS: usize = 1000;

impl Session {
    /// Sets `room`'s subject (XEP-0045 §8.1): a `groupchat` message with a `<subject/>` and no
    /// body; an empty `subject` clears it. The room answers with the new subject to everyone
    /// ([`crate::xmpp::Event::RoomSubject`]) or, when we may not change it, with an error.
    pub fn set_room_subject(&mut self, room: &BareJid, subject: &str) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        let subject: String = subject.trim().chars().take(MAX_SUBJECT_CHARS).collect();
        let message = Message {
            to: Some(Jid::Bare(room.clone())),
            id: Some(self.next_id()),
            kind: MessageType::Groupchat,
            ..Message::default()
        };
        let mut element = Element::from(&message);
        element.push_child(Element::new("subject", ns::CLIENT).text(subject));
        self.transmit(&element);
        Ok(())
    }

    /// Whether `e` is an error a room we are in sent back (§7.4 a message refused, §8.1 a
    /// subject we may not set).
    pub(super) fn is_room_error(&self, e: &Element) -> bool {
        e.get_attr("type") == Some("error") && self.room_of(e).is_some()
    }

    /// The room refused a message or subject of ours.
    pub(super) fn handle_room_error(&mut self, e: &Element) {
        let Some(room) = self.room_of(e) else {
            return;
        };
        let error = match Message::try_from(e) {
            Ok(message) => message
                .error
                .unwrap_or_else(StanzaError::service_unavailable),
            Err(err) => return self.drop_malformed("room error", &err),
        };
        self.emit(Event::RoomRefused { room, error });
    }

    /// Says `body` in `room`, which must have let us in; returns the id (also its origin id)
    /// the room's reflection will carry.
    pub fn send_room_message(&mut self, room: &BareJid, body: &str) -> Result<String, ApiMisuse> {
        self.send_room_text(room, None, body, RoomText::default())
    }
}
