//! Chat markers (XEP-0333): a sender marks a message `<markable/>`; the recipient's client says
//! it was `<displayed/>` (read). A marker for one message covers every earlier one (§4).

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// A marker a message carries, pointing back at an earlier message by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// The recipient's client received it (we rely on XEP-0184 receipts for that state).
    Received(String),
    /// The recipient saw it: shown as "read".
    Displayed(String),
    /// The recipient acted on it (a stronger "read").
    Acknowledged(String),
}

impl Marker {
    /// The marker a message carries, if any (with a non-empty id).
    pub fn from_message(message: &Element) -> Option<Marker> {
        message
            .children()
            .filter(|c| c.ns() == ns::MARKERS)
            .find_map(|c| {
                let id = c.get_attr("id").filter(|id| !id.is_empty())?.to_owned();
                match c.name() {
                    "received" => Some(Marker::Received(id)),
                    "displayed" => Some(Marker::Displayed(id)),
                    "acknowledged" => Some(Marker::Acknowledged(id)),
                    _ => None,
                }
            })
    }

    /// Whether a message asks for markers (§3).
    pub fn requested(message: &Element) -> bool {
        message.get_child("markable", ns::MARKERS).is_some()
    }
}

impl From<&Marker> for Element {
    fn from(marker: &Marker) -> Element {
        let (name, id) = match marker {
            Marker::Received(id) => ("received", id),
            Marker::Displayed(id) => ("displayed", id),
            Marker::Acknowledged(id) => ("acknowledged", id),
        };
        Element::new(name, ns::MARKERS).attr("id", id.as_str())
    }
}

/// `<markable xmlns="urn:xmpp:chat-markers:0"/>`.
pub fn markable() -> Element {
    Element::new("markable", ns::MARKERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_displayed_marker_and_writes_it_back() {
        let xml = r#"<message xmlns="jabber:client" from="bob@localhost/phone"><displayed xmlns="urn:xmpp:chat-markers:0" id="m7"/></message>"#;
        let marker = Marker::from_message(&Element::parse(xml).unwrap());
        assert_eq!(marker, Some(Marker::Displayed("m7".into())));
        assert_eq!(
            Element::from(&Marker::Displayed("m7".into())).to_string(),
            r#"<displayed xmlns="urn:xmpp:chat-markers:0" id="m7"/>"#
        );
    }

    #[test]
    fn a_marker_without_an_id_is_no_marker() {
        let xml = r#"<message xmlns="jabber:client"><displayed xmlns="urn:xmpp:chat-markers:0"/></message>"#;
        assert_eq!(Marker::from_message(&Element::parse(xml).unwrap()), None);
    }

    #[test]
    fn reads_markable() {
        let xml = r#"<message xmlns="jabber:client"><body>hi</body><markable xmlns="urn:xmpp:chat-markers:0"/></message>"#;
        assert!(Marker::requested(&Element::parse(xml).unwrap()));
        assert!(!Marker::requested(
            &Element::parse(r#"<message xmlns="jabber:client"/>"#).unwrap()
        ));
    }
}
