//! XEP-0198 stream management: enabled after binding, `<r/>` answered with our count, our
//! messages kept until the server acks them, and after a drop the stream is resumed (resending
//! what the server missed) or, if the server refuses, a fresh session sends the unacknowledged
//! messages once. Counter wrap-around is covered in `src/xmpp/sm.rs`.

mod common;

use common::sm::{
    ack, bind_result, drop_connection, names, next_session, online_with_sm, parse_all, OURS, SM,
    SM_FEATURES, THEIRS,
};
use common::{alice_config, Harness};
use palaver::xmpp::{Error, Event, Jid, Phase};

/// Sends a chat message to Bob; returns its id. Clears sent frames.
fn send_to_bob(h: &mut Harness, body: &str) -> String {
    let bob = Jid::parse("bob@localhost").expect("valid JID");
    let id = h.session.send_message(&bob, body).expect("online");
    h.drain();
    id
}

fn acked_ids(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::MessageAcked { id } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn without_the_feature_stream_management_stays_off() {
    let mut h = Harness::new(alice_config(true));
    let roster_id = h.login_plain();
    assert!(!roster_id.is_empty());
    h.recv_ok(r#"<r xmlns="urn:xmpp:sm:3"/>"#);
    assert!(h.take_sent().is_empty(), "no ack without enable");
    h.session.handle_transport_closed(h.now, 1006);
    assert_eq!(h.session.resumption(), None);
}

#[test]
fn an_ack_request_is_answered_with_the_stanzas_received_since_enable() {
    let mut h = online_with_sm();
    // Roster and archive results, then a message and a presence; nonzas do not count.
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/desk" type="chat" id="b1"><body>hi</body></message>"#);
    h.recv_ok(r#"<presence xmlns="jabber:client" from="bob@localhost/desk"/>"#);
    h.take_sent();
    h.recv_ok(r#"<r xmlns="urn:xmpp:sm:3"/>"#);
    assert_eq!(h.take_sent(), [ack(THEIRS + 2)]);
}

#[test]
fn a_message_asks_for_an_ack_and_the_ack_reports_it_safe() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "one");
    assert_eq!(names(&h.take_sent()), ["message", "r"]);
    let second = send_to_bob(&mut h, "two");
    assert_eq!(
        names(&h.take_sent()),
        ["message"],
        "one ack request at a time"
    );
    // The login's stanzas and "one": h = OURS + 1 covers the first message only.
    h.recv_ok(&ack(OURS + 1));
    assert_eq!(acked_ids(&h.take_events()), [id]);
    assert_eq!(names(&h.take_sent()), ["r"], "'two' still needs an ack");
    h.recv_ok(&ack(OURS + 2));
    assert_eq!(acked_ids(&h.take_events()), [second]);
    assert!(h.take_sent().is_empty());
}

#[test]
fn an_ack_for_stanzas_never_sent_ends_the_stream() {
    let mut h = online_with_sm();
    let result = h.recv(&ack(9));
    assert!(
        matches!(result, Err(Error::AckTooHigh(e)) if e.h == 9 && e.sent == OURS),
        "{result:?}"
    );
    let sent = parse_all(&h.take_sent());
    let error = &sent[0];
    assert!(
        error.is("error", "http://etherx.jabber.org/streams"),
        "{error}"
    );
    let too_high = error
        .get_child("handled-count-too-high", SM)
        .expect("says why");
    assert_eq!(too_high.get_attr("h"), Some("9"));
    assert_eq!(
        too_high.get_attr("send-count"),
        Some(OURS.to_string().as_str())
    );
    assert!(sent[1].is("close", "urn:ietf:params:xml:ns:xmpp-framing"));
    assert_eq!(h.session.phase(), Phase::Closed);
}

#[test]
fn a_dropped_stream_is_resumed_and_the_unacked_message_sent_again() {
    let mut h = online_with_sm();
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/desk" type="chat" id="b1"><body>hi</body></message>"#);
    let id = send_to_bob(&mut h, "are you there?");
    let message_frame = h.take_sent()[0].clone();
    let resumption = drop_connection(&mut h);
    assert!(resumption.can_resume());
    assert_eq!(
        resumption.unacked_message_ids().collect::<Vec<_>>(),
        [id.as_str()]
    );

    let mut next = next_session(resumption);
    let resume = next.sent_one();
    assert!(resume.is("resume", SM), "resume instead of bind: {resume}");
    assert_eq!(resume.get_attr("previd"), Some("sm-1"));
    assert_eq!(
        resume.get_attr("h"),
        Some((THEIRS + 1).to_string().as_str()),
        "the login answers and Bob's message"
    );
    // The server had handled our login stanzas, not the message.
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{OURS}" previd="sm-1"/>"#
    ));
    let events = next.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Resumed { jid }] if jid.to_string() == "alice@localhost/web"),
        "{events:?}"
    );
    assert_eq!(next.session.phase(), Phase::Online);
    let sent = next.take_sent();
    assert_eq!(sent[0], message_frame, "the same stanza, same id");
    assert_eq!(names(&sent), ["message", "r"], "no bind, no roster, once");
    next.recv_ok(&ack(OURS + 1));
    assert_eq!(acked_ids(&next.take_events()), [id]);
}

#[test]
fn a_resume_whose_h_covers_the_message_sends_nothing_again() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "made it");
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        OURS + 1
    ));
    let events = next.take_events();
    assert_eq!(acked_ids(&events), [id]);
    assert!(matches!(events.last(), Some(Event::Resumed { .. })));
    assert!(next.take_sent().is_empty());
}

#[test]
fn the_servers_stanzas_after_resume_count_on_from_the_old_h() {
    let mut h = online_with_sm();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{OURS}" previd="sm-1"/>"#
    ));
    // What the server had not seen acked comes again; it counts on from our h of 1.
    next.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/desk" type="chat" id="b2"><body>missed</body></message>"#);
    next.take_sent();
    next.recv_ok(r#"<r xmlns="urn:xmpp:sm:3"/>"#);
    assert_eq!(next.take_sent(), [ack(THEIRS + 1)]);
    // A second drop resumes the same stream id with the counters carried on.
    let again = drop_connection(&mut next);
    assert!(again.can_resume());
    let mut third = next_session(again);
    let resume = third.sent_one();
    assert_eq!(resume.get_attr("previd"), Some("sm-1"));
    assert_eq!(
        resume.get_attr("h"),
        Some((THEIRS + 1).to_string().as_str())
    );
}

#[test]
fn a_refused_resume_binds_afresh_and_sends_the_unacked_message_once() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "still pending");
    let message_frame = h.take_sent()[0].clone();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(r#"<failed xmlns="urn:xmpp:sm:3" h="{OURS}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#));
    let bind = next.sent_one();
    assert!(
        bind.is("iq", "jabber:client"),
        "falls back to binding: {bind}"
    );
    let bind_id = bind.get_attr("id").expect("bind has an id").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    let events = next.take_events();
    assert!(
        events.iter().any(|e| matches!(e, Event::Online { .. })),
        "{events:?}"
    );
    let sent = next.take_sent();
    assert_eq!(names(&sent), ["enable", "message", "r", "iq"]);
    assert_eq!(
        sent[1], message_frame,
        "same id: the recipient can deduplicate"
    );
    assert_eq!(
        next.session.resumption().map(|r| r
            .unacked_message_ids()
            .map(str::to_owned)
            .collect::<Vec<_>>()),
        Some(vec![id]),
        "tracked again in the new stream"
    );
}

#[test]
fn a_refused_resume_whose_h_covers_the_message_does_not_send_it_twice() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "delivered before the drop");
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(r#"<failed xmlns="urn:xmpp:sm:3" h="{}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#, OURS + 1));
    assert_eq!(acked_ids(&next.take_events()), [id]);
    let bind_id = next.sent_one().get_attr("id").expect("bind id").to_owned();
    next.recv_ok(&bind_result(&bind_id));
    assert_eq!(names(&next.take_sent()), ["enable", "iq"]);
}

#[test]
fn a_server_without_stream_management_gets_the_unacked_message_in_a_fresh_session() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "server restarted");
    let resumption = drop_connection(&mut h);
    let mut config = alice_config(true);
    config.resume = Some(resumption);
    let mut next = Harness::new(config);
    next.authenticate_plain();
    let bind_id = next.bind_request_id(&common::bind_features(false));
    next.recv_ok(&bind_result(&bind_id));
    let sent = parse_all(&next.take_sent());
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].get_attr("id"), Some(id.as_str()));
    assert!(sent[1].get_child("query", "jabber:iq:roster").is_some());
}

#[test]
fn a_drop_while_resuming_keeps_everything_for_the_next_attempt() {
    let mut h = online_with_sm();
    let id = send_to_bob(&mut h, "keep me");
    let mut next = next_session(drop_connection(&mut h));
    next.session.handle_transport_closed(next.now, 1006);
    let kept = next.session.resumption().expect("still carried");
    assert!(kept.can_resume());
    assert_eq!(
        kept.unacked_message_ids().collect::<Vec<_>>(),
        [id.as_str()]
    );
}

#[test]
fn a_resumed_answer_for_another_stream_is_refused() {
    let mut h = online_with_sm();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    let result = next.recv(r#"<resumed xmlns="urn:xmpp:sm:3" h="1" previd="someone-else"/>"#);
    assert!(
        matches!(result, Err(Error::Unexpected { .. })),
        "{result:?}"
    );
}

#[test]
fn a_refused_enable_turns_stream_management_off() {
    let mut h = Harness::new(alice_config(true));
    h.authenticate_plain();
    let bind_id = h.bind_request_id(SM_FEATURES);
    h.recv_ok(&bind_result(&bind_id));
    h.recv_ok(r#"<failed xmlns="urn:xmpp:sm:3"><unexpected-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#);
    h.take_sent();
    h.recv_ok(r#"<r xmlns="urn:xmpp:sm:3"/>"#);
    assert!(h.take_sent().is_empty());
    h.session.handle_transport_closed(h.now, 1006);
    assert_eq!(h.session.resumption(), None);
}

/// XEP-0198 §4: a server claiming to have handled more than we ever sent is broken (or lying):
/// acting on its word could drop messages it never got. The previous stream's state is saved
/// with every stanza we send, so our count is exact.
#[test]
fn a_resumed_answer_claiming_more_than_we_sent_is_a_stream_error() {
    let mut h = online_with_sm();
    send_to_bob(&mut h, "saved");
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    let result = next.recv(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{}" previd="sm-1"/>"#,
        OURS + 7
    ));
    assert!(
        matches!(result, Err(Error::AckTooHigh(e)) if e.h == OURS + 7 && e.sent == OURS + 1),
        "{result:?}"
    );
    let sent = next.take_sent();
    assert!(
        sent.iter()
            .any(|f| f.contains("<undefined-condition") && f.contains("handled-count-too-high")),
        "{sent:?}"
    );
    assert_eq!(next.session.phase(), Phase::Closed);
}

#[test]
fn a_reloaded_page_that_resumed_asks_for_the_roster_and_probes_its_contacts() {
    let mut h = online_with_sm();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<resumed xmlns="urn:xmpp:sm:3" h="{OURS}" previd="sm-1"/>"#
    ));
    next.take_events();
    next.session.refresh_after_reload().expect("online");
    next.drain();
    let sent = parse_all(&next.take_sent());
    let roster_get = sent
        .iter()
        .find(|e| e.get_child("query", "jabber:iq:roster").is_some())
        .expect("asks for the roster again");
    let id = roster_get.get_attr("id").expect("id").to_owned();
    next.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" subscription="both"/><item jid="carol@localhost" subscription="to"/><item jid="dave@localhost" subscription="from"/></query></iq>"#
    ));
    let probes: Vec<String> = parse_all(&next.take_sent())
        .iter()
        .filter(|e| e.is("presence", "jabber:client") && e.get_attr("type") == Some("probe"))
        .map(|e| e.get_attr("to").expect("to").to_owned())
        .collect();
    assert_eq!(
        probes,
        ["bob@localhost", "carol@localhost"],
        "only contacts whose presence we may see"
    );
    assert!(next
        .take_events()
        .iter()
        .any(|e| matches!(e, Event::Roster { items, .. } if items.len() == 3)));
}

/// Presence and IQs pile up unacknowledged in a quiet session without messages: after
/// `ACK_REQUEST_EVERY` of them we ask for an ack anyway.
#[test]
fn many_unacknowledged_stanzas_of_any_kind_ask_for_an_ack() {
    let mut h = online_with_sm();
    for _ in 0..palaver::xmpp::session::ACK_REQUEST_EVERY {
        h.session
            .set_presence(palaver::xmpp::Show::Away, None)
            .expect("online");
    }
    h.drain();
    let sent = h.take_sent();
    assert!(
        sent.iter().any(|f| f == r#"<r xmlns="urn:xmpp:sm:3"/>"#),
        "{sent:?}"
    );
}

/// A server that stops acknowledging cannot make the page grow without limit: at
/// `MAX_UNACKED` the session ends with a clear error, and a new one resends the messages.
#[test]
fn a_server_that_never_acks_ends_the_session_before_the_queue_grows_without_limit() {
    let mut h = online_with_sm();
    let bob = Jid::parse("bob@localhost").expect("valid JID");
    let mut sent = 0;
    while h.session.phase() == Phase::Online {
        if h.session.send_message(&bob, "unconfirmed").is_err() {
            break;
        }
        sent += 1;
        assert!(sent <= palaver::xmpp::session::MAX_UNACKED, "never ends");
    }
    h.drain();
    let events = h.take_events();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Disconnected {
                error: Some(Error::TooManyUnacked { .. })
            }
        )),
        "{events:?}"
    );
    assert!(Error::TooManyUnacked { count: 1 }.is_worth_retrying());
    let resumption = h.session.resumption().expect("kept for the next session");
    assert_eq!(resumption.unacked_messages().len(), sent);
}

#[test]
fn logging_out_tells_the_server_what_we_handled_before_closing() {
    // Without it, Prosody puts the messages it sent since its last <r/> back into offline
    // storage and the next login receives them again.
    let mut h = online_with_sm();
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/desk" type="chat" id="b1"><body>hi</body></message>"#);
    h.take_sent();
    h.session.close();
    h.drain();
    let sent = h.take_sent();
    assert_eq!(
        sent.first().map(String::as_str),
        Some(format!(r#"<a xmlns="urn:xmpp:sm:3" h="{}"/>"#, THEIRS + 1).as_str()),
        "{sent:?}"
    );
    assert!(
        sent.last().is_some_and(|f| f.contains("<close")),
        "{sent:?}"
    );
}
