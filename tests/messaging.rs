//! 1:1 messages (RFC 6121 §5): sending chat messages, receiving chat/normal/headline bodies,
//! bounced messages, and messages without a sender.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::{ApiMisuse, ChatState, Event, Jid, MessageType};

#[test]
fn sending_a_chat_message_escapes_the_body_and_returns_its_id() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let bob = Jid::parse("bob@localhost").unwrap();
    let id = h
        .session
        .send_message(&bob, "<b>hi</b> & \"bye\"\nsecond line")
        .unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            "<message xmlns=\"jabber:client\" to=\"bob@localhost\" id=\"{id}\" type=\"chat\"><body>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot;\nsecond line</body><active xmlns=\"http://jabber.org/protocol/chatstates\"/><request xmlns=\"urn:xmpp:receipts\"/><origin-id xmlns=\"urn:xmpp:sid:0\" id=\"{id}\"/><markable xmlns=\"urn:xmpp:chat-markers:0\"/></message>"
        )]
    );
    assert_eq!(
        h.session.send_message(&bob, "  \n"),
        Err(ApiMisuse::EmptyBody)
    );
}

#[test]
fn message_ids_are_unique() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let bob = Jid::parse("bob@localhost").unwrap();
    let ids: std::collections::HashSet<String> = (0..200)
        .map(|i| h.session.send_message(&bob, &format!("m{i}")).unwrap())
        .collect();
    assert_eq!(ids.len(), 200);
}

#[test]
fn incoming_messages_with_a_body_become_events() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost/web" type="chat" id="m1"><body>Hi &amp; welcome</body><thread>t1</thread></message>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="localhost" to="alice@localhost"><subject>MOTD</subject><body>Maintenance tonight</body></message>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="news@localhost" type="headline"><body>Headline</body></message>"#);
    let events = h.take_events();
    let [Event::Message(chat), Event::Message(normal), Event::Message(headline)] =
        events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!(chat.from.to_string(), "bob@localhost/phone");
    assert_eq!(chat.kind, MessageType::Chat);
    assert_eq!(chat.body(), Some("Hi & welcome"));
    assert_eq!(chat.id.as_deref(), Some("m1"));
    assert_eq!(chat.thread.as_deref(), Some("t1"));
    assert_eq!(normal.kind, MessageType::Normal);
    assert_eq!(headline.kind, MessageType::Headline);
}

#[test]
fn a_chat_message_without_a_body_is_ignored() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="e1"><request xmlns="urn:xmpp:receipts"/></message>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="e2"><body></body></message>"#);
    assert!(h.take_events().is_empty());
    assert!(h.take_sent().is_empty(), "no receipt for nothing");
}

#[test]
fn a_typing_notification_is_a_chat_state_not_a_message() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>"#);
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::ChatState { from, state: ChatState::Composing }] if from.to_string() == "bob@localhost/phone"),
        "{events:?}"
    );
}

#[test]
fn bounced_messages_report_the_error() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<message xmlns="jabber:client" from="nobody@localhost" type="error" id="m9"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>"#);
    let events = h.take_events();
    let [Event::MessageError { id, from, error }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(id.as_deref(), Some("m9"));
    assert_eq!(from.to_string(), "nobody@localhost");
    assert_eq!(error.condition, "item-not-found");
}

#[test]
fn messages_without_a_sender_are_dropped() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.recv_ok(r#"<message xmlns="jabber:client" type="chat"><body>who am I</body></message>"#);
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { .. }]
    ));
}
