//! Bookmarks in private XML storage ([XEP-0048](https://xmpp.org/extensions/xep-0048.html)
//! version 1.2 over [XEP-0049](https://xmpp.org/extensions/xep-0049.html)): for servers without
//! PEP bookmarks (XEP-0402). One `<storage xmlns='storage:bookmarks'/>` holds every bookmark
//! (`<conference/>`) and the user's saved web addresses (`<url/>`); it is read and written
//! whole, so a change is made to the storage as read, and everything else in it (other rooms,
//! the addresses, what other clients added) is written back untouched.

use super::{Bookmark, MAX_NAME_CHARS, MAX_NICK_BYTES, MAX_PASSWORD_BYTES};
use crate::xmpp::jid::BareJid;
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::{Element, Node};

/// XEP-0049's namespace: the user's private XML storage.
pub const PRIVATE: &str = "jabber:iq:private";
/// XEP-0048's namespace: the bookmarks stored there.
pub const STORAGE_BOOKMARKS: &str = "storage:bookmarks";

/// XEP-0049 §2.2: the request for the bookmarks storage (an IQ get to our own account).
pub fn private_fetch_request() -> Element {
    Element::new("query", PRIVATE).child(Element::new("storage", STORAGE_BOOKMARKS))
}

/// XEP-0049 §2.1: the storage written back whole (an IQ set to our own account).
pub fn private_store_request(storage: &Element) -> Element {
    Element::new("query", PRIVATE).child(storage.clone())
}

/// The `<storage/>` of a private storage answer; an empty one when the answer holds none
/// (nothing stored yet).
pub fn storage_of(query: &Element) -> Result<Element, ParseError> {
    if !query.is("query", PRIVATE) {
        return Err(ParseError::WrongElement { expected: "query" });
    }
    Ok(query
        .get_child("storage", STORAGE_BOOKMARKS)
        .cloned()
        .unwrap_or_else(|| Element::new("storage", STORAGE_BOOKMARKS)))
}

/// The rooms `storage` keeps, as bookmarks, in order; a conference without a room address, or
/// with a name, nick or password beyond the sizes kept, is an error of its own (the others
/// stand).
pub fn bookmarks_of(storage: &Element) -> Vec<Result<Bookmark, ParseError>> {
    storage
        .children()
        .filter(|c| c.is("conference", STORAGE_BOOKMARKS))
        .map(conference)
        .collect()
}

/// One `<conference jid= name= autojoin=><nick/><password/></conference>` (XEP-0048 §3.2).
fn conference(e: &Element) -> Result<Bookmark, ParseError> {
    let room = e
        .get_attr("jid")
        .ok_or(ParseError::MissingAttribute("jid"))
        .and_then(|jid| {
            BareJid::parse(jid).map_err(|_| ParseError::BadAttribute {
                name: "jid",
                value: jid.to_owned(),
            })
        })?;
    let text = |name: &str| {
        e.get_child(name, STORAGE_BOOKMARKS)
            .map(Element::text_content)
            .filter(|t| !t.is_empty())
    };
    let bookmark = Bookmark {
        room,
        name: e
            .get_attr("name")
            .map(str::to_owned)
            .filter(|n| !n.is_empty()),
        autojoin: matches!(e.get_attr("autojoin"), Some("true" | "1")),
        nick: text("nick"),
        password: text("password"),
    };
    let too_long = bookmark
        .name
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NAME_CHARS)
        || bookmark
            .nick
            .as_ref()
            .is_some_and(|n| n.len() > MAX_NICK_BYTES)
        || bookmark
            .password
            .as_ref()
            .is_some_and(|p| p.len() > MAX_PASSWORD_BYTES);
    if too_long {
        return Err(ParseError::BadStructure("bookmark beyond the sizes kept"));
    }
    Ok(bookmark)
}

/// `storage` with `room`'s conference replaced by `bookmark` (or removed, with `None`): every
/// other child, known or not, kept as it was, in place.
pub fn with_bookmark(storage: &Element, room: &BareJid, bookmark: Option<&Bookmark>) -> Element {
    let mut changed = Element::new("storage", STORAGE_BOOKMARKS);
    let is_room = |c: &Element| {
        c.is("conference", STORAGE_BOOKMARKS)
            && c.get_attr("jid")
                .and_then(|jid| BareJid::parse(jid).ok())
                .is_some_and(|jid| jid == *room)
    };
    for node in storage.nodes() {
        if let Node::Element(child) = node {
            if !is_room(child) {
                changed.push_child(child.clone());
            }
        }
    }
    if let Some(bookmark) = bookmark {
        changed.push_child(conference_element(bookmark));
    }
    changed
}

/// The `<conference/>` of `bookmark`.
fn conference_element(bookmark: &Bookmark) -> Element {
    let mut e = Element::new("conference", STORAGE_BOOKMARKS)
        .attr("jid", bookmark.room.to_string())
        .attr("autojoin", if bookmark.autojoin { "true" } else { "false" });
    if let Some(name) = &bookmark.name {
        e = e.attr("name", name.as_str());
    }
    if let Some(nick) = &bookmark.nick {
        e.push_child(Element::new("nick", STORAGE_BOOKMARKS).text(nick.as_str()));
    }
    if let Some(password) = &bookmark.password {
        e.push_child(Element::new("password", STORAGE_BOOKMARKS).text(password.as_str()));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    /// XEP-0048 Example 3 (a conference bookmark) with Example 2's URL beside it.
    const EXAMPLE: &str = "<query xmlns='jabber:iq:private'>\
        <storage xmlns='storage:bookmarks'>\
        <conference name='Council of Oberon' autojoin='true' jid='council@conference.underhill.org'>\
        <nick>Puck</nick><password>titania</password></conference>\
        <url name='Complete Works of Shakespeare' url='http://the-tech.mit.edu/Shakespeare/'/>\
        </storage></query>";

    fn storage() -> Element {
        storage_of(&Element::parse(EXAMPLE).unwrap()).unwrap()
    }

    fn council() -> BareJid {
        BareJid::parse("council@conference.underhill.org").unwrap()
    }

    #[test]
    fn reads_the_rooms_of_example_3() {
        let bookmarks: Vec<Bookmark> = bookmarks_of(&storage())
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            bookmarks,
            [Bookmark {
                room: council(),
                name: Some("Council of Oberon".into()),
                autojoin: true,
                nick: Some("Puck".into()),
                password: Some("titania".into()),
            }]
        );
    }

    #[test]
    fn a_change_keeps_everything_else_in_the_storage() {
        let heath = Bookmark {
            room: BareJid::parse("heath@chat.shakespeare.lit").unwrap(),
            name: None,
            autojoin: true,
            nick: Some("thirdwitch".into()),
            password: None,
        };
        let added = with_bookmark(&storage(), &heath.room, Some(&heath));
        assert_eq!(
            private_store_request(&added).to_string(),
            "<query xmlns=\"jabber:iq:private\"><storage xmlns=\"storage:bookmarks\">\
             <conference name=\"Council of Oberon\" autojoin=\"true\" jid=\"council@conference.underhill.org\"><nick>Puck</nick><password>titania</password></conference>\
             <url name=\"Complete Works of Shakespeare\" url=\"http://the-tech.mit.edu/Shakespeare/\"/>\
             <conference jid=\"heath@chat.shakespeare.lit\" autojoin=\"true\"><nick>thirdwitch</nick></conference>\
             </storage></query>"
        );
        let removed = with_bookmark(&added, &council(), None);
        let rooms: Vec<String> = bookmarks_of(&removed)
            .into_iter()
            .map(|b| b.unwrap().room.to_string())
            .collect();
        assert_eq!(rooms, ["heath@chat.shakespeare.lit"]);
        assert!(
            removed.get_child("url", STORAGE_BOOKMARKS).is_some(),
            "the URL stays"
        );
    }

    #[test]
    fn nothing_stored_yet_reads_as_an_empty_storage_and_a_bad_room_alone_is_skipped() {
        let empty =
            storage_of(&Element::parse("<query xmlns='jabber:iq:private'/>").unwrap()).unwrap();
        assert!(bookmarks_of(&empty).is_empty());
        let storage = Element::parse(
            "<storage xmlns='storage:bookmarks'><conference jid='@@'/>\
             <conference jid='ok@chat.example'/><conference name='no jid'/></storage>",
        )
        .unwrap();
        let read = bookmarks_of(&storage);
        assert_eq!(read.len(), 3);
        assert_eq!(read.iter().filter(|b| b.is_ok()).count(), 1);
    }
}
