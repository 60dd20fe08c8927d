//! Talking in a room like in a 1:1 conversation: replies (XEP-0461), corrections (XEP-0308),
//! retractions (XEP-0424) and reactions (XEP-0444), to the room (`groupchat`) or privately to
//! one occupant (`chat` to `room@service/nick`, marked with the `muc#user` `<x/>`, XEP-0045
//! §7.5). The stanzas are the 1:1 ones (`chat.rs` builds their parts); only the addressing
//! differs.
//!
//! Which id names the earlier message is the caller's part, after the XEPs' group chat rules:
//! a reply, a retraction and reactions name the room's stanza id of the line (XEP-0461 §3.1,
//! XEP-0424 §5, XEP-0444 §3.1), a correction the line's own message id (XEP-0308 §4); in a
//! private conversation, which the room does not archive, the message id for everything.

use super::chat::{attach_reply, attach_retraction};
use super::Session;
use crate::xmpp::content::ReplyRef;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::chatstates::ChatState;
use crate::xmpp::stanza::reactions::Reactions;
use crate::xmpp::stanza::{Message, MessageType};
use crate::xmpp::xml::Element;

/// What a text said in a room is, besides its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoomText<'a> {
    /// The message it answers (XEP-0461).
    pub reply: Option<&'a ReplyRef>,
    /// The id of our message it corrects (XEP-0308): always the first one's.
    pub replaces: Option<&'a str>,
}

impl Session {
    /// Says `body` in `room`, or privately to the occupant `to_nick`, as a reply or a
    /// correction when `text` says; returns its id (also its origin id).
    pub fn send_room_text(
        &mut self,
        room: &BareJid,
        to_nick: Option<&str>,
        body: &str,
        text: RoomText<'_>,
    ) -> Result<String, ApiMisuse> {
        if body.trim().is_empty() {
            return Err(ApiMisuse::EmptyBody);
        }
        self.send_to_room(room, to_nick, |message| {
            message.body = Some(body.to_owned());
            // An occupant's client shows our state in the room; a private line carries none.
            message.chat_state = to_nick.is_none().then_some(ChatState::Active);
            if let Some(reply) = text.reply {
                attach_reply(message, body, reply);
            }
            message.replace = text.replaces.map(str::to_owned);
        })
    }

    /// Retracts our line `id` in `room` (or in the private conversation with `to_nick`).
    pub fn send_room_retraction(
        &mut self,
        room: &BareJid,
        to_nick: Option<&str>,
        id: &str,
    ) -> Result<String, ApiMisuse> {
        self.send_to_room(room, to_nick, |message| {
            message.store_hint = true;
            attach_retraction(message, id);
        })
    }

    /// Sets our reactions to the line `id` to `emojis` (the whole set; empty withdraws them).
    pub fn send_room_reactions(
        &mut self,
        room: &BareJid,
        to_nick: Option<&str>,
        id: &str,
        emojis: &[String],
    ) -> Result<String, ApiMisuse> {
        self.send_to_room(room, to_nick, |message| {
            message.store_hint = true;
            message.reactions = Some(Reactions::new(id, emojis.iter().cloned()));
        })
    }

    /// A message to `room` (or one of its occupants), `extend`ed by the caller, with an origin
    /// id equal to its id: the room's reflection carries it back, and corrections name it.
    pub(super) fn send_to_room(
        &mut self,
        room: &BareJid,
        to_nick: Option<&str>,
        extend: impl FnOnce(&mut Message),
    ) -> Result<String, ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        let (to, kind) = match to_nick {
            None => (Jid::Bare(room.clone()), MessageType::Groupchat),
            Some(nick) => (
                Jid::Full(
                    room.with_resource(nick)
                        .map_err(|_| ApiMisuse::InvalidNick)?,
                ),
                MessageType::Chat,
            ),
        };
        let id = self.next_id();
        let mut message = Message {
            to: Some(to),
            id: Some(id.clone()),
            kind,
            origin_id: Some(id.clone()),
            ..Message::default()
        };
        extend(&mut message);
        let mut element = Element::from(&message);
        if to_nick.is_some() {
            element.push_child(Element::new("x", ns::MUC_USER));
        }
        self.transmit(&element);
        Ok(id)
    }
}
