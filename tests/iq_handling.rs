//! IQ requests (RFC 6120 §8.2.3, §8.4): unknown requests get `service-unavailable`, pings
//! (XEP-0199) are answered, and responses are never answered.

mod common;

use common::{alice_config, Harness};

#[test]
fn unknown_requests_get_service_unavailable_with_the_same_id() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
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
            r#"<iq xmlns="jabber:client" id="d1" type="result" to="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info"><identity category="client" type="web" name="Palaver"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/chatstates"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="urn:xmpp:ping"/><feature var="urn:xmpp:receipts"/></query></iq>"#
        ]
    );
    // XEP-0115 §6.2: the same answer for node#ver, echoing the node.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d2" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info" node="urn:palaver:client#O2hDD0oT1sEKtk0l5CcWb/eooN0="/></iq>"#);
    let reply = h.sent_one();
    let query = reply.children().next().expect("query");
    assert_eq!(
        query.get_attr("node"),
        Some("urn:palaver:client#O2hDD0oT1sEKtk0l5CcWb/eooN0=")
    );
    let info = palaver::xmpp::stanza::disco::DiscoInfo::try_from(query).expect("disco info");
    assert_eq!(info.caps_ver(), "O2hDD0oT1sEKtk0l5CcWb/eooN0=");
    // Unknown nodes are item-not-found.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="get" id="d3" from="bob@localhost/phone"><query xmlns="http://jabber.org/protocol/disco#info" node="other"/></iq>"#);
    let reply = h.sent_one();
    assert_eq!(reply.get_attr("type"), Some("error"));
    assert!(reply.to_string().contains("item-not-found"));
}
