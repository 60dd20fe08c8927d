//! Rooms across connections (XEP-0045 with XEP-0198), what we say in a room and how we know it
//! arrived, and a room we create: a resumed stream is still in its rooms, a fresh session and a
//! reloaded page join them again as the nick they had; our message comes back from the room
//! (its reflection) with our origin id; a new room (201) is unlocked as an instant room.

mod common;

use common::bookmarks::joins;
use common::muc::{
    coven, in_coven_with_sm, in_room, joining, online, receive, self_presence, stanza,
    HANDLED_IN_COVEN,
};
use common::sm::{bind_result, drop_connection, next_session, online_with_sm, parse_all};
use palaver::xmpp::{ApiMisuse, Event, RoomMessage};

const COVEN: &str = "coven@chat.shakespeare.lit";

fn room_messages(events: Vec<Event>) -> Vec<RoomMessage> {
    events
        .into_iter()
        .filter_map(|e| match e {
            Event::RoomMessage(m) => Some(m),
            _ => None,
        })
        .collect()
}

#[test]
fn a_message_goes_to_the_room_as_groupchat_with_an_origin_id_and_no_receipt_request() {
    // Example 50, as Palaver writes it.
    let mut h = in_room(COVEN, "thirdwitch");
    let id = h
        .session
        .send_room_message(&coven(), "Harpier cries: tis time, tis time.")
        .expect("in the room");
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="{COVEN}" id="{id}" type="groupchat"><body>Harpier cries: tis time, tis time.</body><active xmlns="http://jabber.org/protocol/chatstates"/><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/></message>"#
        )]
    );
}

#[test]
fn nothing_is_said_in_a_room_before_it_lets_us_in_nor_an_empty_message() {
    let mut h = joining(COVEN, "thirdwitch");
    assert_eq!(
        h.session.send_room_message(&coven(), "too early"),
        Err(ApiMisuse::NotInRoom)
    );
    let mut never = online();
    assert_eq!(
        never.session.send_room_message(&coven(), "hello?"),
        Err(ApiMisuse::NotInRoom)
    );
    let mut h = in_room(COVEN, "thirdwitch");
    assert_eq!(
        h.session.send_room_message(&coven(), "  "),
        Err(ApiMisuse::EmptyBody)
    );
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
}

#[test]
fn the_rooms_reflection_of_our_message_is_ours_and_carries_our_origin_id() {
    // Example 51: the room sends the message to every occupant, the sender included.
    let mut h = in_room(COVEN, "thirdwitch");
    let id = h.session.send_room_message(&coven(), "Thrice").unwrap();
    h.drain();
    h.take_sent();
    let messages = room_messages(receive(
        &mut h,
        &[
            &format!(
                "<message from='{COVEN}/thirdwitch' type='groupchat' id='{id}'>\
                 <body>Thrice</body><origin-id xmlns='urn:xmpp:sid:0' id='{id}'/>\
                 <stanza-id xmlns='urn:xmpp:sid:0' by='{COVEN}' id='room-1'/></message>"
            ),
            &format!(
                "<message from='{COVEN}/secondwitch' type='groupchat' id='s1'>\
                 <body>the brinded cat hath mew'd</body></message>"
            ),
        ],
    ));
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].own, "our own nick: our reflection");
    assert_eq!(messages[0].origin_id.as_deref(), Some(id.as_str()));
    assert_eq!(messages[0].stanza_id.as_deref(), Some("room-1"));
    assert!(!messages[1].own, "someone else");
}

#[test]
fn a_room_we_created_is_unlocked_as_an_instant_room_and_only_the_room_answers() {
    // Examples 153–156: 201, then the empty submitted form from the owner.
    let mut h = joining(COVEN, "thirdwitch");
    h.take_sent();
    h.recv_ok(&stanza(&format!(
        "<presence from='{COVEN}/thirdwitch'>\
         <x xmlns='http://jabber.org/protocol/muc#user'>\
         <item affiliation='owner' role='moderator'/>\
         <status code='110'/><status code='201'/></x></presence>"
    )));
    let sent = parse_all(&h.take_sent());
    assert_eq!(sent.len(), 1, "{sent:?}");
    let iq = &sent[0];
    assert_eq!(iq.get_attr("type"), Some("set"));
    assert_eq!(iq.get_attr("to"), Some(COVEN));
    let form = iq
        .get_child("query", "http://jabber.org/protocol/muc#owner")
        .and_then(|q| q.get_child("x", "jabber:x:data"))
        .expect("an owner query with a form");
    assert_eq!(form.get_attr("type"), Some("submit"));
    assert_eq!(form.children().count(), 0, "the default configuration");
    assert_eq!(
        h.take_events(),
        [],
        "not 'joined' while the room is still locked to others"
    );
    // An answer from anyone but the room is not the room's.
    let id = iq.get_attr("id").unwrap();
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='error' id='{id}' from='mallory@evil.example'>\
         <error type='cancel'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    ));
    assert!(
        matches!(h.take_events().as_slice(), [Event::Dropped { reason }] if reason.contains("unexpected sender"))
    );
    // We can talk in our room meanwhile.
    h.session
        .send_room_message(&coven(), "setting up")
        .expect("in the room");
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='{COVEN}'/>"
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomJoined { codes, .. }] if codes.len() == 2),
        "joined once the room is open to others: {events:?}"
    );
}

#[test]
fn a_resumed_stream_is_still_in_its_rooms_and_joins_nothing_again() {
    let mut h = in_coven_with_sm();
    let resumption = drop_connection(&mut h);
    let mut next = next_session(resumption);
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        HANDLED_IN_COVEN
    ));
    next.take_events();
    assert_eq!(joins(&next.take_sent()), Vec::<String>::new());
    // Still in: it can talk, and the room's messages are the room's.
    next.session
        .send_room_message(&coven(), "still here")
        .expect("in the room");
    let messages = room_messages(receive(
        &mut next,
        &[&format!(
            "<message from='{COVEN}/secondwitch' type='groupchat'><body>welcome back</body></message>"
        )],
    ));
    assert_eq!(messages.len(), 1);
}

#[test]
fn a_fresh_session_after_a_refused_resume_joins_the_rooms_again_as_the_same_nick() {
    let mut h = in_coven_with_sm();
    let resumption = drop_connection(&mut h);
    let mut next = next_session(resumption);
    next.take_sent();
    next.recv_ok(&format!(
        r#"<failed xmlns="urn:xmpp:sm:3" h="{}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#,
        HANDLED_IN_COVEN
    ));
    let bind = next.sent_one();
    let bind_id = bind.get_attr("id").expect("bind has an id").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    assert_eq!(joins(&next.take_sent()), [format!("{COVEN}/thirdwitch")]);
    assert!(
        next.take_events().iter().any(|e| matches!(e,
            Event::RoomJoining { room, nick } if *room == coven() && nick == "thirdwitch")),
        "the store hears the room is being joined again"
    );
    // Not in until the room says so; then joined as before.
    assert_eq!(
        next.session.send_room_message(&coven(), "early"),
        Err(ApiMisuse::NotInRoom)
    );
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    assert!(next
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::RoomJoined { nick, .. } if nick == "thirdwitch")));
}

#[test]
fn a_password_protected_room_is_joined_again_with_its_password_after_a_fresh_session() {
    // XEP-0045 §7.2.5 (Example 27): the password goes in the join presence, each time.
    let mut h = online_with_sm();
    h.session
        .join_room(&coven(), "thirdwitch", Some("cauldronburn"), None)
        .expect("online");
    h.drain();
    h.take_sent();
    h.recv_ok(&self_presence(COVEN, "thirdwitch"));
    h.take_sent();
    h.take_events();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<failed xmlns="urn:xmpp:sm:3" h="{}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#,
        HANDLED_IN_COVEN
    ));
    let bind = next.sent_one();
    let bind_id = bind.get_attr("id").expect("bind has an id").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    let join = next
        .take_sent()
        .into_iter()
        .find(|frame| frame.starts_with("<presence") && frame.contains(COVEN))
        .expect("the room is joined again");
    assert!(
        join.contains("<password>cauldronburn</password>"),
        "the join carries the password: {join}"
    );
}

#[test]
fn a_reloaded_page_that_resumed_joins_its_rooms_again_to_hear_who_is_there() {
    let mut h = in_coven_with_sm();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        HANDLED_IN_COVEN
    ));
    next.take_events();
    next.take_sent();
    next.session.refresh_after_reload().expect("online");
    next.drain();
    assert_eq!(joins(&next.take_sent()), [format!("{COVEN}/thirdwitch")]);
    assert!(matches!(
        next.take_events().as_slice(),
        [Event::RoomJoining { .. }]
    ));
    // Who is there comes first, then our own presence.
    let events = receive(
        &mut next,
        &[&format!(
            "<presence from='{COVEN}/secondwitch'>\
             <x xmlns='http://jabber.org/protocol/muc#user'>\
             <item affiliation='admin' role='moderator'/></x></presence>"
        )],
    );
    assert!(matches!(events.as_slice(), [Event::Occupant(o)] if o.nick == "secondwitch"));
    next.recv_ok(&self_presence(COVEN, "thirdwitch"));
    assert!(next
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::RoomJoined { .. })));
}

#[test]
fn a_room_we_left_is_not_joined_again_after_a_drop() {
    let mut h = in_coven_with_sm();
    h.session.leave_room(&coven()).unwrap();
    h.drain();
    h.recv_ok(&stanza(&format!(
        "<presence from='{COVEN}/thirdwitch' type='unavailable'>\
         <x xmlns='http://jabber.org/protocol/muc#user'>\
         <item affiliation='member' role='none'/><status code='110'/></x></presence>"
    )));
    let resumption = drop_connection(&mut h);
    let mut next = next_session(resumption.into_fresh_start());
    let bind_id = next
        .sent_one()
        .get_attr("id")
        .expect("bind has an id")
        .to_owned();
    next.recv_ok(&bind_result(&bind_id));
    assert_eq!(joins(&next.take_sent()), Vec::<String>::new());
}
