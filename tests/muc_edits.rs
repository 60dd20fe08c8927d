//! Talking in a room like in a 1:1 conversation, in the session: corrections (XEP-0308),
//! retractions (XEP-0424), reactions (XEP-0444) and replies (XEP-0461) said in a room or
//! privately to an occupant come out as typed events with what the store's same-author rule
//! needs (the room's occupant id, kept only from a room that gives them; the room's stanza id;
//! the sender's id); ours go out addressed as room lines are. The XEPs' examples, in the coven
//! of XEP-0045 and XEP-0421.

mod common;

use common::muc::{coven, in_room, in_room_with, receive};
use palaver::xmpp::session::RoomText;
use palaver::xmpp::{Content, Event, ReplyRef, RoomMessage, Text};

const COVEN: &str = "coven@chat.shakespeare.lit";
const WITCH_ID: &str = "dd72603deec90a38ba552f7c68cbcc61bca202cd";

fn room_message(events: Vec<Event>) -> RoomMessage {
    match events.as_slice() {
        [Event::RoomMessage(message)] => message.clone(),
        other => panic!("one room message, not {other:?}"),
    }
}

#[test]
fn a_correction_in_a_room_names_the_original_message_id_and_carries_the_occupant_id() {
    let mut h = in_room(COVEN, "firstwitch");
    // XEP-0421 Example 2's line, then XEP-0308 Example 1's correction of it, in the room.
    let original = room_message(receive(
        &mut h,
        &[&format!(
            r#"<message from='coven@chat.shakespeare.lit/thirdwitch' id='bad1' to='alice@localhost/web' type='groupchat'>
  <body>Harpier cries: 'tis time, 'tis tme.</body>
  <stanza-id xmlns='urn:xmpp:sid:0' id='room-sid-1' by='coven@chat.shakespeare.lit'/>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="{WITCH_ID}" />
</message>"#
        )],
    ));
    assert_eq!(original.stanza_id.as_deref(), Some("room-sid-1"));
    let correction = room_message(receive(
        &mut h,
        &[&format!(
            r#"<message from='coven@chat.shakespeare.lit/thirdwitch' id='good1' to='alice@localhost/web' type='groupchat'>
  <body>Harpier cries: 'tis time, 'tis time.</body>
  <replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="{WITCH_ID}" />
</message>"#
        )],
    ));
    assert_eq!(
        correction.content,
        Content::Correction {
            of: "bad1".into(),
            text: Text::plain("Harpier cries: 'tis time, 'tis time.")
        }
    );
    assert_eq!(correction.occupant_id.as_deref(), Some(WITCH_ID));
    assert_eq!(correction.nick.as_deref(), Some("thirdwitch"));
}

#[test]
fn a_spoofed_occupant_id_from_a_room_without_them_is_not_kept() {
    // The room's disco#info lists no XEP-0421: an id a sender wrote means nothing.
    let mut h = in_room_with(COVEN, "firstwitch", "");
    let correction = room_message(receive(
        &mut h,
        &[&format!(
            r#"<message from='coven@chat.shakespeare.lit/thirdwitch' id='good1' type='groupchat'>
  <body>fixed</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="{WITCH_ID}" />
</message>"#
        )],
    ));
    assert_eq!(correction.occupant_id, None);
}

#[test]
fn retractions_and_reactions_in_a_room_name_the_rooms_stanza_id() {
    let mut h = in_room(COVEN, "firstwitch");
    // XEP-0424 Example 2 and XEP-0444 Example 1, in group chat (§5, §3.1: the stanza id).
    let retraction = room_message(receive(
        &mut h,
        &[&format!(
            r#"<message type='groupchat' from='coven@chat.shakespeare.lit/thirdwitch' id='retract-message-1'>
  <retract id='room-sid-1' xmlns='urn:xmpp:message-retract:1'/>
  <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>
  <body>This person attempted to retract a previous message, but it's unsupported by your client.</body>
  <store xmlns="urn:xmpp:hints"/>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="{WITCH_ID}" />
</message>"#
        )],
    ));
    assert_eq!(
        retraction.content,
        Content::Retraction {
            of: "room-sid-1".into()
        }
    );
    let reactions = room_message(receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/secondwitch' id='96d73204-a57a-11e9-88b8-4889e7820c76' type='groupchat'>
  <reactions id='room-sid-2' xmlns='urn:xmpp:reactions:0'>
    <reaction>👋</reaction>
    <reaction>🐢</reaction>
  </reactions>
  <store xmlns="urn:xmpp:hints"/>
  <occupant-id xmlns="urn:xmpp:occupant-id:0" id="second" />
</message>"#,
        ],
    ));
    assert_eq!(
        reactions.content,
        Content::Reactions {
            to: "room-sid-2".into(),
            emojis: vec!["👋".into(), "🐢".into()]
        }
    );
    assert_eq!(reactions.occupant_id.as_deref(), Some("second"));
}

#[test]
fn our_changes_go_to_the_room_as_groupchat() {
    let mut h = in_room(COVEN, "firstwitch");
    let reply = ReplyRef {
        id: "room-sid-1".into(),
        to: None,
        quote: Some("tis time".into()),
    };
    let replied = h
        .session
        .send_room_text(
            &coven(),
            None,
            "Aye",
            RoomText {
                reply: Some(&reply),
                replaces: None,
            },
        )
        .unwrap();
    let corrected = h
        .session
        .send_room_text(
            &coven(),
            None,
            "Aye!",
            RoomText {
                reply: None,
                replaces: Some(&replied),
            },
        )
        .unwrap();
    let retracted = h
        .session
        .send_room_retraction(&coven(), None, "room-sid-3")
        .unwrap();
    let reacted = h
        .session
        .send_room_reactions(&coven(), None, "room-sid-1", &["👍".to_owned()])
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            format!(
                r#"<message xmlns="jabber:client" to="{COVEN}" id="{replied}" type="groupchat"><body>&gt; tis time
Aye</body><active xmlns="http://jabber.org/protocol/chatstates"/><origin-id xmlns="urn:xmpp:sid:0" id="{replied}"/><reply xmlns="urn:xmpp:reply:0" id="room-sid-1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="11"/></fallback></message>"#
            ),
            format!(
                r#"<message xmlns="jabber:client" to="{COVEN}" id="{corrected}" type="groupchat"><body>Aye!</body><active xmlns="http://jabber.org/protocol/chatstates"/><origin-id xmlns="urn:xmpp:sid:0" id="{corrected}"/><replace xmlns="urn:xmpp:message-correct:0" id="{replied}"/></message>"#
            ),
            format!(
                r#"<message xmlns="jabber:client" to="{COVEN}" id="{retracted}" type="groupchat"><body>This person attempted to retract a previous message, but it&apos;s unsupported by your client.</body><origin-id xmlns="urn:xmpp:sid:0" id="{retracted}"/><retract xmlns="urn:xmpp:message-retract:1" id="room-sid-3"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><store xmlns="urn:xmpp:hints"/></message>"#
            ),
            format!(
                r#"<message xmlns="jabber:client" to="{COVEN}" id="{reacted}" type="groupchat"><origin-id xmlns="urn:xmpp:sid:0" id="{reacted}"/><reactions xmlns="urn:xmpp:reactions:0" id="room-sid-1"><reaction>👍</reaction></reactions><store xmlns="urn:xmpp:hints"/></message>"#
            ),
        ]
    );
}

#[test]
fn a_private_correction_goes_to_the_occupant_and_comes_back_as_a_private_event() {
    let mut h = in_room(COVEN, "firstwitch");
    let id = h
        .session
        .send_room_text(
            &coven(),
            Some("thirdwitch"),
            "hello again",
            RoomText {
                reply: None,
                replaces: Some("p1"),
            },
        )
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}/thirdwitch" id="{id}" type="chat"><body>hello again</body><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><replace xmlns="urn:xmpp:message-correct:0" id="p1"/><x xmlns="http://jabber.org/protocol/muc#user"/></message>"#
        )]
    );
    let events = receive(
        &mut h,
        &[
            r#"<message from='coven@chat.shakespeare.lit/thirdwitch' id='good2' type='chat'>
  <body>fixed privately</body><replace id='q1' xmlns='urn:xmpp:message-correct:0'/>
  <x xmlns='http://jabber.org/protocol/muc#user'/>
</message>"#,
        ],
    );
    match events.as_slice() {
        [Event::RoomPrivateMessage(message)] => {
            assert_eq!(message.nick, "thirdwitch");
            assert_eq!(
                message.content,
                Content::Correction {
                    of: "q1".into(),
                    text: Text::plain("fixed privately")
                }
            );
        }
        other => panic!("{other:?}"),
    }
}
