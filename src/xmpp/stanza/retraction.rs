//! Message retraction (XEP-0424): `<retract id=…/>` withdraws message `id` (its origin id in a
//! 1:1 chat, XEP-0359).

use super::non_empty_attr;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The id of the message this one retracts (XEP-0424 §3), if it is a retraction.
pub fn retract_id(message: &Element) -> Option<String> {
    non_empty_attr(message.get_child("retract", ns::RETRACT)?, "id")
}

/// `<retract xmlns="urn:xmpp:message-retract:1" id="…"/>`.
pub fn retract(id: &str) -> Element {
    Element::new("retract", ns::RETRACT).attr("id", id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

    #[test]
    fn reads_and_writes_a_retraction() {
        let m = message(r#"<retract xmlns="urn:xmpp:message-retract:1" id="o1"/>"#);
        assert_eq!(retract_id(&m).as_deref(), Some("o1"));
        assert_eq!(
            retract("o1").to_string(),
            r#"<retract xmlns="urn:xmpp:message-retract:1" id="o1"/>"#
        );
        assert_eq!(retract_id(&message("<body>no</body>")), None);
        assert_eq!(
            retract_id(&message(
                r#"<retract xmlns="urn:xmpp:message-retract:0" id="o1"/>"#
            )),
            None,
            "the old namespace is another protocol"
        );
    }
}
