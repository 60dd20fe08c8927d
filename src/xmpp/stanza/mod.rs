//! Typed stanzas, one module per specification (after xmpp-parsers).
//!
//! Each type parses from an [`Element`] with `TryFrom<&Element>` and serializes with
//! `From<&T> for Element`; the tests parse literal XML, check fields, serialize and parse again.

pub mod avatar;
pub mod bind;
pub mod bookmarks;
pub mod caps;
pub mod carbons;
pub mod chatstates;
pub mod correction;
pub mod data_form;
pub mod date;
pub mod delay;
pub mod disco;
pub mod error;
pub mod fallback;
pub mod features;
pub mod form;
pub mod framing;
pub mod hints;
pub mod iq;
pub mod mam;
pub mod markers;
pub mod message;
pub mod muc;
pub mod ping;
pub mod presence;
pub mod reactions;
pub mod receipts;
pub mod register;
pub mod reply;
pub mod retraction;
pub mod roster;
pub mod sasl;
pub mod sm;
pub mod stream_error;
pub mod version;

use std::fmt;

use super::jid::{Jid, JidError};
use super::xml::Element;

pub use error::{ErrorType, StanzaError};
pub use iq::{Iq, IqPayload};
pub use message::{Message, MessageType};
pub use presence::{Presence, PresenceType, Show};
pub use roster::{RosterItem, RosterQuery, Subscription};

/// Why an element is not the stanza it claims to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The element has another name or namespace.
    WrongElement {
        /// The element name the parser wanted.
        expected: &'static str,
    },
    /// A required attribute is missing.
    MissingAttribute(&'static str),
    /// An attribute has a value outside its enumeration.
    BadAttribute {
        /// The attribute's name.
        name: &'static str,
        /// What it held instead.
        value: String,
    },
    /// A JID attribute does not parse.
    BadJid(JidError),
    /// An IQ of type get/set without exactly one payload child, or similar.
    BadStructure(&'static str),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::WrongElement { expected } => write!(f, "expected a <{expected}/> element"),
            ParseError::MissingAttribute(a) => write!(f, "missing attribute {a:?}"),
            ParseError::BadAttribute { name, value } => {
                write!(f, "attribute {name:?} has an invalid value {value:?}")
            }
            ParseError::BadJid(e) => write!(f, "invalid JID: {e}"),
            ParseError::BadStructure(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for ParseError {}

impl From<JidError> for ParseError {
    fn from(e: JidError) -> ParseError {
        ParseError::BadJid(e)
    }
}

/// Parses an optional JID attribute.
pub(crate) fn jid_attr(element: &Element, name: &'static str) -> Result<Option<Jid>, ParseError> {
    element
        .get_attr(name)
        .map(Jid::parse)
        .transpose()
        .map_err(ParseError::from)
}

/// An attribute that must not be empty to mean anything (the id a correction, a reply or a
/// reaction points at).
pub(crate) fn non_empty_attr(element: &Element, name: &str) -> Option<String> {
    element
        .get_attr(name)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `<message/>` in the client namespace holding `inner`, for the extension modules' tests.
    pub(crate) fn message(inner: &str) -> Element {
        Element::parse(&format!(
            r#"<message xmlns="jabber:client">{inner}</message>"#
        ))
        .unwrap()
    }
}
