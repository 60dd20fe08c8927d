//! Stream management nonzas (XEP-0198): enabling it, acks and ack requests, and resuming a
//! dropped stream. The counters they carry are kept by `xmpp::sm`.

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// One XEP-0198 element, either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nonza {
    /// `<enable/>` (§3), asking for resumption.
    Enable {
        /// Ask that the stream be resumable.
        resume: bool,
    },
    /// `<enabled/>`: the stream id to resume with, when the server allows it.
    Enabled {
        /// The stream's id, which `<resume previd=…/>` names.
        id: Option<String>,
        /// The server allows resuming this stream.
        resume: bool,
    },
    /// `<r/>`: please acknowledge (§4).
    Request,
    /// `<a h=…/>`: how many stanzas the sender has handled (§4).
    Ack {
        /// The count of stanzas handled, modulo 2^32.
        h: u32,
    },
    /// `<resume h=… previd=…/>` (§5).
    Resume {
        /// How many of the server's stanzas we handled on the old stream.
        h: u32,
        /// The old stream's id.
        previd: String,
    },
    /// `<resumed h=… previd=…/>`: the old stream goes on.
    Resumed {
        /// How many of our stanzas the server handled on the old stream.
        h: u32,
        /// The old stream's id.
        previd: String,
    },
    /// `<failed/>`: no stream management or no resumption; `h` when the server says how much
    /// of the old stream it handled, `condition` its stanza error condition.
    Failed {
        /// How many of our stanzas the server handled, when it says.
        h: Option<u32>,
        /// The stanza error condition's element name, when it gives one.
        condition: Option<String>,
    },
}

impl TryFrom<&Element> for Nonza {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Nonza, ParseError> {
        if e.ns() != ns::SM {
            return Err(ParseError::WrongElement {
                expected: "a stream management element",
            });
        }
        let h = || {
            let value = e.get_attr("h").ok_or(ParseError::MissingAttribute("h"))?;
            value.parse::<u32>().map_err(|_| ParseError::BadAttribute {
                name: "h",
                value: value.to_owned(),
            })
        };
        let previd = || {
            e.get_attr("previd")
                .map(str::to_owned)
                .ok_or(ParseError::MissingAttribute("previd"))
        };
        let resume = matches!(e.get_attr("resume"), Some("true" | "1"));
        Ok(match e.name() {
            "enable" => Nonza::Enable { resume },
            "enabled" => Nonza::Enabled {
                id: e.get_attr("id").map(str::to_owned),
                resume,
            },
            "r" => Nonza::Request,
            "a" => Nonza::Ack { h: h()? },
            "resume" => Nonza::Resume {
                h: h()?,
                previd: previd()?,
            },
            "resumed" => Nonza::Resumed {
                h: h()?,
                previd: previd()?,
            },
            "failed" => Nonza::Failed {
                h: e.get_attr("h").map(|_| h()).transpose()?,
                condition: e
                    .children()
                    .find(|c| c.ns() == ns::STANZAS)
                    .map(|c| c.name().to_owned()),
            },
            _ => {
                return Err(ParseError::WrongElement {
                    expected: "a stream management element",
                })
            }
        })
    }
}

impl From<&Nonza> for Element {
    fn from(nonza: &Nonza) -> Element {
        let resume = |resume: bool| resume.then_some("true");
        match nonza {
            Nonza::Enable { resume: r } => {
                Element::new("enable", ns::SM).attr_opt("resume", resume(*r))
            }
            Nonza::Enabled { id, resume: r } => Element::new("enabled", ns::SM)
                .attr_opt("id", id.as_deref())
                .attr_opt("resume", resume(*r)),
            Nonza::Request => Element::new("r", ns::SM),
            Nonza::Ack { h } => Element::new("a", ns::SM).attr("h", h.to_string()),
            Nonza::Resume { h, previd } => Element::new("resume", ns::SM)
                .attr("h", h.to_string())
                .attr("previd", previd.as_str()),
            Nonza::Resumed { h, previd } => Element::new("resumed", ns::SM)
                .attr("h", h.to_string())
                .attr("previd", previd.as_str()),
            Nonza::Failed { h, condition } => {
                let mut e = Element::new("failed", ns::SM).attr_opt("h", h.map(|h| h.to_string()));
                if let Some(condition) = condition {
                    e.push_child(Element::new(condition.as_str(), ns::STANZAS));
                }
                e
            }
        }
    }
}

/// The application-specific condition of the stream error for an `h` higher than what was
/// sent (§4): `<handled-count-too-high h=… send-count=…/>`.
pub fn handled_count_too_high(h: u32, send_count: u32) -> Element {
    Element::new("handled-count-too-high", ns::SM)
        .attr("h", h.to_string())
        .attr("send-count", send_count.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Result<Nonza, ParseError> {
        Nonza::try_from(&Element::parse(xml).unwrap())
    }

    #[test]
    fn every_nonza_round_trips() {
        for nonza in [
            Nonza::Enable { resume: true },
            Nonza::Enabled {
                id: Some("some-long-sm-id".into()),
                resume: true,
            },
            Nonza::Request,
            Nonza::Ack { h: 4_294_967_295 },
            Nonza::Resume {
                h: 1,
                previd: "some-long-sm-id".into(),
            },
            Nonza::Resumed {
                h: 2,
                previd: "some-long-sm-id".into(),
            },
            Nonza::Failed {
                h: Some(3),
                condition: Some("item-not-found".into()),
            },
        ] {
            assert_eq!(Nonza::try_from(&Element::from(&nonza)), Ok(nonza));
        }
    }

    #[test]
    fn reads_the_xep_examples() {
        assert_eq!(
            parse(r#"<enabled xmlns="urn:xmpp:sm:3" id="some-long-sm-id" resume="true"/>"#),
            Ok(Nonza::Enabled {
                id: Some("some-long-sm-id".into()),
                resume: true
            })
        );
        assert_eq!(
            parse(r#"<failed xmlns="urn:xmpp:sm:3" h="another-sequence-number"/>"#),
            Err(ParseError::BadAttribute {
                name: "h",
                value: "another-sequence-number".into()
            })
        );
        assert_eq!(
            parse(
                r#"<failed xmlns="urn:xmpp:sm:3"><unexpected-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#
            ),
            Ok(Nonza::Failed {
                h: None,
                condition: Some("unexpected-request".into())
            })
        );
        assert!(parse(r#"<a xmlns="urn:xmpp:sm:3" h="-1"/>"#).is_err());
        assert!(parse(r#"<a xmlns="urn:xmpp:sm:3"/>"#).is_err());
    }
}
