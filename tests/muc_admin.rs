//! Moderating a room in the session (XEP-0045 §8–§9): a kick and a change of voice by nick, a
//! ban by bare JID, each an IQ to the room; the room's refusal (and only the room's) comes back
//! as an event; nothing is asked of a room we are not in. Examples numbered as in XEP-0045
//! version 1.35.5, sent as Alice.

mod common;

use common::muc::{coven, in_room, joining};
use palaver::xmpp::stanza::muc::{Affiliation, Role};
use palaver::xmpp::{ApiMisuse, BareJid, Event};

const COVEN: &str = "coven@chat.shakespeare.lit";

fn id_of(frame: &str) -> String {
    palaver::xmpp::xml::Element::parse(frame)
        .expect("we send well-formed XML")
        .get_attr("id")
        .expect("an IQ has an id")
        .to_owned()
}

#[test]
fn a_kick_names_the_occupant_by_nick_with_the_reason() {
    // Example 85.
    let mut h = in_room(COVEN, "firstwitch");
    h.session
        .set_occupant_role(&coven(), "pistol", Role::None, Some("Avaunt, you cullion!"))
        .expect("in the room");
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set" to="{COVEN}"><query xmlns="http://jabber.org/protocol/muc#admin"><item nick="pistol" role="none"><reason>Avaunt, you cullion!</reason></item></query></iq>"#
        )]
    );
    // Example 86: done; the room's presences say the rest.
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='result'/>"
    ));
    assert_eq!(h.take_events(), []);
}

#[test]
fn voice_is_granted_and_revoked_by_nick() {
    // Examples 72 and 78.
    let mut h = in_room(COVEN, "firstwitch");
    h.session
        .set_occupant_role(&coven(), "thirdwitch", Role::Participant, None)
        .unwrap();
    h.session
        .set_occupant_role(&coven(), "thirdwitch", Role::Visitor, None)
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    assert!(
        sent[0].contains(r#"<item nick="thirdwitch" role="participant"/>"#),
        "{sent:?}"
    );
    assert!(
        sent[1].contains(r#"<item nick="thirdwitch" role="visitor"/>"#),
        "{sent:?}"
    );
}

#[test]
fn a_ban_names_the_user_by_bare_jid() {
    // Example 109.
    let mut h = in_room(COVEN, "firstwitch");
    let earlofcambridge = BareJid::parse("earlofcambridge@shakespeare.lit").unwrap();
    h.session
        .set_user_affiliation(
            &coven(),
            &earlofcambridge,
            Affiliation::Outcast,
            Some("Treason"),
        )
        .unwrap();
    h.drain();
    let sent = h.take_sent();
    let id = id_of(&sent[0]);
    assert_eq!(
        sent,
        [format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set" to="{COVEN}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="outcast" jid="earlofcambridge@shakespeare.lit"><reason>Treason</reason></item></query></iq>"#
        )]
    );
}

#[test]
fn the_rooms_refusal_comes_back_and_nobody_elses() {
    // Example 87: not allowed (a participant may not kick).
    let mut h = in_room(COVEN, "thirdwitch");
    h.session
        .set_occupant_role(&coven(), "firstwitch", Role::None, None)
        .unwrap();
    h.drain();
    let id = id_of(&h.take_sent()[0]);
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='mallory@evil.example' id='{id}' type='error'>\
         <error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' from='{COVEN}' id='{id}' type='error'>\
         <error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RoomRefused { room, error }]
            if *room == coven() && error.condition == "not-allowed"),
        "{events:?}"
    );
}

#[test]
fn nothing_is_asked_of_a_room_we_are_not_in() {
    let mut h = joining(COVEN, "thirdwitch");
    h.take_sent();
    assert_eq!(
        h.session
            .set_occupant_role(&coven(), "firstwitch", Role::None, None),
        Err(ApiMisuse::NotInRoom)
    );
    let someone = BareJid::parse("someone@shakespeare.lit").unwrap();
    assert_eq!(
        h.session
            .set_user_affiliation(&coven(), &someone, Affiliation::Outcast, None),
        Err(ApiMisuse::NotInRoom)
    );
    h.drain();
    assert_eq!(h.take_sent(), Vec::<String>::new());
}
