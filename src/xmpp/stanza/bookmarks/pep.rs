//! The bookmarks node on our own PEP service (XEP-0402 §4, §5 over XEP-0060): fetching the
//! list or one item, publishing with the options that keep the node private, retracting, and
//! reading the notifications our server pushes when another device changes a bookmark.

use super::{is_item, room_id, BookmarkItem};
use crate::xmpp::jid::BareJid;
use crate::xmpp::ns;
use crate::xmpp::stanza::data_form::{DataForm, Field, FieldType, FormType};
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// `<items node='urn:xmpp:bookmarks:1'/>`, for a request.
fn items_node() -> Element {
    Element::new("items", ns::PUBSUB).attr("node", ns::BOOKMARKS)
}

/// §4.2: the request for every bookmark (an IQ get to our own account).
pub fn fetch_request() -> Element {
    Element::new("pubsub", ns::PUBSUB).child(items_node())
}

/// XEP-0060 §6.5.8: the request for the bookmark of `room` alone, read before editing it so
/// that its extensions are written back.
pub fn item_request(room: &BareJid) -> Element {
    Element::new("pubsub", ns::PUBSUB)
        .child(items_node().child(Element::new("item", ns::PUBSUB).attr("id", room.to_string())))
}

/// The `<items/>` of the bookmarks node in the answer to [`fetch_request`] or
/// [`item_request`].
fn items_in(pubsub: &Element) -> Result<&Element, ParseError> {
    if !pubsub.is("pubsub", ns::PUBSUB) {
        return Err(ParseError::WrongElement { expected: "pubsub" });
    }
    pubsub
        .get_child("items", ns::PUBSUB)
        .filter(|items| items.get_attr("node") == Some(ns::BOOKMARKS))
        .ok_or(ParseError::BadStructure("no items of the bookmarks node"))
}

/// The items of an answer to [`fetch_request`], each parsed on its own: one malformed item is
/// skipped by the caller, not the whole list. `Err` when the answer is not a list of bookmarks.
pub fn items_of(pubsub: &Element) -> Result<Vec<Result<BookmarkItem, ParseError>>, ParseError> {
    Ok(items_in(pubsub)?
        .children()
        .filter(|e| is_item(e))
        .map(BookmarkItem::try_from)
        .collect())
}

/// The `<extensions/>` children of `room`'s item in an answer to [`item_request`], read even
/// when the rest of that item does not parse, so that an edit keeps them all the same.
pub fn extensions_of(pubsub: &Element, room: &BareJid) -> Vec<Element> {
    let Ok(items) = items_in(pubsub) else {
        return Vec::new();
    };
    items
        .children()
        .filter(|e| is_item(e) && room_id(e).as_ref() == Ok(room))
        .filter_map(|item| item.get_child("conference", ns::BOOKMARKS))
        .flat_map(|c| c.children().filter(|x| x.is("extensions", ns::BOOKMARKS)))
        .flat_map(|x| x.children().cloned())
        .collect()
}

/// The node configuration §4.3 asks every publication to require (XEP-0060 §7.1.5): items
/// kept, as many as the server allows, none pushed to whoever subscribes, and the node private
/// (whitelist: our own account only), so that our rooms and their passwords never leak to our
/// contacts.
fn publish_options() -> DataForm {
    let field = |var: &str, kind: Option<FieldType>, value: &str| Field {
        var: Some(var.to_owned()),
        kind,
        values: vec![value.to_owned()],
        ..Field::default()
    };
    DataForm {
        kind: FormType::Submit,
        title: None,
        instructions: Vec::new(),
        fields: vec![
            field(
                "FORM_TYPE",
                Some(FieldType::Hidden),
                ns::PUBSUB_PUBLISH_OPTIONS,
            ),
            field("pubsub#persist_items", None, "true"),
            field("pubsub#max_items", None, "max"),
            field("pubsub#send_last_published_item", None, "never"),
            field("pubsub#access_model", None, "whitelist"),
        ],
    }
}

/// §4.3 and §4.4: publishes `item` (adds the bookmark, or replaces it), with the
/// publish-options that keep the node private.
pub fn publish(item: &BookmarkItem) -> Element {
    Element::new("pubsub", ns::PUBSUB)
        .child(
            Element::new("publish", ns::PUBSUB)
                .attr("node", ns::BOOKMARKS)
                .child(Element::from(item)),
        )
        .child(Element::new("publish-options", ns::PUBSUB).child(Element::from(&publish_options())))
}

/// §4.5: retracts the bookmark of `room`, with `notify` so our other devices hear of it.
pub fn retract(room: &BareJid) -> Element {
    Element::new("pubsub", ns::PUBSUB).child(
        Element::new("retract", ns::PUBSUB)
            .attr("node", ns::BOOKMARKS)
            .attr("notify", "true")
            .child(Element::new("item", ns::PUBSUB).attr("id", room.to_string())),
    )
}

/// What a notification of the bookmarks node says changed (§5, XEP-0060 §7.1.2, §7.2.2.1,
/// §8.4, §8.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookmarkChange {
    /// A bookmark added, or changed.
    Published(BookmarkItem),
    /// The bookmark of this room removed.
    Retracted(BareJid),
    /// Every bookmark removed: the node purged or deleted.
    Cleared,
}

/// The `<event/>` of a notification message.
fn event_of(message: &Element) -> Option<&Element> {
    message.get_child("event", ns::PUBSUB_EVENT)
}

/// Whether `message` is a notification of the bookmarks node.
pub fn is_notification(message: &Element) -> bool {
    event_of(message).is_some_and(|event| {
        event
            .children()
            .any(|c| c.ns() == ns::PUBSUB_EVENT && c.get_attr("node") == Some(ns::BOOKMARKS))
    })
}

/// The changes a notification of the bookmarks node carries, in order, each parsed on its own
/// (an item without its payload is an error, the others still count). `None` when `message`
/// is no such notification.
pub fn changes_of(message: &Element) -> Option<Vec<Result<BookmarkChange, ParseError>>> {
    if !is_notification(message) {
        return None;
    }
    let mut changes = Vec::new();
    let ours = event_of(message)?
        .children()
        .filter(|c| c.ns() == ns::PUBSUB_EVENT && c.get_attr("node") == Some(ns::BOOKMARKS));
    for child in ours {
        match child.name() {
            "items" => changes.extend(
                child
                    .children()
                    .filter(|c| c.ns() == ns::PUBSUB_EVENT)
                    .filter_map(|c| match c.name() {
                        "item" => Some(BookmarkItem::try_from(c).map(BookmarkChange::Published)),
                        "retract" => Some(room_id(c).map(BookmarkChange::Retracted)),
                        _ => None,
                    }),
            ),
            "purge" | "delete" => changes.push(Ok(BookmarkChange::Cleared)),
            _ => {}
        }
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::super::tests::room;
    use super::super::{Bookmark, Conference};
    use super::*;
    use crate::xmpp::stanza::muc::tests::{example, round_trip};
    use crate::xmpp::xml::Node;

    /// `e` without the indentation the XEP's examples are printed with (text that is only
    /// whitespace), to compare with what we build.
    fn unindented(e: &Element) -> Element {
        let mut out = Element::new(e.name(), e.ns());
        for (name, value) in e.attrs() {
            out.set_attr(name, value);
        }
        for node in e.nodes() {
            match node {
                Node::Element(child) => out.push_child(unindented(child)),
                Node::Text(text) if !text.trim().is_empty() => out = out.text(text.as_str()),
                Node::Text(_) => {}
            }
        }
        out
    }

    /// The `<pubsub/>` of an IQ from the XEP.
    fn pubsub_of(iq: &str) -> Element {
        unindented(example(iq).get_child("pubsub", ns::PUBSUB).unwrap())
    }

    /// Example 5: the list, the second item with another client's extensions.
    const BOOKMARKS: &str = r#"<iq type='result'
    to='juliet@capulet.lit/balcony'
    id='retrieve1'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <items node='urn:xmpp:bookmarks:1'>
      <item id='theplay@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Play&apos;s the Thing'
                    autojoin='true'>
          <nick>JC</nick>
        </conference>
      </item>
      <item id='orchard@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Orcard'
                    autojoin='1'>
          <nick>JC</nick>
          <extensions>
            <state xmlns='http://myclient.example/bookmark/state' minimized='true'/>
          </extensions>
        </conference>
      </item>
    </items>
  </pubsub>
</iq>"#;

    #[test]
    fn retrieving_all_bookmarks() {
        // Example 4.
        let request = pubsub_of(
            r#"<iq from='juliet@capulet.lit/balcony' type='get' id='retrieve1'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <items node='urn:xmpp:bookmarks:1'/>
  </pubsub>
</iq>"#,
        );
        assert_eq!(fetch_request(), request);
        // Example 5.
        let items: Vec<BookmarkItem> = items_of(&pubsub_of(BOOKMARKS))
            .unwrap()
            .into_iter()
            .map(|item| round_trip(item.unwrap()))
            .collect();
        let [play, orchard] = items.as_slice() else {
            panic!("{items:?}");
        };
        assert_eq!(play.room, room("theplay@conference.shakespeare.lit"));
        assert_eq!(
            play.conference.name.as_deref(),
            Some("The Play's the Thing")
        );
        assert!(play.conference.autojoin && orchard.conference.autojoin);
        assert_eq!(orchard.conference.nick.as_deref(), Some("JC"));
        let state = Element::new("state", "http://myclient.example/bookmark/state")
            .attr("minimized", "true");
        assert_eq!(orchard.conference.extensions, [state]);
    }

    #[test]
    fn an_answer_that_is_not_the_bookmarks_node_is_an_error_and_a_bad_item_stands_alone() {
        let other = Element::new("pubsub", ns::PUBSUB)
            .child(Element::new("items", ns::PUBSUB).attr("node", ns::AVATAR_METADATA));
        assert!(items_of(&other).is_err());
        let mixed = Element::new("pubsub", ns::PUBSUB).child(
            items_node()
                .child(Element::new("item", ns::PUBSUB).attr("id", "no@payload.example"))
                .child(Element::new("item", ns::PUBSUB).attr("id", "a/b@"))
                .child(
                    Element::new("item", ns::PUBSUB)
                        .attr("id", "ok@rooms.example")
                        .child(Element::new("conference", ns::BOOKMARKS)),
                ),
        );
        let items = items_of(&mixed).unwrap();
        assert!(items[0].is_err() && items[1].is_err());
        assert_eq!(items[2].as_ref().unwrap().room, room("ok@rooms.example"));
    }

    /// The publish-options every publication carries (Examples 6 and 8).
    const PUBLISH_OPTIONS: &str = r#"<publish-options>
      <x xmlns='jabber:x:data' type='submit'>
        <field var='FORM_TYPE' type='hidden'>
          <value>http://jabber.org/protocol/pubsub#publish-options</value>
        </field>
        <field var='pubsub#persist_items'>
          <value>true</value>
        </field>
        <field var='pubsub#max_items'>
          <value>max</value>
        </field>
        <field var='pubsub#send_last_published_item'>
          <value>never</value>
        </field>
        <field var='pubsub#access_model'>
          <value>whitelist</value>
        </field>
      </x>
    </publish-options>"#;

    #[test]
    fn adding_a_bookmark() {
        // Example 6.
        let expected = pubsub_of(&format!(
            r#"<iq from='juliet@capulet.lit/balcony' type='set' id='pip1'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <publish node='urn:xmpp:bookmarks:1'>
      <item id='theplay@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Play&apos;s the Thing'
                    autojoin='true'>
          <nick>JC</nick>
        </conference>
      </item>
    </publish>
    {PUBLISH_OPTIONS}
  </pubsub>
</iq>"#
        ));
        let play = Bookmark {
            room: room("theplay@conference.shakespeare.lit"),
            name: Some("The Play's the Thing".into()),
            autojoin: true,
            nick: Some("JC".into()),
            password: None,
        };
        let item = BookmarkItem {
            room: play.room.clone(),
            conference: Conference::of(&play, Vec::new()),
        };
        assert_eq!(publish(&item), expected);
    }

    #[test]
    fn editing_a_bookmark_keeps_the_extensions_of_another_client() {
        // Example 8: the typo in Example 5's name corrected, the extensions untouched.
        let orchard = room("orchard@conference.shakespeare.lit");
        let read = pubsub_of(BOOKMARKS);
        let extensions = extensions_of(&read, &orchard);
        assert_eq!(extensions.len(), 1);
        assert!(extensions_of(&read, &room("elsewhere@conference.shakespeare.lit")).is_empty());
        let corrected = Bookmark {
            room: orchard.clone(),
            name: Some("The Orchard".into()),
            autojoin: true,
            nick: Some("JC".into()),
            password: None,
        };
        let item = BookmarkItem {
            room: orchard,
            conference: Conference::of(&corrected, extensions),
        };
        let expected = pubsub_of(&format!(
            r#"<iq from='juliet@capulet.lit/balcony' type='set' id='pip2'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <publish node='urn:xmpp:bookmarks:1'>
      <item id='orchard@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Orchard'
                    autojoin='true'>
          <nick>JC</nick>
          <extensions>
            <state xmlns='http://myclient.example/bookmark/state' minimized='true'/>
          </extensions>
        </conference>
      </item>
    </publish>
    {PUBLISH_OPTIONS}
  </pubsub>
</iq>"#
        ));
        assert_eq!(publish(&item), expected);
        assert_eq!(
            item_request(&item.room).to_string(),
            r#"<pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1"><item id="orchard@conference.shakespeare.lit"/></items></pubsub>"#
        );
    }

    #[test]
    fn removing_a_bookmark() {
        // Example 10.
        let expected = pubsub_of(
            r#"<iq from='juliet@capulet.lit/balcony' type='set' id='remove-bookmark1'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <retract node='urn:xmpp:bookmarks:1' notify='true'>
      <item id='theplay@conference.shakespeare.lit'/>
    </retract>
  </pubsub>
</iq>"#,
        );
        assert_eq!(
            retract(&room("theplay@conference.shakespeare.lit")),
            expected
        );
    }

    /// A notification of Examples 12–14 around `inner`.
    fn notification(inner: &str) -> Element {
        example(&format!(
            r#"<message from='juliet@capulet.lit' to='juliet@capulet.lit/balcony' type='headline' id='new-room1'>
  <event xmlns='http://jabber.org/protocol/pubsub#event'>
    <items node='urn:xmpp:bookmarks:1'>
      {inner}
    </items>
  </event>
</message>"#
        ))
    }

    #[test]
    fn notifications_of_a_bookmark_added_unjoined_and_retracted() {
        let play = room("theplay@conference.shakespeare.lit");
        // Example 12.
        let added = notification(
            r#"<item id='theplay@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Play&apos;s the Thing'
                    autojoin='1'>
          <nick>JC</nick>
        </conference>
      </item>"#,
        );
        assert!(is_notification(&added));
        let changes = changes_of(&added);
        let Some([Ok(BookmarkChange::Published(item))]) = changes.as_deref() else {
            panic!("{changes:?}");
        };
        assert_eq!((&item.room, item.conference.autojoin), (&play, true));
        // Example 13: autojoin false, its default.
        let unjoined = notification(
            r#"<item id='theplay@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1'
                    name='The Play&apos;s the Thing'>
          <nick>JC</nick>
        </conference>
      </item>"#,
        );
        let changes = changes_of(&unjoined);
        let Some([Ok(BookmarkChange::Published(item))]) = changes.as_deref() else {
            panic!("{changes:?}");
        };
        assert!(!item.conference.autojoin);
        // Example 14.
        let retracted = notification("<retract id='theplay@conference.shakespeare.lit'/>");
        assert_eq!(
            changes_of(&retracted),
            Some(vec![Ok(BookmarkChange::Retracted(play))])
        );
    }

    #[test]
    fn a_purge_or_deletion_clears_every_bookmark_and_other_nodes_are_not_ours() {
        for kind in ["purge", "delete"] {
            let cleared = example(&format!(
                r#"<message from='juliet@capulet.lit'><event xmlns='http://jabber.org/protocol/pubsub#event'><{kind} node='urn:xmpp:bookmarks:1'/></event></message>"#
            ));
            assert_eq!(
                changes_of(&cleared),
                Some(vec![Ok(BookmarkChange::Cleared)])
            );
        }
        let avatar = example(
            r#"<message from='juliet@capulet.lit'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'/></event></message>"#,
        );
        assert!(!is_notification(&avatar));
        assert_eq!(changes_of(&avatar), None);
    }
}
