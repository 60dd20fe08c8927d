//! Finding group chat (XEP-0045 §6): the services our server lists are asked what they are, and
//! the one with the `conference/text` identity is announced; its public rooms can be listed.
//! Only our own server's services are asked, and only each service's own answer counts.

mod common;

use common::muc::online;
use common::{alice_config, Harness};
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
    h.session.list_public_rooms(&service).expect("online");
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
