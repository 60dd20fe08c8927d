//! XMPP over WebSocket framing (RFC 7395 §3.3): `<open/>` starts (and, after SASL, restarts)
//! the stream, `<close/>` ends it, optionally sending the client elsewhere (§3.6.1).

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// `<open/>`: our request to start a stream, or the server's answer with its stream id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Open {
    /// The domain the stream is for (ours: the account's domain).
    pub to: Option<String>,
    /// The server's id for the stream (its answer only).
    pub id: Option<String>,
    /// "1.0" (RFC 6120 §4.7.5).
    pub version: Option<String>,
}

impl Open {
    /// The client's `<open/>` for `domain`, version 1.0.
    pub fn to(domain: &str) -> Open {
        Open {
            to: Some(domain.to_owned()),
            id: None,
            version: Some("1.0".to_owned()),
        }
    }
}

/// `<close/>`: the end of the stream, or a redirect to `see_other_uri` (§3.6.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Close {
    /// Where the service lives now.
    pub see_other_uri: Option<String>,
}

/// A framing element as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framing {
    /// `<open/>`.
    Open(Open),
    /// `<close/>`.
    Close(Close),
}

impl TryFrom<&Element> for Framing {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Framing, ParseError> {
        let attr = |name: &str| e.get_attr(name).map(str::to_owned);
        match (e.name(), e.ns()) {
            ("open", ns::FRAMING) => Ok(Framing::Open(Open {
                to: attr("to"),
                id: attr("id"),
                version: attr("version"),
            })),
            ("close", ns::FRAMING) => Ok(Framing::Close(Close {
                see_other_uri: attr("see-other-uri"),
            })),
            _ => Err(ParseError::WrongElement {
                expected: "open or close",
            }),
        }
    }
}

impl From<&Open> for Element {
    fn from(open: &Open) -> Element {
        Element::new("open", ns::FRAMING)
            .attr_opt("to", open.to.as_deref())
            .attr_opt("id", open.id.as_deref())
            .attr_opt("version", open.version.as_deref())
    }
}

impl From<&Close> for Element {
    fn from(close: &Close) -> Element {
        Element::new("close", ns::FRAMING).attr_opt("see-other-uri", close.see_other_uri.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_open_carries_the_stream_id() {
        let e = Element::parse(r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="s1" version="1.0" xml:lang="en"/>"#).unwrap();
        let Ok(Framing::Open(open)) = Framing::try_from(&e) else {
            panic!("not an open");
        };
        assert_eq!(open.id.as_deref(), Some("s1"));
        assert_eq!(
            Element::from(&Open::to("localhost")).to_string(),
            r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>"#
        );
    }

    #[test]
    fn a_close_may_redirect_and_round_trips() {
        let close = Close {
            see_other_uri: Some("wss://other.example/xmpp".into()),
        };
        let e = Element::from(&close);
        assert_eq!(Framing::try_from(&e), Ok(Framing::Close(close)));
        assert_eq!(
            Element::from(&Close::default()).to_string(),
            r#"<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>"#
        );
        let other = Element::new("close", ns::STREAM);
        assert!(Framing::try_from(&other).is_err());
    }
}
