//! Parsing one frame into an [`Element`], with the limits and refusals hostile input calls for.
//!
//! The frame is read event by event with `quick_xml::NsReader`; each limit is checked before the
//! work it bounds (the frame size before reading, depth and namespace bindings before an element
//! is opened) so a hostile frame costs little. DOCTYPEs, processing instructions, comments and
//! undefined entities are refused as RFC 6120 §11 requires.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event as XmlEvent;
use quick_xml::NsReader;

use super::start_tag::{owned_ns_cached, start_element};
use super::validate::check_chars;
use super::{Element, Node, XmlError, MAX_DEPTH, MAX_FRAME_BYTES, MAX_NAMESPACE_BINDINGS};

impl Element {
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

/// Attaches a finished element to the open one, or makes it the root when none is open.
fn close_element(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

/// Appends text to the open element, merging it with a text run just before (entities, CDATA
/// and text arrive as separate events but are one run of text).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::xml::MAX_ATTRIBUTES;

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
