//! IQ requests (RFC 6120 §8.2.3, §8.4): unknown requests get `service-unavailable`, pings
//! (XEP-0199) are answered, and responses are never answered.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::Event;

#[test]
fn unknown_requests_get_service_unavailable_with_the_same_id() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    // XEP-0092 is off unless configured: a version tells attackers what to aim at.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="v1" from="bob@localhost/phone"><query xmlns="jabber:iq:version"/></iq>"#);
    assert_eq!(
        h.take_sent(),
        [
            r#"<iq xmlns="jabber:client" id="v1" type="error" to="bob@localhost/phone"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
        ]
    );
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="s1" from="bob@localhost/phone"><command xmlns="http://jabber.org/protocol/commands"/></iq>"#);
    let reply = h.sent_one();
    assert_eq!(reply.get_attr("id"), Some("s1"));
    assert_eq!(reply.get_attr("type"), Some("error"));
}

#[test]
fn pings_are_answered() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="ping1" from="localhost"><ping xmlns="urn:xmpp:ping"/></iq>"#);
    assert_eq!(
        h.take_sent(),
        [r#"<iq xmlns="jabber:client" id="ping1" type="result" to="localhost"/>"#]
    );
}

#[test]
fn responses_are_never_answered() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="result" id="x1" from="localhost"/>"#);
    h.recv_ok(r#"<iq xmlns="jabber:client" type="error" id="x2" from="localhost"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#);
    assert!(h.take_sent().is_empty());
}

#[test]
fn malformed_iqs_are_dropped_without_reply() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" from="bob@localhost/x"><query xmlns="jabber:iq:version"/></iq>"#);
    h.recv_ok(r#"<iq xmlns="jabber:client" type="fetch" id="f1"/>"#);
    assert!(h.take_sent().is_empty());
    assert_eq!(h.take_events().len(), 2);
}

#[test]
fn disco_info_describes_palaver_and_matches_the_caps_hash() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d1" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>"#);
    assert_eq!(
        h.take_sent(),
        [
            r#"<iq xmlns="jabber:client" id="d1" type="result" to="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="client" type="web" name="Palaver"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/chatstates"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="urn:xmpp:ping"/><feature var="urn:xmpp:receipts"/><feature var="urn:xmpp:chat-markers:0"/><feature var="urn:xmpp:message-correct:0"/><feature var="urn:xmpp:message-retract:1"/><feature var="urn:xmpp:reply:0"/><feature var="urn:xmpp:reactions:0"/><feature var="urn:xmpp:styling:0"/><feature var="urn:xmpp:avatar:metadata+notify"/><feature var="urn:xmpp:bookmarks:1+notify"/></query></iq>"#
        ]
    );
    // XEP-0115 §6.2: the same answer for node#ver, echoing the node.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d2" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info" node="urn:palaver:client#VmRBaTx5eyezX5t2w5idDu3PbG4="/></iq>"#);
    let reply = h.sent_one();
    let query = reply.children().next().expect("query");
    assert_eq!(
        query.get_attr("node"),
        Some("urn:palaver:client#VmRBaTx5eyezX5t2w5idDu3PbG4=")
    );
    let info = palaver::xmpp::stanza::disco::DiscoInfo::try_from(query).expect("disco info");
    assert_eq!(
        palaver::xmpp::stanza::caps::verification_string(&info).as_deref(),
        Ok("VmRBaTx5eyezX5t2w5idDu3PbG4=")
    );
    // Unknown nodes are item-not-found.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d3" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info" node="other"/></iq>"#);
    let reply = h.sent_one();
    assert_eq!(reply.get_attr("type"), Some("error"));
    assert!(reply.to_string().contains("item-not-found"));
}

#[test]
fn disco_items_are_answered_with_an_empty_list() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="i1" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>"#);
    assert_eq!(
        h.take_sent(),
        [
            r#"<iq xmlns="jabber:client" id="i1" type="result" to="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>"#
        ]
    );
}

#[test]
fn the_version_is_told_only_when_configured_and_then_advertised() {
    let mut config = alice_config(true);
    config.software_version = Some("0.1.0".into());
    let mut h = Harness::new(config);
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="v2" from="bob@localhost/phone"><query xmlns="jabber:iq:version"/></iq>"#);
    assert_eq!(
        h.take_sent(),
        [
            r#"<iq xmlns="jabber:client" id="v2" type="result" to="bob@localhost/phone"><query xmlns="jabber:iq:version"><name>Palaver</name><version>0.1.0</version></query></iq>"#
        ]
    );
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d1" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>"#);
    let info = h.sent_one();
    assert!(
        info.to_string()
            .contains(r#"<feature var="jabber:iq:version"/>"#),
        "{info}"
    );
}

#[test]
fn the_server_is_asked_what_it_supports_after_login() {
    let mut h = Harness::new(alice_config(true));
    let roster_id = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster"/></iq>"#
    ));
    let disco = h
        .take_sent()
        .into_iter()
        .map(|f| palaver::xmpp::xml::Element::parse(&f).expect("valid XML"))
        .find(|e| {
            e.get_child("query", "http://jabber.org/protocol/disco#info")
                .is_some()
        })
        .expect("a disco#info query");
    assert_eq!(disco.get_attr("to"), Some("localhost"));
    let id = disco.get_attr("id").expect("id").to_owned();
    h.take_events();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="localhost"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="server" type="im"/><feature var="urn:xmpp:mam:2"/><feature var="urn:xmpp:carbons:2"/></query></iq>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [palaver::xmpp::Event::ServerFeatures { features }]
            if features == &["urn:xmpp:mam:2", "urn:xmpp:carbons:2"]),
        "{events:?}"
    );
}

#[test]
fn the_server_is_asked_which_services_it_lists() {
    let mut h = Harness::new(alice_config(true));
    let roster_id = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster"/></iq>"#
    ));
    let items = h
        .take_sent()
        .into_iter()
        .map(|f| palaver::xmpp::xml::Element::parse(&f).expect("valid XML"))
        .find(|e| {
            e.get_child("query", "http://jabber.org/protocol/disco#items")
                .is_some()
        })
        .expect("a disco#items query");
    assert_eq!(items.get_attr("to"), Some("localhost"));
    let id = items.get_attr("id").expect("id").to_owned();
    h.take_events();
    // Only the server may answer it.
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="mallory@evil.example/x"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="evil.example"/></query></iq>"#
    ));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="localhost"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="conference.localhost" name="Chatrooms"/></query></iq>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [palaver::xmpp::Event::Dropped { .. }, palaver::xmpp::Event::ServerItems { items }]
            if items.len() == 1 && items[0].to_string() == "conference.localhost"),
        "{events:?}"
    );
}

#[test]
fn the_servers_own_disco_queries_are_answered_too() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="s1" from="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>"#);
    let reply = h.sent_one();
    assert_eq!(reply.get_attr("type"), Some("result"));
    assert_eq!(reply.get_attr("to"), Some("localhost"));
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="s2" from="localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>"#);
    assert_eq!(h.sent_one().get_attr("type"), Some("result"));
}

/// RFC 6120 §8.2.3: a get or set must carry exactly one payload; one that does not is answered
/// with `bad-request`, so its sender is not left waiting.
#[test]
fn a_malformed_request_is_answered_with_bad_request() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    for (id, inner) in [
        ("b1", ""),
        (
            "b2",
            r#"<ping xmlns="urn:xmpp:ping"/><ping xmlns="urn:xmpp:ping"/>"#,
        ),
    ] {
        h.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="get" id="{id}" from="bob@localhost/phone">{inner}</iq>"#
        ));
        assert_eq!(
            h.take_sent(),
            [format!(
                r#"<iq xmlns="jabber:client" id="{id}" type="error" to="bob@localhost/phone"><error type="modify"><bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
            )]
        );
    }
    // Without an id there is nothing to answer to.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" from="bob@localhost/phone"/>"#);
    assert!(h.take_sent().is_empty());
}

/// A request the server never answers fails after `IQ_TIMEOUT` instead of waiting for ever:
/// an archive page, here.
#[test]
fn an_unanswered_request_times_out() {
    use palaver::xmpp::session::IQ_TIMEOUT;
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let bob = palaver::xmpp::BareJid::parse("bob@localhost").expect("valid JID");
    h.session.query_archive(&bob, None, 50).expect("online");
    h.drain();
    h.take_sent();
    let asked_at = h.now;
    // Traffic half-way pushes the keepalive's own wake-up past the request's time.
    h.now += IQ_TIMEOUT / 2;
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="p1" from="localhost"><ping xmlns="urn:xmpp:ping"/></iq>"#);
    let timed_out = |events: &[Event]| {
        events.iter().any(|e| {
            matches!(e, Event::ArchiveFailed { with, error }
                if with == &bob && error.condition == "remote-server-timeout")
        })
    };
    // Woken only when the session asks to be: the failure comes
    // exactly IQ_TIMEOUT after the request, never at some later wake-up.
    let mut events = Vec::new();
    for _ in 0..100 {
        if timed_out(&events) {
            break;
        }
        let next = h.deadline.expect("a deadline while a request waits");
        assert!(
            next <= asked_at + IQ_TIMEOUT,
            "the session sleeps past the request's time: {events:?}"
        );
        h.wake_at_deadline();
        events.extend(h.take_events());
    }
    assert!(timed_out(&events), "{events:?}");
    assert_eq!(h.now, asked_at + IQ_TIMEOUT);
}

/// At most `MAX_PENDING_IQS` requests wait at once: a command beyond that is refused with a
/// clear error instead of the table growing for ever.
#[test]
fn the_requests_waiting_for_an_answer_are_bounded() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let bob = palaver::xmpp::BareJid::parse("bob@localhost").expect("valid JID");
    for _ in 0..palaver::xmpp::session::MAX_PENDING_IQS {
        h.session.query_archive(&bob, None, 1).expect("room left");
    }
    assert_eq!(
        h.session.query_archive(&bob, None, 1),
        Err(palaver::xmpp::ApiMisuse::TooManyRequests)
    );
}

/// The session's own requests (here a capabilities query to a contact) respect the same bound:
/// with the table full, none goes out, and the session says why.
#[test]
fn the_sessions_own_requests_wait_while_the_table_is_full() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    let bob = palaver::xmpp::BareJid::parse("bob@localhost").expect("valid JID");
    for _ in 0..palaver::xmpp::session::MAX_PENDING_IQS {
        h.session.query_archive(&bob, None, 1).expect("room left");
    }
    h.drain();
    h.take_sent();
    h.take_events();
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost/desk"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="http://code.google.com/p/exodus" ver="QgayPKawpkPSDYmwT/WM94uAlu0="/></presence>"#);
    assert_eq!(
        h.take_sent(),
        Vec::<String>::new(),
        "no disco#info goes out"
    );
    let events = h.take_events();
    assert!(
        events.iter().any(|e| matches!(e, Event::Dropped { reason }
            if reason.contains("requests are waiting for an answer"))),
        "{events:?}"
    );
}
