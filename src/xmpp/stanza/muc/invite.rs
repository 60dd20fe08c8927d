//! Direct invitations (XEP-0249): `<x xmlns='jabber:x:conference' jid=…/>` in a message from
//! the inviter straight to the invitee. Unlike the room-mediated kind (`user.rs`, XEP-0045
//! §7.8.2) it reaches contacts who block strangers, so XEP-0045 §7.8 recommends it for every
//! room but members-only ones.
//!
//! Anyone can send one, with any reason: the invitee decides whether to join, and a declined
//! invitation is silently dropped (§2).

use super::CONFERENCE;
use crate::xmpp::jid::BareJid;
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// XEP-0249 §2: an invitation to the room `jid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectInvite {
    /// The room (bare: `room@service`).
    pub jid: BareJid,
    /// The room's password, if it has one.
    pub password: Option<String>,
    /// Why, in the inviter's words.
    pub reason: Option<String>,
    /// Whether the room continues a one-to-one chat with the inviter (XEP-0045 §7.9).
    pub continues: bool,
    /// The `<thread/>` of that one-to-one chat.
    pub thread: Option<String>,
}

impl DirectInvite {
    /// An invitation to `room` with nothing more.
    pub fn new(room: BareJid) -> DirectInvite {
        DirectInvite {
            jid: room,
            password: None,
            reason: None,
            continues: false,
            thread: None,
        }
    }

    /// The direct invitation a message carries, if any.
    pub fn from_message(message: &Element) -> Result<Option<DirectInvite>, ParseError> {
        message
            .get_child("x", CONFERENCE)
            .map(DirectInvite::try_from)
            .transpose()
    }
}

impl TryFrom<&Element> for DirectInvite {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<DirectInvite, ParseError> {
        if !e.is("x", CONFERENCE) {
            return Err(ParseError::WrongElement { expected: "x" });
        }
        let jid = e
            .get_attr("jid")
            .ok_or(ParseError::MissingAttribute("jid"))?;
        // An `xs:boolean` (XEP-0249 §2): absent means false.
        let continues = match e.get_attr("continue") {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(ParseError::BadAttribute {
                    name: "continue",
                    value: other.to_owned(),
                })
            }
        };
        Ok(DirectInvite {
            jid: BareJid::parse(jid)?,
            password: e.get_attr("password").map(str::to_owned),
            reason: e.get_attr("reason").map(str::to_owned),
            continues,
            thread: e.get_attr("thread").map(str::to_owned),
        })
    }
}

impl From<&DirectInvite> for Element {
    fn from(invite: &DirectInvite) -> Element {
        Element::new("x", CONFERENCE)
            .attr_opt("continue", invite.continues.then_some("true"))
            .attr("jid", invite.jid.to_string())
            .attr_opt("password", invite.password.as_deref())
            .attr_opt("reason", invite.reason.as_deref())
            .attr_opt("thread", invite.thread.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::jid::JidError;
    use crate::xmpp::stanza::muc::tests::{example, round_trip};

    /// The invitation of `message`, checked to survive a round trip.
    fn invite(message: &str) -> DirectInvite {
        round_trip(
            DirectInvite::from_message(&example(message))
                .unwrap()
                .unwrap(),
        )
    }

    #[test]
    fn a_direct_invitation() {
        // XEP-0249 Example 1.
        let invite = invite(
            r#"<message
    from='crone1@shakespeare.lit/desktop'
    to='hecate@shakespeare.lit'>
  <x xmlns='jabber:x:conference'
     jid='darkcave@macbeth.shakespeare.lit'
     password='cauldronburn'
     reason='Hey Hecate, this is the place for all good witches!'/>
</message>"#,
        );
        assert_eq!(invite.jid.to_string(), "darkcave@macbeth.shakespeare.lit");
        assert_eq!(invite.password.as_deref(), Some("cauldronburn"));
        assert_eq!(
            invite.reason.as_deref(),
            Some("Hey Hecate, this is the place for all good witches!")
        );
        assert!(!invite.continues);
        assert_eq!(invite.thread, None);
    }

    #[test]
    fn a_direct_invitation_continuing_a_chat() {
        // XEP-0249 Example 2.
        let invite = invite(
            r#"<message
    from='crone1@shakespeare.lit/desktop'
    to='hecate@shakespeare.lit'>
  <x xmlns='jabber:x:conference'
     continue='true'
     jid='darkcave@macbeth.shakespeare.lit'
     password='cauldronburn'
     reason='Hey Hecate, this is the place for all good witches!'
     thread='e0ffe42b28561960c6b12b944a092794b9683a38'/>
</message>"#,
        );
        assert!(invite.continues);
        assert_eq!(
            invite.thread.as_deref(),
            Some("e0ffe42b28561960c6b12b944a092794b9683a38")
        );
        assert_eq!(
            Element::from(&invite).to_string(),
            r#"<x xmlns="jabber:x:conference" continue="true" jid="darkcave@macbeth.shakespeare.lit" password="cauldronburn" reason="Hey Hecate, this is the place for all good witches!" thread="e0ffe42b28561960c6b12b944a092794b9683a38"/>"#
        );
    }

    #[test]
    fn the_room_is_required_bare_and_continue_a_boolean() {
        let parse = |xml: &str| DirectInvite::try_from(&Element::parse(xml).unwrap());
        assert_eq!(
            parse(r#"<x xmlns="jabber:x:conference" reason="come"/>"#),
            Err(ParseError::MissingAttribute("jid"))
        );
        assert_eq!(
            parse(r#"<x xmlns="jabber:x:conference" jid="room@muc.example/nick"/>"#),
            Err(ParseError::BadJid(JidError::WrongKind)),
            "an occupant, not a room"
        );
        assert_eq!(
            parse(r#"<x xmlns="jabber:x:conference" jid="room@muc.example" continue="yes"/>"#),
            Err(ParseError::BadAttribute {
                name: "continue",
                value: "yes".into()
            })
        );
        let one = parse(r#"<x xmlns="jabber:x:conference" jid="room@muc.example" continue="1"/>"#);
        assert!(one.unwrap().continues);
        assert_eq!(
            parse(r#"<x xmlns="jabber:x:data" jid="room@muc.example"/>"#),
            Err(ParseError::WrongElement { expected: "x" })
        );
        let message =
            Element::parse(r#"<message xmlns="jabber:client"><body>hi</body></message>"#).unwrap();
        assert_eq!(DirectInvite::from_message(&message), Ok(None));
        let built = DirectInvite::new(BareJid::parse("room@muc.example").unwrap());
        assert_eq!(
            Element::from(&built).to_string(),
            r#"<x xmlns="jabber:x:conference" jid="room@muc.example"/>"#
        );
    }
}
