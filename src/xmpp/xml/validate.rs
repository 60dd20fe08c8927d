//! The XML 1.0 rules quick-xml does not enforce: what a name may be and which characters may
//! appear at all. Without them a parsed tree could hold something that cannot be written back.

use super::XmlError;

/// Checks a qualified name (`name` or `prefix:name`) against XML's Name production, simplified:
/// an ASCII letter, `_` or non-ASCII first, then also digits, `-` and `.`; at most one colon.
pub(super) fn check_qname(raw: &[u8]) -> Result<(), XmlError> {
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
pub(super) fn check_chars(text: &str) -> Result<(), XmlError> {
    match text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        Some(c) => Err(XmlError::InvalidCharacter(c)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::xml::Element;

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
}
