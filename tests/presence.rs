//! Presence (RFC 6121 §4): contacts' presence per resource, subscription requests, and our own
//! presence changes; commands before the session is online are caller errors.

mod common;

use common::{alice_config, own_presence, Harness};
use palaver::xmpp::{ApiMisuse, Event, PresenceUpdate, Show};

#[test]
fn contact_presence_is_reported_per_resource() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost/web"><show>away</show><status>Walking</status><priority>5</priority></presence>"#);
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost/desk" type="unavailable"/>"#);
    let events = h.take_events();
    let [Event::Presence(phone), Event::Presence(desk)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        phone,
        &PresenceUpdate {
            from: palaver::xmpp::Jid::parse("bob@localhost/phone").unwrap(),
            available: true,
            show: Show::Away,
            status: Some("Walking".into()),
            priority: 5,
        }
    );
    assert_eq!(desk.from.resource(), Some("desk"));
    assert!(!desk.available);
}

#[test]
fn subscription_requests_are_events() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<presence xmlns="jabber:client" from="eve@localhost" type="subscribe"/>"#);
    assert!(
        matches!(h.take_events().as_slice(), [Event::SubscriptionRequest { from }] if from.to_string() == "eve@localhost")
    );
}

#[test]
fn probes_and_presence_without_sender_are_not_shown() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost" type="probe"/>"#);
    assert!(h.take_events().is_empty());
    h.recv_ok(r#"<presence xmlns="jabber:client"><show>dnd</show></presence>"#);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

#[test]
fn own_presence_changes_are_broadcast() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session
        .set_presence(Show::Dnd, Some("In a meeting"))
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [own_presence(
            "<show>dnd</show><status>In a meeting</status>"
        )]
    );
    h.session.set_presence(Show::Online, None).unwrap();
    h.session.set_unavailable(Some("Gone fishing")).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            own_presence(""),
            r#"<presence xmlns="jabber:client" type="unavailable"><status>Gone fishing</status></presence>"#.into()
        ]
    );
}

#[test]
fn commands_before_online_are_caller_errors() {
    let mut h = Harness::new(alice_config(true));
    assert_eq!(
        h.session.set_presence(Show::Away, None),
        Err(ApiMisuse::NotOnline)
    );
    assert_eq!(h.session.set_unavailable(None), Err(ApiMisuse::NotOnline));
    let bob = palaver::xmpp::Jid::parse("bob@localhost").unwrap();
    assert_eq!(
        h.session.send_message(&bob, "hi"),
        Err(ApiMisuse::NotOnline)
    );
    h.drain();
    assert_eq!(h.take_sent().len(), 1, "only the initial <open/>");
}

#[test]
fn directed_presence_goes_to_one_entity_only() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let eve = palaver::xmpp::Jid::parse("eve@localhost").expect("valid JID");
    h.session
        .send_directed_presence(&eve, true, Some("Hi Eve"))
        .expect("online");
    h.session
        .send_directed_presence(&eve, false, None)
        .expect("online");
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<presence xmlns="jabber:client" to="eve@localhost"><status>Hi Eve</status></presence>"#,
            r#"<presence xmlns="jabber:client" to="eve@localhost" type="unavailable"/>"#,
        ]
    );
}

#[test]
fn subscription_answers_and_withdrawals_are_left_to_the_roster_pushes() {
    // RFC 6121 §3.1.5, §3.2, §3.3: the server turns subscribed, unsubscribe and unsubscribed
    // into roster pushes (tests/roster.rs), which is what the roster shows; the presences
    // themselves change nothing and are not answered.
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="to"/>"#);
    for kind in ["subscribed", "unsubscribe", "unsubscribed"] {
        h.recv_ok(&format!(
            r#"<presence xmlns="jabber:client" from="bob@localhost" type="{kind}"/>"#
        ));
        assert!(h.take_events().is_empty(), "{kind}");
        assert!(h.take_sent().is_empty(), "{kind}");
    }
}

#[test]
fn a_presence_error_is_dropped_with_its_reason() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<presence xmlns="jabber:client" from="nobody@localhost" type="error"><error type="cancel"><remote-server-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>"#);
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [palaver::xmpp::Event::Dropped { reason }] if reason.contains("presence error")),
        "{events:?}"
    );
}
