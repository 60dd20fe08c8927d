//! SASL negotiation elements (RFC 6120 §6.4): `<auth/>`, `<challenge/>`, `<response/>`,
//! `<success/>` and `<failure/>`, with their base64 payloads decoded here (§6.4.2: an empty
//! payload is written `=`).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::ParseError;
use crate::xmpp::condition::SaslCondition;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// One SASL element, either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sasl {
    /// Ours: the chosen mechanism and its initial response.
    Auth {
        /// Its name as offered (`SCRAM-SHA-256`, …).
        mechanism: String,
        /// The initial response, raw (base64 on the wire; empty is sent as `=`).
        initial: Vec<u8>,
    },
    /// The server's challenge.
    Challenge(Vec<u8>),
    /// Our answer to a challenge.
    Response(Vec<u8>),
    /// The server accepted us; SCRAM's server-final message rides along.
    Success(Vec<u8>),
    /// The server refused us (§6.5).
    Failure {
        /// The `<failure/>` child: why.
        condition: SaslCondition,
        /// The server's own words, if any.
        text: Option<String>,
    },
}

impl TryFrom<&Element> for Sasl {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Sasl, ParseError> {
        if e.ns() != ns::SASL {
            return Err(ParseError::WrongElement {
                expected: "a SASL element",
            });
        }
        let payload = || decode(&e.text_content());
        Ok(match e.name() {
            "auth" => Sasl::Auth {
                mechanism: e
                    .get_attr("mechanism")
                    .ok_or(ParseError::MissingAttribute("mechanism"))?
                    .to_owned(),
                initial: payload()?,
            },
            "challenge" => Sasl::Challenge(payload()?),
            "response" => Sasl::Response(payload()?),
            "success" => Sasl::Success(payload()?),
            "failure" => Sasl::Failure {
                // §6.5: an unknown or missing condition counts as not-authorized.
                condition: e
                    .children()
                    .find(|c| c.name() != "text")
                    .map_or(SaslCondition::NotAuthorized, |c| {
                        SaslCondition::from_name(c.name())
                    }),
                text: e.get_child("text", ns::SASL).map(Element::text_content),
            },
            _ => {
                return Err(ParseError::WrongElement {
                    expected: "a SASL element",
                })
            }
        })
    }
}

impl From<&Sasl> for Element {
    fn from(sasl: &Sasl) -> Element {
        match sasl {
            Sasl::Auth { mechanism, initial } => Element::new("auth", ns::SASL)
                .attr("mechanism", mechanism.as_str())
                .text(encode(initial)),
            Sasl::Challenge(data) => Element::new("challenge", ns::SASL).text(encode(data)),
            Sasl::Response(data) => Element::new("response", ns::SASL).text(encode(data)),
            Sasl::Success(data) if data.is_empty() => Element::new("success", ns::SASL),
            Sasl::Success(data) => Element::new("success", ns::SASL).text(encode(data)),
            Sasl::Failure { condition, text } => {
                let mut e = Element::new("failure", ns::SASL)
                    .child(Element::new(condition.name(), ns::SASL));
                if let Some(text) = text {
                    e.push_child(Element::new("text", ns::SASL).text(text.as_str()));
                }
                e
            }
        }
    }
}

/// §6.4.2: `=` (or nothing) is an empty payload.
fn decode(text: &str) -> Result<Vec<u8>, ParseError> {
    match text.trim() {
        "" | "=" => Ok(Vec::new()),
        data => BASE64
            .decode(data)
            .map_err(|_| ParseError::BadStructure("a SASL payload that is not base64")),
    }
}

fn encode(data: &[u8]) -> String {
    if data.is_empty() {
        "=".to_owned()
    } else {
        BASE64.encode(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Result<Sasl, ParseError> {
        Sasl::try_from(&Element::parse(xml).unwrap())
    }

    #[test]
    fn payloads_are_base64_both_ways() {
        let auth = Sasl::Auth {
            mechanism: "PLAIN".into(),
            initial: b"\0alice\0secret".to_vec(),
        };
        let e = Element::from(&auth);
        assert_eq!(
            e.to_string(),
            r#"<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGFsaWNlAHNlY3JldA==</auth>"#
        );
        assert_eq!(Sasl::try_from(&e), Ok(auth));
        assert_eq!(
            parse(r#"<challenge xmlns="urn:ietf:params:xml:ns:xmpp-sasl">cj1hYmM=</challenge>"#),
            Ok(Sasl::Challenge(b"r=abc".to_vec()))
        );
    }

    #[test]
    fn an_empty_payload_is_an_equals_sign() {
        assert_eq!(
            parse(r#"<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl">=</success>"#),
            Ok(Sasl::Success(Vec::new()))
        );
        assert_eq!(
            Element::from(&Sasl::Response(Vec::new())).to_string(),
            r#"<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">=</response>"#
        );
        assert!(parse(
            r#"<challenge xmlns="urn:ietf:params:xml:ns:xmpp-sasl">not base64!</challenge>"#
        )
        .is_err());
    }

    #[test]
    fn a_failure_carries_its_condition_and_text() {
        let failure = parse(r#"<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><account-disabled/><text xml:lang="en">Call 212-555-1212 for assistance.</text></failure>"#).unwrap();
        assert_eq!(
            failure,
            Sasl::Failure {
                condition: SaslCondition::AccountDisabled,
                text: Some("Call 212-555-1212 for assistance.".into())
            }
        );
        assert_eq!(Sasl::try_from(&Element::from(&failure)), Ok(failure));
        assert_eq!(
            parse(r#"<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>"#),
            Ok(Sasl::Failure {
                condition: SaslCondition::NotAuthorized,
                text: None
            })
        );
    }
}
