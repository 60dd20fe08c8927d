//! Bookmarks on a server without PEP bookmarks (XEP-0048 in XEP-0049 private XML storage): when
//! our account will not give the XEP-0402 list, the private storage is read instead, its
//! autojoin rooms joined; keeping and un-keeping a room reads the storage afresh, changes that
//! room alone and writes it back whole, confirmed by the server's answer.

mod common;

use common::bookmarks::{awaiting_bookmarks, joins, refusal};
use common::Harness;
use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Bookmark, Event};

/// XEP-0048 Example 3 with Example 2's address: what another client stored.
const STORED: &str = "<storage xmlns='storage:bookmarks'>\
    <conference name='Council of Oberon' autojoin='true' jid='council@conference.underhill.org'>\
    <nick>Puck</nick><password>titania</password></conference>\
    <url name='Complete Works of Shakespeare' url='http://the-tech.mit.edu/Shakespeare/'/>\
    </storage>";

/// The private storage request among `sent`: (its id, its type).
fn private_request(sent: &[String]) -> (String, String) {
    sent.iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .find(|e| e.get_child("query", "jabber:iq:private").is_some())
        .map(|e| {
            (
                e.get_attr("id").unwrap().to_owned(),
                e.get_attr("type").unwrap().to_owned(),
            )
        })
        .expect("a private storage request")
}

fn storage_answer(id: &str, storage: &str) -> String {
    format!(
        "<iq xmlns='jabber:client' type='result' id='{id}'><query xmlns='jabber:iq:private'>{storage}</query></iq>"
    )
}

fn council() -> BareJid {
    BareJid::parse("council@conference.underhill.org").unwrap()
}

/// Alice online on a server whose PEP refuses the bookmarks node: the private storage asked.
fn falling_back() -> (Harness, String) {
    let (mut h, id) = awaiting_bookmarks();
    h.recv_ok(&refusal(&id, "cancel", "feature-not-implemented"));
    let sent = h.take_sent();
    let (id, kind) = private_request(&sent);
    assert_eq!(kind, "get");
    assert!(
        sent[0].contains(
            r#"<query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query>"#
        ),
        "{sent:?}"
    );
    (h, id)
}

#[test]
fn without_pep_bookmarks_the_private_storage_is_read_and_its_rooms_joined() {
    let (mut h, id) = falling_back();
    h.recv_ok(&storage_answer(&id, STORED));
    let events = h.take_events();
    assert_eq!(
        events[0],
        Event::Bookmarks {
            bookmarks: vec![Bookmark {
                room: council(),
                name: Some("Council of Oberon".into()),
                autojoin: true,
                nick: Some("Puck".into()),
                password: Some("titania".into()),
            }]
        }
    );
    let sent = h.take_sent();
    assert_eq!(joins(&sent), ["council@conference.underhill.org/Puck"]);
    assert!(sent
        .iter()
        .any(|f| f.contains("<password>titania</password>")));
}

#[test]
fn a_private_storage_refused_too_is_a_line_in_the_log() {
    let (mut h, id) = falling_back();
    h.recv_ok(&refusal(&id, "cancel", "service-unavailable"));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { reason }] if reason.contains("bookmarks unavailable")
    ));
}

#[test]
fn keeping_a_room_changes_that_room_alone_and_writes_the_storage_back_whole() {
    let (mut h, id) = falling_back();
    h.recv_ok(&storage_answer(&id, "<storage xmlns='storage:bookmarks'/>"));
    h.take_events();
    h.take_sent();
    let heath = Bookmark {
        room: BareJid::parse("heath@chat.shakespeare.lit").unwrap(),
        name: None,
        autojoin: true,
        nick: Some("thirdwitch".into()),
        password: None,
    };
    h.session.add_bookmark(&heath).expect("online");
    h.drain();
    // Read afresh: another client has stored the council and an address meanwhile.
    let (read, kind) = private_request(&h.take_sent());
    assert_eq!(kind, "get");
    h.recv_ok(&storage_answer(&read, STORED));
    let sent = h.take_sent();
    let (write, kind) = private_request(&sent);
    assert_eq!(kind, "set");
    assert!(
        sent[0].contains(
            "<storage xmlns=\"storage:bookmarks\"><conference name=\"Council of Oberon\" autojoin=\"true\" jid=\"council@conference.underhill.org\"><nick>Puck</nick><password>titania</password></conference><url name=\"Complete Works of Shakespeare\" url=\"http://the-tech.mit.edu/Shakespeare/\"/><conference jid=\"heath@chat.shakespeare.lit\" autojoin=\"true\"><nick>thirdwitch</nick></conference></storage>"
        ),
        "{sent:?}"
    );
    assert_eq!(h.take_events(), [], "kept once the server says so");
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{write}'/>"
    ));
    assert_eq!(h.take_events(), [Event::BookmarkAdded(heath)]);
}

#[test]
fn un_keeping_a_room_removes_it_alone_and_a_refusal_is_said() {
    let (mut h, id) = falling_back();
    h.recv_ok(&storage_answer(&id, STORED));
    h.take_events();
    h.take_sent();
    h.session.remove_bookmark(&council()).expect("online");
    h.drain();
    let (read, _) = private_request(&h.take_sent());
    h.recv_ok(&storage_answer(&read, STORED));
    let sent = h.take_sent();
    let (write, _) = private_request(&sent);
    assert!(
        sent[0].contains("<storage xmlns=\"storage:bookmarks\"><url "),
        "{sent:?}"
    );
    assert!(!sent[0].contains("council@"), "{sent:?}");
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{write}'/>"
    ));
    assert_eq!(
        h.take_events(),
        [Event::BookmarkRemoved { room: council() }]
    );
    // A storage that cannot be read is never written blind.
    h.session.remove_bookmark(&council()).expect("online");
    h.drain();
    let (read, _) = private_request(&h.take_sent());
    h.recv_ok(&refusal(&read, "wait", "resource-constraint"));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::BookmarkFailed { room, .. }] if *room == council()
    ));
    assert_eq!(h.take_sent(), Vec::<String>::new());
}
