//! Message archive (XEP-0313): querying a conversation's last page, collecting results, `<fin/>`,
//! and refusing results from another archive or for queries we did not send (ARCHITECTURE.md, "Invariants").

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::xml::Element;
use palaver::xmpp::{BareJid, Event};

fn bob() -> BareJid {
    BareJid::parse("bob@localhost").unwrap()
}

/// Sends a query for Bob's conversation; returns (iq id, query id).
fn query(h: &mut Harness) -> (String, String) {
    h.session.query_archive(&bob(), None, 50).unwrap();
    h.drain();
    let iq = h.sent_one();
    let query = iq.children().next().expect("query").clone();
    assert!(query.is("query", "urn:xmpp:mam:2"));
    assert_eq!(iq.get_attr("to"), None, "our own archive: no 'to'");
    (
        iq.get_attr("id").unwrap().to_owned(),
        query.get_attr("queryid").unwrap().to_owned(),
    )
}

fn result(
    query_id: &str,
    archive_id: &str,
    from: &str,
    body: &str,
    outer_from: Option<&str>,
) -> String {
    let outer_from = outer_from
        .map(|f| format!(r#" from="{f}""#))
        .unwrap_or_default();
    format!(
        r#"<message xmlns="jabber:client" to="alice@localhost/web"{outer_from}><result xmlns="urn:xmpp:mam:2" queryid="{query_id}" id="{archive_id}"><forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-11-24T10:00:0{n}Z"/><message xmlns="jabber:client" from="{from}" type="chat" id="m-{archive_id}"><body>{body}</body></message></forwarded></result></message>"#,
        n = archive_id.len() % 10
    )
}

#[test]
fn a_page_of_results_arrives_as_one_event_oldest_first() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let (iq_id, query_id) = query(&mut h);
    h.recv_ok(&result(
        &query_id,
        "A1",
        "bob@localhost/phone",
        "first",
        None,
    ));
    h.recv_ok(&result(
        &query_id,
        "A2",
        "alice@localhost/web",
        "second",
        Some("alice@localhost"),
    ));
    assert!(h.take_events().is_empty(), "results wait for <fin/>");
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{iq_id}"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first>A1</first><last>A2</last></set></fin></iq>"#
    ));
    let events = h.take_events();
    let [Event::ArchivePage {
        with,
        messages,
        complete,
        first,
    }] = events.as_slice()
    else {
        panic!("{events:?}")
    };
    assert_eq!(with, &bob());
    assert!(complete);
    assert_eq!(first.as_deref(), Some("A1"));
    let bodies: Vec<&str> = messages.iter().filter_map(|m| m.body()).collect();
    assert_eq!(bodies, ["first", "second"]);
    assert_eq!(messages[1].from.to_string(), "alice@localhost/web");
    assert_eq!(messages[0].id.as_deref(), Some("m-A1"));
}

#[test]
fn results_from_another_archive_or_for_unknown_queries_are_dropped() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let (iq_id, query_id) = query(&mut h);
    h.recv_ok(&result(
        &query_id,
        "X1",
        "bob@localhost/x",
        "forged",
        Some("mallory@evil.example"),
    ));
    h.recv_ok(&result(
        &query_id,
        "X2",
        "bob@localhost/x",
        "forged",
        Some("alice@localhost/other"),
    ));
    h.recv_ok(&result(
        "not-our-query",
        "X3",
        "bob@localhost/x",
        "forged",
        None,
    ));
    let events = h.take_events();
    assert_eq!(events.len(), 3);
    assert!(
        events.iter().all(|e| matches!(e, Event::Dropped { .. })),
        "{events:?}"
    );
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{iq_id}"><fin xmlns="urn:xmpp:mam:2"/></iq>"#
    ));
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::ArchivePage { messages, complete: false, .. }] if messages.is_empty())
    );
}

#[test]
fn paging_back_sends_before_with_the_oldest_id() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session.query_archive(&bob(), Some("A1"), 20).unwrap();
    h.drain();
    let iq = h.sent_one();
    let set = iq
        .children()
        .next()
        .unwrap()
        .get_child("set", "http://jabber.org/protocol/rsm")
        .unwrap()
        .clone();
    assert_eq!(
        set.to_string(),
        r#"<set xmlns="http://jabber.org/protocol/rsm"><max>20</max><before>A1</before></set>"#
    );
}

#[test]
fn a_refused_query_is_reported() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let (iq_id, _) = query(&mut h);
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{iq_id}"><error type="cancel"><feature-not-implemented xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    assert!(
        matches!(h.take_events().as_slice(), [Event::ArchiveFailed { error, .. }] if error.condition == "feature-not-implemented")
    );
}

#[test]
fn archived_chat_states_are_skipped() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    let (iq_id, query_id) = query(&mut h);
    let typing = result(&query_id, "A1", "bob@localhost/x", "", None).replace(
        "<body></body>",
        r#"<composing xmlns="http://jabber.org/protocol/chatstates"/>"#,
    );
    h.recv_ok(&typing);
    h.recv_ok(&format!(r#"<iq xmlns="jabber:client" type="result" id="{iq_id}"><fin xmlns="urn:xmpp:mam:2" complete="true"/></iq>"#));
    assert!(
        matches!(h.take_events().as_slice(), [Event::ArchivePage { messages, .. }] if messages.is_empty())
    );
    let _ = Element::parse(&typing).unwrap();
}
