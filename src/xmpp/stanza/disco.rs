//! Service discovery information (XEP-0030 §3), with the extended information forms of
//! XEP-0128. The entity-capabilities hash over it is XEP-0115's, in `caps.rs`.

use super::data_form::DataForm;
use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// One `<identity/>`: what kind of entity this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The category (`client`, `conference`, `server`…).
    pub category: String,
    /// The type within it (`web`, `text`, `im`…).
    pub kind: String,
    /// The language of `name` (`xml:lang`).
    pub lang: Option<String>,
    /// A name for people.
    pub name: Option<String>,
}

impl Identity {
    /// An identity without a language.
    pub fn new(category: &str, kind: &str, name: Option<&str>) -> Identity {
        Identity {
            category: category.to_owned(),
            kind: kind.to_owned(),
            lang: None,
            name: name.map(str::to_owned),
        }
    }
}

/// A disco#info `<query/>`: identities, features and extended information forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscoInfo {
    /// The node asked about, if any.
    pub node: Option<String>,
    /// What the entity is.
    pub identities: Vec<Identity>,
    /// What it supports, as namespaces.
    pub features: Vec<String>,
    /// XEP-0128 forms describing it further (a room's `muc#roominfo`, a server's contacts).
    pub extensions: Vec<DataForm>,
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
                    lang: child.get_attr("xml:lang").map(str::to_owned),
                    name: child.get_attr("name").map(str::to_owned),
                });
            } else if child.is("feature", ns::DISCO_INFO) {
                info.features.push(
                    child
                        .get_attr("var")
                        .ok_or(ParseError::MissingAttribute("var"))?
                        .into(),
                );
            } else if child.is("x", ns::DATA_FORMS) {
                info.extensions.push(DataForm::try_from(child)?);
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
                    .attr_opt("xml:lang", identity.lang.as_deref())
                    .attr_opt("name", identity.name.as_deref()),
            );
        }
        for feature in &info.features {
            e.push_child(Element::new("feature", ns::DISCO_INFO).attr("var", feature.as_str()));
        }
        for form in &info.extensions {
            e.push_child(form.into());
        }
        e
    }
}

/// A disco#info question (XEP-0030 §3.1), about `node` if given.
pub fn info_query(node: Option<&str>) -> Element {
    Element::new("query", ns::DISCO_INFO).attr_opt("node", node)
}

/// A disco#items question (XEP-0030 §4.1), or an answer listing nothing.
pub fn items_query() -> Element {
    Element::new("query", ns::DISCO_ITEMS)
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

/// XEP-0030 §4: the items an entity lists with the names it gives them (a conference
/// service's rooms), at most `limit`; items without a parsable `jid` are skipped.
pub fn named_items_of(
    query: &Element,
    limit: usize,
) -> Vec<(crate::xmpp::jid::Jid, Option<String>)> {
    query
        .children()
        .filter(|i| i.is("item", ns::DISCO_ITEMS))
        .filter_map(|i| {
            let jid = crate::xmpp::jid::Jid::parse(i.get_attr("jid")?).ok()?;
            let name = i
                .get_attr("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            Some((jid, name))
        })
        .take(limit)
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
