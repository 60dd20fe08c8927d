//! What the user does with rooms across connections and devices: a room joined is kept as a
//! bookmark only once the room lets us in (a refused join keeps nothing); a room left while
//! offline is left once back (a resumed stream) or not joined again (a fresh session); a session
//! without stream management still carries its rooms; our unacknowledged line in a room goes
//! again after the rejoin, and a reloaded page does not show a room's lines as a 1:1 chat.

mod common;

use common::bookmarks::joins;
use common::muc::{coven, in_coven_with_sm, leaves, online, self_presence, HANDLED_IN_COVEN};
use common::sm::{bind_result, drop_connection, next_session, parse_all};
use palaver::xmpp::{Event, Jid};

const COVEN: &str = "coven@chat.shakespeare.lit";

/// Whether `frames` ask for the coven's bookmark item (the read before saving it).
fn reads_the_bookmark(frames: &[String]) -> bool {
    parse_all(frames).iter().any(|e| {
        e.get_child("pubsub", "http://jabber.org/protocol/pubsub")
            .and_then(|p| p.get_child("items", "http://jabber.org/protocol/pubsub"))
            .is_some_and(|items| {
                items.get_attr("node") == Some("urn:xmpp:bookmarks:1")
                    && items.children().any(|i| i.get_attr("id") == Some(COVEN))
            })
    })
}

#[test]
fn a_room_joined_is_kept_once_it_lets_us_in_and_a_refused_one_is_not() {
    let mut h = online();
    h.session
        .join_room_and_keep(&coven(), "thirdwitch", Some("cauldronburn"))
        .expect("online");
    h.drain();
    assert!(
        !reads_the_bookmark(&h.take_sent()),
        "not before the room answers"
    );
    h.recv_ok(&self_presence(COVEN, "thirdwitch"));
    assert!(reads_the_bookmark(&h.take_sent()), "kept once in");

    let mut refused = online();
    refused
        .session
        .join_room_and_keep(&coven(), "thirdwitch", None)
        .expect("online");
    refused.drain();
    refused.take_sent();
    refused.recv_ok(&format!(
        "<presence xmlns='jabber:client' from='{COVEN}/thirdwitch' type='error'>\
         <x xmlns='http://jabber.org/protocol/muc'/>\
         <error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"
    ));
    assert!(matches!(
        refused.take_events().as_slice(),
        [Event::RoomJoinFailed { .. }]
    ));
    assert!(
        !reads_the_bookmark(&refused.take_sent()),
        "a refused join keeps nothing"
    );
}

#[test]
fn a_room_left_while_offline_is_left_on_resuming_and_not_joined_by_a_fresh_session() {
    let mut h = in_coven_with_sm();
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    h.session.leave_room(&coven()).expect("offline is fine");
    let resumption = h.session.resumption().expect("stream management was on");

    // Resumed: still an occupant on the server, so the leave goes at once.
    let mut resumed = next_session(resumption.clone());
    resumed.take_sent();
    resumed.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        HANDLED_IN_COVEN
    ));
    assert_eq!(
        leaves(&resumed.take_sent()),
        [format!("{COVEN}/thirdwitch")]
    );

    // Fresh: not joined again.
    let mut fresh = next_session(resumption.into_fresh_start());
    let bind_id = fresh.sent_one().get_attr("id").expect("bind").to_owned();
    fresh.recv_ok(&bind_result(&bind_id));
    assert_eq!(joins(&fresh.take_sent()), Vec::<String>::new());
}

#[test]
fn our_unacknowledged_room_line_goes_again_after_the_rejoin() {
    let mut h = in_coven_with_sm();
    h.session
        .send_room_message(&coven(), "before the drop")
        .unwrap();
    h.drain();
    h.take_sent();
    let resumption = drop_connection(&mut h);
    // A reloaded page shows unacknowledged 1:1 messages again; a room's line is not one.
    assert_eq!(
        resumption.unacked_messages(),
        Vec::<(String, Jid, String)>::new()
    );
    let mut next = next_session(resumption.into_fresh_start());
    let bind_id = next.sent_one().get_attr("id").expect("bind").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    let sent = parse_all(&next.take_sent());
    let join = sent
        .iter()
        .position(|e| {
            e.is("presence", "jabber:client")
                && e.get_attr("to") == Some(&format!("{COVEN}/thirdwitch")[..])
        })
        .expect("joined again");
    let line = sent
        .iter()
        .position(|e| e.is("message", "jabber:client") && e.get_attr("type") == Some("groupchat"))
        .expect("the line goes again");
    assert!(join < line, "in the room before the line: {sent:?}");
}

#[test]
fn a_session_without_stream_management_still_carries_its_rooms() {
    let mut h = online();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .unwrap();
    h.drain();
    h.recv_ok(&self_presence(COVEN, "thirdwitch"));
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    let resumption = h.session.resumption().expect("rooms to join again");
    assert!(!resumption.can_resume());
    let mut next = next_session(resumption);
    let bind_id = next.sent_one().get_attr("id").expect("bind").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    assert_eq!(joins(&next.take_sent()), [format!("{COVEN}/thirdwitch")]);
}
