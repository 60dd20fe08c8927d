//! Entering a room (XEP-0045 §7.2): the `<x xmlns='http://jabber.org/protocol/muc'/>` of the
//! available presence a client sends to `room@service/nick`, which tells the room the client
//! speaks MUC, and carries the room's password and how much history to replay (§7.2.14).

use super::{push_text, text_child, MUC};
use crate::xmpp::stanza::date::DateTime;
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// How much of the room's discussion history to replay on entering (XEP-0045 §7.2.14). The
/// room sends the least that meets every limit given; none given leaves it to the room.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    /// At most this many characters of whole stanzas (their XML, not only their text).
    pub max_chars: Option<u32>,
    /// At most this many messages.
    pub max_stanzas: Option<u32>,
    /// Only messages of the last this many seconds.
    pub seconds: Option<u32>,
    /// Only messages since then.
    pub since: Option<DateTime>,
}

impl History {
    /// No history at all: for a room whose archive (XEP-0313) we read instead, so nothing
    /// comes twice. §7.2.14 spells it `maxchars='0'`; `maxstanzas='0'` is sent too, for
    /// services that only count messages (both are limits: the room meets the smaller).
    pub fn none() -> History {
        History {
            max_chars: Some(0),
            max_stanzas: Some(0),
            ..History::default()
        }
    }
}

/// The join payload: an empty one says "I speak MUC" (§7.2.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Join {
    /// The room's password (§7.2.5), sent in clear as the XEP defines.
    pub password: Option<String>,
    /// How much history to replay; `None` leaves it to the room.
    pub history: Option<History>,
}

impl Join {
    /// The join payload of a presence, if it has one (an echo of it comes back in a join
    /// error, §7.2.5–§7.2.10).
    pub fn from_presence(presence: &Element) -> Result<Option<Join>, ParseError> {
        presence.get_child("x", MUC).map(Join::try_from).transpose()
    }
}

/// A `<history/>` count: a non-negative number (the schema's `xs:int`, which no negative
/// value makes sense for).
fn count_attr(e: &Element, name: &'static str) -> Result<Option<u32>, ParseError> {
    e.get_attr(name)
        .map(|value| {
            value
                .trim()
                .parse::<u32>()
                .map_err(|_| ParseError::BadAttribute {
                    name,
                    value: value.to_owned(),
                })
        })
        .transpose()
}

impl TryFrom<&Element> for History {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<History, ParseError> {
        if !e.is("history", MUC) {
            return Err(ParseError::WrongElement {
                expected: "history",
            });
        }
        let since = e
            .get_attr("since")
            .map(|since| {
                DateTime::parse(since).map_err(|_| ParseError::BadAttribute {
                    name: "since",
                    value: since.to_owned(),
                })
            })
            .transpose()?;
        Ok(History {
            max_chars: count_attr(e, "maxchars")?,
            max_stanzas: count_attr(e, "maxstanzas")?,
            seconds: count_attr(e, "seconds")?,
            since,
        })
    }
}

impl From<&History> for Element {
    fn from(h: &History) -> Element {
        Element::new("history", MUC)
            .attr_opt("maxchars", h.max_chars.map(|n| n.to_string()))
            .attr_opt("maxstanzas", h.max_stanzas.map(|n| n.to_string()))
            .attr_opt("seconds", h.seconds.map(|n| n.to_string()))
            .attr_opt("since", h.since.map(|d| d.to_string()))
    }
}

impl TryFrom<&Element> for Join {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Join, ParseError> {
        if !e.is("x", MUC) {
            return Err(ParseError::WrongElement { expected: "x" });
        }
        Ok(Join {
            password: text_child(e, "password", MUC),
            history: e
                .get_child("history", MUC)
                .map(History::try_from)
                .transpose()?,
        })
    }
}

impl From<&Join> for Element {
    fn from(join: &Join) -> Element {
        // The schema's order: <history/> before <password/>.
        let mut e = Element::new("x", MUC);
        if let Some(history) = &join.history {
            e.push_child(history.into());
        }
        push_text(&mut e, "password", MUC, join.password.as_deref());
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::{example, round_trip};

    /// The join payload of `presence`, checked to survive a round trip.
    fn join(presence: &str) -> Join {
        round_trip(Join::from_presence(&example(presence)).unwrap().unwrap())
    }

    #[test]
    fn an_empty_payload_says_the_client_speaks_muc() {
        // XEP-0045 Example 18.
        let plain = join(
            r#"<presence
    from='hag66@shakespeare.lit/pda'
    id='n13mt3l'
    to='coven@chat.shakespeare.lit/thirdwitch'>
  <x xmlns='http://jabber.org/protocol/muc'/>
</presence>"#,
        );
        assert_eq!(plain, Join::default());
        assert_eq!(
            Element::from(&plain).to_string(),
            r#"<x xmlns="http://jabber.org/protocol/muc"/>"#
        );
    }

    #[test]
    fn the_password_goes_in_clear() {
        // XEP-0045 Example 26.
        let with_password = join(
            r#"<presence
    from='hag66@shakespeare.lit/pda'
    id='djn4714'
    to='coven@chat.shakespeare.lit/thirdwitch'>
  <x xmlns='http://jabber.org/protocol/muc'>
    <password>cauldronburn</password>
  </x>
</presence>"#,
        );
        assert_eq!(with_password.password.as_deref(), Some("cauldronburn"));
        assert_eq!(with_password.history, None);
    }

    #[test]
    fn each_history_limit_of_the_xep_is_read() {
        let limit = |attr: &str| {
            join(&format!(
                "<presence from='hag66@shakespeare.lit/pda' id='n13mt3l' \
                 to='coven@chat.shakespeare.lit/thirdwitch'>\
                 <x xmlns='http://jabber.org/protocol/muc'><history {attr}/></x></presence>"
            ))
            .history
            .unwrap()
        };
        // XEP-0045 Examples 35 to 39, their <history/> as written there.
        assert_eq!(limit("maxchars='65000'").max_chars, Some(65000));
        assert_eq!(limit("maxstanzas='20'").max_stanzas, Some(20));
        assert_eq!(limit("seconds='180'").seconds, Some(180));
        let since = limit("since='1970-01-01T00:00:00Z'").since.unwrap();
        assert_eq!(since.unix_millis(), 0);
        assert_eq!(limit("maxchars='0'").max_chars, Some(0));
    }

    #[test]
    fn no_history_is_asked_both_ways() {
        let join = Join {
            password: None,
            history: Some(History::none()),
        };
        assert_eq!(
            Element::from(&join).to_string(),
            r#"<x xmlns="http://jabber.org/protocol/muc"><history maxchars="0" maxstanzas="0"/></x>"#
        );
    }

    #[test]
    fn bad_limits_and_other_namespaces_are_refused() {
        let x = |inner: &str| {
            Join::try_from(
                &Element::parse(&format!(
                    r#"<x xmlns="http://jabber.org/protocol/muc">{inner}</x>"#
                ))
                .unwrap(),
            )
        };
        for (attr, value) in [("maxstanzas", "-1"), ("maxchars", "lots"), ("seconds", "")] {
            assert_eq!(
                x(&format!(r#"<history {attr}="{value}"/>"#)),
                Err(ParseError::BadAttribute {
                    name: attr,
                    value: value.into()
                })
            );
        }
        assert_eq!(
            x(r#"<history since="yesterday"/>"#),
            Err(ParseError::BadAttribute {
                name: "since",
                value: "yesterday".into()
            })
        );
        let user = Element::parse(r#"<x xmlns="http://jabber.org/protocol/muc#user"/>"#).unwrap();
        assert_eq!(
            Join::try_from(&user),
            Err(ParseError::WrongElement { expected: "x" })
        );
        let presence = Element::parse(r#"<presence xmlns="jabber:client"/>"#).unwrap();
        assert_eq!(Join::from_presence(&presence), Ok(None));
    }
}
