//! Messages (RFC 6121 §5): type, body, thread; XEP-0359 unique and stable ids; the extensions
//! a chat message carries (receipts, chat states, markers, corrections, retractions, replies,
//! reactions, fallbacks, delay), each read by its own module.

use super::chatstates::ChatState;
use super::delay::Delay;
use super::fallback::Fallback;
use super::markers::{self, Marker};
use super::reactions::Reactions;
use super::receipts::{self, Receipt};
use super::reply::Reply;
use super::{correction, hints, jid_attr, retraction, ParseError, StanzaError};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// RFC 6121 §5.2.2: the `type` attribute; unknown values mean `normal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageType {
    /// One-to-one conversation: what Palaver sends.
    Chat,
    /// A bounce of a message we sent (RFC 6121 §5.2.2): carries an `<error/>`.
    Error,
    /// Multi-user chat (XEP-0045): taken from the rooms we are in (`session/muc.rs`), dropped
    /// from any other sender.
    Groupchat,
    /// An alert or news item: shown, never answered with a receipt.
    Headline,
    /// A standalone message (also what a missing or unknown `type` means).
    #[default]
    Normal,
}

impl MessageType {
    fn as_str(self) -> &'static str {
        match self {
            MessageType::Chat => "chat",
            MessageType::Error => "error",
            MessageType::Groupchat => "groupchat",
            MessageType::Headline => "headline",
            MessageType::Normal => "normal",
        }
    }
}

/// A message stanza.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// The sender; the server stamps it on what it routes to us.
    pub from: Option<Jid>,
    /// The recipient.
    pub to: Option<Jid>,
    /// The sender's stanza id: what receipts, markers and corrections name.
    pub id: Option<String>,
    /// The `type` attribute.
    pub kind: MessageType,
    /// The text, as sent (fallback parts included).
    pub body: Option<String>,
    /// The conversation thread (RFC 6121 §5.2.5), if any.
    pub thread: Option<String>,
    /// Why it bounced, for `type='error'`.
    pub error: Option<StanzaError>,
    /// XEP-0085: the sender's chat state (typing and so on).
    pub chat_state: Option<ChatState>,
    /// XEP-0184: a receipt request, or the receipt for one of our messages.
    pub receipt: Receipt,
    /// XEP-0359 `<origin-id/>`: the sender's own id for it, kept by every copy (carbons,
    /// archive), so copies can be recognised.
    pub origin_id: Option<String>,
    /// XEP-0359 `<stanza-id/>`s as `(by, id)`: the id an archive gave the message. Trust one only
    /// when `by` is the archive you would query (§5: anyone can add one).
    pub stanza_ids: Vec<(String, String)>,
    /// XEP-0333: the sender asks for chat markers.
    pub markable: bool,
    /// XEP-0333: a marker for an earlier message.
    pub marker: Option<Marker>,
    /// XEP-0308: this body replaces the one of the message with this id.
    pub replace: Option<String>,
    /// XEP-0424: the sender retracts the message with this id.
    pub retract: Option<String>,
    /// XEP-0461: the message this one answers.
    pub reply: Option<Reply>,
    /// XEP-0444: the sender's reactions to an earlier message.
    pub reactions: Option<Reactions>,
    /// XEP-0428: parts of the body only meant for clients without an extension.
    pub fallbacks: Vec<Fallback>,
    /// XEP-0334 `<store/>`: archive it even without a body of its own.
    pub store_hint: bool,
    /// XEP-0203 delays, in document order: who delayed it (offline storage: our server) and
    /// when it was first sent. The session trusts only the last one, and only from our server.
    pub delays: Vec<Delay>,
    /// XEP-0393 §6 `<unstyled/>`: show the body without styling.
    pub unstyled: bool,
}

impl Message {
    /// The id `archive` gave this message, if it says so (XEP-0359 §5).
    pub fn stanza_id_by(&self, archive: &str) -> Option<&str> {
        self.stanza_ids
            .iter()
            .find(|(by, _)| by == archive)
            .map(|(_, id)| id.as_str())
    }
}

impl TryFrom<&Element> for Message {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Message, ParseError> {
        if !e.is("message", ns::CLIENT) {
            return Err(ParseError::WrongElement {
                expected: "message",
            });
        }
        let kind = match e.get_attr("type") {
            Some("chat") => MessageType::Chat,
            Some("error") => MessageType::Error,
            Some("groupchat") => MessageType::Groupchat,
            Some("headline") => MessageType::Headline,
            _ => MessageType::Normal,
        };
        Ok(Message {
            from: jid_attr(e, "from")?,
            to: jid_attr(e, "to")?,
            id: e.get_attr("id").map(str::to_owned),
            kind,
            body: e.get_child("body", ns::CLIENT).map(Element::text_content),
            thread: e.get_child("thread", ns::CLIENT).map(Element::text_content),
            error: e
                .get_child("error", ns::CLIENT)
                .map(StanzaError::try_from)
                .transpose()?,
            chat_state: ChatState::from_message(e),
            receipt: Receipt::from_message(e),
            origin_id: e
                .get_child("origin-id", ns::SID)
                .and_then(|o| o.get_attr("id"))
                .map(str::to_owned),
            stanza_ids: e
                .children()
                .filter(|c| c.is("stanza-id", ns::SID))
                .filter_map(|c| Some((c.get_attr("by")?.to_owned(), c.get_attr("id")?.to_owned())))
                .collect(),
            markable: Marker::requested(e),
            marker: Marker::from_message(e),
            replace: correction::replace_id(e),
            retract: retraction::retract_id(e),
            reply: Reply::from_message(e),
            reactions: Reactions::from_message(e),
            fallbacks: Fallback::all_in(e),
            store_hint: hints::has_store(e),
            delays: Delay::all_in(e),
            unstyled: e.get_child("unstyled", ns::STYLING).is_some(),
        })
    }
}

impl From<&Message> for Element {
    fn from(m: &Message) -> Element {
        let mut e = Element::new("message", ns::CLIENT)
            .attr_opt("to", m.to.as_ref().map(Jid::to_string))
            .attr_opt("id", m.id.as_deref())
            .attr("type", m.kind.as_str());
        if let Some(body) = &m.body {
            e.push_child(Element::new("body", ns::CLIENT).text(body.as_str()));
        }
        if let Some(thread) = &m.thread {
            e.push_child(Element::new("thread", ns::CLIENT).text(thread.as_str()));
        }
        if let Some(state) = m.chat_state {
            e.push_child(state.into());
        }
        if m.receipt.requested {
            e.push_child(receipts::request());
        }
        if let Some(id) = &m.receipt.received_id {
            e.push_child(receipts::received(id));
        }
        if let Some(id) = &m.origin_id {
            e.push_child(Element::new("origin-id", ns::SID).attr("id", id.as_str()));
        }
        if m.markable {
            e.push_child(markers::markable());
        }
        if let Some(marker) = &m.marker {
            e.push_child(marker.into());
        }
        if let Some(id) = &m.replace {
            e.push_child(correction::replace(id));
        }
        if let Some(id) = &m.retract {
            e.push_child(retraction::retract(id));
        }
        if let Some(reply) = &m.reply {
            e.push_child(reply.into());
        }
        if let Some(reactions) = &m.reactions {
            e.push_child(reactions.into());
        }
        for fallback in &m.fallbacks {
            e.push_child(fallback.into());
        }
        if m.store_hint {
            e.push_child(hints::store());
        }
        if m.unstyled {
            e.push_child(Element::new("unstyled", ns::STYLING));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_chat_message_and_round_trips() {
        let xml = r#"<message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost" id="m1" type="chat"><body>Hi &lt;3</body><thread>t1</thread></message>"#;
        let m = Message::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(m.kind, MessageType::Chat);
        assert_eq!(m.body.as_deref(), Some("Hi <3"));
        assert_eq!(m.thread.as_deref(), Some("t1"));
        let again = Message::try_from(&Element::from(&m)).unwrap();
        assert_eq!(again.body, m.body);
        assert_eq!(again.to, m.to);
    }

    #[test]
    fn reads_origin_and_stanza_ids() {
        let xml = r#"<message xmlns="jabber:client" from="bob@localhost/phone" id="m1" type="chat"><body>hi</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/><stanza-id xmlns="urn:xmpp:sid:0" by="mallory@evil" id="fake"/><stanza-id xmlns="urn:xmpp:sid:0" by="alice@localhost" id="S1"/></message>"#;
        let m = Message::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(m.origin_id.as_deref(), Some("o1"));
        assert_eq!(m.stanza_id_by("alice@localhost"), Some("S1"));
        assert_eq!(m.stanza_id_by("bob@localhost"), None);
        let again = Message::try_from(&Element::from(&m)).unwrap();
        assert_eq!(again.origin_id.as_deref(), Some("o1"));
        assert!(
            again.stanza_ids.is_empty(),
            "stanza ids are the server's to add"
        );
    }

    #[test]
    fn reads_the_extensions_of_a_reply_and_round_trips_them() {
        let xml = r#"<message xmlns="jabber:client" from="bob@localhost/phone" id="m2" type="chat"><body>&gt; hi
yes</body><markable xmlns="urn:xmpp:chat-markers:0"/><reply xmlns="urn:xmpp:reply:0" to="alice@localhost/web" id="m1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="5"/></fallback><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:00Z"/><unstyled xmlns="urn:xmpp:styling:0"/></message>"#;
        let m = Message::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert!(m.markable);
        assert_eq!(m.reply.as_ref().map(|r| r.id.as_str()), Some("m1"));
        assert_eq!(m.fallbacks.len(), 1);
        assert_eq!(m.delays.len(), 1);
        assert_eq!(m.delays[0].stamp.to_string(), "2026-11-24T10:00:00Z");
        assert!(m.unstyled);
        let again = Message::try_from(&Element::from(&m)).unwrap();
        assert_eq!(
            (again.markable, again.reply, again.fallbacks, again.unstyled),
            (m.markable, m.reply, m.fallbacks, m.unstyled)
        );
    }

    #[test]
    fn reads_corrections_retractions_reactions_and_markers() {
        let parse = |inner: &str| {
            Message::try_from(
                &Element::parse(&format!(
                    r#"<message xmlns="jabber:client" type="chat">{inner}</message>"#
                ))
                .unwrap(),
            )
            .unwrap()
        };
        let m = parse(r#"<body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#);
        assert_eq!(m.replace.as_deref(), Some("m1"));
        let m = parse(
            r#"<retract xmlns="urn:xmpp:message-retract:1" id="m1"/><store xmlns="urn:xmpp:hints"/>"#,
        );
        assert_eq!(m.retract.as_deref(), Some("m1"));
        assert!(m.store_hint);
        let m = parse(
            r#"<reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction></reactions>"#,
        );
        assert_eq!(m.reactions.map(|r| r.emojis), Some(vec!["👍".to_owned()]));
        let m = parse(r#"<displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/>"#);
        assert_eq!(m.marker, Some(Marker::Displayed("m1".into())));
    }

    #[test]
    fn unknown_type_is_normal() {
        let m = Message::try_from(
            &Element::parse(r#"<message xmlns="jabber:client" type="weird"/>"#).unwrap(),
        )
        .unwrap();
        assert_eq!(m.kind, MessageType::Normal);
        assert_eq!(m.body, None);
    }
}
