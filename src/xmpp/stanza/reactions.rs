//! Message reactions (XEP-0444): the sender's whole set of emoji reactions to message `id`,
//! replacing what they reacted before (an empty set withdraws them all).

use super::non_empty_attr;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// XEP-0444 §3: one sender's reactions to message `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reactions {
    /// The message reacted to.
    pub id: String,
    /// The reactions, distinct, in the sender's order.
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
        let emojis = element
            .children()
            .filter(|c| c.is("reaction", ns::REACTIONS))
            .map(|reaction| reaction.text_content().trim().to_owned())
            .filter(|emoji| !emoji.is_empty() && emoji.len() <= MAX_REACTION_BYTES);
        Some(Reactions {
            id: non_empty_attr(element, "id")?,
            emojis: distinct(emojis),
        })
    }

    /// A set to send: `emojis` without repeats, at most [`MAX_REACTIONS`].
    pub fn new(id: impl Into<String>, emojis: impl IntoIterator<Item = String>) -> Reactions {
        Reactions {
            id: id.into(),
            emojis: distinct(emojis),
        }
    }
}

/// Our set after clicking `emoji`: withdrawn if it was there, added if not (XEP-0444 sends the
/// whole set, so a toggle is computed here, the same for conversations and rooms).
pub fn toggled(mut emojis: Vec<String>, emoji: &str) -> Vec<String> {
    match emojis.iter().position(|e| e == emoji) {
        Some(at) => {
            emojis.remove(at);
        }
        None => emojis.push(emoji.to_owned()),
    }
    distinct(emojis)
}

/// The first [`MAX_REACTIONS`] distinct reactions, in order: the one rule for what is received
/// and what is sent.
pub fn distinct(emojis: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for emoji in emojis {
        if unique.len() == MAX_REACTIONS {
            break;
        }
        if !unique.contains(&emoji) {
            unique.push(emoji);
        }
    }
    unique
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

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
    }

    #[test]
    fn an_empty_set_withdraws_and_round_trips() {
        let none = message(r#"<reactions xmlns="urn:xmpp:reactions:0" id="m1"/>"#);
        assert_eq!(
            Reactions::from_message(&none).unwrap().emojis,
            Vec::<String>::new()
        );
        let round = Reactions::new("m2", ["❤️".to_owned(), "❤️".to_owned()]);
        assert_eq!(
            Element::from(&round).to_string(),
            r#"<reactions xmlns="urn:xmpp:reactions:0" id="m2"><reaction>❤️</reaction></reactions>"#
        );
        assert_eq!(
            Reactions::from_message(&message(&Element::from(&round).to_string())),
            Some(round)
        );
    }
}
