//! Resource binding (RFC 6120 §7) and the legacy session request (RFC 3921 §3) some servers
//! still ask for after it.

use super::ParseError;
use crate::xmpp::jid::FullJid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// Our `<bind/>` request: a resource of our choosing, or one the server assigns (§7.6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BindRequest {
    /// The resource asked for; `None` lets the server name one.
    pub resource: Option<String>,
}

impl From<&BindRequest> for Element {
    fn from(request: &BindRequest) -> Element {
        let mut bind = Element::new("bind", ns::BIND);
        if let Some(resource) = &request.resource {
            bind.push_child(Element::new("resource", ns::BIND).text(resource.as_str()));
        }
        bind
    }
}

/// The server's answer (§7.6.1): the full JID it bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Our address for this session.
    pub jid: FullJid,
}

impl TryFrom<&Element> for Bound {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Bound, ParseError> {
        if !e.is("bind", ns::BIND) {
            return Err(ParseError::WrongElement { expected: "bind" });
        }
        let jid = e
            .get_child("jid", ns::BIND)
            .ok_or(ParseError::BadStructure(
                "a bind result must carry a <jid/>",
            ))?
            .text_content();
        Ok(Bound {
            jid: FullJid::parse(jid.trim()).map_err(ParseError::BadJid)?,
        })
    }
}

impl From<&Bound> for Element {
    fn from(bound: &Bound) -> Element {
        Element::new("bind", ns::BIND)
            .child(Element::new("jid", ns::BIND).text(bound.jid.to_string()))
    }
}

/// The legacy `<session/>` request (RFC 3921 §3).
pub fn session() -> Element {
    Element::new("session", ns::SESSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_a_resource_or_lets_the_server_choose() {
        let ours = BindRequest {
            resource: Some("web".into()),
        };
        assert_eq!(
            Element::from(&ours).to_string(),
            r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>web</resource></bind>"#
        );
        assert_eq!(
            Element::from(&BindRequest::default()).to_string(),
            r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>"#
        );
    }

    #[test]
    fn reads_the_bound_jid_and_round_trips() {
        let xml = r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>juliet@im.example.com/4db06f06-1ea4-11dc-aca3-000bcdc70b26</jid></bind>"#;
        let bound = Bound::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(bound.jid.resource(), "4db06f06-1ea4-11dc-aca3-000bcdc70b26");
        assert_eq!(Bound::try_from(&Element::from(&bound)), Ok(bound));
        let bare = r#"<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>juliet@im.example.com</jid></bind>"#;
        assert!(Bound::try_from(&Element::parse(bare).unwrap()).is_err());
    }
}
