//! PEP Native Bookmarks ([XEP-0402](https://xmpp.org/extensions/xep-0402.html), version 1.2.0):
//! the rooms a user keeps, one item per room in the private PEP node `urn:xmpp:bookmarks:1` of
//! their own account, so that every device of theirs knows them and joins the ones marked
//! `autojoin`.
//!
//! An item's id is the room's JID; its payload a [`Conference`] (§3): a name, `autojoin`, a
//! nick, a password and `<extensions/>`, where other clients keep what they need (a room
//! minimized, pinned…). Those are kept as read and written back on every edit (§4.4: clients
//! MUST preserve them), so editing a bookmark here never drops another client's data.
//!
//! This module holds the payload and the application's [`Bookmark`]; `pep.rs` the requests,
//! publications and notifications of the node; `private.rs` the older XEP-0048 storage, for
//! servers without PEP bookmarks. The tests use the XEP's own examples, numbered
//! as in version 1.2.0.

mod pep;
mod private;

pub use pep::*;
pub use private::*;

use super::ParseError;
use crate::xmpp::jid::BareJid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The longest nick kept: a nick is the resource of `room@service/nick`, which RFC 7622 §3.4
/// bounds to 1023 bytes.
pub const MAX_NICK_BYTES: usize = 1023;
/// The longest bookmark name kept, in characters: a label in a list, not a document.
pub const MAX_NAME_CHARS: usize = 1024;
/// The longest room password kept, in bytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A bookmarked room, as the application sees and edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// The room (`room@service`): the PEP item's id.
    pub room: BareJid,
    /// What the user calls it, if they named it (§3: clients should not invent one).
    pub name: Option<String>,
    /// Join it on login, and on any device as soon as the bookmark arrives.
    pub autojoin: bool,
    /// The nick to join as; `None`: the account's local part.
    pub nick: Option<String>,
    /// The room's password, if it has one (§3: not secure storage).
    pub password: Option<String>,
}

/// The `<conference xmlns='urn:xmpp:bookmarks:1'/>` payload of one bookmark item (§3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conference {
    /// A friendly name for the room, given by the user.
    pub name: Option<String>,
    /// Whether to join the room on login (`true`/`1`; absent, `false`/`0` or anything else:
    /// no, which is the safe reading of a value nobody should write).
    pub autojoin: bool,
    /// The nick to join as.
    pub nick: Option<String>,
    /// The room's password.
    pub password: Option<String>,
    /// The children of `<extensions/>`, exactly as read: written back untouched.
    pub extensions: Vec<Element>,
}

impl Conference {
    /// The payload for `bookmark`, keeping `extensions` (those of the item it replaces).
    pub fn of(bookmark: &Bookmark, extensions: Vec<Element>) -> Conference {
        Conference {
            name: bookmark.name.clone(),
            autojoin: bookmark.autojoin,
            nick: bookmark.nick.clone(),
            password: bookmark.password.clone(),
            extensions,
        }
    }

    /// This payload as the bookmark of `room`.
    pub fn bookmark(&self, room: BareJid) -> Bookmark {
        Bookmark {
            room,
            name: self.name.clone(),
            autojoin: self.autojoin,
            nick: self.nick.clone(),
            password: self.password.clone(),
        }
    }

    /// Whether the name, nick and password are within the sizes kept ([`MAX_NAME_CHARS`],
    /// [`MAX_NICK_BYTES`], [`MAX_PASSWORD_BYTES`]): what others can make us hold is bounded.
    pub fn check_sizes(&self) -> Result<(), ParseError> {
        if self
            .name
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NAME_CHARS)
        {
            return Err(ParseError::BadStructure("bookmark name too long"));
        }
        if self.nick.as_ref().is_some_and(|n| n.len() > MAX_NICK_BYTES) {
            return Err(ParseError::BadStructure("bookmark nick too long"));
        }
        if self
            .password
            .as_ref()
            .is_some_and(|p| p.len() > MAX_PASSWORD_BYTES)
        {
            return Err(ParseError::BadStructure("bookmark password too long"));
        }
        Ok(())
    }
}

/// The text of child `name`, `None` when absent or empty (an empty nick names no one).
fn text_of(e: &Element, name: &str) -> Option<String> {
    e.get_child(name, ns::BOOKMARKS)
        .map(Element::text_content)
        .filter(|text| !text.is_empty())
}

impl TryFrom<&Element> for Conference {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Conference, ParseError> {
        if !e.is("conference", ns::BOOKMARKS) {
            return Err(ParseError::WrongElement {
                expected: "conference",
            });
        }
        let conference = Conference {
            name: e
                .get_attr("name")
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            autojoin: matches!(e.get_attr("autojoin").map(str::trim), Some("true" | "1")),
            nick: text_of(e, "nick"),
            password: text_of(e, "password"),
            // The schema allows one `<extensions/>`; children of any more are kept all the same.
            extensions: e
                .children()
                .filter(|c| c.is("extensions", ns::BOOKMARKS))
                .flat_map(|x| x.children().cloned())
                .collect(),
        };
        conference.check_sizes()?;
        Ok(conference)
    }
}

impl From<&Conference> for Element {
    fn from(conference: &Conference) -> Element {
        // An empty name, nick or password is written as none, as it is read.
        let given = |text: &Option<String>| text.clone().filter(|t| !t.is_empty());
        let mut e = Element::new("conference", ns::BOOKMARKS)
            .attr_opt("name", given(&conference.name))
            // §3: `false` is the default, so it is left out, as the XEP's examples do.
            .attr_opt("autojoin", conference.autojoin.then_some("true"));
        for (name, text) in [
            ("nick", &conference.nick),
            ("password", &conference.password),
        ] {
            if let Some(text) = given(text) {
                e.push_child(Element::new(name, ns::BOOKMARKS).text(text));
            }
        }
        if !conference.extensions.is_empty() {
            let mut extensions = Element::new("extensions", ns::BOOKMARKS);
            for child in &conference.extensions {
                extensions.push_child(child.clone());
            }
            e.push_child(extensions);
        }
        e
    }
}

/// One item of the bookmarks node: the room (its id) and its [`Conference`]. Read from a
/// result (`pubsub` namespace) or a notification (`pubsub#event`); written for a publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkItem {
    /// The room, the item's id.
    pub room: BareJid,
    /// What the bookmark says about it.
    pub conference: Conference,
}

impl BookmarkItem {
    /// The bookmark as the application sees it (without the extensions).
    pub fn bookmark(&self) -> Bookmark {
        self.conference.bookmark(self.room.clone())
    }
}

/// An `<item/>` of either pubsub namespace: results and publications use `pubsub`,
/// notifications `pubsub#event`.
pub(super) fn is_item(e: &Element) -> bool {
    e.is("item", ns::PUBSUB) || e.is("item", ns::PUBSUB_EVENT)
}

/// The room an item or retraction names by its id.
pub(super) fn room_id(e: &Element) -> Result<BareJid, ParseError> {
    let id = e.get_attr("id").ok_or(ParseError::MissingAttribute("id"))?;
    Ok(BareJid::parse(id)?)
}

impl TryFrom<&Element> for BookmarkItem {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<BookmarkItem, ParseError> {
        if !is_item(e) {
            return Err(ParseError::WrongElement { expected: "item" });
        }
        let room = room_id(e)?;
        let conference =
            e.get_child("conference", ns::BOOKMARKS)
                .ok_or(ParseError::BadStructure(
                    "a bookmark item without its <conference/>",
                ))?;
        Ok(BookmarkItem {
            room,
            conference: Conference::try_from(conference)?,
        })
    }
}

impl From<&BookmarkItem> for Element {
    fn from(item: &BookmarkItem) -> Element {
        Element::new("item", ns::PUBSUB)
            .attr("id", item.room.to_string())
            .child(Element::from(&item.conference))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::round_trip;

    pub(super) fn room(jid: &str) -> BareJid {
        BareJid::parse(jid).unwrap()
    }

    #[test]
    fn a_conference_with_a_name_autojoin_and_a_nick() {
        // Example 1.
        let e = Element::parse(
            r#"<conference xmlns='urn:xmpp:bookmarks:1'
            name='Council of Oberon'
            autojoin='true'>
  <nick>Puck</nick>
</conference>"#,
        )
        .unwrap();
        let conference = round_trip(Conference::try_from(&e).unwrap());
        let council = room("council@conference.underhill.org");
        assert_eq!(
            conference.bookmark(council.clone()),
            Bookmark {
                room: council,
                name: Some("Council of Oberon".into()),
                autojoin: true,
                nick: Some("Puck".into()),
                password: None,
            }
        );
    }

    #[test]
    fn a_minimalist_conference_means_no_name_no_nick_and_no_autojoin() {
        // Example 2.
        let e = Element::parse("<conference xmlns='urn:xmpp:bookmarks:1'/>").unwrap();
        let conference = round_trip(Conference::try_from(&e).unwrap());
        assert_eq!(conference, Conference::default());
        assert_eq!(
            Element::from(&conference).to_string(),
            r#"<conference xmlns="urn:xmpp:bookmarks:1"/>"#
        );
    }

    #[test]
    fn autojoin_is_true_or_1_and_anything_else_is_no() {
        for (value, autojoin) in [
            ("true", true),
            ("1", true),
            (" true ", true),
            ("false", false),
            ("0", false),
            ("yes", false),
        ] {
            let e = Element::new("conference", ns::BOOKMARKS).attr("autojoin", value);
            assert_eq!(
                Conference::try_from(&e).unwrap().autojoin,
                autojoin,
                "{value}"
            );
        }
    }

    #[test]
    fn the_password_is_read_and_unknown_children_are_tolerated() {
        let e = Element::parse(
            "<conference xmlns='urn:xmpp:bookmarks:1' name=''><nick/><password>cauldronburn</password>\
             <future xmlns='urn:example:future'/></conference>",
        )
        .unwrap();
        let conference = round_trip(Conference::try_from(&e).unwrap());
        assert_eq!(conference.password.as_deref(), Some("cauldronburn"));
        // An empty name or nick names nothing, and is written as none.
        assert_eq!((&conference.name, &conference.nick), (&None, &None));
        let empty = Conference {
            name: Some(String::new()),
            password: Some(String::new()),
            ..Conference::default()
        };
        assert_eq!(
            Element::from(&empty).to_string(),
            r#"<conference xmlns="urn:xmpp:bookmarks:1"/>"#
        );
    }

    #[test]
    fn a_name_nick_or_password_beyond_the_bounds_is_refused() {
        let at_bounds = Element::new("conference", ns::BOOKMARKS)
            .attr("name", "é".repeat(MAX_NAME_CHARS))
            .child(Element::new("nick", ns::BOOKMARKS).text("n".repeat(MAX_NICK_BYTES)))
            .child(Element::new("password", ns::BOOKMARKS).text("p".repeat(MAX_PASSWORD_BYTES)));
        assert!(Conference::try_from(&at_bounds).is_ok());
        let name =
            Element::new("conference", ns::BOOKMARKS).attr("name", "n".repeat(MAX_NAME_CHARS + 1));
        let nick = Element::new("conference", ns::BOOKMARKS)
            .child(Element::new("nick", ns::BOOKMARKS).text("n".repeat(MAX_NICK_BYTES + 1)));
        let password = Element::new("conference", ns::BOOKMARKS).child(
            Element::new("password", ns::BOOKMARKS).text("p".repeat(MAX_PASSWORD_BYTES + 1)),
        );
        for e in [name, nick, password] {
            assert!(matches!(
                Conference::try_from(&e),
                Err(ParseError::BadStructure(_))
            ));
        }
        let wrong = Element::new("conference", ns::CONFERENCE);
        assert!(Conference::try_from(&wrong).is_err());
    }
}
