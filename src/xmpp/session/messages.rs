//! Messages that arrive: live ones, carbon copies (XEP-0280, only from our own account), their
//! receipts (XEP-0184, only from whom we sent the message to), and the receipts we send back
//! (only to contacts who may see our presence).

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::content::Content;
use crate::xmpp::event::{Event, IncomingMessage};
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::carbons::{self, Direction};
use crate::xmpp::stanza::date::DateTime;
use crate::xmpp::stanza::delay::{self, Delay};
use crate::xmpp::stanza::mam::ArchiveAnchor;
use crate::xmpp::stanza::receipts::Receipt;
use crate::xmpp::stanza::{Iq, Message, MessageType, StanzaError};
use crate::xmpp::xml::Element;

impl Session {
    /// XEP-0280 §4: ask for copies of what our other devices send and receive.
    pub(super) fn enable_carbons(&mut self) {
        self.send_request(
            |id| Iq::set(id, None, carbons::enable()),
            PendingIq::Carbons,
        );
    }

    /// Carbons are a comfort: a server without them is only worth a log line.
    pub(super) fn on_carbons_enabled(&mut self, answer: Answer) {
        if let Answer::Error(error) = answer {
            self.emit(Event::Dropped {
                reason: format!("carbons unavailable: {}", error.describe()),
            });
        }
    }

    /// The XEP-0203 stamp our own server put on a message (offline storage), if any. A server
    /// appends its `<delay/>` after whatever the sender wrote, so only the last one can be its,
    /// and only when it names our domain: a sender can write any `<delay/>`, even one "from"
    /// our server, but never after the server's own.
    fn server_delay(&self, delays: &[Delay]) -> Option<DateTime> {
        delay::appended_by(delays, |from| {
            matches!(from, Jid::Bare(server)
                if server.local().is_none() && server.domain() == self.config.jid.domain())
        })
    }

    /// XEP-0280 §11 and ARCHITECTURE.md, "Invariants": a carbon counts only when our own bare JID sent it; from
    /// anyone else it is a forgery that would put words in our mouth.
    pub(super) fn handle_carbon(&mut self, e: &Element) {
        let from_own_account = matches!(e.get_attr("from").map(Jid::parse), Some(Ok(Jid::Bare(b))) if b == self.config.jid);
        let Some((direction, inner)) = carbons::unwrap(e).filter(|_| from_own_account) else {
            self.emit(Event::Dropped {
                reason: "carbon copy not sent by our own account".into(),
            });
            return;
        };
        let message = match Message::try_from(inner) {
            Ok(message) => message,
            Err(err) => return self.drop_malformed("carbon copy", &err),
        };
        match direction {
            // An invitation another device of ours received: a card here too.
            Direction::Received if self.is_invitation(inner) => self.handle_invitation(inner),
            // Another device of ours received it; that device sends any receipt.
            Direction::Received => self.handle_message_with(message, false),
            Direction::Sent => {
                let content = Content::of(&message);
                let (Some(to), Some(content)) = (message.to, content) else {
                    return;
                };
                if message.kind == MessageType::Chat || message.kind == MessageType::Normal {
                    self.emit(Event::SentFromOtherDevice {
                        id: message.id,
                        origin_id: message.origin_id,
                        to,
                        content,
                    });
                }
            }
        }
    }

    pub(super) fn handle_message(&mut self, message: Message) {
        self.handle_message_with(message, true);
    }

    /// Processes a message; `may_send_receipt` is false for copies another device handles.
    pub(super) fn handle_message_with(&mut self, message: Message, may_send_receipt: bool) {
        let content = Content::of(&message);
        let Some(from) = message.from else {
            self.emit(Event::Dropped {
                reason: "message without a sender".into(),
            });
            return;
        };
        match message.kind {
            MessageType::Error => {
                let error = message
                    .error
                    .unwrap_or_else(StanzaError::service_unavailable);
                self.emit(Event::MessageError {
                    id: message.id,
                    from,
                    error,
                });
            }
            MessageType::Groupchat => {
                self.emit(Event::Dropped {
                    reason: "group chat message from a room we are not in".into(),
                });
            }
            MessageType::Chat | MessageType::Normal | MessageType::Headline => {
                if let Some(received_id) = &message.receipt.received_id {
                    self.handle_receipt(received_id, &from);
                }
                if let Some(state) = message.chat_state {
                    self.emit(Event::ChatState {
                        from: from.clone(),
                        state,
                    });
                }
                let archive_id = self.own_archive_id(&message.stanza_ids);
                let Some(content) = content else {
                    return;
                };
                if let Some(id) = &archive_id {
                    if !self.archive.catching_up {
                        self.archive.anchor = Some(ArchiveAnchor::After(id.clone()));
                    }
                }
                if may_send_receipt
                    && message.receipt.requested
                    && message.kind != MessageType::Headline
                    && matches!(content, Content::Text(_) | Content::Correction { .. })
                {
                    if let Some(id) = &message.id {
                        self.send_receipt(&from, id);
                    }
                }
                self.emit(Event::Message(IncomingMessage {
                    id: message.id,
                    origin_id: message.origin_id,
                    from,
                    kind: message.kind,
                    thread: message.thread,
                    archive_id,
                    stamp: self.server_delay(&message.delays),
                    content,
                }));
            }
        }
    }

    /// The id our own archive gave a message (XEP-0359 §5): a `<stanza-id by=…/>` naming our
    /// account, believed only once our account has said it archives (XEP-0313) or stamps
    /// stanza ids. Before that (or on a server that does neither) the sender could have
    /// written it, and planted the anchor the next catch-up starts from.
    fn own_archive_id(&self, stanza_ids: &[(String, String)]) -> Option<String> {
        if !self.archive.ids_trusted {
            return None;
        }
        let own = self.config.jid.to_string();
        stanza_ids
            .iter()
            .find(|(by, _)| *by == own)
            .map(|(_, id)| id.clone())
    }

    /// XEP-0184 §5.2: a receipt counts only from the one we sent that message to.
    pub(super) fn handle_receipt(&mut self, id: &str, from: &Jid) {
        let position = self
            .sent_messages
            .iter()
            .position(|(sent, to)| sent == id && to == from.bare());
        match position.and_then(|at| self.sent_messages.remove(at)) {
            Some((id, _)) => self.emit(Event::MessageDelivered {
                id,
                from: from.clone(),
            }),
            None => self.emit(Event::Dropped {
                reason: "receipt for a message we did not send them".into(),
            }),
        }
    }

    /// Acknowledges a message, but only to contacts who may see our presence anyway.
    pub(super) fn send_receipt(&mut self, to: &Jid, id: &str) {
        if !self.presence_allowed.contains(to.bare()) {
            return;
        }
        let receipt = Message {
            to: Some(to.clone()),
            id: Some(self.next_id()),
            kind: MessageType::Chat,
            receipt: Receipt {
                requested: false,
                received_id: Some(id.to_owned()),
            },
            ..Message::default()
        };
        self.transmit(&Element::from(&receipt));
    }
}
