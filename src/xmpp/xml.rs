//! A small owned XML element tree: what one RFC 7395 WebSocket frame holds.
//!
//! Every frame carries exactly one complete element, so we parse a frame as a standalone
//! document with `quick_xml::NsReader` and resolve namespaces while reading. Building blocks for
//! stanzas (`stanza/`) work on this tree, never on strings.
//!
//! Hostile input is expected: frames are limited in size, nesting depth and attribute count, and
//! DOCTYPEs, processing instructions and comments are rejected as RFC 6120 §11 requires.

use std::borrow::Cow;
use std::fmt;

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

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

/// Why a frame is not acceptable XML for an XMPP stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// The frame exceeds [`MAX_FRAME_BYTES`].
    TooLarge { bytes: usize },
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

/// A child of an element: another element or a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// An XML element with its namespace resolved.
///
/// Attribute names are kept as written without prefix handling beyond `xml:lang`, which is all
/// XMPP uses; namespace declarations are not attributes here: they are recomputed on output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    name: String,
    ns: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    /// An empty element `name` in namespace `ns`.
    pub fn new(name: impl Into<String>, ns: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Builder: sets attribute `name` to `value`.
    #[must_use]
    pub fn attr(mut self, name: &str, value: impl Into<String>) -> Element {
        self.set_attr(name, value);
        self
    }

    /// Builder: sets attribute `name` if `value` is `Some`.
    #[must_use]
    pub fn attr_opt(mut self, name: &str, value: Option<impl Into<String>>) -> Element {
        if let Some(value) = value {
            self.set_attr(name, value);
        }
        self
    }

    /// Builder: appends a child element.
    #[must_use]
    pub fn child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// Builder: appends text.
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Element {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Sets (or replaces) attribute `name`.
    pub fn set_attr(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name.to_owned(), value)),
        }
    }

    /// Appends a child element.
    pub fn push_child(&mut self, child: Element) {
        self.children.push(Node::Element(child));
    }

    /// The local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The namespace URI ("" when none is in scope).
    pub fn ns(&self) -> &str {
        &self.ns
    }

    /// True when this element is `name` in `ns`.
    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == name && self.ns == ns
    }

    /// The value of attribute `name`.
    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All attributes in document order.
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Child elements in document order.
    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// All child nodes, text included.
    pub fn nodes(&self) -> &[Node] {
        &self.children
    }

    /// Child elements in document order, to change in place (masking a frame for display).
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Replaces everything inside this element (text and child elements) with `text`.
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.children = vec![Node::Text(text.into())];
    }

    /// The first child element `name` in `ns`.
    pub fn get_child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.children().find(|c| c.is(name, ns))
    }

    /// The concatenated text directly inside this element.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let Node::Text(t) = node {
                out.push_str(t);
            }
        }
        out
    }

    /// Parses one frame holding exactly one element (an XML declaration is tolerated).
    pub fn parse(frame: &str) -> Result<Element, XmlError> {
        if frame.len() > MAX_FRAME_BYTES {
            return Err(XmlError::TooLarge { bytes: frame.len() });
        }
        let mut reader = NsReader::from_str(frame);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        let mut stack: Vec<Element> = Vec::new();
        // Namespace declarations made by each open element, parallel to `stack`.
        let mut bindings: Vec<usize> = Vec::new();
        let mut root: Option<Element> = None;
        // Most elements share their parent's namespace (a roster of thousands of items, say):
        // the last one resolved is reused instead of decoded and checked again.
        let mut last_ns: Option<(Vec<u8>, String)> = None;
        loop {
            let (resolved, event) = reader
                .read_resolved_event()
                .map(|(r, e)| (owned_ns_cached(&r, &mut last_ns), e))
                .map_err(|e| XmlError::Syntax(e.to_string()))?;
            match event {
                XmlEvent::Start(start) | XmlEvent::Empty(start) if root.is_some() => {
                    let _ = start;
                    return Err(XmlError::NotOneElement);
                }
                XmlEvent::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(XmlError::TooDeep);
                    }
                    let declared = check_bindings(&bindings, &start)?;
                    let element = start_element(&reader, &start, resolved?)?;
                    stack.push(element);
                    bindings.push(declared);
                }
                XmlEvent::Empty(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(XmlError::TooDeep);
                    }
                    check_bindings(&bindings, &start)?;
                    let element = start_element(&reader, &start, resolved?)?;
                    close_element(&mut stack, &mut root, element);
                }
                XmlEvent::End(_) => {
                    bindings.pop();
                    let element = stack.pop().ok_or(XmlError::NotOneElement)?;
                    close_element(&mut stack, &mut root, element);
                }
                XmlEvent::Text(text) => {
                    let text = text.decode().map_err(|e| XmlError::Syntax(e.to_string()))?;
                    push_text(&mut stack, &text)?;
                }
                XmlEvent::CData(data) => {
                    let text = data.decode().map_err(|e| XmlError::Syntax(e.to_string()))?;
                    push_text(&mut stack, &text)?;
                }
                XmlEvent::GeneralRef(reference) => {
                    let name = reference
                        .decode()
                        .map_err(|e| XmlError::Syntax(e.to_string()))?;
                    let resolved: Cow<'_, str> = if reference.is_char_ref() {
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => Cow::Owned(c.to_string()),
                            _ => return Err(XmlError::UndefinedEntity(name.into_owned())),
                        }
                    } else {
                        match resolve_predefined_entity(&name) {
                            Some(s) => Cow::Borrowed(s),
                            None => return Err(XmlError::UndefinedEntity(name.into_owned())),
                        }
                    };
                    push_text(&mut stack, &resolved)?;
                }
                XmlEvent::Decl(_) => {}
                XmlEvent::DocType(_) => return Err(XmlError::RestrictedXml("a DOCTYPE")),
                XmlEvent::PI(_) => return Err(XmlError::RestrictedXml("a processing instruction")),
                XmlEvent::Comment(_) => return Err(XmlError::RestrictedXml("a comment")),
                XmlEvent::Eof => break,
            }
        }
        if !stack.is_empty() {
            return Err(XmlError::Syntax("unclosed element".into()));
        }
        root.ok_or(XmlError::NotOneElement)
    }
}

/// How many namespaces `start` declares, if the total in scope stays within the limit.
fn check_bindings(
    in_scope: &[usize],
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<usize, XmlError> {
    let declared = start
        .attributes()
        .with_checks(false)
        .flatten()
        .filter(|a| {
            let key = a.key.as_ref();
            key == b"xmlns" || key.starts_with(b"xmlns:")
        })
        .count();
    if in_scope.iter().sum::<usize>() + declared > MAX_NAMESPACE_BINDINGS {
        return Err(XmlError::TooManyNamespaces);
    }
    Ok(declared)
}

/// [`owned_ns`], reusing the previous answer when the namespace is written the same way.
fn owned_ns_cached(
    resolved: &ResolveResult<'_>,
    last: &mut Option<(Vec<u8>, String)>,
) -> Result<String, XmlError> {
    if let ResolveResult::Bound(ns) = resolved {
        if let Some((raw, uri)) = last.as_ref() {
            if raw.as_slice() == ns.0 {
                return Ok(uri.clone());
            }
        }
        let uri = owned_ns(resolved)?;
        *last = Some((ns.0.to_vec(), uri.clone()));
        return Ok(uri);
    }
    owned_ns(resolved)
}

/// The resolved namespace of an element as an owned string, or the unbound prefix error.
fn owned_ns(resolved: &ResolveResult<'_>) -> Result<String, XmlError> {
    match resolved {
        // quick-xml hands over the namespace as written: `&amp;` and `&#58;` still escaped.
        ResolveResult::Bound(ns) => {
            let raw = String::from_utf8_lossy(ns.0);
            match quick_xml::escape::unescape(&raw) {
                Ok(uri) => {
                    check_chars(&uri)?;
                    Ok(uri.into_owned())
                }
                Err(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
                    Err(XmlError::UndefinedEntity(name))
                }
                Err(e) => Err(XmlError::Syntax(e.to_string())),
            }
        }
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(XmlError::UnboundPrefix(
            String::from_utf8_lossy(prefix).into_owned(),
        )),
    }
}

fn start_element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    ns: String,
) -> Result<Element, XmlError> {
    check_qname(start.name().as_ref())?;
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut element = Element::new(name, ns);
    let mut count = 0;
    for attr in start.attributes() {
        let attr = attr.map_err(|e| XmlError::Syntax(e.to_string()))?;
        count += 1;
        if count > MAX_ATTRIBUTES {
            return Err(XmlError::TooManyAttributes);
        }
        check_qname(attr.key.as_ref())?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        // An attribute without a prefix is in no namespace (XML Namespaces §6.2): nothing to
        // resolve, which is nearly every attribute of every stanza.
        let key = if attr.key.prefix().is_none() {
            String::from_utf8_lossy(attr.key.as_ref()).into_owned()
        } else {
            let (attr_ns, local) = reader.resolve_attribute(attr.key);
            let attr_ns = owned_ns(&attr_ns)?;
            let local = String::from_utf8_lossy(local.as_ref()).into_owned();
            if attr_ns == XML_NS {
                format!("xml:{local}")
            } else {
                local
            }
        };
        let value =
            attr.unescape_value()
                .map_err(|e| match e {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, name),
                    ) => XmlError::UndefinedEntity(name),
                    other => XmlError::Syntax(other.to_string()),
                })?
                .into_owned();
        check_chars(&value)?;
        element.attrs.push((key, value));
    }
    Ok(element)
}

fn close_element(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

fn push_text(stack: &mut [Element], text: &str) -> Result<(), XmlError> {
    check_chars(text)?;
    match stack.last_mut() {
        Some(parent) => {
            if let Some(Node::Text(previous)) = parent.children.last_mut() {
                previous.push_str(text);
            } else {
                parent.children.push(Node::Text(text.to_owned()));
            }
            Ok(())
        }
        // Whitespace around the root element is allowed; anything else is not.
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError::NotOneElement),
    }
}

/// Checks a qualified name (`name` or `prefix:name`) against XML's Name production, simplified:
/// an ASCII letter, `_` or non-ASCII first, then also digits, `-` and `.`; at most one colon.
fn check_qname(raw: &[u8]) -> Result<(), XmlError> {
    let invalid = || XmlError::InvalidName(String::from_utf8_lossy(raw).into_owned());
    let name = std::str::from_utf8(raw).map_err(|_| invalid())?;
    let mut parts = name.split(':');
    // Non-ASCII characters are accepted wholesale: XML allows nearly all of them in names, and
    // the exact tables would cost the wasm bundle more than they protect.
    let valid_part = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii())
            && chars
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') || !c.is_ascii())
    };
    let first = parts.next().is_some_and(valid_part);
    let second = parts.next().is_none_or(valid_part);
    if first && second && parts.next().is_none() {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// Rejects characters outside XML 1.0's Char production (C0 controls but tab, LF and CR;
/// U+FFFE and U+FFFF). Surrogates cannot occur in a Rust string.
fn check_chars(text: &str) -> Result<(), XmlError> {
    match text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        Some(c) => Err(XmlError::InvalidCharacter(c)),
        None => Ok(()),
    }
}

/// The namespace bound to the `xml:` prefix by definition.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

impl fmt::Display for Element {
    /// Serializes with escaping; `xmlns` is written where the namespace differs from the parent's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_element(self, None, f)
    }
}

fn write_element(e: &Element, parent_ns: Option<&str>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "<{}", e.name)?;
    if parent_ns != Some(e.ns.as_str()) {
        write!(f, " xmlns=\"{}\"", escape(e.ns.as_str()))?;
    }
    for (name, value) in &e.attrs {
        write!(f, " {}=\"{}\"", name, escape(value.as_str()))?;
    }
    if e.children.is_empty() {
        return f.write_str("/>");
    }
    f.write_str(">")?;
    for node in &e.children {
        match node {
            Node::Element(child) => write_element(child, Some(&e.ns), f)?,
            Node::Text(text) => f.write_str(&escape(text.as_str()))?,
        }
    }
    write!(f, "</{}>", e.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_stream_features_and_resolves_namespaces() {
        let frame = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>"#;
        let e = Element::parse(frame).unwrap();
        assert!(e.is("features", "http://etherx.jabber.org/streams"));
        let mechs = e
            .get_child("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl")
            .unwrap();
        let names: Vec<String> = mechs.children().map(Element::text_content).collect();
        assert_eq!(names, ["SCRAM-SHA-1", "PLAIN"]);
    }

    #[test]
    fn unescapes_predefined_and_character_entities() {
        let e = Element::parse(r#"<body xmlns="jabber:client" a="&quot;x&apos;">a &lt;b&gt; &amp; &#x263A;&#65;</body>"#)
            .unwrap();
        assert_eq!(e.text_content(), "a <b> & ☺A");
        assert_eq!(e.get_attr("a"), Some("\"x'"));
    }

    #[test]
    fn serializes_with_escaping_and_round_trips() {
        let e = Element::new("message", "jabber:client")
            .attr("to", "bob@localhost")
            .attr("id", "a\"<&")
            .child(Element::new("body", "jabber:client").text("<script>&</script>"))
            .child(Element::new(
                "active",
                "http://jabber.org/protocol/chatstates",
            ));
        let xml = e.to_string();
        assert_eq!(
            xml,
            r#"<message xmlns="jabber:client" to="bob@localhost" id="a&quot;&lt;&amp;"><body>&lt;script&gt;&amp;&lt;/script&gt;</body><active xmlns="http://jabber.org/protocol/chatstates"/></message>"#
        );
        assert_eq!(Element::parse(&xml).unwrap(), e);
    }

    /// Found by the frame_parser fuzz target: namespace URIs were kept escaped, so an escaped
    /// character in one made serialize → parse change the tree.
    #[test]
    fn unescapes_namespace_uris() {
        let frame = r#"<s:features xmlns:s="a&gt;b&#58;c"><m pmlns="x"/></s:features>"#;
        let e = Element::parse(frame).unwrap();
        assert_eq!(e.ns(), "a>b:c");
        assert_eq!(Element::parse(&e.to_string()).unwrap(), e);
        let client = Element::parse(r#"<message xmlns="jabber&#58;client"/>"#).unwrap();
        assert!(client.is("message", "jabber:client"));
        assert_eq!(
            Element::parse(r#"<a xmlns="x&bogus;"/>"#),
            Err(XmlError::UndefinedEntity("bogus".into()))
        );
    }

    /// Found by the frame_parser fuzz target: quick-xml reads `< />` as an element with an empty
    /// name and accepts `#id` as an attribute name; neither can be written back.
    #[test]
    fn rejects_invalid_names_and_characters() {
        assert_eq!(
            Element::parse(r#"<message xmlns="jabber:client">a< />b</message>"#),
            Err(XmlError::InvalidName(String::new()))
        );
        assert_eq!(
            Element::parse(r#"<message xmlns="jabber:client" #tid="5"/>"#),
            Err(XmlError::InvalidName("#tid".into()))
        );
        assert_eq!(
            Element::parse("<a:b:c xmlns:a='x'/>"),
            Err(XmlError::InvalidName("a:b:c".into()))
        );
        assert_eq!(
            Element::parse("<body xmlns='x'>nul\0here</body>"),
            Err(XmlError::InvalidCharacter('\0'))
        );
        assert_eq!(
            Element::parse("<body xmlns='x' a='\u{1}'/>"),
            Err(XmlError::InvalidCharacter('\u{1}'))
        );
        assert_eq!(
            Element::parse("<body xmlns='x'>&#1;</body>").map_err(|e| matches!(
                e,
                XmlError::InvalidCharacter(_) | XmlError::UndefinedEntity(_)
            )),
            Err(true)
        );
        // Valid names and whitespace controls still pass.
        let ok = Element::parse("<x-1.y_z xmlns='x' data-a.b='1'>tab\tline\r\n</x-1.y_z>").unwrap();
        assert_eq!(ok.name(), "x-1.y_z");
        assert_eq!(Element::parse("<é xmlns='x'/>").unwrap().name(), "é");
    }

    #[test]
    fn keeps_xml_lang() {
        let e = Element::parse(
            r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" xml:lang="en" id="x"/>"#,
        )
        .unwrap();
        assert_eq!(e.get_attr("xml:lang"), Some("en"));
    }

    #[test]
    fn rejects_restricted_xml() {
        assert_eq!(
            Element::parse(r#"<!DOCTYPE x [<!ENTITY a "b">]><x xmlns="a"/>"#),
            Err(XmlError::RestrictedXml("a DOCTYPE"))
        );
        assert_eq!(
            Element::parse(r#"<?evil?><x xmlns="a"/>"#),
            Err(XmlError::RestrictedXml("a processing instruction"))
        );
        assert_eq!(
            Element::parse(r#"<x xmlns="a"><!-- hi --></x>"#),
            Err(XmlError::RestrictedXml("a comment"))
        );
        assert_eq!(
            Element::parse(r#"<x xmlns="a">&lol;</x>"#),
            Err(XmlError::UndefinedEntity("lol".into()))
        );
    }

    #[test]
    fn enforces_limits() {
        let deep = "<a xmlns='x'>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(Element::parse(&deep), Err(XmlError::TooDeep));
        let attrs: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='v'")).collect();
        assert_eq!(
            Element::parse(&format!("<a xmlns='x'{attrs}/>")),
            Err(XmlError::TooManyAttributes)
        );
        // Namespace declarations: many on one element, or a few on each of many levels.
        let prefixes: String = (0..=MAX_NAMESPACE_BINDINGS)
            .map(|i| format!(" xmlns:p{i}='urn:{i}'"))
            .collect();
        assert_eq!(
            Element::parse(&format!("<a xmlns='x'{prefixes}/>")),
            Err(XmlError::TooManyNamespaces)
        );
        let levels = MAX_NAMESPACE_BINDINGS / 2 + 1;
        let nested = "<a xmlns='x' xmlns:p='y'>".repeat(levels) + &"</a>".repeat(levels);
        assert_eq!(Element::parse(&nested), Err(XmlError::TooManyNamespaces));
        let siblings = format!(
            "<a xmlns='x'>{}</a>",
            "<b xmlns='y' xmlns:p='z'/>".repeat(40)
        );
        assert!(
            Element::parse(&siblings).is_ok(),
            "closed elements give their bindings back"
        );
        let big = format!("<a xmlns='x'>{}</a>", "x".repeat(MAX_FRAME_BYTES));
        assert!(matches!(
            Element::parse(&big),
            Err(XmlError::TooLarge { .. })
        ));
    }

    #[test]
    fn rejects_malformed_frames() {
        for frame in [
            "",
            "text",
            "<a xmlns='x'>",
            "<a xmlns='x'></b>",
            "<a xmlns='x'/><b/>",
            "<p:a/>",
        ] {
            assert!(Element::parse(frame).is_err(), "{frame:?} should fail");
        }
    }
}
