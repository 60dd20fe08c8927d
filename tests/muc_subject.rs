//! A room's subject set by us (XEP-0045 §8.1) and what a room refuses us (a subject, a message):
//! the subject goes as a body-less `groupchat` message; the room's error comes back as
//! `RoomRefused`, from the room only.

mod common;

use common::muc::{coven, in_room, joining, receive};
use palaver::xmpp::{ApiMisuse, Event};

const COVEN: &str = "coven@chat.shakespeare.lit";

#[test]
fn a_new_subject_goes_to_the_room_as_a_message_with_only_a_subject() {
    // Example 178.
    let mut h = in_room(COVEN, "firstwitch");
    h.session
        .set_room_subject(&coven(), "  Fire Burn and Cauldron Bubble!  ")
        .expect("in the room");
    h.drain();
    let sent = h.take_sent();
    let id = palaver::xmpp::xml::Element::parse(&sent[0])
        .unwrap()
        .get_attr("id")
        .unwrap()
        .to_owned();
    assert_eq!(
        sent,
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}" id="{id}" type="groupchat"><subject>Fire Burn and Cauldron Bubble!</subject></message>"#
        )]
    );
}

#[test]
fn no_subject_is_set_in_a_room_we_are_not_in() {
    let mut h = joining(COVEN, "firstwitch");
    h.take_sent();
    assert_eq!(
        h.session.set_room_subject(&coven(), "x"),
        Err(ApiMisuse::NotInRoom)
    );
}

#[test]
fn the_rooms_refusal_of_a_subject_comes_back_as_the_rooms() {
    // Example 180.
    let mut h = in_room(COVEN, "thirdwitch");
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit' id='F437C672-D438-4BD3-9BFF-091050D32EE2' type='error'>
  <subject>Fire Burn and Cauldron Bubble!</subject>
  <error by='coven@chat.shakespeare.lit' type='auth'>
    <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
  </error>
</message>"#,
        ],
    );
    assert!(
        matches!(events.as_slice(), [Event::RoomRefused { room, error }] if *room == coven() && error.condition == "forbidden"),
        "{events:?}"
    );
}
