//! The `<item/>` a room uses to describe a person's standing (XEP-0045 §5: affiliation and
//! role), with who changed it and why. The same element in the `#user` namespace (a room's
//! presences, `user.rs`) and in `#admin` (requests and lists, `admin.rs`).

use super::{push_text, reason_child, MUC_ADMIN, MUC_USER};
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::{jid_attr, ParseError};
use crate::xmpp::xml::Element;

/// A user's long-lived standing in a room, kept while they are away (XEP-0045 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Affiliation {
    /// Owns the room: configures and destroys it, names admins.
    Owner,
    /// Administers the room: bans, manages members and moderators.
    Admin,
    /// Belongs to the room: may enter a members-only room, nick reserved.
    Member,
    /// Banned: may not enter.
    Outcast,
    /// No standing.
    None,
}

/// An occupant's standing for the time they are in the room (XEP-0045 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// May kick, grant and revoke voice, change the subject.
    Moderator,
    /// May speak.
    Participant,
    /// May only listen (in a moderated room).
    Visitor,
    /// Not in the room (they left, or were kicked or banned).
    None,
}

impl Affiliation {
    /// Every affiliation with its name on the wire.
    const NAMES: [(Affiliation, &'static str); 5] = [
        (Affiliation::Owner, "owner"),
        (Affiliation::Admin, "admin"),
        (Affiliation::Member, "member"),
        (Affiliation::Outcast, "outcast"),
        (Affiliation::None, "none"),
    ];

    /// The affiliation named `name`, if XEP-0045 defines it.
    pub fn from_name(name: &str) -> Option<Affiliation> {
        Affiliation::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(a, _)| *a)
    }

    /// The name on the wire.
    pub fn name(self) -> &'static str {
        Affiliation::NAMES
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("none", |(_, n)| n)
    }
}

impl Role {
    /// Every role with its name on the wire.
    const NAMES: [(Role, &'static str); 4] = [
        (Role::Moderator, "moderator"),
        (Role::Participant, "participant"),
        (Role::Visitor, "visitor"),
        (Role::None, "none"),
    ];

    /// The role named `name`, if XEP-0045 defines it.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(r, _)| *r)
    }

    /// The name on the wire.
    pub fn name(self) -> &'static str {
        Role::NAMES
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("none", |(_, n)| n)
    }
}

/// Who kicked, banned or changed someone (`<actor/>`): their nick in the room or their JID.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Actor {
    /// Their real JID, when the room shows it.
    pub jid: Option<Jid>,
    /// Their nickname in the room.
    pub nick: Option<String>,
}

/// `<continue thread='…'/>`: the room continues a one-to-one chat (XEP-0045 §7.9), so the
/// invitee's client can turn that chat into the room.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Continue {
    /// The `<thread/>` of the one-to-one chat, if it had one.
    pub thread: Option<String>,
}

/// One `<item/>`: a person and their standing. In a presence it describes the occupant it
/// comes from; in an admin request it names whom to change and how; in an admin result it is
/// one entry of a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    /// Their affiliation. A room's presences always carry it; an admin request about roles
    /// leaves it out (§17.4).
    pub affiliation: Option<Affiliation>,
    /// Their role. A room's presences always carry it; an admin request about affiliations
    /// leaves it out.
    pub role: Option<Role>,
    /// Their real JID: full in presences (only where the room shows it), bare in affiliation
    /// requests and lists.
    pub jid: Option<Jid>,
    /// Their nickname: the new one with status 303, the target of a role request.
    pub nick: Option<String>,
    /// Who changed them, if the room says.
    pub actor: Option<Actor>,
    /// Why, in the actor's words (trimmed: the XEPs' examples indent it).
    pub reason: Option<String>,
    /// The one-to-one chat this continues: XEP-0045's schema puts `<continue/>` here, its
    /// examples in invitations ([`super::Invite`]); read in both.
    pub continues: Option<Continue>,
}

/// An enumerated attribute: absent is `None`, a value outside `from_name` is refused.
fn enum_attr<T>(
    e: &Element,
    name: &'static str,
    from_name: fn(&str) -> Option<T>,
) -> Result<Option<T>, ParseError> {
    e.get_attr(name)
        .map(|value| {
            from_name(value).ok_or_else(|| ParseError::BadAttribute {
                name,
                value: value.to_owned(),
            })
        })
        .transpose()
}

/// The `<continue/>` child in `ns`.
pub(super) fn continue_child(e: &Element, ns: &str) -> Option<Continue> {
    e.get_child("continue", ns).map(|c| Continue {
        thread: c.get_attr("thread").map(str::to_owned),
    })
}

/// `<continue thread?/>` in `ns`.
pub(super) fn continue_element(c: &Continue, ns: &str) -> Element {
    Element::new("continue", ns).attr_opt("thread", c.thread.as_deref())
}

impl TryFrom<&Element> for Item {
    type Error = ParseError;

    /// An `<item/>` of the `#user` or `#admin` namespace (its children read in its own).
    fn try_from(e: &Element) -> Result<Item, ParseError> {
        let ns = e.ns();
        if e.name() != "item" || (ns != MUC_USER && ns != MUC_ADMIN) {
            return Err(ParseError::WrongElement { expected: "item" });
        }
        let actor = match e.get_child("actor", ns) {
            Some(actor) => Some(Actor {
                jid: jid_attr(actor, "jid")?,
                nick: actor.get_attr("nick").map(str::to_owned),
            }),
            None => None,
        };
        Ok(Item {
            affiliation: enum_attr(e, "affiliation", Affiliation::from_name)?,
            role: enum_attr(e, "role", Role::from_name)?,
            jid: jid_attr(e, "jid")?,
            nick: e.get_attr("nick").map(str::to_owned),
            actor,
            reason: reason_child(e, ns),
            continues: continue_child(e, ns),
        })
    }
}

impl Item {
    /// This item as an element of namespace `ns` (`#user` or `#admin`).
    pub(super) fn element_in(&self, ns: &'static str) -> Element {
        let mut e = Element::new("item", ns)
            .attr_opt("affiliation", self.affiliation.map(Affiliation::name))
            .attr_opt("jid", self.jid.as_ref().map(Jid::to_string))
            .attr_opt("nick", self.nick.as_deref())
            .attr_opt("role", self.role.map(Role::name));
        if let Some(actor) = &self.actor {
            e.push_child(
                Element::new("actor", ns)
                    .attr_opt("jid", actor.jid.as_ref().map(Jid::to_string))
                    .attr_opt("nick", actor.nick.as_deref()),
            );
        }
        if let Some(c) = &self.continues {
            e.push_child(continue_element(c, ns));
        }
        push_text(&mut e, "reason", ns, self.reason.as_deref());
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_affiliation_and_role_is_read_and_written_by_its_name() {
        // XEP-0045 §19.2, the enumerations of <item/>.
        for name in ["owner", "admin", "member", "outcast", "none"] {
            assert_eq!(
                Affiliation::from_name(name).map(Affiliation::name),
                Some(name)
            );
        }
        for name in ["moderator", "participant", "visitor", "none"] {
            assert_eq!(Role::from_name(name).map(Role::name), Some(name));
        }
        assert_eq!(
            Affiliation::from_name("Owner"),
            None,
            "names are case-sensitive"
        );
        assert_eq!(Role::from_name("guest"), None);
    }

    #[test]
    fn an_item_reads_the_same_in_both_namespaces_and_round_trips() {
        let full = r#"<item affiliation="member" jid="hag66@shakespeare.lit/pda" nick="thirdwitch" role="visitor"><actor jid="crone1@shakespeare.lit"/><continue thread="t1"/><reason>Not so worthy after all!</reason></item>"#;
        for ns in [MUC_USER, MUC_ADMIN] {
            let xml = full.replacen("<item ", &format!(r#"<item xmlns="{ns}" "#), 1);
            let item = Item::try_from(&Element::parse(&xml).unwrap()).unwrap();
            assert_eq!(item.affiliation, Some(Affiliation::Member));
            assert_eq!(item.role, Some(Role::Visitor));
            assert_eq!(item.nick.as_deref(), Some("thirdwitch"));
            let actor = item.actor.as_ref().unwrap();
            assert_eq!(
                actor.jid,
                Some(Jid::parse("crone1@shakespeare.lit").unwrap())
            );
            assert_eq!(
                item.continues.as_ref().unwrap().thread.as_deref(),
                Some("t1")
            );
            assert_eq!(item.element_in(ns).to_string(), xml);
            assert_eq!(Item::try_from(&item.element_in(ns)), Ok(item));
        }
    }

    #[test]
    fn a_bad_item_is_refused() {
        let item = |xml: &str| Item::try_from(&Element::parse(xml).unwrap());
        assert_eq!(
            item(r#"<item xmlns="http://jabber.org/protocol/muc#owner" role="none"/>"#),
            Err(ParseError::WrongElement { expected: "item" })
        );
        assert_eq!(
            item(r#"<item xmlns="http://jabber.org/protocol/muc#admin" affiliation="king"/>"#),
            Err(ParseError::BadAttribute {
                name: "affiliation",
                value: "king".into()
            })
        );
        assert!(matches!(
            item(
                r#"<item xmlns="http://jabber.org/protocol/muc#user" role="none"><actor jid="a@@b"/></item>"#
            ),
            Err(ParseError::BadJid(_))
        ));
        // Neither attribute is required by the schema: an empty item is an empty item.
        assert_eq!(
            item(r#"<item xmlns="http://jabber.org/protocol/muc#user"/>"#),
            Ok(Item::default())
        );
    }
}
