//! Occupant identifiers (XEP-0421): `<occupant-id xmlns='urn:xmpp:occupant-id:0' id=…/>`,
//! which a room stamps on every presence and message it relays. The id stays the same for the
//! same person (real bare JID) whatever their nick and across visits, without revealing who
//! they are: it tells whether a correction, a retraction or a reaction comes from the author.
//!
//! Anyone can write one into a message, so it means something only from a room that
//! advertises `urn:xmpp:occupant-id:0` in its disco#info (§2; §4 says to ignore it otherwise):
//! the session decides that, not this parser.

use super::OCCUPANT_ID;
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// The longest id a room may give, in characters (§4.1); longer is refused.
pub const MAX_OCCUPANT_ID_CHARS: usize = 128;

/// XEP-0421 §3: a room's opaque, stable id for the person behind an occupant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OccupantId {
    /// The id, compared as an opaque string.
    pub id: String,
}

impl OccupantId {
    /// The occupant id a room's presence or message carries. §4 allows one: more is refused
    /// (a room that supports it replaces any a sender wrote, so two mean it does not).
    pub fn from_stanza(stanza: &Element) -> Result<Option<OccupantId>, ParseError> {
        let mut found = stanza
            .children()
            .filter(|c| c.is("occupant-id", OCCUPANT_ID));
        match (found.next(), found.next()) {
            (Some(only), None) => OccupantId::try_from(only).map(Some),
            (None, _) => Ok(None),
            (Some(_), Some(_)) => Err(ParseError::BadStructure(
                "a stanza carries at most one <occupant-id/>",
            )),
        }
    }
}

impl TryFrom<&Element> for OccupantId {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<OccupantId, ParseError> {
        if !e.is("occupant-id", OCCUPANT_ID) {
            return Err(ParseError::WrongElement {
                expected: "occupant-id",
            });
        }
        let id = e.get_attr("id").ok_or(ParseError::MissingAttribute("id"))?;
        if id.is_empty() || id.chars().count() > MAX_OCCUPANT_ID_CHARS {
            return Err(ParseError::BadAttribute {
                name: "id",
                value: id.to_owned(),
            });
        }
        Ok(OccupantId { id: id.to_owned() })
    }
}

impl From<&OccupantId> for Element {
    fn from(occupant: &OccupantId) -> Element {
        Element::new("occupant-id", OCCUPANT_ID).attr("id", occupant.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::{example, round_trip};

    const ID: &str = "dd72603deec90a38ba552f7c68cbcc61bca202cd";

    /// The occupant id of `stanza`, checked to survive a round trip.
    fn occupant(stanza: &str) -> OccupantId {
        round_trip(OccupantId::from_stanza(&example(stanza)).unwrap().unwrap())
    }

    #[test]
    fn presences_and_messages_carry_the_same_id() {
        // XEP-0421 Example 4: the new occupant's presence, relayed to all.
        let presence = occupant(
            r#"<presence
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='27C55F89-1C6A-459A-9EB5-77690145D624'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user' />
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
</presence>"#,
        );
        // XEP-0421 Example 6: their message, reflected to all.
        let message = occupant(
            r#"<message
    from='coven@chat.shakespeare.lit/thirdwitch'
    id='hysf1v37'
    to='crone1@shakespeare.lit/desktop'
    type='groupchat'>
  <body>Harpier cries: 'tis time, 'tis time.</body>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603deec90a38ba552f7c68cbcc61bca202cd" />
</message>"#,
        );
        assert_eq!(presence.id, ID);
        assert_eq!(message, presence);
        assert_eq!(
            Element::from(&message).to_string(),
            format!(r#"<occupant-id xmlns="urn:xmpp:occupant-id:0" id="{ID}"/>"#)
        );
    }

    #[test]
    fn a_missing_empty_overlong_or_repeated_id_is_refused() {
        let parse = |xml: &str| OccupantId::try_from(&Element::parse(xml).unwrap());
        assert_eq!(
            parse(r#"<occupant-id xmlns="urn:xmpp:occupant-id:0"/>"#),
            Err(ParseError::MissingAttribute("id"))
        );
        assert!(matches!(
            parse(r#"<occupant-id xmlns="urn:xmpp:occupant-id:0" id=""/>"#),
            Err(ParseError::BadAttribute { name: "id", .. })
        ));
        // 128 characters pass however many bytes they take; 129 do not.
        let longest = "é".repeat(MAX_OCCUPANT_ID_CHARS);
        let xml = |id: &str| format!(r#"<occupant-id xmlns="urn:xmpp:occupant-id:0" id="{id}"/>"#);
        assert_eq!(parse(&xml(&longest)).map(|o| o.id), Ok(longest.clone()));
        assert!(parse(&xml(&format!("{longest}e"))).is_err());
        assert_eq!(
            parse(r#"<occupant-id xmlns="urn:xmpp:occupant-id:1" id="a"/>"#),
            Err(ParseError::WrongElement {
                expected: "occupant-id"
            })
        );
        let twice = Element::parse(&format!(
            r#"<message xmlns="jabber:client">{}{}</message>"#,
            xml("a"),
            xml("b")
        ))
        .unwrap();
        assert!(matches!(
            OccupantId::from_stanza(&twice),
            Err(ParseError::BadStructure(_))
        ));
    }
}
