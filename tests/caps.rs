//! XEP-0115 entity capabilities of others: a presence's `<c/>` hash is looked up once with
//! disco#info at the announcing resource, verified (§5.4) and cached by verification string,
//! so everyone else announcing the same hash costs nothing.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::xml::Element;
use palaver::xmpp::Event;

/// XEP-0115 §5.2: Exodus 0.9.1's features hash to this verification string.
const VER: &str = "QgayPKawpkPSDYmwT/WM94uAlu0=";
const INFO: &str = r#"<identity category="client" type="pc" name="Exodus 0.9.1"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/>"#;

fn presence_with_caps(from: &str) -> String {
    format!(
        r#"<presence xmlns="jabber:client" from="{from}"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="http://code.google.com/p/exodus" ver="{VER}"/></presence>"#
    )
}

fn capabilities(events: &[Event]) -> Vec<(String, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Capabilities { from, features } => Some((from.to_string(), features.len())),
            _ => None,
        })
        .collect()
}

/// Bob's presence arrives; returns the session and the id of the disco#info query it sent.
fn asked_bob() -> (Harness, String) {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/><item jid="carol@localhost" subscription="both"/>"#);
    h.recv_ok(&presence_with_caps("bob@localhost/desk"));
    let query = h.sent_one();
    assert_eq!(query.get_attr("to"), Some("bob@localhost/desk"));
    let disco = query
        .get_child("query", "http://jabber.org/protocol/disco#info")
        .expect("disco#info");
    assert_eq!(
        disco.get_attr("node"),
        Some(format!("http://code.google.com/p/exodus#{VER}").as_str())
    );
    let id = query.get_attr("id").expect("id").to_owned();
    h.take_events();
    (h, id)
}

fn answer(from: &str, id: &str, info: &str) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="{from}"><query xmlns="http://jabber.org/protocol/disco#info" node="http://code.google.com/p/exodus#{VER}">{info}</query></iq>"#
    )
}

#[test]
fn a_verified_answer_is_cached_for_everyone_with_the_same_hash() {
    let (mut h, id) = asked_bob();
    h.recv_ok(&answer("bob@localhost/desk", &id, INFO));
    assert_eq!(
        capabilities(&h.take_events()),
        [("bob@localhost/desk".to_owned(), 4)]
    );
    // Carol runs the same software: no second query.
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    assert!(h.take_sent().is_empty());
    assert_eq!(
        capabilities(&h.take_events()),
        [("carol@localhost/laptop".to_owned(), 4)]
    );
}

#[test]
fn an_answer_that_does_not_hash_to_the_announced_string_is_not_cached() {
    let (mut h, id) = asked_bob();
    let lie = INFO.replace("muc", "jingle");
    h.recv_ok(&answer("bob@localhost/desk", &id, &lie));
    let events = h.take_events();
    assert!(capabilities(&events).is_empty(), "{events:?}");
    assert!(matches!(events.as_slice(), [Event::Dropped { .. }]));
    // The next announcement of that hash is asked about again.
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    let again = Element::parse(&h.take_sent()[0]).expect("valid XML");
    assert_eq!(again.get_attr("to"), Some("carol@localhost/laptop"));
}

#[test]
fn an_answer_from_someone_else_is_dropped() {
    let (mut h, id) = asked_bob();
    h.recv_ok(&answer("mallory@evil.example/x", &id, INFO));
    let events = h.take_events();
    assert!(capabilities(&events).is_empty(), "{events:?}");
    // Bob's real answer still counts.
    h.recv_ok(&answer("bob@localhost/desk", &id, INFO));
    assert_eq!(capabilities(&h.take_events()).len(), 1);
}

#[test]
fn one_query_per_hash_while_it_is_out() {
    let (mut h, _) = asked_bob();
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    assert!(
        h.take_sent().is_empty(),
        "the question about this hash is already out"
    );
}
