//! Changing a message after it was sent: last message correction (XEP-0308 `<replace/>`),
//! retraction (XEP-0424 `<retract/>`), replies (XEP-0461 `<reply/>`) and reactions (XEP-0444
//! `<reactions/>`). Each points at an earlier message by its id.

use super::jid_attr;
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// XEP-0308 §3: this message's body replaces the one of message `id` (the original's id, even
/// for a correction of a correction).
pub fn replace_id(message: &Element) -> Option<String> {
    id_of(message.get_child("replace", ns::CORRECTION)?)
}

/// `<replace xmlns="urn:xmpp:message-correct:0" id="…"/>`.
pub fn replace(id: &str) -> Element {
    Element::new("replace", ns::CORRECTION).attr("id", id)
}

/// XEP-0424 §3: the sender retracts message `id` (its origin id in a 1:1 chat).
pub fn retract_id(message: &Element) -> Option<String> {
    id_of(message.get_child("retract", ns::RETRACT)?)
}

/// `<retract xmlns="urn:xmpp:message-retract:1" id="…"/>`.
pub fn retract(id: &str) -> Element {
    Element::new("retract", ns::RETRACT).attr("id", id)
}

/// XEP-0461 §3: the message answers message `id`, written by `to` (optional; in a 1:1 chat a
/// bare JID is fine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub id: String,
    pub to: Option<Jid>,
}

impl Reply {
    /// The reply a message carries, if any (an unparsable `to` is dropped, not the reply).
    pub fn from_message(message: &Element) -> Option<Reply> {
        let reply = message.get_child("reply", ns::REPLY)?;
        Some(Reply {
            id: id_of(reply)?,
            to: jid_attr(reply, "to").ok().flatten(),
        })
    }
}

impl From<&Reply> for Element {
    fn from(reply: &Reply) -> Element {
        Element::new("reply", ns::REPLY)
            .attr_opt("to", reply.to.as_ref().map(Jid::to_string))
            .attr("id", reply.id.as_str())
    }
}

/// XEP-0444 §3: the sender's reactions to message `id`: the whole set, replacing what they
/// reacted before (an empty set withdraws them all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reactions {
    pub id: String,
    pub emojis: Vec<String>,
}

/// How many distinct reactions one sender may put on one message; more is noise or abuse.
pub const MAX_REACTIONS: usize = 16;
/// The longest reaction kept, in bytes: one emoji, even a family of them, fits.
pub const MAX_REACTION_BYTES: usize = 32;

impl Reactions {
    /// The reactions a message carries, de-duplicated and bounded.
    pub fn from_message(message: &Element) -> Option<Reactions> {
        let element = message.get_child("reactions", ns::REACTIONS)?;
        let mut emojis: Vec<String> = Vec::new();
        for reaction in element
            .children()
            .filter(|c| c.is("reaction", ns::REACTIONS))
        {
            let emoji = reaction.text_content().trim().to_owned();
            if !emoji.is_empty()
                && emoji.len() <= MAX_REACTION_BYTES
                && !emojis.contains(&emoji)
                && emojis.len() < MAX_REACTIONS
            {
                emojis.push(emoji);
            }
        }
        Some(Reactions {
            id: id_of(element)?,
            emojis,
        })
    }
}

impl From<&Reactions> for Element {
    fn from(r: &Reactions) -> Element {
        let mut e = Element::new("reactions", ns::REACTIONS).attr("id", r.id.as_str());
        for emoji in &r.emojis {
            e.push_child(Element::new("reaction", ns::REACTIONS).text(emoji.as_str()));
        }
        e
    }
}

/// XEP-0334 §4: `<store/>`, so the archive keeps a message without a real body (reactions).
pub fn store_hint() -> Element {
    Element::new("store", ns::HINTS)
}

fn id_of(e: &Element) -> Option<String> {
    e.get_attr("id")
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(inner: &str) -> Element {
        Element::parse(&format!(
            r#"<message xmlns="jabber:client">{inner}</message>"#
        ))
        .unwrap()
    }

    #[test]
    fn reads_corrections_and_retractions() {
        let m =
            message(r#"<body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#);
        assert_eq!(replace_id(&m).as_deref(), Some("m1"));
        let m = message(r#"<retract xmlns="urn:xmpp:message-retract:1" id="o1"/>"#);
        assert_eq!(retract_id(&m).as_deref(), Some("o1"));
        assert_eq!(
            replace("m1").to_string(),
            r#"<replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#
        );
        assert_eq!(
            replace_id(&message(
                r#"<replace xmlns="urn:xmpp:message-correct:0" id=""/>"#
            )),
            None
        );
    }

    #[test]
    fn reads_a_reply_and_round_trips() {
        let m =
            message(r#"<reply xmlns="urn:xmpp:reply:0" to="anna@example.org/laptop" id="m1"/>"#);
        let reply = Reply::from_message(&m).unwrap();
        assert_eq!(reply.id, "m1");
        assert_eq!(
            reply.to.as_ref().map(ToString::to_string).as_deref(),
            Some("anna@example.org/laptop")
        );
        assert_eq!(
            Reply::from_message(&message(&Element::from(&reply).to_string())),
            Some(reply)
        );
        let bad_to = message(r#"<reply xmlns="urn:xmpp:reply:0" to="@@" id="m1"/>"#);
        assert_eq!(Reply::from_message(&bad_to).map(|r| r.to), Some(None));
    }

    #[test]
    fn reactions_are_deduplicated_and_bounded() {
        let many: String = (0..40)
            .map(|i| format!("<reaction>{i}</reaction>"))
            .collect();
        let m = message(&format!(
            r#"<reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction><reaction>👍</reaction><reaction>{}</reaction>{many}</reactions>"#,
            "x".repeat(100)
        ));
        let reactions = Reactions::from_message(&m).unwrap();
        assert_eq!(reactions.id, "m1");
        assert_eq!(reactions.emojis.len(), MAX_REACTIONS);
        assert_eq!(reactions.emojis[0], "👍");
        assert!(!reactions
            .emojis
            .iter()
            .any(|e| e.len() > MAX_REACTION_BYTES));
        let none = message(r#"<reactions xmlns="urn:xmpp:reactions:0" id="m1"/>"#);
        assert_eq!(
            Reactions::from_message(&none).unwrap().emojis,
            Vec::<String>::new()
        );
        let round = Reactions {
            id: "m2".into(),
            emojis: vec!["❤️".into()],
        };
        assert_eq!(
            Element::from(&round).to_string(),
            r#"<reactions xmlns="urn:xmpp:reactions:0" id="m2"><reaction>❤️</reaction></reactions>"#
        );
    }
}
