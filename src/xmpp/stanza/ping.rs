//! XMPP ping (XEP-0199): `<ping/>` in an IQ get; an empty result is the answer.

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// `<ping xmlns="urn:xmpp:ping"/>`.
pub fn ping() -> Element {
    Element::new("ping", ns::PING)
}

/// Whether an IQ payload is a ping.
pub fn is_ping(payload: &Element) -> bool {
    payload.is("ping", ns::PING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_recognises_a_ping() {
        assert_eq!(ping().to_string(), r#"<ping xmlns="urn:xmpp:ping"/>"#);
        assert!(is_ping(
            &Element::parse(r#"<ping xmlns='urn:xmpp:ping'/>"#).unwrap()
        ));
        assert!(!is_ping(
            &Element::parse(r#"<ping xmlns='urn:xmpp:ping:1'/>"#).unwrap()
        ));
    }
}
