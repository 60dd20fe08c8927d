//! Moderators' and admins' requests (XEP-0045 §8–§9): the `muc#admin` `<query/>` of an IQ to
//! the room that changes one occupant's role by nick (kick, voice, moderator), one user's
//! affiliation by bare JID (ban, membership, admin, owner), or asks for everyone with a given
//! role or affiliation (the room answers with the list, in the same query).

use super::item::{Affiliation, Item, Role};
use super::MUC_ADMIN;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// A `muc#admin` `<query/>`: the items to change (an IQ set), the one item naming the list
/// wanted (an IQ get), or the list (the result).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminQuery {
    /// The changes, the list wanted, or the list.
    pub items: Vec<Item>,
}

impl AdminQuery {
    /// Sets the role of the occupant `nick` (§8.3, §8.4, §9.6, §9.7): `Participant` grants voice,
    /// `Visitor` revokes it, `Moderator` makes a moderator. A request about roles names the
    /// nick only (§17.4).
    pub fn set_role(nick: &str, role: Role, reason: Option<&str>) -> AdminQuery {
        AdminQuery {
            items: vec![Item {
                nick: Some(nick.to_owned()),
                role: Some(role),
                reason: reason.map(str::to_owned),
                ..Item::default()
            }],
        }
    }

    /// Kicks the occupant `nick` out of the room (§8.2): their role becomes none.
    pub fn kick(nick: &str, reason: Option<&str>) -> AdminQuery {
        AdminQuery::set_role(nick, Role::None, reason)
    }

    /// Sets the affiliation of the user `jid` (§9.3, §9.4, §10.3, §10.4, §10.6, §10.7): member,
    /// admin, owner, or none to take it away. A request about affiliations names the bare JID
    /// only (§17.4).
    pub fn set_affiliation(
        jid: &BareJid,
        affiliation: Affiliation,
        reason: Option<&str>,
    ) -> AdminQuery {
        AdminQuery {
            items: vec![Item {
                jid: Some(Jid::Bare(jid.clone())),
                affiliation: Some(affiliation),
                reason: reason.map(str::to_owned),
                ..Item::default()
            }],
        }
    }

    /// Bans the user `jid` from the room (§9.1): their affiliation becomes outcast.
    pub fn ban(jid: &BareJid, reason: Option<&str>) -> AdminQuery {
        AdminQuery::set_affiliation(jid, Affiliation::Outcast, reason)
    }

    /// Asks for everyone with `affiliation` (§9.2 the ban list, §9.5 members, §10.5 owners,
    /// §10.8 admins): to send in an IQ get.
    pub fn list_affiliation(affiliation: Affiliation) -> AdminQuery {
        AdminQuery {
            items: vec![Item {
                affiliation: Some(affiliation),
                ..Item::default()
            }],
        }
    }

    /// Asks for everyone with `role` (§8.5 voice: participants, §9.8 moderators): to send in
    /// an IQ get.
    pub fn list_role(role: Role) -> AdminQuery {
        AdminQuery {
            items: vec![Item {
                role: Some(role),
                ..Item::default()
            }],
        }
    }
}

impl TryFrom<&Element> for AdminQuery {
    type Error = ParseError;

    /// The query with its items. The schema wants one at least; an empty list is still read
    /// (a room with nobody banned may answer so).
    fn try_from(e: &Element) -> Result<AdminQuery, ParseError> {
        if !e.is("query", MUC_ADMIN) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        Ok(AdminQuery {
            items: e
                .children()
                .filter(|c| c.is("item", MUC_ADMIN))
                .map(Item::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&AdminQuery> for Element {
    fn from(query: &AdminQuery) -> Element {
        let mut e = Element::new("query", MUC_ADMIN);
        for item in &query.items {
            e.push_child(item.element_in(MUC_ADMIN));
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::{child, example, round_trip};

    /// The admin query of the IQ `iq`, checked to survive a round trip.
    fn query(iq: &str) -> AdminQuery {
        round_trip(AdminQuery::try_from(child(&example(iq), "query", MUC_ADMIN)).unwrap())
    }

    fn bare(jid: &str) -> BareJid {
        BareJid::parse(jid).unwrap()
    }

    #[test]
    fn a_kick_sets_the_role_to_none_by_nick() {
        // XEP-0045 Example 89.
        let kick = query(
            r#"<iq from='fluellen@shakespeare.lit/pda'
    id='kick1'
    to='harfleur@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item nick='pistol' role='none'>
      <reason>Avaunt, you cullion!</reason>
    </item>
  </query>
</iq>"#,
        );
        assert_eq!(
            kick,
            AdminQuery::kick("pistol", Some("Avaunt, you cullion!"))
        );
        assert_eq!(
            Element::from(&kick).to_string(),
            r#"<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="pistol" role="none"><reason>Avaunt, you cullion!</reason></item></query>"#
        );
    }

    #[test]
    fn voice_is_granted_and_revoked_by_role() {
        // XEP-0045 Example 95: voice granted, with a reason.
        let grant = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='voice1'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item nick='thirdwitch'
          role='participant'>
      <reason>A worthy witch indeed!</reason>
    </item>
  </query>
</iq>"#,
        );
        let expected = AdminQuery::set_role(
            "thirdwitch",
            Role::Participant,
            Some("A worthy witch indeed!"),
        );
        assert_eq!(grant, expected);
        // XEP-0045 Example 98: voice revoked.
        let revoke = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='voice2'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item nick='thirdwitch'
          role='visitor'/>
  </query>
</iq>"#,
        );
        assert_eq!(
            revoke,
            AdminQuery::set_role("thirdwitch", Role::Visitor, None)
        );
    }

    #[test]
    fn a_ban_sets_the_affiliation_to_outcast_by_bare_jid() {
        // XEP-0045 Example 111.
        let ban = query(
            r#"<iq from='kinghenryv@shakespeare.lit/throne'
    id='ban1'
    to='southampton@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='outcast'
          jid='earlofcambridge@shakespeare.lit'>
      <reason>Treason</reason>
    </item>
  </query>
</iq>"#,
        );
        assert_eq!(
            ban,
            AdminQuery::ban(&bare("earlofcambridge@shakespeare.lit"), Some("Treason"))
        );
        // XEP-0045 Example 120: membership granted, with the nick to reserve.
        let member = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='member1'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit'
          nick='thirdwitch'/>
  </query>
</iq>"#,
        );
        let mut expected =
            AdminQuery::set_affiliation(&bare("hag66@shakespeare.lit"), Affiliation::Member, None);
        expected.items[0].nick = Some("thirdwitch".into());
        assert_eq!(member, expected);
    }

    #[test]
    fn lists_are_asked_by_affiliation_or_role_and_come_back_as_items() {
        // XEP-0045 Example 116: the ban list asked for.
        let asked = query(
            r#"<iq from='kinghenryv@shakespeare.lit/throne'
    id='ban2'
    to='southampton@chat.shakespeare.lit'
    type='get'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='outcast'/>
  </query>
</iq>"#,
        );
        assert_eq!(asked, AdminQuery::list_affiliation(Affiliation::Outcast));
        // XEP-0045 Example 103's query: the voice list asked for.
        assert_eq!(
            Element::from(&AdminQuery::list_role(Role::Participant)).to_string(),
            r#"<query xmlns="http://jabber.org/protocol/muc#admin"><item role="participant"/></query>"#
        );
        // XEP-0045 Example 147: the moderator list.
        let moderators = query(
            r#"<iq from='coven@chat.shakespeare.lit'
    id='mod3'
    to='crone1@shakespeare.lit/desktop'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          nick='thirdwitch'
          role='moderator'/>
  </query>
</iq>"#,
        );
        let item = &moderators.items[0];
        assert_eq!(item.role, Some(Role::Moderator));
        assert_eq!(
            item.jid,
            Some(Jid::parse("hag66@shakespeare.lit/pda").unwrap())
        );
        // XEP-0045 Example 131: the member list changed, two items at once.
        let delta = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='member4'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#admin'>
    <item affiliation='none'
          jid='hag66@shakespeare.lit'/>
    <item affiliation='member'
          jid='hecate@shakespeare.lit'/>
  </query>
</iq>"#,
        );
        let changes: Vec<_> = delta.items.iter().map(|i| i.affiliation).collect();
        assert_eq!(
            changes,
            [Some(Affiliation::None), Some(Affiliation::Member)]
        );
    }

    #[test]
    fn other_namespaces_and_unknown_values_are_refused() {
        let owner =
            Element::parse(r#"<query xmlns="http://jabber.org/protocol/muc#owner"/>"#).unwrap();
        assert_eq!(
            AdminQuery::try_from(&owner),
            Err(ParseError::WrongElement { expected: "query" })
        );
        let bad = Element::parse(
            r#"<query xmlns="http://jabber.org/protocol/muc#admin"><item nick="x" role="janitor"/></query>"#,
        )
        .unwrap();
        assert_eq!(
            AdminQuery::try_from(&bad),
            Err(ParseError::BadAttribute {
                name: "role",
                value: "janitor".into()
            })
        );
        let empty =
            Element::parse(r#"<query xmlns="http://jabber.org/protocol/muc#admin"/>"#).unwrap();
        assert_eq!(AdminQuery::try_from(&empty), Ok(AdminQuery::default()));
    }
}
