//! Software version (XEP-0092): the name and version of the software, told only when the
//! configuration says so (a version number mostly helps attackers pick an exploit).

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// `<query xmlns="jabber:iq:version"/>`: empty as a question, filled as the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SoftwareVersion {
    /// The software's name.
    pub name: Option<String>,
    /// Its version.
    pub version: Option<String>,
    /// The operating system (Palaver never says).
    pub os: Option<String>,
}

impl TryFrom<&Element> for SoftwareVersion {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<SoftwareVersion, ParseError> {
        if !e.is("query", ns::VERSION) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        let text = |name: &str| e.get_child(name, ns::VERSION).map(Element::text_content);
        Ok(SoftwareVersion {
            name: text("name"),
            version: text("version"),
            os: text("os"),
        })
    }
}

impl From<&SoftwareVersion> for Element {
    fn from(v: &SoftwareVersion) -> Element {
        let mut e = Element::new("query", ns::VERSION);
        for (name, value) in [("name", &v.name), ("version", &v.version), ("os", &v.os)] {
            if let Some(value) = value {
                e.push_child(Element::new(name, ns::VERSION).text(value.as_str()));
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_xep_example_and_round_trips() {
        let xml = r#"<query xmlns="jabber:iq:version"><name>Exodus</name><version>0.7.0.4</version><os>Windows-XP 5.01.2600</os></query>"#;
        let v = SoftwareVersion::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(v.name.as_deref(), Some("Exodus"));
        assert_eq!(v.version.as_deref(), Some("0.7.0.4"));
        assert_eq!(Element::from(&v).to_string(), xml);
        assert_eq!(
            Element::from(&SoftwareVersion::default()).to_string(),
            r#"<query xmlns="jabber:iq:version"/>"#
        );
    }
}
