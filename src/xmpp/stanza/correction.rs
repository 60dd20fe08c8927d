//! Last message correction (XEP-0308): `<replace id=…/>` says this message's body replaces the
//! one of message `id` (the original's id, even for a correction of a correction, §4).

use super::non_empty_attr;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The id of the message this one corrects (XEP-0308 §3), if it is a correction.
pub fn replace_id(message: &Element) -> Option<String> {
    non_empty_attr(message.get_child("replace", ns::CORRECTION)?, "id")
}

/// `<replace xmlns="urn:xmpp:message-correct:0" id="…"/>`.
pub fn replace(id: &str) -> Element {
    Element::new("replace", ns::CORRECTION).attr("id", id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

    #[test]
    fn reads_and_writes_a_correction() {
        let m =
            message(r#"<body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#);
        assert_eq!(replace_id(&m).as_deref(), Some("m1"));
        assert_eq!(
            replace("m1").to_string(),
            r#"<replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#
        );
        assert_eq!(
            replace_id(&message(&replace("m1").to_string())).as_deref(),
            Some("m1")
        );
    }

    #[test]
    fn a_correction_without_an_id_corrects_nothing() {
        let empty = message(r#"<replace xmlns="urn:xmpp:message-correct:0" id=""/>"#);
        assert_eq!(replace_id(&empty), None);
        let missing = message(r#"<replace xmlns="urn:xmpp:message-correct:0"/>"#);
        assert_eq!(replace_id(&missing), None);
    }
}
