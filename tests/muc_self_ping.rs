//! Are we still in the room? (XEP-0410.) A room silent for ten minutes is pinged at our own
//! seat, and every room after the stream is resumed; the room's answer says whether we are
//! still in, and a room that lost us is joined again as we were.

mod common;

use std::time::Duration;

use common::muc::{coven, in_coven_with_sm, in_room, leaves, stanza, HANDLED_IN_COVEN};
use common::sm::{ack, drop_connection, next_session, parse_all};
use common::Harness;
use palaver::xmpp::session::ROOM_SILENCE;
use palaver::xmpp::xml::Element;
use palaver::xmpp::Event;

const COVEN: &str = "coven@chat.shakespeare.lit";
const SEAT: &str = "coven@chat.shakespeare.lit/thirdwitch";

/// Our self-pings among `sent`: their ids.
fn self_pings(sent: &[String]) -> Vec<String> {
    parse_all(sent)
        .into_iter()
        .filter(|e| {
            e.is("iq", "jabber:client")
                && e.get_attr("to") == Some(SEAT)
                && e.get_child("ping", "urn:xmpp:ping").is_some()
        })
        .map(|e| e.get_attr("id").unwrap_or_default().to_owned())
        .collect()
}

/// Lets time pass as the session asks to be woken, the server answering its keep-alive pings,
/// until a self-ping goes out: its id and how long it took.
fn wait_for_self_ping(h: &mut Harness) -> (String, Duration) {
    let start = h.now;
    for _ in 0..100 {
        h.wake_at_deadline();
        let sent = h.take_sent();
        if let Some(id) = self_pings(&sent).pop() {
            return (id, h.now - start);
        }
        // The server is alive: it answers our keep-alive pings.
        for e in parse_all(&sent) {
            if e.get_attr("to") == Some("localhost") {
                let id = e.get_attr("id").unwrap_or_default();
                h.recv_ok(&format!(
                    "<iq xmlns='jabber:client' type='result' id='{id}' from='localhost'/>"
                ));
            }
        }
    }
    panic!("no self-ping in 100 wake-ups");
}

/// The room's answer to our self-ping `id`: a result, or an error with `condition`.
fn answer(id: &str, condition: Option<&str>) -> String {
    match condition {
        None => stanza(&format!("<iq from='{SEAT}' id='{id}' type='result'/>")),
        Some(condition) => stanza(&format!(
            "<iq from='{SEAT}' id='{id}' type='error'><error type='cancel'>\
             <{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
        )),
    }
}

fn joins(sent: &[String]) -> Vec<Element> {
    parse_all(sent)
        .into_iter()
        .filter(|e| {
            e.is("presence", "jabber:client")
                && e.get_attr("to") == Some(SEAT)
                && e.get_attr("type").is_none()
        })
        .collect()
}

#[test]
fn a_room_silent_for_ten_minutes_is_pinged_at_our_own_seat() {
    let mut h = in_room(COVEN, "thirdwitch");
    let (_, after) = wait_for_self_ping(&mut h);
    assert!(
        after >= ROOM_SILENCE && after < ROOM_SILENCE + Duration::from_secs(61),
        "pinged after {after:?}"
    );
}

#[test]
fn anything_from_the_room_postpones_the_ping() {
    let mut h = in_room(COVEN, "thirdwitch");
    h.advance(ROOM_SILENCE - Duration::from_secs(30));
    h.recv_ok(&stanza(&format!(
        "<message from='{COVEN}/firstwitch' type='groupchat'><body>still talking</body></message>"
    )));
    h.take_sent();
    let (_, after) = wait_for_self_ping(&mut h);
    assert!(after >= ROOM_SILENCE, "pinged {after:?} after the message");
}

#[test]
fn a_room_that_still_has_us_is_left_alone_until_its_next_silence() {
    for still_in in [
        None,
        Some("service-unavailable"),
        Some("feature-not-implemented"),
    ] {
        let mut h = in_room(COVEN, "thirdwitch");
        let (id, _) = wait_for_self_ping(&mut h);
        h.recv_ok(&answer(&id, still_in));
        h.drain();
        assert!(
            joins(&h.take_sent()).is_empty(),
            "{still_in:?}: not joined again"
        );
        assert!(
            !h.take_events()
                .iter()
                .any(|e| matches!(e, Event::RoomJoining { .. })),
            "{still_in:?}"
        );
        // And asked again after another silence.
        let (_, after) = wait_for_self_ping(&mut h);
        assert!(after >= ROOM_SILENCE, "{still_in:?}: again after {after:?}");
    }
}

#[test]
fn a_room_that_lost_us_is_joined_again_as_we_were() {
    for not_in in ["not-acceptable", "item-not-found"] {
        let mut h = in_room(COVEN, "thirdwitch");
        let (id, _) = wait_for_self_ping(&mut h);
        h.take_events();
        h.recv_ok(&answer(&id, Some(not_in)));
        assert_eq!(joins(&h.take_sent()).len(), 1, "{not_in}: joined again");
        assert!(
            h.take_events().iter().any(|e| matches!(e,
                Event::RoomJoining { room, nick } if *room == coven() && nick == "thirdwitch")),
            "{not_in}: the store hears the room is joined again"
        );
    }
}

#[test]
fn an_unreachable_room_is_not_joined_again_but_asked_later() {
    for unknown in ["remote-server-not-found", "remote-server-timeout"] {
        let mut h = in_room(COVEN, "thirdwitch");
        let (id, _) = wait_for_self_ping(&mut h);
        h.recv_ok(&answer(&id, Some(unknown)));
        assert!(joins(&h.take_sent()).is_empty(), "{unknown}");
        wait_for_self_ping(&mut h);
    }
}

#[test]
fn only_our_seat_or_the_room_answers_a_self_ping() {
    let mut h = in_room(COVEN, "thirdwitch");
    let (id, _) = wait_for_self_ping(&mut h);
    h.take_events();
    let forged = answer(&id, Some("not-acceptable"))
        .replace(&format!("from='{SEAT}'"), "from='mallory@evil.example/x'");
    h.recv_ok(&forged);
    assert!(
        joins(&h.take_sent()).is_empty(),
        "a forged answer makes us do nothing"
    );
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

#[test]
fn a_resumed_stream_asks_every_room_whether_it_still_has_us() {
    let mut h = in_coven_with_sm();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        HANDLED_IN_COVEN
    ));
    assert_eq!(self_pings(&next.take_sent()).len(), 1);
}

#[test]
fn a_room_left_offline_is_left_in_the_resumed_stream_which_counts_it() {
    let mut h = in_coven_with_sm();
    // Offline: the leave waits for the stream.
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    h.session.leave_room(&coven()).unwrap();
    let resumption = h.session.resumption().expect("stream management was on");
    let mut next = next_session(resumption);
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        HANDLED_IN_COVEN
    ));
    let sent = next.take_sent();
    assert_eq!(leaves(&sent), [SEAT]);
    assert!(
        self_pings(&sent).is_empty(),
        "a room we are leaving is not pinged"
    );
    // The server handled all: the room's disco#info request it had not (resent), then the
    // leave. Its count includes the leave, and ours must too (a count above what we sent is a
    // stream error, and recv_ok would fail).
    next.recv_ok(&ack(HANDLED_IN_COVEN + 1));
}
