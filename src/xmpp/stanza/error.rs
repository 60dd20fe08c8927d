//! Stanza errors (RFC 6120 §8.3).

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// RFC 6120 §8.3.2: what the sender should do about the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    /// Retry after providing credentials (e.g. `not-authorized`).
    Auth,
    /// Do not retry: the error cannot be remedied.
    Cancel,
    /// Go on: only a warning.
    Continue,
    /// Retry after changing the data sent.
    Modify,
    /// Retry after waiting: the error is temporary.
    Wait,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::Auth => "auth",
            ErrorType::Cancel => "cancel",
            ErrorType::Continue => "continue",
            ErrorType::Modify => "modify",
            ErrorType::Wait => "wait",
        }
    }
}

/// An `<error/>` child: its type, defined condition (e.g. `service-unavailable`) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanzaError {
    /// What the sender should do about it.
    pub kind: ErrorType,
    /// The defined condition's element name (RFC 6120 §8.3.3), e.g. `item-not-found`; kept as
    /// a string so an unknown one still shows.
    pub condition: String,
    /// The sender's own words, if any: shown, never decided on.
    pub text: Option<String>,
}

impl StanzaError {
    /// The reply Palaver sends for requests it does not handle (RFC 6120 §8.4).
    pub fn service_unavailable() -> StanzaError {
        StanzaError {
            kind: ErrorType::Cancel,
            condition: "service-unavailable".into(),
            text: None,
        }
    }

    /// The reply to a request that is not well-formed (RFC 6120 §8.3.3.1): a get or set
    /// without exactly one payload, say.
    pub fn bad_request() -> StanzaError {
        StanzaError {
            kind: ErrorType::Modify,
            condition: "bad-request".into(),
            text: None,
        }
    }

    /// A human sentence: the server's text when it gave one, else the condition in words.
    pub fn describe(&self) -> String {
        match &self.text {
            Some(text) if !text.is_empty() => text.clone(),
            _ => self.condition.replace('-', " "),
        }
    }
}

impl TryFrom<&Element> for StanzaError {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<StanzaError, ParseError> {
        if e.name() != "error" {
            return Err(ParseError::WrongElement { expected: "error" });
        }
        let kind = match e.get_attr("type") {
            Some("auth") => ErrorType::Auth,
            Some("continue") => ErrorType::Continue,
            Some("modify") => ErrorType::Modify,
            Some("wait") => ErrorType::Wait,
            // A missing or unknown type is treated as the most final one.
            _ => ErrorType::Cancel,
        };
        let condition = e
            .children()
            .find(|c| c.ns() == ns::STANZAS && c.name() != "text")
            .map(|c| c.name().to_owned())
            .unwrap_or_else(|| "undefined-condition".into());
        let text = e.get_child("text", ns::STANZAS).map(Element::text_content);
        Ok(StanzaError {
            kind,
            condition,
            text,
        })
    }
}

impl From<&StanzaError> for Element {
    fn from(error: &StanzaError) -> Element {
        let mut e = Element::new("error", ns::CLIENT)
            .attr("type", error.kind.as_str())
            .child(Element::new(error.condition.as_str(), ns::STANZAS));
        if let Some(text) = &error.text {
            e.push_child(Element::new("text", ns::STANZAS).text(text.as_str()));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_condition_and_text() {
        let e = Element::parse(
            r#"<error xmlns="jabber:client" type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">No such user</text></error>"#,
        )
        .unwrap();
        let error = StanzaError::try_from(&e).unwrap();
        assert_eq!(error.kind, ErrorType::Cancel);
        assert_eq!(error.condition, "item-not-found");
        assert_eq!(error.describe(), "No such user");
        let again = StanzaError::try_from(&Element::from(&error)).unwrap();
        assert_eq!(again, error);
    }
}
