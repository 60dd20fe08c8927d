//! Why a room refused us (XEP-0045 §7.2.17): the condition of the error presence that answers
//! a join, typed so a dialog can say what happened and what to do (ask for a password, pick
//! another nick), instead of showing "not authorized".

use crate::xmpp::stanza::{Presence, PresenceType, StanzaError};

/// A refused join, by the condition the room answered with (the table of §7.2.17).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinError {
    /// `not-authorized` (§7.2.5): the room needs a password, or the one given is wrong.
    PasswordRequired,
    /// `forbidden` (§7.2.7): we are banned from the room.
    Banned,
    /// `item-not-found` (§7.2.10): the room does not exist, or is still locked while its
    /// creator configures it.
    RoomNotFound,
    /// `not-allowed` (§10.1.1): the room does not exist and the service does not let us
    /// create it.
    CreationNotAllowed,
    /// `not-acceptable` (§7.2.17, §7.6): we must use the nick reserved for us in this room
    /// (or nicks are locked down).
    ReservedNickRequired,
    /// `registration-required` (§7.2.6): the room is members-only and we are not a member.
    MembersOnly,
    /// `conflict` (§7.2.8): someone in the room already uses this nick, or has reserved it.
    NickTaken,
    /// `service-unavailable` (§7.2.9): the room has as many occupants as it takes. (It is also
    /// what any entity answers to what it does not serve, so this may mean no MUC there.)
    RoomFull,
    /// `jid-malformed` (§7.2.1): the join named no nick, or one the service refuses.
    BadNick,
    /// Any other condition: the error itself, to show as the server words it.
    Other(StanzaError),
}

impl JoinError {
    /// The refusal an error presence from the room carries; `None` for any other presence.
    pub fn from_presence(presence: &Presence) -> Option<JoinError> {
        match (&presence.kind, &presence.error) {
            (PresenceType::Error, Some(error)) => Some(JoinError::from(error)),
            _ => None,
        }
    }

    /// What happened and what the user can do, in a sentence for a dialog.
    pub fn describe(&self) -> String {
        let words = match self {
            JoinError::PasswordRequired => {
                "This room needs a password, and none or a wrong one was given."
            }
            JoinError::Banned => "You are banned from this room.",
            JoinError::RoomNotFound => "This room does not exist (or is not open yet).",
            JoinError::CreationNotAllowed => {
                "This room does not exist, and this service does not let you create it."
            }
            JoinError::ReservedNickRequired => {
                "This room wants you to use the nickname reserved for you."
            }
            JoinError::MembersOnly => "This room is for members only, and you are not one.",
            JoinError::NickTaken => {
                "Someone in this room already uses that nickname: pick another."
            }
            JoinError::RoomFull => "This room is full, or not accepting anyone right now.",
            JoinError::BadNick => "The room refused this nickname.",
            JoinError::Other(error) => return format!("The room refused: {}.", error.describe()),
        };
        words.to_owned()
    }
}

impl From<&StanzaError> for JoinError {
    fn from(error: &StanzaError) -> JoinError {
        match error.condition.as_str() {
            "not-authorized" => JoinError::PasswordRequired,
            "forbidden" => JoinError::Banned,
            "item-not-found" => JoinError::RoomNotFound,
            "not-allowed" => JoinError::CreationNotAllowed,
            "not-acceptable" => JoinError::ReservedNickRequired,
            "registration-required" => JoinError::MembersOnly,
            "conflict" => JoinError::NickTaken,
            "service-unavailable" => JoinError::RoomFull,
            "jid-malformed" => JoinError::BadNick,
            _ => JoinError::Other(error.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::example;
    use crate::xmpp::stanza::muc::{Join, MUC};
    use crate::xmpp::stanza::ErrorType;
    use crate::xmpp::xml::Element;

    /// The error presence of the XEP's examples, with `kind` and `condition` in its `<error/>`.
    fn refusal(kind: &str, condition: &str) -> Element {
        example(&format!(
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='n13mt3l'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <x xmlns='http://jabber.org/protocol/muc'/>
  <error by='coven@chat.shakespeare.lit' type='{kind}'>
    <{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</presence>"#
        ))
    }

    fn join_error(stanza: &Element) -> Option<JoinError> {
        JoinError::from_presence(&Presence::try_from(stanza).unwrap())
    }

    #[test]
    fn every_refusal_of_the_xep_is_told_apart() {
        // XEP-0045 Examples 25, 28, 31, 152, 53, 27, 29, 30: the same presence but for the
        // error's type and condition (Example 152 has no id; 53 answers a nick change).
        let cases = [
            ("auth", "not-authorized", JoinError::PasswordRequired),
            ("auth", "forbidden", JoinError::Banned),
            ("cancel", "item-not-found", JoinError::RoomNotFound),
            ("cancel", "not-allowed", JoinError::CreationNotAllowed),
            ("cancel", "not-acceptable", JoinError::ReservedNickRequired),
            ("auth", "registration-required", JoinError::MembersOnly),
            ("cancel", "conflict", JoinError::NickTaken),
            ("wait", "service-unavailable", JoinError::RoomFull),
        ];
        for (kind, condition, expected) in cases {
            let presence = refusal(kind, condition);
            assert_eq!(join_error(&presence), Some(expected.clone()), "{condition}");
            assert!(!expected.describe().is_empty());
            // The room echoes our join payload.
            assert_eq!(Join::from_presence(&presence), Ok(Some(Join::default())));
        }
    }

    #[test]
    fn a_join_without_a_nick_is_a_malformed_jid() {
        // XEP-0045 Example 19.
        let presence = example(
            r#"<presence
    from='coven@chat.shakespeare.lit'
    id='273hs51g'
    to='hag66@shakespeare.lit/pda'
    type='error'>
  <error by='coven@chat.shakespeare.lit' type='modify'>
    <jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</presence>"#,
        );
        assert_eq!(join_error(&presence), Some(JoinError::BadNick));
        assert!(presence.get_child("x", MUC).is_none());
    }

    #[test]
    fn another_condition_keeps_the_servers_words() {
        // Not from the XEP: our server could not reach the room's.
        let presence = example(
            r#"<presence from='coven@chat.example/me' type='error'>
  <error type='cancel'>
    <remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>chat.example is unreachable</text>
  </error>
</presence>"#,
        );
        let error = join_error(&presence).unwrap();
        let JoinError::Other(stanza_error) = &error else {
            panic!("not a known refusal: {error:?}")
        };
        assert_eq!(stanza_error.kind, ErrorType::Cancel);
        assert_eq!(stanza_error.condition, "remote-server-not-found");
        assert_eq!(
            error.describe(),
            "The room refused: chat.example is unreachable."
        );
    }

    #[test]
    fn only_an_error_presence_is_a_refusal() {
        // XEP-0045 Example 21, its last stanza: the room welcoming us, not an error.
        let welcome = example(
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='026B3509-2CCE-4D69-96D6-25F41FFDC408'
    to='hag66@shakespeare.lit/pda'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='member' role='participant'/>
    <status code='110'/>
  </x>
</presence>"#,
        );
        assert_eq!(join_error(&welcome), None);
        // An error presence without its <error/> (hostile or broken) says nothing typed.
        let bare = example("<presence from='coven@chat.shakespeare.lit/me' type='error'/>");
        assert_eq!(join_error(&bare), None);
    }
}
