//! Messages (RFC 6121 §5): type, body, thread; XEP-0359 unique and stable ids.

use super::chatstates::ChatState;
use super::receipts::{self, Receipt};
use super::{jid_attr, ParseError, StanzaError};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// RFC 6121 §5.2.2: the `type` attribute; unknown values mean `normal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageType {
    Chat,
    Error,
    Groupchat,
    Headline,
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
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub id: Option<String>,
    pub kind: MessageType,
    pub body: Option<String>,
    pub thread: Option<String>,
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
    fn unknown_type_is_normal() {
        let m = Message::try_from(
            &Element::parse(r#"<message xmlns="jabber:client" type="weird"/>"#).unwrap(),
        )
        .unwrap();
        assert_eq!(m.kind, MessageType::Normal);
        assert_eq!(m.body, None);
    }
}
