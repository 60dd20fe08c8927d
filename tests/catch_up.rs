//! Archive catch-up (XEP-0313 §4.3 with XEP-0359 stanza-ids): at login the session notes where
//! our archive stands; live messages move that anchor; after a drop, a fresh session asks for
//! everything archived after it, page by page, so no gap remains. A resumed stream needs none.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::xml::Element;
use palaver::xmpp::{Event, Resumption};

const MAM: &str = "urn:xmpp:mam:2";
const RSM: &str = "http://jabber.org/protocol/rsm";

/// The archive query among `frames`, parsed: (iq id, queryid, the `<set/>`).
fn archive_query(frames: &[String]) -> (String, String, Element) {
    let iq = frames
        .iter()
        .map(|f| Element::parse(f).expect("valid XML"))
        .find(|e| e.get_child("query", MAM).is_some())
        .unwrap_or_else(|| panic!("no archive query in {frames:#?}"));
    let query = iq.get_child("query", MAM).expect("query").clone();
    let form = query.get_child("x", "jabber:x:data").expect("form");
    assert!(
        form.children().all(|f| f.get_attr("var") != Some("with")),
        "the whole archive, not one conversation"
    );
    (
        iq.get_attr("id").expect("iq id").to_owned(),
        query.get_attr("queryid").expect("queryid").to_owned(),
        query.get_child("set", RSM).expect("RSM set").clone(),
    )
}

fn result(query_id: &str, archive_id: &str, from: &str, body: &str) -> String {
    format!(
        r#"<message xmlns="jabber:client" to="alice@localhost/web"><result xmlns="{MAM}" queryid="{query_id}" id="{archive_id}"><forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:00Z"/><message xmlns="jabber:client" from="{from}" to="alice@localhost" type="chat" id="m-{archive_id}"><body>{body}</body></message></forwarded></result></message>"#
    )
}

fn fin(iq_id: &str, complete: bool, last: Option<&str>) -> String {
    let set = last
        .map(|l| format!(r#"<set xmlns="{RSM}"><last>{l}</last></set>"#))
        .unwrap_or_default();
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{iq_id}"><fin xmlns="{MAM}" complete="{complete}">{set}</fin></iq>"#
    )
}

/// Logs in (PLAIN), answers the roster, and returns the frames sent after it.
fn online(config: palaver::xmpp::Config) -> (Harness, Vec<String>) {
    let mut h = Harness::new(config);
    let roster_id = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster_id}"><query xmlns="jabber:iq:roster"/></iq>"#
    ));
    let sent = h.take_sent();
    h.take_events();
    (h, sent)
}

/// A first login whose archive's newest message is `A9`, on an account that says it archives
/// (as Prosody's does); returns the session online.
fn first_login_with_archive_at_a9() -> Harness {
    let (mut h, sent) = online(alice_config(true));
    h.answer_account_info(&sent, &[MAM, "urn:xmpp:sid:0"]);
    let (iq_id, query_id, set) = archive_query(&sent);
    assert_eq!(
        set.get_child("max", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("1")
    );
    assert!(set.get_child("before", RSM).is_some(), "the newest message");
    h.recv_ok(&result(&query_id, "A9", "bob@localhost/phone", "last one"));
    h.recv_ok(&fin(&iq_id, false, Some("A9")));
    let events = h.take_events();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::ArchivePage { .. } | Event::CatchUp { .. })),
        "noting the position shows nothing: {events:?}"
    );
    h
}

fn dropped(h: &mut Harness) -> Resumption {
    h.session.handle_transport_closed(h.now, 1006);
    h.drain();
    h.session
        .resumption()
        .expect("the archive position survives the drop")
}

fn fresh_session_after(resumption: Resumption) -> (Harness, Vec<String>) {
    let mut config = alice_config(true);
    config.resume = Some(resumption);
    online(config)
}

#[test]
fn after_a_drop_a_fresh_session_asks_for_what_came_after_the_anchor_page_by_page() {
    let mut h = first_login_with_archive_at_a9();
    let (mut next, sent) = fresh_session_after(dropped(&mut h));
    let (iq_id, query_id, set) = archive_query(&sent);
    assert_eq!(
        set.get_child("after", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("A9")
    );
    assert_eq!(
        set.get_child("max", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("100")
    );
    next.recv_ok(&result(
        &query_id,
        "B1",
        "bob@localhost/phone",
        "missed one",
    ));
    next.recv_ok(&result(&query_id, "B2", "carol@localhost/x", "missed two"));
    next.recv_ok(&fin(&iq_id, false, Some("B2")));
    let events = next.take_events();
    let [Event::CatchUp {
        messages,
        complete: false,
    }] = events.as_slice()
    else {
        panic!("{events:?}");
    };
    let bodies: Vec<&str> = messages.iter().filter_map(|m| m.body()).collect();
    assert_eq!(bodies, ["missed one", "missed two"]);
    // Not complete: the next page starts after the last one received.
    let (iq_id, query_id, set) = archive_query(&next.take_sent());
    assert_eq!(
        set.get_child("after", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("B2")
    );
    next.recv_ok(&result(
        &query_id,
        "B3",
        "bob@localhost/phone",
        "missed three",
    ));
    next.recv_ok(&fin(&iq_id, true, Some("B3")));
    let events = next.take_events();
    assert!(
        matches!(events.as_slice(), [Event::CatchUp { messages, complete: true }] if messages.len() == 1),
        "{events:?}"
    );
    assert!(next.take_sent().is_empty(), "complete: no more queries");
    // The next drop catches up from B3.
    let (_, sent) = fresh_session_after(dropped(&mut next));
    let (_, _, set) = archive_query(&sent);
    assert_eq!(
        set.get_child("after", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("B3")
    );
}

#[test]
fn a_live_message_with_our_archives_stanza_id_moves_the_anchor_and_a_forged_one_does_not() {
    let mut h = first_login_with_archive_at_a9();
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost/web" type="chat" id="m1"><body>live</body><stanza-id xmlns="urn:xmpp:sid:0" by="alice@localhost" id="C1"/></message>"#);
    // A stanza-id claimed by anyone but our own archive proves nothing (XEP-0359 §5).
    h.recv_ok(r#"<message xmlns="jabber:client" from="mallory@evil/x" to="alice@localhost/web" type="chat" id="m2"><body>spoof</body><stanza-id xmlns="urn:xmpp:sid:0" by="mallory@evil" id="ZZZ"/></message>"#);
    let events = h.take_events();
    assert!(
        matches!(&events[0], Event::Message(m) if m.archive_id.as_deref() == Some("C1")),
        "{events:?}"
    );
    assert!(matches!(&events[1], Event::Message(m) if m.archive_id.is_none()));
    let (_, sent) = fresh_session_after(dropped(&mut h));
    let (_, _, set) = archive_query(&sent);
    assert_eq!(
        set.get_child("after", RSM)
            .map(Element::text_content)
            .as_deref(),
        Some("C1")
    );
}

#[test]
fn an_empty_archive_is_caught_up_from_its_start() {
    let (mut h, sent) = online(alice_config(true));
    let (iq_id, _, _) = archive_query(&sent);
    h.recv_ok(&fin(&iq_id, true, None));
    let (_, sent) = fresh_session_after(dropped(&mut h));
    let (_, _, set) = archive_query(&sent);
    assert!(set.get_child("after", RSM).is_none());
    assert!(
        set.get_child("before", RSM).is_none(),
        "oldest first, from the start"
    );
}

#[test]
fn a_refused_catch_up_ends_quietly() {
    let mut h = first_login_with_archive_at_a9();
    let (mut next, sent) = fresh_session_after(dropped(&mut h));
    let (iq_id, _, _) = archive_query(&sent);
    next.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{iq_id}"><error type="cancel"><feature-not-implemented xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let events = next.take_events();
    assert!(
        matches!(events.as_slice(), [Event::Dropped { reason }] if reason.contains("catch-up")),
        "{events:?}"
    );
    assert!(next.take_sent().is_empty());
}

/// XEP-0359 §5: a `<stanza-id by="our account"/>` is our server's only if our server stamps
/// them; on an account that never said so (or before it has), the sender may have written it
/// to plant where the next catch-up starts.
#[test]
fn a_stanza_id_by_our_account_counts_only_once_the_account_says_it_archives() {
    let (mut h, sent) = online(alice_config(true));
    let planted = r#"<message xmlns="jabber:client" from="mallory@evil/x" to="alice@localhost/web" type="chat" id="m1"><body>planted</body><stanza-id xmlns="urn:xmpp:sid:0" by="alice@localhost" id="FUTURE"/></message>"#;
    h.recv_ok(planted);
    let events = h.take_events();
    assert!(
        matches!(&events[0], Event::Message(m) if m.archive_id.is_none()),
        "{events:?}"
    );
    h.answer_account_info(&sent, &["urn:xmpp:ping"]);
    h.recv_ok(planted);
    let events = h.take_events();
    assert!(
        matches!(&events[0], Event::Message(m) if m.archive_id.is_none()),
        "an account without an archive: {events:?}"
    );
}
