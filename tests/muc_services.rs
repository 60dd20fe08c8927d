//! Finding group chat (XEP-0045 §6): the services our server lists are asked what they are, and
//! the one with the `conference/text` identity is announced; its public rooms can be listed.
//! Only our own server's services are asked, and only each service's own answer counts.

mod common;

use common::muc::online;
use common::{alice_config, Harness};
use palaver::xmpp::stanza::muc::RoomInfo;
use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Event, PublicRoom};

fn parse_all(frames: Vec<String>) -> Vec<Element> {
    frames
        .iter()
        .map(|f| Element::parse(f).expect("we send well-formed XML"))
        .collect()
}

/// Alice logs in; the server lists `items` (disco#items XML); returns what she sent next.
fn login_listing(items: &str) -> (Harness, Vec<Element>) {
    let mut h = Harness::new(alice_config(true));
    let roster_id = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster"/></iq>"#
    ));
    let query = parse_all(h.take_sent())
        .into_iter()
        .find(|e| {
            e.get_child("query", "http://jabber.org/protocol/disco#items")
                .is_some()
        })
        .expect("a disco#items query to the server");
    let id = query.get_attr("id").expect("id").to_owned();
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="localhost"><query xmlns="http://jabber.org/protocol/disco#items">{items}</query></iq>"#
    ));
    let sent = parse_all(h.take_sent());
    h.take_events();
    (h, sent)
}

fn info_result(id: &str, from: &str, identity: &str, features: &[&str]) -> String {
    let features: String = features
        .iter()
        .map(|f| format!(r#"<feature var="{f}"/>"#))
        .collect();
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="{from}"><query xmlns="http://jabber.org/protocol/disco#info">{identity}{features}</query></iq>"#
    )
}

#[test]
fn the_servers_services_are_asked_what_they_are_and_the_room_service_announced() {
    // XEP-0045 Examples 1–2, with Prosody's upload service beside it.
    let (mut h, sent) = login_listing(
        r#"<item jid="conference.localhost" name="Chatrooms"/><item jid="upload.localhost"/><item jid="rooms.evil.example"/>"#,
    );
    let asked: Vec<(&str, &str)> = sent
        .iter()
        .filter(|e| {
            e.get_child("query", "http://jabber.org/protocol/disco#info")
                .is_some()
        })
        .map(|e| (e.get_attr("to").unwrap(), e.get_attr("id").unwrap()))
        .collect();
    assert_eq!(
        asked.iter().map(|(to, _)| *to).collect::<Vec<_>>(),
        ["conference.localhost", "upload.localhost"],
        "only our own server's services"
    );
    let (conference_id, upload_id) = (asked[0].1.to_owned(), asked[1].1.to_owned());
    // Someone else answering for the room service is not the room service.
    h.recv_ok(&info_result(
        &conference_id,
        "mallory@evil.example",
        r#"<identity category="conference" type="text"/>"#,
        &["http://jabber.org/protocol/muc"],
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    h.recv_ok(&info_result(
        &upload_id,
        "upload.localhost",
        r#"<identity category="store" type="file"/>"#,
        &["urn:xmpp:http:upload:0"],
    ));
    assert_eq!(h.take_events(), []);
    h.recv_ok(&info_result(
        &conference_id,
        "conference.localhost",
        r#"<identity category="conference" type="text" name="Chatrooms"/>"#,
        &["http://jabber.org/protocol/muc"],
    ));
    assert_eq!(
        h.take_events(),
        [Event::ConferenceService {
            jid: BareJid::parse("conference.localhost").unwrap()
        }]
    );
}

#[test]
fn the_room_services_public_rooms_are_listed_with_their_names() {
    // XEP-0045 Examples 5–6.
    let mut h = online();
    let service = BareJid::parse("chat.shakespeare.lit").unwrap();
    h.session.list_public_rooms(&service, None).expect("online");
    h.drain();
    let query = h.sent_one();
    assert_eq!(query.get_attr("to"), Some("chat.shakespeare.lit"));
    assert!(query
        .get_child("query", "http://jabber.org/protocol/disco#items")
        .is_some());
    let id = query.get_attr("id").unwrap().to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="chat.shakespeare.lit"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="heath@chat.shakespeare.lit" name="A Lonely Heath"/><item jid="darkcave@chat.shakespeare.lit" name="A Dark Cave"/><item jid="forres@chat.shakespeare.lit"/><item jid="lure@evil.example" name="Free gifts"/><item jid="chat.shakespeare.lit/notaroom"/></query></iq>"#
    ));
    let events = h.take_events();
    let [Event::PublicRooms {
        service: from,
        rooms,
        after: None,
        next: None,
    }] = events.as_slice()
    else {
        panic!("{events:?}");
    };
    assert_eq!(*from, service);
    let room = |jid: &str, name: Option<&str>| PublicRoom {
        jid: BareJid::parse(jid).unwrap(),
        name: name.map(str::to_owned),
    };
    assert_eq!(
        *rooms,
        [
            room("heath@chat.shakespeare.lit", Some("A Lonely Heath")),
            room("darkcave@chat.shakespeare.lit", Some("A Dark Cave")),
            room("forres@chat.shakespeare.lit", None),
        ],
        "only the service's own rooms"
    );
}

/// The IQ a listing or description went out in: its id and payload, with whom it was sent to.
fn asked(h: &mut Harness) -> (String, String, Element) {
    let iq = h.sent_one();
    let id = iq.get_attr("id").unwrap().to_owned();
    let to = iq.get_attr("to").unwrap().to_owned();
    let payload = iq.children().next().unwrap().clone();
    (id, to, payload)
}

#[test]
fn a_service_that_pages_its_rooms_is_asked_page_after_page() {
    // XEP-0059 §2.1–2.2 on the disco#items of XEP-0045 Example 5.
    let mut h = online();
    let service = BareJid::parse("chat.shakespeare.lit").unwrap();
    h.session.list_public_rooms(&service, None).expect("online");
    h.drain();
    let (id, _, query) = asked(&mut h);
    assert_eq!(
        query.to_string(),
        r#"<query xmlns="http://jabber.org/protocol/disco#items"><set xmlns="http://jabber.org/protocol/rsm"><max>100</max></set></query>"#
    );
    let items: String = (0..100)
        .map(|n| format!(r#"<item jid="room{n}@chat.shakespeare.lit"/>"#))
        .collect();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="chat.shakespeare.lit"><query xmlns="http://jabber.org/protocol/disco#items">{items}<set xmlns="http://jabber.org/protocol/rsm"><first index="0">room0@chat.shakespeare.lit</first><last>room99@chat.shakespeare.lit</last><count>150</count></set></query></iq>"#
    ));
    let events = h.take_events();
    let [Event::PublicRooms {
        rooms, after, next, ..
    }] = events.as_slice()
    else {
        panic!("{events:?}");
    };
    assert_eq!(
        (rooms.len(), after, next.as_deref()),
        (100, &None, Some("room99@chat.shakespeare.lit"))
    );
    // The next page starts after the last of this one, and is the last.
    h.session
        .list_public_rooms(&service, next.as_deref())
        .expect("online");
    h.drain();
    let (id, _, query) = asked(&mut h);
    assert!(query
        .to_string()
        .contains("<after>room99@chat.shakespeare.lit</after>"));
    let items: String = (100..150)
        .map(|n| format!(r#"<item jid="room{n}@chat.shakespeare.lit"/>"#))
        .collect();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="chat.shakespeare.lit"><query xmlns="http://jabber.org/protocol/disco#items">{items}<set xmlns="http://jabber.org/protocol/rsm"><first index="100">room100@chat.shakespeare.lit</first><last>room149@chat.shakespeare.lit</last><count>150</count></set></query></iq>"#
    ));
    let events = h.take_events();
    let [Event::PublicRooms {
        rooms, after, next, ..
    }] = events.as_slice()
    else {
        panic!("{events:?}");
    };
    assert_eq!(
        (rooms.len(), after.as_deref(), next),
        (50, Some("room99@chat.shakespeare.lit"), &None),
        "150 of 150: no more pages"
    );
}

#[test]
fn a_listed_room_says_what_it_is_and_only_the_room_answers() {
    // XEP-0045 Examples 9–10.
    let mut h = online();
    let room = BareJid::parse("darkcave@chat.shakespeare.lit").unwrap();
    h.session.describe_room(&room).expect("online");
    h.drain();
    let (id, to, query) = asked(&mut h);
    assert_eq!(to, "darkcave@chat.shakespeare.lit");
    assert!(query.is("query", "http://jabber.org/protocol/disco#info"));
    let answer = format!(
        r#"<iq xmlns="jabber:client" from="darkcave@chat.shakespeare.lit" id="{id}" type="result"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="conference" name="A Dark Cave" type="text"/><feature var="http://jabber.org/protocol/muc"/><feature var="muc_passwordprotected"/><x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/muc#roominfo</value></field><field var="muc#roominfo_description" label="Description"><value>The place for all good witches!</value></field><field var="muc#roominfo_occupants" label="Number of occupants"><value>3</value></field></x></query></iq>"#
    );
    // Someone else answering for the room is not the room.
    h.recv_ok(&answer.replace(
        r#"from="darkcave@chat.shakespeare.lit""#,
        r#"from="mallory@evil.example""#,
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    h.recv_ok(&answer);
    assert_eq!(
        h.take_events(),
        [Event::PublicRoomInfo {
            room: room.clone(),
            info: Some(RoomInfo {
                name: Some("A Dark Cave".into()),
                description: Some("The place for all good witches!".into()),
                occupants: Some(3),
                password: true,
                members_only: false,
            }),
        }]
    );
    // A room that will not say is said so, so the list stops waiting for it.
    h.session.describe_room(&room).expect("online");
    h.drain();
    let (id, _, _) = asked(&mut h);
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" from="darkcave@chat.shakespeare.lit" id="{id}" type="error"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    assert_eq!(
        h.take_events(),
        [Event::PublicRoomInfo { room, info: None }]
    );
}
