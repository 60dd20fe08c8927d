//! Info/query stanzas (RFC 6120 §8.2.3): requests carry one payload; responses match by id.

use super::{jid_attr, ParseError, StanzaError};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// What an IQ carries, by type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IqPayload {
    /// A request to read something: the one child names what.
    Get(Element),
    /// A request to change something: the one child says what.
    Set(Element),
    /// The answer to a request, with its child if it carries one.
    Result(Option<Element>),
    /// The request failed (RFC 6120 §8.3).
    Error(StanzaError),
}

/// An IQ stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iq {
    /// The sender; `None` means our own server (or our account) for an incoming one.
    pub from: Option<Jid>,
    /// The recipient; `None` means our own server.
    pub to: Option<Jid>,
    /// Pairs a request with its answer; an answer must come from whom the request went to.
    pub id: String,
    /// What it asks or answers.
    pub payload: IqPayload,
}

impl Iq {
    /// A get request.
    pub fn get(id: impl Into<String>, to: Option<Jid>, payload: Element) -> Iq {
        Iq {
            from: None,
            to,
            id: id.into(),
            payload: IqPayload::Get(payload),
        }
    }

    /// A set request.
    pub fn set(id: impl Into<String>, to: Option<Jid>, payload: Element) -> Iq {
        Iq {
            from: None,
            to,
            id: id.into(),
            payload: IqPayload::Set(payload),
        }
    }

    /// The error reply to this request, addressed back to its sender.
    pub fn error_reply(&self, error: StanzaError) -> Iq {
        Iq {
            from: None,
            to: self.from.clone(),
            id: self.id.clone(),
            payload: IqPayload::Error(error),
        }
    }

    /// The empty result reply to this request.
    pub fn result_reply(&self) -> Iq {
        Iq {
            from: None,
            to: self.from.clone(),
            id: self.id.clone(),
            payload: IqPayload::Result(None),
        }
    }
}

impl TryFrom<&Element> for Iq {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Iq, ParseError> {
        if !e.is("iq", ns::CLIENT) {
            return Err(ParseError::WrongElement { expected: "iq" });
        }
        let id = e
            .get_attr("id")
            .ok_or(ParseError::MissingAttribute("id"))?
            .to_owned();
        let payload_child = || {
            let mut children = e.children();
            match (children.next(), children.next()) {
                (Some(only), None) => Ok(only.clone()),
                _ => Err(ParseError::BadStructure(
                    "an IQ request must carry exactly one payload",
                )),
            }
        };
        let payload = match e.get_attr("type") {
            Some("get") => IqPayload::Get(payload_child()?),
            Some("set") => IqPayload::Set(payload_child()?),
            Some("result") => IqPayload::Result(e.children().next().cloned()),
            Some("error") => IqPayload::Error(
                e.get_child("error", ns::CLIENT)
                    .map(StanzaError::try_from)
                    .transpose()?
                    .unwrap_or_else(|| StanzaError {
                        kind: super::ErrorType::Cancel,
                        condition: "undefined-condition".into(),
                        text: None,
                    }),
            ),
            Some(other) => {
                return Err(ParseError::BadAttribute {
                    name: "type",
                    value: other.into(),
                })
            }
            None => return Err(ParseError::MissingAttribute("type")),
        };
        Ok(Iq {
            from: jid_attr(e, "from")?,
            to: jid_attr(e, "to")?,
            id,
            payload,
        })
    }
}

impl From<&Iq> for Element {
    fn from(iq: &Iq) -> Element {
        let (kind, child) = match &iq.payload {
            IqPayload::Get(p) => ("get", Some(p.clone())),
            IqPayload::Set(p) => ("set", Some(p.clone())),
            IqPayload::Result(p) => ("result", p.clone()),
            IqPayload::Error(err) => ("error", Some(Element::from(err))),
        };
        let mut e = Element::new("iq", ns::CLIENT)
            .attr("id", iq.id.as_str())
            .attr("type", kind)
            .attr_opt("to", iq.to.as_ref().map(Jid::to_string));
        if let Some(child) = child {
            e.push_child(child);
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_get_and_builds_the_error_reply() {
        let xml = r#"<iq xmlns="jabber:client" type="get" id="v1" from="bob@localhost/x"><query xmlns="jabber:iq:version"/></iq>"#;
        let iq = Iq::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert!(matches!(&iq.payload, IqPayload::Get(q) if q.is("query", "jabber:iq:version")));
        let reply = Element::from(&iq.error_reply(StanzaError::service_unavailable())).to_string();
        assert_eq!(
            reply,
            r#"<iq xmlns="jabber:client" id="v1" type="error" to="bob@localhost/x"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
        );
    }

    #[test]
    fn rejects_malformed_iqs() {
        let no_id =
            Element::parse(r#"<iq xmlns="jabber:client" type="get"><a xmlns="x"/></iq>"#).unwrap();
        assert_eq!(
            Iq::try_from(&no_id),
            Err(ParseError::MissingAttribute("id"))
        );
        let empty_get = Element::parse(r#"<iq xmlns="jabber:client" type="get" id="1"/>"#).unwrap();
        assert!(matches!(
            Iq::try_from(&empty_get),
            Err(ParseError::BadStructure(_))
        ));
        let two = Element::parse(
            r#"<iq xmlns="jabber:client" type="set" id="1"><a xmlns="x"/><b xmlns="x"/></iq>"#,
        )
        .unwrap();
        assert!(matches!(
            Iq::try_from(&two),
            Err(ParseError::BadStructure(_))
        ));
    }
}
