//! Service discovery information (XEP-0030 §3) and the entity-capabilities hash (XEP-0115 §5).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha1::{Digest, Sha1};

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// One `<identity/>`: what kind of entity this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub category: String,
    pub kind: String,
    pub name: Option<String>,
}

/// A disco#info `<query/>`: identities and features (extended forms are not handled yet).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoInfo {
    pub node: Option<String>,
    pub identities: Vec<Identity>,
    pub features: Vec<String>,
}

impl DiscoInfo {
    /// XEP-0115 §5.1 verification string (without extended data forms), SHA-1, base64.
    pub fn caps_ver(&self) -> String {
        let mut identities: Vec<String> = self
            .identities
            .iter()
            .map(|i| {
                format!(
                    "{}/{}//{}",
                    i.category,
                    i.kind,
                    i.name.as_deref().unwrap_or_default()
                )
            })
            .collect();
        identities.sort();
        let mut features = self.features.clone();
        features.sort();
        features.dedup();
        let mut s = String::new();
        for part in identities.iter().chain(&features) {
            s.push_str(part);
            s.push('<');
        }
        BASE64.encode(Sha1::digest(s.as_bytes()))
    }
}

impl TryFrom<&Element> for DiscoInfo {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<DiscoInfo, ParseError> {
        if !e.is("query", ns::DISCO_INFO) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        let mut info = DiscoInfo {
            node: e.get_attr("node").map(str::to_owned),
            ..DiscoInfo::default()
        };
        for child in e.children() {
            if child.is("identity", ns::DISCO_INFO) {
                info.identities.push(Identity {
                    category: child
                        .get_attr("category")
                        .ok_or(ParseError::MissingAttribute("category"))?
                        .into(),
                    kind: child
                        .get_attr("type")
                        .ok_or(ParseError::MissingAttribute("type"))?
                        .into(),
                    name: child.get_attr("name").map(str::to_owned),
                });
            } else if child.is("feature", ns::DISCO_INFO) {
                info.features.push(
                    child
                        .get_attr("var")
                        .ok_or(ParseError::MissingAttribute("var"))?
                        .into(),
                );
            }
        }
        Ok(info)
    }
}

impl From<&DiscoInfo> for Element {
    fn from(info: &DiscoInfo) -> Element {
        let mut e = Element::new("query", ns::DISCO_INFO).attr_opt("node", info.node.as_deref());
        for identity in &info.identities {
            e.push_child(
                Element::new("identity", ns::DISCO_INFO)
                    .attr("category", identity.category.as_str())
                    .attr("type", identity.kind.as_str())
                    .attr_opt("name", identity.name.as_deref()),
            );
        }
        for feature in &info.features {
            e.push_child(Element::new("feature", ns::DISCO_INFO).attr("var", feature.as_str()));
        }
        e
    }
}

/// XEP-0030 §4: the items an entity lists (a server's services: rooms, upload, proxies), as
/// their JIDs; items without a parsable `jid` are skipped.
pub fn items_of(query: &Element) -> Vec<crate::xmpp::jid::Jid> {
    query
        .children()
        .filter(|i| i.is("item", ns::DISCO_ITEMS))
        .filter_map(|i| crate::xmpp::jid::Jid::parse(i.get_attr("jid")?).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_jids_of_listed_items() {
        let query = Element::parse(r#"<query xmlns="http://jabber.org/protocol/disco#items"><item jid="conference.localhost" name="Rooms"/><item jid="@@"/><item name="no jid"/><item jid="upload.localhost"/></query>"#).unwrap();
        let items: Vec<String> = items_of(&query).iter().map(ToString::to_string).collect();
        assert_eq!(items, ["conference.localhost", "upload.localhost"]);
    }

    /// XEP-0115 §5.2, the simple example: Exodus 0.9.1.
    #[test]
    fn caps_ver_matches_the_xep_example() {
        let info = DiscoInfo {
            node: None,
            identities: vec![Identity {
                category: "client".into(),
                kind: "pc".into(),
                name: Some("Exodus 0.9.1".into()),
            }],
            features: vec![
                "http://jabber.org/protocol/muc".into(),
                "http://jabber.org/protocol/disco#info".into(),
                "http://jabber.org/protocol/disco#items".into(),
                "http://jabber.org/protocol/caps".into(),
            ],
        };
        assert_eq!(info.caps_ver(), "QgayPKawpkPSDYmwT/WM94uAlu0=");
    }

    #[test]
    fn parses_and_round_trips() {
        let xml = r#"<query xmlns="http://jabber.org/protocol/disco#info" node="n#v"><identity category="client" type="web" name="Palaver"/><feature var="urn:xmpp:ping"/></query>"#;
        let info = DiscoInfo::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(info.node.as_deref(), Some("n#v"));
        assert_eq!(info.identities[0].kind, "web");
        assert_eq!(info.features, ["urn:xmpp:ping"]);
        assert_eq!(Element::from(&info).to_string(), xml);
        let bad = Element::parse(
            r#"<query xmlns="http://jabber.org/protocol/disco#info"><feature/></query>"#,
        )
        .unwrap();
        assert_eq!(
            DiscoInfo::try_from(&bad),
            Err(ParseError::MissingAttribute("var"))
        );
    }
}
