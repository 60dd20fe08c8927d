//! One start tag to an [`Element`]: name checked, namespace resolved, attributes read.
//!
//! quick-xml hands over namespaces and attribute values as written; here they are unescaped and
//! checked against XML's character rules, attributes are counted against [`MAX_ATTRIBUTES`], and
//! prefixed attribute names are resolved (only `xml:` survives as a prefix, for `xml:lang`).

use quick_xml::events::BytesStart;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::validate::{check_chars, check_qname};
use super::{Element, XmlError, MAX_ATTRIBUTES};

/// [`owned_ns`], reusing the previous answer when the namespace is written the same way.
pub(super) fn owned_ns_cached(
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

/// The element a start (or empty-element) tag opens, with its attributes but no children yet.
pub(super) fn start_element(
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

/// The namespace bound to the `xml:` prefix by definition.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn keeps_xml_lang() {
        let e = Element::parse(
            r#"<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" xml:lang="en" id="x"/>"#,
        )
        .unwrap();
        assert_eq!(e.get_attr("xml:lang"), Some("en"));
    }
}
