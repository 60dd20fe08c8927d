//! Messages (RFC 6121 §5): type, body, thread.

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
    fn unknown_type_is_normal() {
        let m = Message::try_from(
            &Element::parse(r#"<message xmlns="jabber:client" type="weird"/>"#).unwrap(),
        )
        .unwrap();
        assert_eq!(m.kind, MessageType::Normal);
        assert_eq!(m.body, None);
    }
}
