//! Delivery receipts (XEP-0184) and chat states (XEP-0085): we ask for receipts, accept them only
//! from the recipient, send them only to contacts who may see our presence, and send typing
//! notifications without a body.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::{ChatState, Event, Jid};

fn bob() -> Jid {
    Jid::parse("bob@localhost").unwrap()
}

#[test]
fn a_receipt_from_the_recipient_marks_the_message_delivered() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    let id = h.session.send_message(&bob(), "hi").unwrap();
    h.drain();
    h.take_sent();
    h.recv_ok(&format!(
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" id="r1"><received xmlns="urn:xmpp:receipts" id="{id}"/></message>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::MessageDelivered { id: got, from }] if *got == id && from.to_string() == "bob@localhost/phone"),
        "{events:?}"
    );
    // The same receipt twice is not news.
    h.recv_ok(&format!(
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" id="r2"><received xmlns="urn:xmpp:receipts" id="{id}"/></message>"#
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

#[test]
fn receipts_from_anyone_else_are_ignored() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let id = h.session.send_message(&bob(), "hi").unwrap();
    h.drain();
    h.recv_ok(&format!(
        r#"<message xmlns="jabber:client" from="mallory@evil.example/x"><received xmlns="urn:xmpp:receipts" id="{id}"/></message>"#
    ));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/x"><received xmlns="urn:xmpp:receipts" id="never-sent"/></message>"#);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}

#[test]
fn receipts_are_sent_to_contacts_who_may_see_our_presence_only() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/><item jid="carol@localhost" subscription="to"/>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b1"><body>hello</body><request xmlns="urn:xmpp:receipts"/></message>"#);
    let receipt = h.sent_one();
    let receipt_id = receipt.get_attr("id").unwrap();
    assert_eq!(
        receipt.to_string(),
        format!(
            r#"<message xmlns="jabber:client" to="bob@localhost/phone" id="{receipt_id}" type="chat"><received xmlns="urn:xmpp:receipts" id="b1"/></message>"#
        )
    );
    // Carol cannot see our presence; a receipt would tell her we are online.
    h.recv_ok(r#"<message xmlns="jabber:client" from="carol@localhost/x" type="chat" id="c1"><body>hi</body><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert!(h.take_sent().is_empty());
    // A roster push granting her subscription changes that.
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="p1"><query xmlns="jabber:iq:roster"><item jid="carol@localhost" subscription="both"/></query></iq>"#);
    h.take_sent();
    h.recv_ok(r#"<message xmlns="jabber:client" from="carol@localhost/x" type="chat" id="c2"><body>hi</body><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert_eq!(h.take_sent().len(), 1);
}

#[test]
fn typing_notifications_carry_no_body_and_no_receipt_request() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session
        .send_chat_state(&bob(), ChatState::Composing)
        .unwrap();
    h.session
        .send_chat_state(&bob(), ChatState::Paused)
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [
            r#"<message xmlns="jabber:client" to="bob@localhost" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>"#,
            r#"<message xmlns="jabber:client" to="bob@localhost" type="chat"><paused xmlns="http://jabber.org/protocol/chatstates"/></message>"#
        ]
    );
}

#[test]
fn a_message_with_a_body_reports_its_chat_state_too() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="m1"><body>done</body><active xmlns="http://jabber.org/protocol/chatstates"/></message>"#);
    let events = h.take_events();
    assert!(
        matches!(
            events.as_slice(),
            [
                Event::ChatState {
                    state: ChatState::Active,
                    ..
                },
                Event::Message(_)
            ]
        ),
        "{events:?}"
    );
}
