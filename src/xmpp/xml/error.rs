//! Why a frame was refused, and which RFC 6120 stream error tells the server so.

use std::fmt;

use super::{MAX_ATTRIBUTES, MAX_DEPTH, MAX_NAMESPACE_BINDINGS};

/// Why a frame is not acceptable XML for an XMPP stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// The frame exceeds [`MAX_FRAME_BYTES`](super::MAX_FRAME_BYTES).
    TooLarge {
        /// The frame's size in bytes.
        bytes: usize,
    },
    /// Elements nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An element carries more than [`MAX_ATTRIBUTES`] attributes.
    TooManyAttributes,
    /// More than [`MAX_NAMESPACE_BINDINGS`] namespace declarations are in scope.
    TooManyNamespaces,
    /// A DOCTYPE, processing instruction or comment: forbidden in XMPP (RFC 6120 §11.1).
    RestrictedXml(&'static str),
    /// An entity other than the five predefined ones.
    UndefinedEntity(String),
    /// A prefix that no `xmlns:` declaration binds.
    UnboundPrefix(String),
    /// The frame holds no element, or text or a second element after the first.
    NotOneElement,
    /// An element or attribute name that is not an XML name (e.g. `< />` or `#id="1"`).
    InvalidName(String),
    /// A character XML 1.0 does not allow, such as NUL or another control character.
    InvalidCharacter(char),
    /// quick-xml rejected the syntax.
    Syntax(String),
}

impl XmlError {
    /// The stream error that tells the server what was wrong with its XML (RFC 6120 §4.9.3):
    /// a limit is a policy, forbidden constructs are restricted XML, the rest is ill-formed.
    pub fn stream_condition(&self) -> crate::xmpp::condition::StreamCondition {
        use crate::xmpp::condition::StreamCondition;
        match self {
            XmlError::TooLarge { .. }
            | XmlError::TooDeep
            | XmlError::TooManyAttributes
            | XmlError::TooManyNamespaces => StreamCondition::PolicyViolation,
            XmlError::RestrictedXml(_) | XmlError::UndefinedEntity(_) => {
                StreamCondition::RestrictedXml
            }
            XmlError::UnboundPrefix(_) => StreamCondition::BadNamespacePrefix,
            XmlError::NotOneElement
            | XmlError::InvalidName(_)
            | XmlError::InvalidCharacter(_)
            | XmlError::Syntax(_) => StreamCondition::NotWellFormed,
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::TooLarge { bytes } => write!(f, "frame of {bytes} bytes is too large"),
            XmlError::TooDeep => write!(f, "elements nest deeper than {MAX_DEPTH} levels"),
            XmlError::TooManyAttributes => {
                write!(f, "an element has more than {MAX_ATTRIBUTES} attributes")
            }
            XmlError::TooManyNamespaces => write!(
                f,
                "more than {MAX_NAMESPACE_BINDINGS} namespace declarations are in scope"
            ),
            XmlError::RestrictedXml(what) => write!(f, "{what} is not allowed in XMPP"),
            XmlError::UndefinedEntity(name) => write!(f, "undefined entity &{name};"),
            XmlError::UnboundPrefix(prefix) => write!(f, "namespace prefix {prefix:?} is unbound"),
            XmlError::NotOneElement => write!(f, "a frame must hold exactly one element"),
            XmlError::InvalidName(name) => write!(f, "{name:?} is not a valid XML name"),
            XmlError::InvalidCharacter(c) => write!(f, "character {c:?} is not allowed in XML"),
            XmlError::Syntax(message) => write!(f, "malformed XML: {message}"),
        }
    }
}

impl std::error::Error for XmlError {}
