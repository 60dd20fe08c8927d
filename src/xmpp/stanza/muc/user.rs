//! What a room says about its occupants and to its users: the `<x/>` of the `muc#user`
//! namespace (XEP-0045 §19.2) in presences (each occupant's [`Item`]; why someone left) and in
//! messages (mediated invitations §7.8.2, declines, configuration change notices §10.2.1).
//!
//! The `<destroy/>` here is also the owner's request (`owner.rs`): same shape, another
//! namespace.

use super::item::{continue_child, continue_element, Continue, Item};
use super::status::StatusCode;
use super::{push_text, reason_child, text_child, MUC_OWNER, MUC_USER};
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::{jid_attr, ParseError};
use crate::xmpp::xml::Element;

/// A mediated invitation (XEP-0045 §7.8.2): sent to the room with `to`, delivered by the room
/// to the invitee with `from`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invite {
    /// Who invites (set by the room on delivery): bare, full or occupant JID.
    pub from: Option<Jid>,
    /// Whom to invite (set by the inviter).
    pub to: Option<Jid>,
    /// Why, in the inviter's words (trimmed).
    pub reason: Option<String>,
    /// The one-to-one chat the room continues (§7.9).
    pub continues: Option<Continue>,
}

/// The invitee's "no thanks" to a mediated invitation (XEP-0045 §7.8.2): sent to the room with
/// `to` (the inviter), delivered to the inviter with `from` (the invitee).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decline {
    /// Who declines (set by the room on delivery).
    pub from: Option<Jid>,
    /// The inviter being answered (set by the invitee).
    pub to: Option<Jid>,
    /// Why, in the invitee's words (trimmed).
    pub reason: Option<String>,
}

/// The room is gone (XEP-0045 §10.9): the owner's request (`#owner`), and what every occupant
/// is told as they are removed (`#user`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Destroy {
    /// Where the conversation goes on, if the owner named a room.
    pub jid: Option<Jid>,
    /// Why, in the owner's words (trimmed).
    pub reason: Option<String>,
    /// The password of the room named in `jid`.
    pub password: Option<String>,
}

/// The `muc#user` `<x/>` of a room's presence or message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MucUser {
    /// The occupant the presence is about (one), or affiliation notices.
    pub items: Vec<Item>,
    /// Why this came, in codes.
    pub statuses: Vec<StatusCode>,
    /// Mediated invitations (an inviter may send several at once, §7.9).
    pub invites: Vec<Invite>,
    /// A declined invitation.
    pub decline: Option<Decline>,
    /// The room was destroyed.
    pub destroy: Option<Destroy>,
    /// The room's password, delivered with an invitation.
    pub password: Option<String>,
}

impl MucUser {
    /// The `muc#user` `<x/>` of a presence or message, if it has one. XEP-0045 §7.2.2 allows one
    /// at most: more is refused.
    pub fn from_stanza(stanza: &Element) -> Result<Option<MucUser>, ParseError> {
        let mut found = stanza.children().filter(|c| c.is("x", MUC_USER));
        match (found.next(), found.next()) {
            (Some(x), None) => MucUser::try_from(x).map(Some),
            (None, _) => Ok(None),
            (Some(_), Some(_)) => Err(ParseError::BadStructure(
                "a stanza carries at most one muc#user <x/>",
            )),
        }
    }

    /// Whether the room says `status`.
    pub fn has_status(&self, status: StatusCode) -> bool {
        self.statuses.contains(&status)
    }
}

impl TryFrom<&Element> for Destroy {
    type Error = ParseError;

    /// A `<destroy/>` of the `#user` or `#owner` namespace (its children read in its own).
    fn try_from(e: &Element) -> Result<Destroy, ParseError> {
        let ns = e.ns();
        if e.name() != "destroy" || (ns != MUC_USER && ns != MUC_OWNER) {
            return Err(ParseError::WrongElement {
                expected: "destroy",
            });
        }
        Ok(Destroy {
            jid: jid_attr(e, "jid")?,
            reason: reason_child(e, ns),
            password: text_child(e, "password", ns),
        })
    }
}

impl Destroy {
    /// This request or notice as an element of namespace `ns` (`#owner` or `#user`).
    pub(super) fn element_in(&self, ns: &'static str) -> Element {
        let mut e =
            Element::new("destroy", ns).attr_opt("jid", self.jid.as_ref().map(Jid::to_string));
        push_text(&mut e, "password", ns, self.password.as_deref());
        push_text(&mut e, "reason", ns, self.reason.as_deref());
        e
    }
}

/// The `from`, `to` and `<reason/>` an `<invite/>` and a `<decline/>` share: a decline is
/// exactly that, an invitation is that plus an optional `<continue/>`.
fn addressed(e: &Element) -> Result<Decline, ParseError> {
    Ok(Decline {
        from: jid_attr(e, "from")?,
        to: jid_attr(e, "to")?,
        reason: reason_child(e, MUC_USER),
    })
}

/// An `<invite/>` or `<decline/>` with its addresses and reason.
fn addressed_element(
    name: &str,
    from: &Option<Jid>,
    to: &Option<Jid>,
    reason: &Option<String>,
) -> Element {
    let mut e = Element::new(name, MUC_USER)
        .attr_opt("from", from.as_ref().map(Jid::to_string))
        .attr_opt("to", to.as_ref().map(Jid::to_string));
    push_text(&mut e, "reason", MUC_USER, reason.as_deref());
    e
}

impl TryFrom<&Element> for MucUser {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<MucUser, ParseError> {
        if !e.is("x", MUC_USER) {
            return Err(ParseError::WrongElement { expected: "x" });
        }
        let mut user = MucUser::default();
        for child in e.children().filter(|c| c.ns() == MUC_USER) {
            match child.name() {
                "item" => user.items.push(Item::try_from(child)?),
                "status" => user.statuses.push(StatusCode::try_from(child)?),
                "invite" => {
                    let Decline { from, to, reason } = addressed(child)?;
                    let continues = continue_child(child, MUC_USER);
                    user.invites.push(Invite {
                        from,
                        to,
                        reason,
                        continues,
                    });
                }
                "decline" if user.decline.is_none() => {
                    user.decline = Some(addressed(child)?);
                }
                "destroy" if user.destroy.is_none() => {
                    user.destroy = Some(Destroy::try_from(child)?);
                }
                "password" if user.password.is_none() => {
                    user.password = Some(child.text_content());
                }
                _ => {}
            }
        }
        Ok(user)
    }
}

impl From<&MucUser> for Element {
    fn from(user: &MucUser) -> Element {
        let mut e = Element::new("x", MUC_USER);
        for invite in &user.invites {
            let mut i = addressed_element("invite", &invite.from, &invite.to, &invite.reason);
            if let Some(c) = &invite.continues {
                i.push_child(continue_element(c, MUC_USER));
            }
            e.push_child(i);
        }
        if let Some(d) = &user.decline {
            e.push_child(addressed_element("decline", &d.from, &d.to, &d.reason));
        }
        for item in &user.items {
            e.push_child(item.element_in(MUC_USER));
        }
        if let Some(destroy) = &user.destroy {
            e.push_child(destroy.element_in(MUC_USER));
        }
        for status in &user.statuses {
            e.push_child(status.into());
        }
        push_text(&mut e, "password", MUC_USER, user.password.as_deref());
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::{example, round_trip};
    use crate::xmpp::stanza::muc::{Affiliation, Role};

    /// Parses the `muc#user` payload of `stanza`, checks it survives a round trip, returns it.
    fn payload(stanza: &Element) -> MucUser {
        round_trip(MucUser::from_stanza(stanza).unwrap().unwrap())
    }

    fn jid(s: &str) -> Option<Jid> {
        Some(Jid::parse(s).unwrap())
    }

    #[test]
    fn self_presence_on_entering_a_room() {
        // XEP-0045 Example 24: the new occupant's own presence, in a non-anonymous room whose
        // service changed the nick.
        let user = payload(&example(
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='n13mt3l'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
    <status code='100'/>
    <status code='110'/>
    <status code='210'/>
  </x>
</presence>"#,
        ));
        assert_eq!(user.items.len(), 1);
        assert_eq!(user.items[0].affiliation, Some(Affiliation::Member));
        assert_eq!(user.items[0].role, Some(Role::Participant));
        assert_eq!(user.items[0].jid, None);
        assert_eq!(
            user.statuses,
            [
                StatusCode::NonAnonymous,
                StatusCode::SelfPresence,
                StatusCode::NickAssigned
            ]
        );
        assert!(user.has_status(StatusCode::SelfPresence));
        assert!(!user.has_status(StatusCode::Kicked));
    }

    #[test]
    fn a_nick_change_names_the_new_nick() {
        // XEP-0045 Example 50, the third stanza: the old nick's unavailable presence, to us.
        let user = payload(&example(
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='DC352437-C019-40EC-B590-AF29E879AF98'
    to='hag66@shakespeare.lit/pda'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member'
          jid='hag66@shakespeare.lit/pda'
          nick='oldhag'
          role='participant'/>
    <status code='303'/>
    <status code='110'/>
  </x>
</presence>"#,
        ));
        let item = &user.items[0];
        assert_eq!(item.nick.as_deref(), Some("oldhag"));
        assert_eq!(item.jid, jid("hag66@shakespeare.lit/pda"));
        assert_eq!(
            user.statuses,
            [StatusCode::NickChanged, StatusCode::SelfPresence]
        );
    }

    #[test]
    fn a_kick_and_a_ban_name_the_actor_and_the_reason() {
        // XEP-0045 Example 90: removal of a kicked occupant.
        let kicked = payload(&example(
            r#"<presence
    from='harfleur@chat.shakespeare.lit/pistol'
    to='pistol@shakespeare.lit/harfleur'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'>
      <actor nick='Fluellen'/>
      <reason>Avaunt, you cullion!</reason>
    </item>
    <status code='110'/>
    <status code='307'/>
  </x>
</presence>"#,
        ));
        let item = &kicked.items[0];
        assert_eq!(
            (item.affiliation, item.role),
            (Some(Affiliation::None), Some(Role::None))
        );
        let actor = item.actor.as_ref().unwrap();
        assert_eq!(
            (actor.nick.as_deref(), actor.jid.as_ref()),
            (Some("Fluellen"), None)
        );
        assert_eq!(item.reason.as_deref(), Some("Avaunt, you cullion!"));
        assert_eq!(
            kicked.statuses,
            [StatusCode::SelfPresence, StatusCode::Kicked]
        );
        // XEP-0045 Example 113: removal of a banned user, by a king with a non-ASCII nick.
        let banned = payload(&example(
            r#"<presence
    from='southampton@chat.shakespeare.lit/cambridge'
    to='earlofcambridge@shakespeare.lit/stabber'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='outcast' role='none'>
      <actor nick='The ♚'/>
      <reason>Treason</reason>
    </item>
    <status code='301'/>
  </x>
</presence>"#,
        ));
        assert_eq!(banned.items[0].affiliation, Some(Affiliation::Outcast));
        assert_eq!(
            banned.items[0].actor.as_ref().unwrap().nick.as_deref(),
            Some("The ♚")
        );
        assert_eq!(banned.statuses, [StatusCode::Banned]);
    }

    #[test]
    fn a_destroyed_room_names_where_to_go() {
        // XEP-0045 Example 202, the first stanza.
        let user = payload(&example(
            r#"<presence
    from='heath@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'/>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </x>
</presence>"#,
        ));
        let destroy = user.destroy.unwrap();
        assert_eq!(destroy.jid, jid("coven@chat.shakespeare.lit"));
        assert_eq!(destroy.reason.as_deref(), Some("Macbeth doth come."));
        assert_eq!(destroy.password, None);
    }

    #[test]
    fn mediated_invitations_out_and_in() {
        // XEP-0045 Example 56: the inviter's message to the room.
        let out = payload(&example(
            r#"<message
    from='crone1@shakespeare.lit/desktop'
    id='nzd143v8'
    to='coven@chat.shakespeare.lit'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <invite to='hecate@shakespeare.lit'>
      <reason>
        Hey Hecate, this is the place for all good witches!
      </reason>
    </invite>
  </x>
</message>"#,
        ));
        assert_eq!(out.invites.len(), 1);
        assert_eq!(out.invites[0].to, jid("hecate@shakespeare.lit"));
        assert_eq!(
            out.invites[0].reason.as_deref(),
            Some("Hey Hecate, this is the place for all good witches!")
        );
        // XEP-0045 Example 57: the room delivers it, with the password.
        let delivered = payload(&example(
            r#"<message
    from='coven@chat.shakespeare.lit'
    id='nzd143v8'
    to='hecate@shakespeare.lit'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <invite from='crone1@shakespeare.lit/desktop'>
      <reason>
        Hey Hecate, this is the place for all good witches!
      </reason>
    </invite>
    <password>cauldronburn</password>
  </x>
</message>"#,
        ));
        assert_eq!(
            delivered.invites[0].from,
            jid("crone1@shakespeare.lit/desktop")
        );
        assert_eq!(delivered.password.as_deref(), Some("cauldronburn"));
        // XEP-0045 Example 63: two invitations continuing a one-to-one chat.
        let continued = payload(&example(
            r#"<message
    from='crone1@shakespeare.lit/desktop'
    id='gl3s85n7'
    to='coven@chat.shakespeare.lit'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <invite to='wiccarocks@shakespeare.lit/laptop'>
      <reason>This coven needs both wiccarocks and hag66.</reason>
      <continue thread='e0ffe42b28561960c6b12b944a092794b9683a38'/>
    </invite>
    <invite to='hag66@shakespeare.lit'>
      <reason>This coven needs both wiccarocks and hag66.</reason>
      <continue thread='e0ffe42b28561960c6b12b944a092794b9683a38'/>
    </invite>
  </x>
</message>"#,
        ));
        assert_eq!(continued.invites.len(), 2);
        let thread = continued.invites[1]
            .continues
            .as_ref()
            .unwrap()
            .thread
            .as_deref();
        assert_eq!(thread, Some("e0ffe42b28561960c6b12b944a092794b9683a38"));
    }

    #[test]
    fn a_declined_invitation_reaches_the_inviter() {
        // XEP-0045 Example 59.
        let user = payload(&example(
            r#"<message
    from='coven@chat.shakespeare.lit'
    id='jk2vs61v'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <decline from='hecate@shakespeare.lit'>
      <reason>
        Sorry, I'm too busy right now.
      </reason>
    </decline>
  </x>
</message>"#,
        ));
        let decline = user.decline.unwrap();
        assert_eq!(decline.from, jid("hecate@shakespeare.lit"));
        assert_eq!(
            decline.reason.as_deref(),
            Some("Sorry, I'm too busy right now.")
        );
    }

    #[test]
    fn a_configuration_notice_is_a_message_with_only_a_status() {
        // XEP-0045 Example 171.
        let user = payload(&example(
            r#"<message from='coven@chat.shakespeare.lit'
         id='80349046-F26A-44F3-A7A6-54825064DD9E'
         to='crone1@shakespeare.lit/desktop'
         type='groupchat'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <status code='170'/>
  </x>
</message>"#,
        ));
        assert_eq!(user.statuses, [StatusCode::LoggingEnabled]);
        assert!(user.items.is_empty());
    }

    #[test]
    fn unknown_values_bad_jids_and_duplicates_are_refused() {
        let x = |inner: &str| {
            Element::parse(&format!(
                r#"<x xmlns="http://jabber.org/protocol/muc#user">{inner}</x>"#
            ))
            .unwrap()
        };
        assert_eq!(
            MucUser::try_from(&x(r#"<item affiliation="overlord" role="none"/>"#)),
            Err(ParseError::BadAttribute {
                name: "affiliation",
                value: "overlord".into()
            })
        );
        // (Items are checked in item.rs: one bad item refuses the whole payload, as above.)
        assert!(matches!(
            MucUser::try_from(&x(r#"<invite to="a@b/"/>"#)),
            Err(ParseError::BadJid(_))
        ));
        // The plain MUC namespace is the join payload, not this one.
        let join = Element::parse(r#"<x xmlns="http://jabber.org/protocol/muc"/>"#).unwrap();
        assert_eq!(
            MucUser::try_from(&join),
            Err(ParseError::WrongElement { expected: "x" })
        );
        // An item of another namespace inside is not the room's word: ignored.
        let foreign = x(r#"<item xmlns="urn:example" affiliation="overlord"/>"#);
        assert_eq!(MucUser::try_from(&foreign), Ok(MucUser::default()));
        let twice = Element::parse(
            r#"<presence xmlns="jabber:client"><x xmlns="http://jabber.org/protocol/muc#user"/><x xmlns="http://jabber.org/protocol/muc#user"/></presence>"#,
        )
        .unwrap();
        assert!(matches!(
            MucUser::from_stanza(&twice),
            Err(ParseError::BadStructure(_))
        ));
        let none = Element::parse(r#"<presence xmlns="jabber:client"/>"#).unwrap();
        assert_eq!(MucUser::from_stanza(&none), Ok(None));
    }
}
