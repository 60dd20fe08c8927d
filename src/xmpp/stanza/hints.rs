//! Message processing hints (XEP-0334): `<store/>` asks the archive to keep a message that has
//! no body of its own (a reaction, a retraction).

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// Whether the message carries `<store/>` (XEP-0334 §4).
pub fn has_store(message: &Element) -> bool {
    message.get_child("store", ns::HINTS).is_some()
}

/// `<store xmlns="urn:xmpp:hints"/>`.
pub fn store() -> Element {
    Element::new("store", ns::HINTS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

    #[test]
    fn reads_and_writes_the_store_hint() {
        assert!(has_store(&message(&store().to_string())));
        assert!(!has_store(&message("<body>hi</body>")));
        assert_eq!(store().to_string(), r#"<store xmlns="urn:xmpp:hints"/>"#);
    }
}
