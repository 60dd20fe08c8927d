//! The roster (RFC 6121 §2): the request after binding, the result, initial presence after it,
//! and pushes accepted only from the account itself (§2.1.6, ARCHITECTURE.md, "Invariants").

mod common;

use common::{alice_config, own_presence, Harness};
use palaver::xmpp::xml::Element;
use palaver::xmpp::{Event, Subscription};

#[test]
fn the_roster_is_requested_after_binding_and_presence_follows_the_result() {
    let mut h = Harness::new(alice_config(true));
    let id = h.login_plain();
    assert!(h
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::Online { jid } if jid.to_string() == "alice@localhost/web")));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" to="alice@localhost/web"><query xmlns="jabber:iq:roster" ver="v7"><item jid="bob@localhost" name="Bob" subscription="both"><group>Demo</group></item><item jid="carol@localhost" subscription="to" ask="subscribe"/></query></iq>"#
    ));
    let events = h.take_events();
    let [Event::Roster { ver, items }] = events.as_slice() else {
        panic!("expected the roster: {events:?}")
    };
    assert_eq!(ver.as_deref(), Some("v7"));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].jid.to_string(), "bob@localhost");
    assert_eq!(items[0].name.as_deref(), Some("Bob"));
    assert_eq!(items[0].subscription, Subscription::Both);
    assert_eq!(items[0].groups, ["Demo"]);
    assert!(items[1].ask_pending);
    // RFC 6121 §4.2: initial presence once the roster is in.
    let sent = h.take_sent();
    assert_eq!(sent[0], own_presence(""));
    assert!(
        sent[1].contains(r#"<enable xmlns="urn:xmpp:carbons:2"/>"#),
        "then carbons: {sent:?}"
    );
}

#[test]
fn a_failed_roster_request_still_announces_presence() {
    let mut h = Harness::new(alice_config(true));
    let id = h.login_plain();
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="wait"><internal-server-error xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let sent = h.take_sent();
    assert_eq!(sent[0], own_presence(""));
    assert!(
        sent[1].contains(r#"<enable xmlns="urn:xmpp:carbons:2"/>"#),
        "then carbons: {sent:?}"
    );
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

fn push(from: Option<&str>) -> String {
    let from = from.map(|f| format!(r#" from="{f}""#)).unwrap_or_default();
    format!(
        r#"<iq xmlns="jabber:client" type="set" id="push1"{from}><query xmlns="jabber:iq:roster" ver="v8"><item jid="dave@localhost" name="Dave" subscription="none"/></query></iq>"#
    )
}

#[test]
fn pushes_without_from_or_from_the_own_bare_jid_are_applied_and_acknowledged() {
    for from in [None, Some("alice@localhost"), Some("Alice@LOCALHOST")] {
        let mut h = Harness::new(alice_config(true));
        h.online_with_roster("");
        h.recv_ok(&push(from));
        assert_eq!(
            h.take_sent(),
            [r#"<iq xmlns="jabber:client" id="push1" type="result"/>"#.to_string()].map(|s| {
                if let Some(f) = from {
                    s.replace("/>", &format!(r#" to="{}"/>"#, f.to_lowercase()))
                } else {
                    s
                }
            })
        );
        let events = h.take_events();
        let [Event::RosterPush { item, .. }] = events.as_slice() else {
            panic!("expected a push: {events:?}")
        };
        assert_eq!(item.jid.to_string(), "dave@localhost");
        assert_eq!(item.name.as_deref(), Some("Dave"));
    }
}

#[test]
fn removal_pushes_carry_subscription_remove() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="p2"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" subscription="remove"/></query></iq>"#);
    assert!(
        matches!(h.take_events().as_slice(), [Event::RosterPush { item, .. }] if item.subscription == Subscription::Remove)
    );
}

#[test]
fn pushes_from_anyone_else_are_dropped_and_refused() {
    for from in [
        "mallory@evil.example",
        "alice@localhost/other-device",
        "localhost",
    ] {
        let mut h = Harness::new(alice_config(true));
        h.online_with_roster("");
        h.recv_ok(&push(Some(from)));
        let events = h.take_events();
        assert!(
            matches!(events.as_slice(), [Event::Dropped { .. }]),
            "{from}: {events:?}"
        );
        let reply = h.sent_one();
        assert_eq!(reply.get_attr("type"), Some("error"));
        assert_eq!(reply.get_attr("to"), Some(from.to_lowercase().as_str()));
    }
}

#[test]
fn a_push_with_two_items_is_a_bad_request() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="p3"><query xmlns="jabber:iq:roster"><item jid="a@localhost"/><item jid="b@localhost"/></query></iq>"#);
    let reply = h.sent_one();
    assert_eq!(reply.get_attr("type"), Some("error"));
    let error = reply
        .get_child("error", "jabber:client")
        .expect("error child");
    assert!(error
        .get_child("bad-request", "urn:ietf:params:xml:ns:xmpp-stanzas")
        .is_some());
    assert!(!h
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::RosterPush { .. })));
}

#[test]
fn roster_results_from_a_third_party_or_with_unknown_ids_are_ignored() {
    let mut h = Harness::new(alice_config(true));
    let id = h.login_plain();
    h.take_events();
    let spoofed = format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="mallory@evil.example/x"><query xmlns="jabber:iq:roster"><item jid="mallory@evil.example" subscription="both"/></query></iq>"#
    );
    h.recv_ok(&spoofed);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    assert!(
        h.take_sent().is_empty(),
        "no presence yet: the real answer is still to come"
    );
    h.recv_ok(r#"<iq xmlns="jabber:client" type="result" id="not-ours"><query xmlns="jabber:iq:roster"/></iq>"#);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    // The genuine answer still works afterwards.
    h.recv_ok(&format!(r#"<iq xmlns="jabber:client" type="result" id="{id}"><query xmlns="jabber:iq:roster"/></iq>"#));
    assert!(matches!(h.take_events().as_slice(), [Event::Roster { .. }]));
    let presence = Element::parse(&h.take_sent()[0]).expect("xml");
    assert_eq!(presence.name(), "presence");
}
