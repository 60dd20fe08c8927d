//! A small owned XML element tree: what one RFC 7395 WebSocket frame holds.
//!
//! Every frame carries exactly one complete element, so we parse a frame as a standalone
//! document with `quick_xml::NsReader` and resolve namespaces while reading. Building blocks for
//! stanzas (`stanza/`) work on this tree, never on strings.
//!
//! Hostile input is expected: frames are limited in size, nesting depth and attribute count, and
//! DOCTYPEs, processing instructions and comments are rejected as RFC 6120 §11 requires.
//!
//! How the module is laid out, one concern per file:
//!
//! - `element.rs`: the [`Element`] tree itself ([`Node`]), with its builders and accessors.
//! - `parse.rs`: [`Element::parse`], the event loop over `NsReader` that enforces the limits
//!   below and refuses restricted XML.
//! - `start_tag.rs`: one start tag to an element: namespace resolved and unescaped, attributes
//!   counted, resolved and unescaped.
//! - `validate.rs`: the XML 1.0 name and character rules quick-xml does not enforce itself.
//! - `write.rs`: serialization with escaping (`Display`), the inverse of parsing.
//! - `error.rs`: [`XmlError`], why a frame was refused, and the stream error it maps to.

mod element;
mod error;
mod parse;
mod start_tag;
mod validate;
mod write;

pub use element::{Element, Node};
pub use error::XmlError;

/// The largest frame we parse; larger ones are a policy violation (RFC 6120 §4.9.3.12).
/// Generous because a roster comes in one frame: 10,000 contacts with names and groups take
/// about 1.5 MB. Stanzas from other users are capped far lower by their servers (Prosody:
/// 256 KiB), so this bounds what a hostile server could make us hold, not what peers can.
pub const MAX_FRAME_BYTES: usize = 8 * 1024 * 1024;
/// The deepest element nesting we accept. Real stanzas stay below 10.
pub const MAX_DEPTH: usize = 32;
/// The most attributes (namespace declarations included) one element may carry.
pub const MAX_ATTRIBUTES: usize = 64;
/// The most namespace declarations in scope at once (an element and its ancestors). Real
/// stanzas declare a handful; thousands would make every name lookup slow.
pub const MAX_NAMESPACE_BINDINGS: usize = 32;
