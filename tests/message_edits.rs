//! Changing messages after they were sent, and reading them: replies (XEP-0461 with XEP-0428
//! fallbacks), corrections (XEP-0308), retractions (XEP-0424), reactions (XEP-0444), read
//! markers (XEP-0333), delayed delivery (XEP-0203). Literal XML in, typed content out; and what
//! we send, byte for byte.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::{Content, Event, IncomingMessage, Jid, ReplyRef, Text};

const BOB_CONTACT: &str = r#"<item jid="bob@localhost" subscription="both"/>"#;

fn online() -> Harness {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(BOB_CONTACT);
    h
}

fn bob() -> Jid {
    Jid::parse("bob@localhost").unwrap()
}

/// The one message event a frame produced.
fn incoming(h: &mut Harness, frame: &str) -> IncomingMessage {
    h.recv_ok(frame);
    let events = h.take_events();
    match events.as_slice() {
        [Event::Message(m)] => m.clone(),
        other => panic!("expected one message, got {other:?}"),
    }
}

#[test]
fn a_reply_shows_its_answer_and_keeps_the_quote_of_its_fallback() {
    let mut h = online();
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost/web" type="chat" id="b2"><body>&gt; lunch?
sure</body><reply xmlns="urn:xmpp:reply:0" to="alice@localhost/web" id="a1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="9"/></fallback></message>"#,
    );
    assert_eq!(
        m.content,
        Content::Text(Text {
            body: "sure".into(),
            reply: Some(ReplyRef {
                id: "a1".into(),
                to: Some(Jid::parse("alice@localhost/web").unwrap()),
                quote: Some("lunch?".into()),
            }),
            styled: true,
            markable: false,
        })
    );
}

#[test]
fn a_correction_a_retraction_and_reactions_point_at_earlier_messages() {
    let mut h = online();
    let correction = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b3"><body>Thursday</body><replace xmlns="urn:xmpp:message-correct:0" id="b1"/></message>"#,
    );
    assert_eq!(
        correction.content,
        Content::Correction {
            of: "b1".into(),
            text: Text::plain("Thursday")
        }
    );
    let retraction = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b4"><body>This person attempted to retract a previous message, but it's unsupported by your client.</body><retract xmlns="urn:xmpp:message-retract:1" id="b1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><store xmlns="urn:xmpp:hints"/></message>"#,
    );
    assert_eq!(retraction.content, Content::Retraction { of: "b1".into() });
    let reactions = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b5"><reactions xmlns="urn:xmpp:reactions:0" id="a1"><reaction>👍</reaction><reaction>🎉</reaction></reactions><store xmlns="urn:xmpp:hints"/></message>"#,
    );
    assert_eq!(
        reactions.content,
        Content::Reactions {
            to: "a1".into(),
            emojis: vec!["👍".into(), "🎉".into()]
        }
    );
}

#[test]
fn a_displayed_marker_reads_as_seen_up_to_that_message() {
    let mut h = online();
    let marker = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat"><displayed xmlns="urn:xmpp:chat-markers:0" id="a7"/></message>"#,
    );
    assert_eq!(marker.content, Content::Displayed { up_to: "a7".into() });
    assert!(h.take_sent().is_empty(), "no receipt for a marker");
}

#[test]
fn an_offline_message_keeps_the_time_the_server_got_it() {
    let mut h = online();
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b9"><body>while you were out</body><delay xmlns="urn:xmpp:delay" from="localhost" stamp="2026-11-24T08:30:00Z"/></message>"#,
    );
    assert_eq!(
        m.stamp.map(|s| s.to_string()).as_deref(),
        Some("2026-11-24T08:30:00Z")
    );
}

#[test]
fn a_stamp_from_anyone_but_our_server_does_not_date_a_message() {
    let mut h = online();
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b10"><body>backdated</body><delay xmlns="urn:xmpp:delay" from="bob@localhost" stamp="1999-01-01T00:00:00Z"/><delay xmlns="urn:xmpp:delay" stamp="1999-01-01T00:00:00Z"/></message>"#,
    );
    assert_eq!(m.stamp, None);
    // Nor one "from" our own account (only a server stamps, and only ours counts), nor one from
    // another server.
    for from in ["alice@localhost", "alice@localhost/web", "evil.example"] {
        let m = incoming(
            &mut h,
            &format!(
                r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b10-{from}"><body>backdated</body><delay xmlns="urn:xmpp:delay" from="{from}" stamp="1999-01-01T00:00:00Z"/></message>"#
            ),
        );
        assert_eq!(m.stamp, None, "a stamp from {from}");
    }
}

/// A sender can write a `<delay/>` "from" our server; the server appends its own after it, so
/// only the last one can be the server's.
#[test]
fn only_the_last_stamp_can_be_our_servers() {
    let mut h = online();
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b11"><body>backdated</body><delay xmlns="urn:xmpp:delay" from="localhost" stamp="1999-01-01T00:00:00Z"/><delay xmlns="urn:xmpp:delay" from="localhost" stamp="2026-11-24T08:30:00Z"/></message>"#,
    );
    assert_eq!(
        m.stamp.map(|s| s.to_string()).as_deref(),
        Some("2026-11-24T08:30:00Z")
    );
    // A stamp after the server's is the sender's, whoever it claims to be from.
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b12"><body>pinned</body><delay xmlns="urn:xmpp:delay" from="bob@localhost" stamp="2099-01-01T00:00:00Z"/></message>"#,
    );
    assert_eq!(m.stamp, None);
}

/// Even our server's stamp never dates a message in the future: a message "from 2099" would
/// stay at the top of the conversation list for decades.
#[test]
fn a_stamp_in_the_future_dates_a_message_when_it_arrived() {
    let mut h = online();
    let m = incoming(
        &mut h,
        r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b13"><body>from the future</body><delay xmlns="urn:xmpp:delay" from="localhost" stamp="2099-01-01T00:00:00Z"/></message>"#,
    );
    let received = palaver::xmpp::stanza::date::DateTime::parse("2026-11-24T10:00:00Z")
        .unwrap()
        .unix_millis();
    assert_eq!(
        palaver::xmpp::stanza::delay::time_sent(m.stamp, received),
        received
    );
}

#[test]
fn a_reply_goes_out_with_its_quote_as_fallback() {
    let mut h = online();
    let reply = ReplyRef {
        id: "b1".into(),
        to: Some(bob()),
        quote: Some("lunch?".into()),
    };
    let id = h.session.send_reply(&bob(), "sure", &reply).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="{id}" type="chat"><body>&gt; lunch?
sure</body><active xmlns="http://jabber.org/protocol/chatstates"/><request xmlns="urn:xmpp:receipts"/><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><markable xmlns="urn:xmpp:chat-markers:0"/><reply xmlns="urn:xmpp:reply:0" to="bob@localhost" id="b1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="9"/></fallback></message>"#
        )]
    );
}

#[test]
fn a_correction_names_the_original_id() {
    let mut h = online();
    let id = h.session.send_correction(&bob(), "a1", "Thursday").unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="{id}" type="chat"><body>Thursday</body><active xmlns="http://jabber.org/protocol/chatstates"/><request xmlns="urn:xmpp:receipts"/><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><markable xmlns="urn:xmpp:chat-markers:0"/><replace xmlns="urn:xmpp:message-correct:0" id="a1"/></message>"#
        )]
    );
}

#[test]
fn a_retraction_carries_its_fallback_and_a_store_hint() {
    let mut h = online();
    let id = h.session.send_retraction(&bob(), "a1").unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="{id}" type="chat"><body>This person attempted to retract a previous message, but it&apos;s unsupported by your client.</body><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><retract xmlns="urn:xmpp:message-retract:1" id="a1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><store xmlns="urn:xmpp:hints"/></message>"#
        )]
    );
}

#[test]
fn reactions_go_out_as_the_whole_set_without_duplicates() {
    let mut h = online();
    let emojis = ["👍".to_owned(), "👍".to_owned(), "❤️".to_owned()];
    let id = h.session.send_reactions(&bob(), "b1", &emojis).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [format!(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="{id}" type="chat"><origin-id xmlns="urn:xmpp:sid:0" id="{id}"/><reactions xmlns="urn:xmpp:reactions:0" id="b1"><reaction>👍</reaction><reaction>❤️</reaction></reactions><store xmlns="urn:xmpp:hints"/></message>"#
        )]
    );
    h.session.send_reactions(&bob(), "b1", &[]).unwrap();
    h.drain();
    assert!(h.take_sent()[0].contains(r#"<reactions xmlns="urn:xmpp:reactions:0" id="b1"/>"#));
}

#[test]
fn read_markers_go_only_to_contacts_who_may_see_our_presence() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(
        r#"<item jid="bob@localhost" subscription="both"/><item jid="carol@localhost" subscription="to"/>"#,
    );
    assert_eq!(h.session.send_displayed(&bob(), "b1"), Ok(true));
    h.drain();
    let sent = h.sent_one();
    assert_eq!(
        sent.to_string(),
        format!(
            r#"<message xmlns="jabber:client" to="bob@localhost" id="{}" type="chat"><displayed xmlns="urn:xmpp:chat-markers:0" id="b1"/></message>"#,
            sent.get_attr("id").unwrap()
        )
    );
    // Carol does not see our presence: a marker would tell her we are online and reading.
    let carol = Jid::parse("carol@localhost/x").unwrap();
    assert_eq!(h.session.send_displayed(&carol, "c1"), Ok(false));
    let stranger = Jid::parse("mallory@evil.example/x").unwrap();
    assert_eq!(h.session.send_displayed(&stranger, "m1"), Ok(false));
    h.drain();
    assert!(h.take_sent().is_empty());
}

#[test]
fn no_receipt_is_sent_for_reactions_or_retractions() {
    let mut h = online();
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b5"><reactions xmlns="urn:xmpp:reactions:0" id="a1"><reaction>👍</reaction></reactions><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert!(h.take_sent().is_empty());
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b6"><body>x</body><retract xmlns="urn:xmpp:message-retract:1" id="b1"/><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert!(h.take_sent().is_empty());
    // A correction is a message: it is acknowledged like one.
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b7"><body>y</body><replace xmlns="urn:xmpp:message-correct:0" id="b1"/><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert!(h.take_sent()[0].contains(r#"<received xmlns="urn:xmpp:receipts" id="b7"/>"#));
}

#[test]
fn what_another_device_of_ours_changed_is_reported_as_ours() {
    let mut h = online();
    h.recv_ok(r#"<message xmlns="jabber:client" from="alice@localhost" to="alice@localhost/web"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="alice@localhost/phone" to="bob@localhost" type="chat" id="p2"><reactions xmlns="urn:xmpp:reactions:0" id="b1"><reaction>😂</reaction></reactions></message></forwarded></sent></message>"#);
    h.recv_ok(r#"<message xmlns="jabber:client" from="alice@localhost" to="alice@localhost/web"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="alice@localhost/phone" to="bob@localhost" type="chat" id="p3"><displayed xmlns="urn:xmpp:chat-markers:0" id="b1"/></message></forwarded></sent></message>"#);
    let events = h.take_events();
    assert_eq!(
        events,
        [
            Event::SentFromOtherDevice {
                id: Some("p2".into()),
                origin_id: None,
                to: bob(),
                content: Content::Reactions {
                    to: "b1".into(),
                    emojis: vec!["😂".into()]
                },
            },
            Event::SentFromOtherDevice {
                id: Some("p3".into()),
                origin_id: None,
                to: bob(),
                content: Content::Displayed { up_to: "b1".into() },
            },
        ]
    );
}

#[test]
fn archived_corrections_and_reactions_come_back_with_their_meaning() {
    let mut h = online();
    let with = palaver::xmpp::BareJid::parse("bob@localhost").unwrap();
    h.session.query_archive(&with, None, 50).unwrap();
    h.drain();
    let iq = h.sent_one();
    let iq_id = iq.get_attr("id").unwrap().to_owned();
    let query_id = iq
        .children()
        .next()
        .and_then(|q| q.get_attr("queryid"))
        .unwrap()
        .to_owned();
    let result = |archive_id: &str, inner: &str| {
        format!(
            r#"<message xmlns="jabber:client" to="alice@localhost/web"><result xmlns="urn:xmpp:mam:2" queryid="{query_id}" id="{archive_id}"><forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:00Z"/><message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost" type="chat" id="m-{archive_id}">{inner}</message></forwarded></result></message>"#
        )
    };
    h.recv_ok(&result("A1", "<body>Tuesday</body>"));
    h.recv_ok(&result(
        "A2",
        r#"<body>Thursday</body><replace xmlns="urn:xmpp:message-correct:0" id="m-A1"/>"#,
    ));
    h.recv_ok(&result(
        "A3",
        r#"<reactions xmlns="urn:xmpp:reactions:0" id="a1"><reaction>👍</reaction></reactions><store xmlns="urn:xmpp:hints"/>"#,
    ));
    h.recv_ok(&result(
        "A4",
        r#"<active xmlns="http://jabber.org/protocol/chatstates"/>"#,
    ));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{iq_id}"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first>A1</first><last>A4</last></set></fin></iq>"#
    ));
    let events = h.take_events();
    let [Event::ArchivePage { messages, .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    let contents: Vec<&Content> = messages.iter().map(|m| &m.content).collect();
    assert_eq!(
        contents,
        [
            &Content::Text(Text::plain("Tuesday")),
            &Content::Correction {
                of: "m-A1".into(),
                text: Text::plain("Thursday")
            },
            &Content::Reactions {
                to: "a1".into(),
                emojis: vec!["👍".into()]
            },
        ],
        "the chat state alone means nothing for the conversation"
    );
}
