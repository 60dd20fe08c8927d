//! Stream features (RFC 6120 §4.3.2): what the server offers at each stage of the negotiation,
//! read once into plain fields.

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// `<stream:features/>`, as far as Palaver cares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StreamFeatures {
    /// SASL mechanisms offered (RFC 6120 §6.4.1), in the server's order.
    pub mechanisms: Vec<String>,
    /// STARTTLS with `<required/>` (§5.3.1): impossible over WebSocket (RFC 7395 §3.7).
    pub starttls_required: bool,
    /// Resource binding (§7.4).
    pub bind: bool,
    /// The legacy session request, when not marked `<optional/>` (RFC 3921 §3).
    pub session_required: bool,
    /// XEP-0198 stream management.
    pub stream_management: bool,
    /// Roster versioning (RFC 6121 §2.6.1).
    pub roster_versioning: bool,
    /// In-band registration (XEP-0077 §8).
    pub register: bool,
}

impl TryFrom<&Element> for StreamFeatures {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<StreamFeatures, ParseError> {
        if !e.is("features", ns::STREAM) {
            return Err(ParseError::WrongElement {
                expected: "features",
            });
        }
        Ok(StreamFeatures {
            mechanisms: e
                .get_child("mechanisms", ns::SASL)
                .map(|m| {
                    m.children()
                        .filter(|c| c.is("mechanism", ns::SASL))
                        .map(|c| c.text_content().trim().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            starttls_required: e
                .get_child("starttls", ns::TLS)
                .is_some_and(|tls| tls.get_child("required", ns::TLS).is_some()),
            bind: e.get_child("bind", ns::BIND).is_some(),
            session_required: e
                .get_child("session", ns::SESSION)
                .is_some_and(|s| s.get_child("optional", ns::SESSION).is_none()),
            stream_management: e.get_child("sm", ns::SM).is_some(),
            roster_versioning: e.get_child("ver", ns::ROSTER_VER).is_some(),
            register: e.get_child("register", ns::REGISTER_FEATURE).is_some(),
        })
    }
}

impl From<&StreamFeatures> for Element {
    fn from(f: &StreamFeatures) -> Element {
        let mut e = Element::new("features", ns::STREAM);
        if !f.mechanisms.is_empty() {
            let mut mechanisms = Element::new("mechanisms", ns::SASL);
            for name in &f.mechanisms {
                mechanisms.push_child(Element::new("mechanism", ns::SASL).text(name.as_str()));
            }
            e.push_child(mechanisms);
        }
        if f.starttls_required {
            e.push_child(
                Element::new("starttls", ns::TLS).child(Element::new("required", ns::TLS)),
            );
        }
        let flags = [
            (f.bind, "bind", ns::BIND),
            (f.session_required, "session", ns::SESSION),
            (f.stream_management, "sm", ns::SM),
            (f.roster_versioning, "ver", ns::ROSTER_VER),
            (f.register, "register", ns::REGISTER_FEATURE),
        ];
        for (_, name, namespace) in flags.into_iter().filter(|(on, ..)| *on) {
            e.push_child(Element::new(name, namespace));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_features_before_and_after_authentication() {
        let before = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms><register xmlns="http://jabber.org/features/iq-register"/></stream:features>"#;
        let f = StreamFeatures::try_from(&Element::parse(before).unwrap()).unwrap();
        assert_eq!(f.mechanisms, ["SCRAM-SHA-1", "PLAIN"]);
        assert!(f.register && !f.bind && !f.starttls_required);
        let after = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"><optional/></session><sm xmlns="urn:xmpp:sm:3"/><ver xmlns="urn:xmpp:features:rosterver"/></stream:features>"#;
        let f = StreamFeatures::try_from(&Element::parse(after).unwrap()).unwrap();
        assert!(f.bind && f.stream_management && f.roster_versioning);
        assert!(!f.session_required, "an optional session is not required");
        assert_eq!(StreamFeatures::try_from(&Element::from(&f)), Ok(f));
    }

    #[test]
    fn required_starttls_is_noticed() {
        let xml = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"><required/></starttls></stream:features>"#;
        let f = StreamFeatures::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert!(f.starttls_required);
        let optional = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"/></stream:features>"#;
        let f = StreamFeatures::try_from(&Element::parse(optional).unwrap()).unwrap();
        assert!(!f.starttls_required);
    }
}
