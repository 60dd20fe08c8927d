//! Stream errors (RFC 6120 §4.9): `<stream:error/>` with one defined condition, optional text,
//! and optional application-specific detail; the stream ends after it.

use super::ParseError;
use crate::xmpp::condition::StreamCondition;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// A stream error, sent or received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    /// The defined condition (§4.9.3).
    pub condition: StreamCondition,
    /// `see-other-host`'s host (§4.9.3.19), when the server names one.
    pub see_other_host: Option<String>,
    /// Human-readable words from the server.
    pub text: Option<String>,
    /// An application-specific condition (§4.9.4), like XEP-0198's handled-count-too-high.
    pub detail: Option<Element>,
}

impl StreamError {
    /// An error with only a condition.
    pub fn new(condition: StreamCondition) -> StreamError {
        StreamError {
            condition,
            see_other_host: None,
            text: None,
            detail: None,
        }
    }
}

impl TryFrom<&Element> for StreamError {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<StreamError, ParseError> {
        if !e.is("error", ns::STREAM) {
            return Err(ParseError::WrongElement { expected: "error" });
        }
        let condition = e
            .children()
            .find(|c| c.ns() == ns::STREAM_ERRORS && c.name() != "text");
        Ok(StreamError {
            // §4.9.3.21: an error without a known condition is undefined-condition.
            condition: condition.map_or(StreamCondition::UndefinedCondition, |c| {
                StreamCondition::from_name(c.name())
            }),
            see_other_host: condition
                .filter(|c| c.name() == "see-other-host")
                .map(|c| c.text_content().trim().to_owned())
                .filter(|host| !host.is_empty()),
            text: e
                .get_child("text", ns::STREAM_ERRORS)
                .map(Element::text_content),
            detail: e.children().find(|c| c.ns() != ns::STREAM_ERRORS).cloned(),
        })
    }
}

impl From<&StreamError> for Element {
    fn from(error: &StreamError) -> Element {
        let mut condition = Element::new(error.condition.name(), ns::STREAM_ERRORS);
        if let Some(host) = &error.see_other_host {
            condition = condition.text(host.as_str());
        }
        let mut e = Element::new("error", ns::STREAM).child(condition);
        if let Some(text) = &error.text {
            e.push_child(Element::new("text", ns::STREAM_ERRORS).text(text.as_str()));
        }
        if let Some(detail) = &error.detail {
            e.push_child(detail.clone());
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_condition_with_text_and_round_trips() {
        let xml = r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/><text xmlns="urn:ietf:params:xml:ns:xmpp-streams">Replaced by new connection</text></stream:error>"#;
        let error = StreamError::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(error.condition, StreamCondition::Conflict);
        assert_eq!(error.text.as_deref(), Some("Replaced by new connection"));
        assert_eq!(StreamError::try_from(&Element::from(&error)), Ok(error));
    }

    #[test]
    fn see_other_host_names_the_host() {
        let xml = r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams">[2001:41D0:1:A49b::1]:9222</see-other-host></stream:error>"#;
        let error = StreamError::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(error.condition, StreamCondition::SeeOtherHost);
        assert_eq!(
            error.see_other_host.as_deref(),
            Some("[2001:41D0:1:A49b::1]:9222")
        );
    }

    #[test]
    fn an_error_without_a_condition_is_undefined_and_detail_is_kept() {
        let xml = r#"<stream:error xmlns:stream="http://etherx.jabber.org/streams"><handled-count-too-high xmlns="urn:xmpp:sm:3" h="10" send-count="8"/></stream:error>"#;
        let error = StreamError::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(error.condition, StreamCondition::UndefinedCondition);
        assert_eq!(
            error.detail.as_ref().and_then(|d| d.get_attr("h")),
            Some("10")
        );
    }
}
