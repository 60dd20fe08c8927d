//! The roster (RFC 6121 §2): items, versions, and the query payload of gets, results and pushes.

use super::ParseError;
use crate::xmpp::jid::BareJid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// RFC 6121 §2.1.2.5: who sees whose presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subscription {
    /// Neither sees the other's presence.
    #[default]
    None,
    /// We see the contact's presence; they do not see ours.
    To,
    /// The contact sees our presence; we do not see theirs.
    From,
    /// Each sees the other's presence.
    Both,
    /// Only ever in a push: the item was removed.
    Remove,
}

impl Subscription {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Subscription::None => "none",
            Subscription::To => "to",
            Subscription::From => "from",
            Subscription::Both => "both",
            Subscription::Remove => "remove",
        }
    }
}

/// One contact in the roster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterItem {
    /// The contact: the roster's key.
    pub jid: BareJid,
    /// The name we gave them, if any (shown instead of the JID).
    pub name: Option<String>,
    /// Who sees whose presence.
    pub subscription: Subscription,
    /// RFC 6121 §2.1.2.2: we asked to subscribe and have no answer yet.
    pub ask_pending: bool,
    /// RFC 6121 §2.1.2.1 and §3.4: we pre-approved their subscription (answered before they
    /// asked), so the server accepts their request without asking us.
    pub approved: bool,
    /// The groups we filed them under; none shows them as ungrouped.
    pub groups: Vec<String>,
}

/// The `<query xmlns="jabber:iq:roster"/>` payload.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RosterQuery {
    /// RFC 6121 §2.6: the roster version, when the server versions rosters.
    pub ver: Option<String>,
    /// The contacts (in a push, the one that changed).
    pub items: Vec<RosterItem>,
}

impl TryFrom<&Element> for RosterItem {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<RosterItem, ParseError> {
        if !e.is("item", ns::ROSTER) {
            return Err(ParseError::WrongElement { expected: "item" });
        }
        let jid = BareJid::parse(
            e.get_attr("jid")
                .ok_or(ParseError::MissingAttribute("jid"))?,
        )?;
        let subscription = match e.get_attr("subscription") {
            None | Some("none") => Subscription::None,
            Some("to") => Subscription::To,
            Some("from") => Subscription::From,
            Some("both") => Subscription::Both,
            Some("remove") => Subscription::Remove,
            Some(other) => {
                return Err(ParseError::BadAttribute {
                    name: "subscription",
                    value: other.into(),
                })
            }
        };
        let mut groups: Vec<String> = Vec::new();
        for group in e.children().filter(|c| c.is("group", ns::ROSTER)) {
            let name = group.text_content();
            // RFC 6121 §2.1.2.4: empty and duplicate groups are ignored.
            if !name.is_empty() && !groups.contains(&name) {
                groups.push(name);
            }
        }
        Ok(RosterItem {
            jid,
            name: e
                .get_attr("name")
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            subscription,
            ask_pending: e.get_attr("ask") == Some("subscribe"),
            approved: matches!(e.get_attr("approved"), Some("true" | "1")),
            groups,
        })
    }
}

impl From<&RosterItem> for Element {
    fn from(item: &RosterItem) -> Element {
        let mut e = Element::new("item", ns::ROSTER)
            .attr("jid", item.jid.to_string())
            .attr_opt("name", item.name.as_deref());
        if item.subscription != Subscription::None {
            e.set_attr("subscription", item.subscription.as_str());
        }
        if item.ask_pending {
            e.set_attr("ask", "subscribe");
        }
        for group in &item.groups {
            e.push_child(Element::new("group", ns::ROSTER).text(group.as_str()));
        }
        e
    }
}

impl TryFrom<&Element> for RosterQuery {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<RosterQuery, ParseError> {
        if !e.is("query", ns::ROSTER) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        let items = e
            .children()
            .filter(|c| c.is("item", ns::ROSTER))
            .map(RosterItem::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RosterQuery {
            ver: e.get_attr("ver").map(str::to_owned),
            items,
        })
    }
}

impl From<&RosterQuery> for Element {
    fn from(query: &RosterQuery) -> Element {
        let mut e = Element::new("query", ns::ROSTER).attr_opt("ver", query.ver.as_deref());
        for item in &query.items {
            e.push_child(item.into());
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_roster_result_and_round_trips() {
        let xml = r#"<query xmlns="jabber:iq:roster" ver="ver11"><item jid="romeo@example.net" name="Romeo" subscription="both"><group>Friends</group><group>Friends</group><group></group></item><item jid="NURSE@example.com" ask="subscribe"/></query>"#;
        let query = RosterQuery::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(query.ver.as_deref(), Some("ver11"));
        assert_eq!(query.items.len(), 2);
        let romeo = &query.items[0];
        assert_eq!(romeo.jid.to_string(), "romeo@example.net");
        assert_eq!(romeo.name.as_deref(), Some("Romeo"));
        assert_eq!(romeo.subscription, Subscription::Both);
        assert_eq!(romeo.groups, ["Friends"]);
        let nurse = &query.items[1];
        assert_eq!(nurse.jid.to_string(), "nurse@example.com");
        assert_eq!(nurse.subscription, Subscription::None);
        assert!(nurse.ask_pending);
        let again = RosterQuery::try_from(&Element::from(&query)).unwrap();
        assert_eq!(again, query);
    }

    #[test]
    fn rejects_bad_items() {
        let missing =
            Element::parse(r#"<query xmlns="jabber:iq:roster"><item name="x"/></query>"#).unwrap();
        assert_eq!(
            RosterQuery::try_from(&missing),
            Err(ParseError::MissingAttribute("jid"))
        );
        let bad = Element::parse(
            r#"<query xmlns="jabber:iq:roster"><item jid="a@b" subscription="all"/></query>"#,
        )
        .unwrap();
        assert!(matches!(
            RosterQuery::try_from(&bad),
            Err(ParseError::BadAttribute { .. })
        ));
        let full = Element::parse(r#"<query xmlns="jabber:iq:roster"><item jid="a@b/c"/></query>"#)
            .unwrap();
        assert!(matches!(
            RosterQuery::try_from(&full),
            Err(ParseError::BadJid(_))
        ));
    }
}
