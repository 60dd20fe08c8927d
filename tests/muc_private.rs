//! Private messages in a room (XEP-0045 §7.5): from an occupant of a room we are in, a `chat`
//! message is that seat's (never the bare contact's, never a 1:1 conversation with the room),
//! and no receipt goes back; ours go to `room/nick` marked as a room's private message.

mod common;

use common::muc::{coven, in_room, joining, receive};
use palaver::xmpp::{ApiMisuse, Content, Event, RoomPrivateMessage, Text};

const COVEN: &str = "coven@chat.shakespeare.lit";

#[test]
fn a_private_message_from_an_occupant_is_theirs_in_the_room_and_asks_nothing_of_us() {
    // Example 46, with a receipt request a 1:1 message could carry.
    let mut h = in_room(COVEN, "firstwitch");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/secondwitch' id='hgn27af1' type='chat'>
  <body>I'll give thee a wind.</body>
  <x xmlns='http://jabber.org/protocol/muc#user'/>
  <request xmlns='urn:xmpp:receipts'/>
</message>"#,
        ],
    );
    assert_eq!(
        events,
        [Event::RoomPrivateMessage(RoomPrivateMessage {
            room: coven(),
            nick: "secondwitch".into(),
            id: Some("hgn27af1".into()),
            content: Content::Text(Text::plain("I'll give thee a wind.")),
        })]
    );
    h.drain();
    assert_eq!(
        h.take_sent(),
        Vec::<String>::new(),
        "no receipt to an occupant"
    );
}

#[test]
fn a_private_message_while_still_joining_is_the_rooms_too() {
    let mut h = joining(COVEN, "firstwitch");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/secondwitch' type='chat'><body>early</body></message>"#,
        ],
    );
    assert!(
        matches!(events.as_slice(), [Event::RoomPrivateMessage(m)] if m.nick == "secondwitch"),
        "{events:?}"
    );
}

#[test]
fn our_private_message_goes_to_the_occupant_marked_as_the_rooms() {
    // Example 45.
    let mut h = in_room(COVEN, "firstwitch");
    let id = h
        .session
        .send_private_message(&coven(), "secondwitch", "I'll give thee a wind.")
        .expect("in the room");
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}/secondwitch" id="{id}" type="chat"><body>I'll give thee a wind.</body><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><x xmlns="http://jabber.org/protocol/muc#user"/></message>"#
        )
        .replace("I'll", "I&apos;ll")]
    );
}

#[test]
fn nothing_private_goes_to_a_room_we_are_not_in_nor_an_empty_one() {
    let mut h = joining(COVEN, "firstwitch");
    h.take_sent();
    assert_eq!(
        h.session
            .send_private_message(&coven(), "secondwitch", "psst"),
        Err(ApiMisuse::NotInRoom)
    );
    let mut h = in_room(COVEN, "firstwitch");
    assert_eq!(
        h.session.send_private_message(&coven(), "secondwitch", " "),
        Err(ApiMisuse::EmptyBody)
    );
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
}
