//! The owned element tree: what stanza code builds and reads, never strings.
//!
//! Parsing lives in `parse.rs` and serialization in `write.rs`; this file is only the data and
//! the small builders and accessors the `stanza/` modules use.

/// A child of an element: another element or a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// A run of text, unescaped; adjacent runs (text, entities, CDATA) are merged when parsing.
    Text(String),
}

/// An XML element with its namespace resolved.
///
/// Attribute names are kept as written without prefix handling beyond `xml:lang`, which is all
/// XMPP uses; namespace declarations are not attributes here: they are recomputed on output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    // Visible to the parser and the writer next door; callers go through the methods below.
    pub(super) name: String,
    pub(super) ns: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) children: Vec<Node>,
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
}
