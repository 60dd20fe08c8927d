//! Commands that write into a conversation: messages, replies (XEP-0461), corrections
//! (XEP-0308), retractions (XEP-0424), reactions (XEP-0444), read markers (XEP-0333) and chat
//! states (XEP-0085). Those that write a message return the stanza id it went out with, so the
//! store can match the receipts, markers and acks that come back.

use super::Session;
use crate::xmpp::content::{self, ReplyRef, RETRACTION_FALLBACK};
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::stanza::chatstates::ChatState;
use crate::xmpp::stanza::fallback::Fallback;
use crate::xmpp::stanza::markers::Marker;
use crate::xmpp::stanza::reactions::Reactions;
use crate::xmpp::stanza::receipts::Receipt;
use crate::xmpp::stanza::reply::Reply;
use crate::xmpp::stanza::{Message, MessageType};
use crate::xmpp::xml::Element;

/// How many of our recent message ids we remember to match receipts against.
const RECEIPT_MEMORY: usize = 1000;

impl Session {
    /// Sends a chat message to `to`; returns the stanza id it was sent with.
    pub fn send_message(&mut self, to: &Jid, body: &str) -> Result<String, ApiMisuse> {
        self.send_text(to, body, |_| {})
    }

    /// Sends `body` as an answer to the message `reply` names (XEP-0461): the quote goes first
    /// as a fallback (XEP-0428) for clients that do not know replies.
    pub fn send_reply(
        &mut self,
        to: &Jid,
        body: &str,
        reply: &ReplyRef,
    ) -> Result<String, ApiMisuse> {
        if body.trim().is_empty() {
            return Err(ApiMisuse::EmptyBody);
        }
        self.send_text(to, body, |message| attach_reply(message, body, reply))
    }

    /// Replaces the text of our message `original_id` with `body` (XEP-0308). `original_id` is
    /// always the first message's id, also when correcting a correction (§4).
    pub fn send_correction(
        &mut self,
        to: &Jid,
        original_id: &str,
        body: &str,
    ) -> Result<String, ApiMisuse> {
        self.send_text(to, body, |message| {
            message.replace = Some(original_id.to_owned());
        })
    }

    /// Retracts our message `origin_id` (XEP-0424 §4), with the fallback body and a store
    /// hint, so the archive keeps the retraction too.
    pub fn send_retraction(&mut self, to: &Jid, origin_id: &str) -> Result<String, ApiMisuse> {
        self.send_change(to, |message| attach_retraction(message, origin_id))
    }

    /// Sets our reactions to message `message_id` to `emojis` (XEP-0444 §3: the whole set,
    /// empty to withdraw them), stored in the archive like messages.
    pub fn send_reactions(
        &mut self,
        to: &Jid,
        message_id: &str,
        emojis: &[String],
    ) -> Result<String, ApiMisuse> {
        self.send_change(to, |message| {
            message.reactions = Some(Reactions::new(message_id, emojis.iter().cloned()));
        })
    }

    /// Tells `to` we have seen their message `id` and everything before it (XEP-0333 §4), but
    /// only when they may see our presence anyway: like receipts, a marker says we are online.
    /// Returns whether a marker went out.
    pub fn send_displayed(&mut self, to: &Jid, id: &str) -> Result<bool, ApiMisuse> {
        self.ensure_online()?;
        if !self.presence_allowed.contains(to.bare()) {
            return Ok(false);
        }
        let message = Message {
            to: Some(Jid::Bare(to.bare().clone())),
            id: Some(self.next_id()),
            kind: MessageType::Chat,
            marker: Some(Marker::Displayed(id.to_owned())),
            ..Message::default()
        };
        self.transmit(&Element::from(&message));
        Ok(true)
    }

    /// Tells `to` what we are doing in the conversation: typing, paused, … (XEP-0085 §5).
    pub fn send_chat_state(&mut self, to: &Jid, state: ChatState) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let message = Message {
            to: Some(to.clone()),
            kind: MessageType::Chat,
            chat_state: Some(state),
            ..Message::default()
        };
        self.transmit(&Element::from(&message));
        Ok(())
    }

    /// A change to an earlier message (a retraction, reactions), `extend`ed by the caller: no
    /// receipt or marker asked for, but an origin id of its own and a store hint (XEP-0334), so
    /// the archive keeps it like a message and other devices catching up see it.
    fn send_change(
        &mut self,
        to: &Jid,
        extend: impl FnOnce(&mut Message),
    ) -> Result<String, ApiMisuse> {
        self.ensure_online()?;
        let id = self.next_id();
        let mut message = Message {
            to: Some(to.clone()),
            id: Some(id.clone()),
            kind: MessageType::Chat,
            origin_id: Some(id.clone()),
            store_hint: true,
            ..Message::default()
        };
        extend(&mut message);
        self.transmit(&Element::from(&message));
        Ok(id)
    }

    /// A text message with receipts and markers asked for, `extend`ed by the caller.
    fn send_text(
        &mut self,
        to: &Jid,
        body: &str,
        extend: impl FnOnce(&mut Message),
    ) -> Result<String, ApiMisuse> {
        self.ensure_online()?;
        if body.trim().is_empty() {
            return Err(ApiMisuse::EmptyBody);
        }
        let id = self.next_id();
        let mut message = Message {
            to: Some(to.clone()),
            id: Some(id.clone()),
            kind: MessageType::Chat,
            body: Some(body.to_owned()),
            chat_state: Some(ChatState::Active),
            receipt: Receipt {
                requested: true,
                received_id: None,
            },
            // XEP-0359: the same id travels with every copy (carbons, archive).
            origin_id: Some(id.clone()),
            markable: true,
            ..Message::default()
        };
        extend(&mut message);
        self.transmit(&Element::from(&message));
        if self.sent_messages.len() == RECEIPT_MEMORY {
            self.sent_messages.pop_front();
        }
        self.sent_messages
            .push_back((id.clone(), to.bare().clone()));
        Ok(id)
    }
}

/// Makes `message` an answer to `reply`'s message (XEP-0461): its body is `answer` after the
/// quote, which a fallback (XEP-0428) marks for clients that show replies themselves.
pub(super) fn attach_reply(message: &mut Message, answer: &str, reply: &ReplyRef) {
    let quoted = reply.quote.clone().unwrap_or_default();
    message.body = Some(answer.to_owned());
    if !quoted.trim().is_empty() {
        let (full, range) = content::reply_body(&quoted, answer);
        message.body = Some(full);
        message.fallbacks.push(Fallback {
            for_ns: ns::REPLY.into(),
            ranges: vec![range],
        });
    }
    message.reply = Some(Reply {
        id: reply.id.clone(),
        to: reply.to.clone(),
    });
}

/// Makes `message` the retraction of `id` (XEP-0424 §4): the fallback body for clients that
/// do not know retractions, marked as such.
pub(super) fn attach_retraction(message: &mut Message, id: &str) {
    message.body = Some(RETRACTION_FALLBACK.to_owned());
    message.retract = Some(id.to_owned());
    message.fallbacks = vec![Fallback::whole(ns::RETRACT)];
}
