//! Message delivery receipts (XEP-0184): `<request/>` in a message, `<received id=…/>` back.

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The receipt-related content of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Receipt {
    /// The sender asks for a receipt (XEP-0184 §5.1).
    pub requested: bool,
    /// This message acknowledges the message with this id (XEP-0184 §5.2).
    pub received_id: Option<String>,
}

impl Receipt {
    /// Reads the receipt elements of a message.
    pub fn from_message(message: &Element) -> Receipt {
        Receipt {
            requested: message.get_child("request", ns::RECEIPTS).is_some(),
            received_id: message
                .get_child("received", ns::RECEIPTS)
                .and_then(|r| r.get_attr("id"))
                .filter(|id| !id.is_empty())
                .map(str::to_owned),
        }
    }
}

/// `<request xmlns="urn:xmpp:receipts"/>`.
pub fn request() -> Element {
    Element::new("request", ns::RECEIPTS)
}

/// `<received xmlns="urn:xmpp:receipts" id="…"/>`.
pub fn received(id: &str) -> Element {
    Element::new("received", ns::RECEIPTS).attr("id", id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requests_and_acknowledgements() {
        let m = Element::parse(r#"<message xmlns="jabber:client"><body>x</body><request xmlns="urn:xmpp:receipts"/></message>"#).unwrap();
        assert_eq!(
            Receipt::from_message(&m),
            Receipt {
                requested: true,
                received_id: None
            }
        );
        let ack = Element::parse(r#"<message xmlns="jabber:client"><received xmlns="urn:xmpp:receipts" id="m1"/></message>"#).unwrap();
        assert_eq!(
            Receipt::from_message(&ack).received_id.as_deref(),
            Some("m1")
        );
        assert_eq!(
            received("m1").to_string(),
            r#"<received xmlns="urn:xmpp:receipts" id="m1"/>"#
        );
    }
}
