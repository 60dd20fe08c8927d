//! Message carbons (XEP-0280): copies of messages our other devices sent or received.

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// Which way the copied message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Another device of ours received it.
    Received,
    /// Another device of ours sent it.
    Sent,
}

/// The carbon in a message, if it is one: its direction and the copied `<message/>`.
pub fn unwrap(message: &Element) -> Option<(Direction, &Element)> {
    let (direction, wrapper) = if let Some(w) = message.get_child("received", ns::CARBONS) {
        (Direction::Received, w)
    } else {
        (Direction::Sent, message.get_child("sent", ns::CARBONS)?)
    };
    let inner = wrapper
        .get_child("forwarded", ns::FORWARD)?
        .get_child("message", ns::CLIENT)?;
    Some((direction, inner))
}

/// The request that turns carbons on for this session (XEP-0280 §4).
pub fn enable() -> Element {
    Element::new("enable", ns::CARBONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_sent_and_received_copies() {
        let sent = Element::parse(r#"<message xmlns="jabber:client" from="alice@localhost"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" to="bob@localhost" from="alice@localhost/phone" type="chat" id="m1"><body>hi</body></message></forwarded></sent></message>"#).unwrap();
        let (direction, inner) = unwrap(&sent).unwrap();
        assert_eq!(direction, Direction::Sent);
        assert_eq!(inner.get_attr("id"), Some("m1"));
        let plain =
            Element::parse(r#"<message xmlns="jabber:client"><body>hi</body></message>"#).unwrap();
        assert_eq!(unwrap(&plain), None);
    }
}
