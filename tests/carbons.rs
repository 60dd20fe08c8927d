//! Message carbons (XEP-0280): enabled after the roster; copies are accepted only from our own
//! bare JID (XEP-0280 §11, ARCHITECTURE.md, "Invariants"); copies of received messages are not acknowledged here.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::Event;

fn carbon(direction: &str, outer_from: &str, inner: &str) -> String {
    format!(
        r#"<message xmlns="jabber:client" from="{outer_from}" to="alice@localhost/web"><{direction} xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">{inner}</forwarded></{direction}></message>"#
    )
}

const SENT_BY_PHONE: &str = r#"<message xmlns="jabber:client" from="alice@localhost/phone" to="bob@localhost" type="chat" id="p1"><body>from my phone</body></message>"#;
const RECEIVED_BY_PHONE: &str = r#"<message xmlns="jabber:client" from="bob@localhost/desk" to="alice@localhost/phone" type="chat" id="b1"><body>to your phone</body><request xmlns="urn:xmpp:receipts"/></message>"#;

#[test]
fn a_copy_of_what_another_device_sent_is_reported_as_ours() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(&carbon("sent", "alice@localhost", SENT_BY_PHONE));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::SentFromOtherDevice { id, to, content, .. }]
            if id.as_deref() == Some("p1") && to.to_string() == "bob@localhost" && content.body() == Some("from my phone")),
        "{events:?}"
    );
}

#[test]
fn a_copy_of_what_another_device_received_is_a_message_without_our_receipt() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(&carbon("received", "alice@localhost", RECEIVED_BY_PHONE));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Message(m)] if m.body() == Some("to your phone")),
        "{events:?}"
    );
    assert!(
        h.take_sent().is_empty(),
        "the phone acknowledges it, not us"
    );
}

#[test]
fn forged_carbons_are_dropped() {
    for outer_from in [
        "bob@localhost",
        "bob@localhost/desk",
        "alice@localhost/phone",
        "localhost",
    ] {
        let mut h = Harness::new(alice_config(true));
        h.online_with_roster("");
        h.recv_ok(&carbon("sent", outer_from, SENT_BY_PHONE));
        h.recv_ok(&carbon("received", outer_from, RECEIVED_BY_PHONE));
        let events = h.take_events();
        assert!(
            events.iter().all(|e| matches!(e, Event::Dropped { .. })) && events.len() == 2,
            "{outer_from}: {events:?}"
        );
    }
}
