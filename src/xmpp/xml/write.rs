//! Serializing an [`Element`] back to XML text, escaping as it goes.
//!
//! Namespaces are not stored as attributes (see [`Element`]), so `xmlns` is recomputed: written
//! on the root and wherever a child's namespace differs from its parent's.

use std::fmt;

use quick_xml::escape::escape;

use super::{Element, Node};

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
}
