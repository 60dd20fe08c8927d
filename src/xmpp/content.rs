//! What a chat message means once its extensions are read: a new text, a correction of an
//! earlier one (XEP-0308), its retraction (XEP-0424), reactions to it (XEP-0444) or a read
//! marker (XEP-0333). Live messages, carbon copies and archived ones all go through
//! [`Content::of`], so the store applies one meaning whatever the route.
//!
//! Nothing here trusts the sender: who may correct, retract or react is decided where the
//! target message is known (the store only lets a message's author change it, within that
//! author's own conversation).

use super::jid::Jid;
use super::ns;
use super::stanza::fallback::{self, Fallback};
use super::stanza::markers::Marker;
use super::stanza::Message;

/// Fallback namespaces whose body text Palaver hides, because it shows the real thing.
const UNDERSTOOD_FALLBACKS: &[&str] = &[ns::REPLY, ns::RETRACT, ns::REACTIONS];

/// A message's meaning, for a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A new message to show.
    Text(Text),
    /// The author's new text for their message `of` (its original id).
    Correction {
        /// The id of the message corrected (XEP-0308 `<replace id=…/>`).
        of: String,
        /// Its new text, replacing the old one whole.
        text: Text,
    },
    /// The author withdraws their message `of` (its origin id, or its id).
    Retraction {
        /// The id XEP-0424 `<retract id=…/>` names.
        of: String,
    },
    /// The sender's whole set of reactions to message `to`, replacing their earlier ones.
    Reactions {
        /// The id of the message reacted to (XEP-0444 `<reactions id=…/>`).
        to: String,
        /// Every emoji the sender now reacts with; empty withdraws them all.
        emojis: Vec<String>,
    },
    /// The recipient has seen message `up_to` and everything before it.
    Displayed {
        /// The id of the newest message seen (XEP-0333 `<displayed id=…/>`).
        up_to: String,
    },
}

/// The text of a message, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The body without the fallback parts of extensions Palaver understands.
    pub body: String,
    /// The message it answers (XEP-0461).
    pub reply: Option<ReplyRef>,
    /// Whether XEP-0393 styling applies (the sender did not send `<unstyled/>`).
    pub styled: bool,
    /// The sender asks for a read marker (XEP-0333).
    pub markable: bool,
}

/// Which message a reply answers, and the quote its fallback carried, for when that message is
/// not loaded (or never was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyRef {
    /// The answered message's id (XEP-0461 `<reply id=…/>`).
    pub id: String,
    /// Its author, when the sender says.
    pub to: Option<Jid>,
    /// The quoted lines of the fallback, without their `> ` prefixes.
    pub quote: Option<String>,
}

impl Content {
    /// The meaning of `message`, or `None` when it carries nothing for a conversation (only a
    /// chat state, a receipt, an empty body).
    pub fn of(message: &Message) -> Option<Content> {
        if let Some(of) = &message.retract {
            return Some(Content::Retraction { of: of.clone() });
        }
        if let Some(reactions) = &message.reactions {
            return Some(Content::Reactions {
                to: reactions.id.clone(),
                emojis: reactions.emojis.clone(),
            });
        }
        let text = message
            .body
            .as_deref()
            .and_then(|body| text_of(message, body));
        match (text, &message.replace) {
            (Some(text), Some(of)) => Some(Content::Correction {
                of: of.clone(),
                text,
            }),
            (Some(text), None) => Some(Content::Text(text)),
            (None, _) => match &message.marker {
                Some(Marker::Displayed(id) | Marker::Acknowledged(id)) => {
                    Some(Content::Displayed { up_to: id.clone() })
                }
                _ => None,
            },
        }
    }

    /// The body this content shows, if it shows one.
    pub fn body(&self) -> Option<&str> {
        self.text().map(|text| text.body.as_str())
    }

    /// The text this content shows, if it shows one (for notifications and previews).
    pub fn text(&self) -> Option<&Text> {
        match self {
            Content::Text(text) | Content::Correction { text, .. } => Some(text),
            _ => None,
        }
    }
}

impl Text {
    /// A plain text: what Palaver sends for a typed message.
    pub fn plain(body: &str) -> Text {
        Text {
            body: body.to_owned(),
            reply: None,
            styled: true,
            markable: false,
        }
    }
}

fn text_of(message: &Message, body: &str) -> Option<Text> {
    let shown = fallback::strip(body, &message.fallbacks, UNDERSTOOD_FALLBACKS);
    if shown.trim().is_empty() {
        return None;
    }
    let reply = message.reply.as_ref().map(|reply| ReplyRef {
        id: reply.id.clone(),
        to: reply.to.clone(),
        quote: quote_of(body, &message.fallbacks),
    });
    Some(Text {
        body: shown,
        reply,
        styled: !message.unstyled,
        markable: message.markable,
    })
}

/// The reply fallback's quoted text, `> ` prefixes removed.
fn quote_of(body: &str, fallbacks: &[Fallback]) -> Option<String> {
    let fallback = fallbacks
        .iter()
        .find(|f| f.for_ns == ns::REPLY && !f.ranges.is_empty())?;
    let quoted = fallback::extract(body, &fallback.ranges);
    let lines: Vec<&str> = quoted
        .lines()
        .map(|line| {
            line.strip_prefix("> ")
                .or_else(|| line.strip_prefix('>'))
                .unwrap_or(line)
        })
        .collect();
    let quote = lines.join("\n").trim().to_owned();
    (!quote.is_empty()).then_some(quote)
}

/// The body to send for a reply: the quoted lines (XEP-0461 §4 fallback), then the answer, and
/// the code-point range the quote takes.
pub fn reply_body(quoted: &str, answer: &str) -> (String, (usize, usize)) {
    let mut body: String = quoted
        .lines()
        .take(3)
        .map(|line| format!("> {line}\n"))
        .collect();
    let end = body.chars().count();
    body.push_str(answer);
    (body, (0, end))
}

/// The body a retraction carries for clients that do not know XEP-0424 (§4).
pub const RETRACTION_FALLBACK: &str =
    "This person attempted to retract a previous message, but it's unsupported by your client.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::xml::Element;

    fn content(inner: &str) -> Option<Content> {
        let xml = format!(
            r#"<message xmlns="jabber:client" from="bob@localhost/phone" id="m9" type="chat">{inner}</message>"#
        );
        Content::of(&Message::try_from(&Element::parse(&xml).unwrap()).unwrap())
    }

    #[test]
    fn a_body_is_a_text() {
        assert_eq!(
            content("<body>hello</body>"),
            Some(Content::Text(Text::plain("hello")))
        );
        assert_eq!(content("<body>  </body>"), None, "nothing to show");
        assert_eq!(
            content(r#"<active xmlns="http://jabber.org/protocol/chatstates"/>"#),
            None
        );
    }

    #[test]
    fn a_reply_hides_its_quote_and_keeps_it_for_when_the_original_is_missing() {
        let got = content(
            r#"<body>&gt; Anna wrote:
&gt; cake?
Yes!</body><reply xmlns="urn:xmpp:reply:0" to="anna@localhost/x" id="m1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="22"/></fallback>"#,
        );
        let Some(Content::Text(text)) = got else {
            panic!("{got:?}")
        };
        assert_eq!(text.body, "Yes!");
        let reply = text.reply.expect("a reply");
        assert_eq!(reply.id, "m1");
        assert_eq!(reply.quote.as_deref(), Some("Anna wrote:\ncake?"));
    }

    #[test]
    fn a_correction_names_the_original() {
        assert_eq!(
            content(r#"<body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="m1"/>"#),
            Some(Content::Correction {
                of: "m1".into(),
                text: Text::plain("fixed")
            })
        );
    }

    #[test]
    fn a_retraction_wins_over_its_fallback_body() {
        assert_eq!(
            content(&format!(
                r#"<body>{RETRACTION_FALLBACK}</body><retract xmlns="urn:xmpp:message-retract:1" id="m1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><store xmlns="urn:xmpp:hints"/>"#
            )),
            Some(Content::Retraction { of: "m1".into() })
        );
    }

    #[test]
    fn reactions_and_markers() {
        assert_eq!(
            content(
                r#"<reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction></reactions>"#
            ),
            Some(Content::Reactions {
                to: "m1".into(),
                emojis: vec!["👍".into()]
            })
        );
        assert_eq!(
            content(r#"<displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/>"#),
            Some(Content::Displayed { up_to: "m1".into() })
        );
    }

    #[test]
    fn unstyled_and_markable_are_carried() {
        let Some(Content::Text(text)) = content(
            r#"<body>*x*</body><unstyled xmlns="urn:xmpp:styling:0"/><markable xmlns="urn:xmpp:chat-markers:0"/>"#,
        ) else {
            panic!()
        };
        assert!(!text.styled);
        assert!(text.markable);
    }

    #[test]
    fn the_reply_body_quotes_at_most_three_lines() {
        let (body, range) = reply_body("one\ntwo\nthree\nfour", "ok");
        assert_eq!(body, "> one\n> two\n> three\nok");
        assert_eq!(range, (0, 20));
        assert_eq!(
            fallback::extract(&body, &[range]),
            "> one\n> two\n> three\n"
        );
    }
}
