//! XEP-0115 entity capabilities of others: a presence's `<c/>` hash is looked up once with
//! disco#info at the announcing resource, verified (§5.4) and cached by verification string,
//! so everyone else announcing the same hash costs nothing.

mod common;

use common::{alice_config, Harness};
use palaver::xmpp::xml::Element;
use palaver::xmpp::Event;

/// XEP-0115 §5.2: Exodus 0.9.1's features hash to this verification string.
const VER: &str = "QgayPKawpkPSDYmwT/WM94uAlu0=";
const INFO: &str = r#"<identity category="client" type="pc" name="Exodus 0.9.1"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/>"#;

fn presence_with_caps(from: &str) -> String {
    format!(
        r#"<presence xmlns="jabber:client" from="{from}"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="http://code.google.com/p/exodus" ver="{VER}"/></presence>"#
    )
}

fn capabilities(events: &[Event]) -> Vec<(String, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Capabilities { from, features } => Some((from.to_string(), features.len())),
            _ => None,
        })
        .collect()
}

/// Bob's presence arrives; returns the session and the id of the disco#info query it sent.
fn asked_bob() -> (Harness, String) {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/><item jid="carol@localhost" subscription="both"/>"#);
    h.recv_ok(&presence_with_caps("bob@localhost/desk"));
    let query = h.sent_one();
    assert_eq!(query.get_attr("to"), Some("bob@localhost/desk"));
    let disco = query
        .get_child("query", "http://jabber.org/protocol/disco#info")
        .expect("disco#info");
    assert_eq!(
        disco.get_attr("node"),
        Some(format!("http://code.google.com/p/exodus#{VER}").as_str())
    );
    let id = query.get_attr("id").expect("id").to_owned();
    h.take_events();
    (h, id)
}

fn answer(from: &str, id: &str, info: &str) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="{from}"><query xmlns="http://jabber.org/protocol/disco#info" node="http://code.google.com/p/exodus#{VER}">{info}</query></iq>"#
    )
}

#[test]
fn a_verified_answer_is_cached_for_everyone_with_the_same_hash() {
    let (mut h, id) = asked_bob();
    h.recv_ok(&answer("bob@localhost/desk", &id, INFO));
    assert_eq!(
        capabilities(&h.take_events()),
        [("bob@localhost/desk".to_owned(), 4)]
    );
    // Carol runs the same software: no second query.
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    assert!(h.take_sent().is_empty());
    assert_eq!(
        capabilities(&h.take_events()),
        [("carol@localhost/laptop".to_owned(), 4)]
    );
}

#[test]
fn an_answer_that_does_not_hash_to_the_announced_string_is_not_cached() {
    let (mut h, id) = asked_bob();
    let lie = INFO.replace("muc", "jingle");
    h.recv_ok(&answer("bob@localhost/desk", &id, &lie));
    let events = h.take_events();
    assert!(capabilities(&events).is_empty(), "{events:?}");
    assert!(matches!(events.as_slice(), [Event::Dropped { .. }]));
    // The next announcement of that hash is asked about again.
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    let again = Element::parse(&h.take_sent()[0]).expect("valid XML");
    assert_eq!(again.get_attr("to"), Some("carol@localhost/laptop"));
}

#[test]
fn an_answer_from_someone_else_is_dropped() {
    let (mut h, id) = asked_bob();
    h.recv_ok(&answer("mallory@evil.example/x", &id, INFO));
    let events = h.take_events();
    assert!(capabilities(&events).is_empty(), "{events:?}");
    // Bob's real answer still counts.
    h.recv_ok(&answer("bob@localhost/desk", &id, INFO));
    assert_eq!(capabilities(&h.take_events()).len(), 1);
}

#[test]
fn one_query_per_hash_while_it_is_out() {
    let (mut h, _) = asked_bob();
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    assert!(
        h.take_sent().is_empty(),
        "the question about this hash is already out"
    );
}

/// Asking a stranger what their software supports would tell them we are online: only
/// contacts (and our own devices) are asked.
#[test]
fn a_stranger_announcing_capabilities_is_not_asked() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(&presence_with_caps("mallory@evil.example/x"));
    assert!(h.take_sent().is_empty(), "no disco#info to a stranger");
    h.recv_ok(&presence_with_caps("alice@localhost/phone"));
    let query = h.sent_one();
    assert_eq!(query.get_attr("to"), Some("alice@localhost/phone"));
}

/// A contact announcing a hash and never answering must not stop us from learning it: the
/// query times out and the next announcement is asked about again.
#[test]
fn a_query_nobody_answers_times_out_and_the_hash_is_asked_again() {
    let (mut h, _) = asked_bob();
    h.advance(palaver::xmpp::session::IQ_TIMEOUT);
    h.take_sent(); // the keep-alive ping, due at the same time
    let events = h.take_events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Dropped { reason } if reason.contains("capabilities"))),
        "{events:?}"
    );
    h.recv_ok(&presence_with_caps("carol@localhost/laptop"));
    assert_eq!(h.sent_one().get_attr("to"), Some("carol@localhost/laptop"));
}

/// XEP-0115 §5.4: duplicate features make the answer ill-formed, even if the duplicates
/// would hash to the announced string once removed.
#[test]
fn an_answer_with_a_duplicate_feature_is_refused() {
    let (mut h, id) = asked_bob();
    let twice = format!(r#"{INFO}<feature var="http://jabber.org/protocol/muc"/>"#);
    h.recv_ok(&answer("bob@localhost/desk", &id, &twice));
    let events = h.take_events();
    assert!(capabilities(&events).is_empty(), "{events:?}");
}

/// XEP-0115 §5.3: a modern client's answer with languages and a software-information form
/// verifies (Psi's, from the XEP).
#[test]
fn an_answer_with_languages_and_an_information_form_verifies() {
    let ver = "q07IKJEyjvHSyhy//CH0CxmKi8w=";
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.recv_ok(&format!(
        r#"<presence xmlns="jabber:client" from="bob@localhost/psi"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="http://psi-im.org" ver="{ver}"/></presence>"#
    ));
    let id = h.sent_one().get_attr("id").expect("id").to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" from="bob@localhost/psi"><query xmlns="http://jabber.org/protocol/disco#info" node="http://psi-im.org#{ver}"><identity xml:lang="en" category="client" name="Psi 0.11" type="pc"/><identity xml:lang="el" category="client" name="Ψ 0.11" type="pc"/><feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/><feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/><x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:dataforms:softwareinfo</value></field><field var="ip_version"><value>ipv4</value><value>ipv6</value></field><field var="os"><value>Mac</value></field><field var="os_version"><value>10.5.1</value></field><field var="software"><value>Psi</value></field><field var="software_version"><value>0.11</value></field></x></query></iq>"#
    ));
    assert_eq!(
        capabilities(&h.take_events()),
        [("bob@localhost/psi".to_owned(), 4)]
    );
}

/// However many hashes contacts announce, at most `MAX_CAPS_QUERIES` questions are out at once.
#[test]
fn a_flood_of_hashes_is_bounded() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    for i in 0..100 {
        h.recv_ok(&format!(
            r#"<presence xmlns="jabber:client" from="bob@localhost/r{i}"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="n" ver="v{i}="/></presence>"#
        ));
    }
    assert_eq!(
        h.take_sent().len(),
        palaver::xmpp::session::MAX_CAPS_QUERIES,
        "the rest wait for a later announcement"
    );
}

/// The cache keeps at most `MAX_CACHED_CAPS` verified answers: one more forgets the least
/// recently used (asked again when next announced), while the newest is still answered from
/// memory.
#[test]
fn a_full_cache_forgets_the_least_recently_used_hash() {
    use palaver::xmpp::session::MAX_CACHED_CAPS;
    use palaver::xmpp::stanza::caps::verification_string;
    use palaver::xmpp::stanza::disco::DiscoInfo;
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    // Software number i supports one feature of its own. (The hash itself is checked against
    // XEP-0115's own examples elsewhere; here it only has to be right.)
    let info = |i: usize| {
        format!(
            r#"<identity category="client" type="pc"/><feature var="urn:example:feature:{i}"/>"#
        )
    };
    let ver = |i: usize| {
        let query = Element::parse(&format!(
            r#"<query xmlns="http://jabber.org/protocol/disco#info">{}</query>"#,
            info(i)
        ))
        .expect("test XML");
        verification_string(&DiscoInfo::try_from(&query).expect("disco#info")).expect("well-formed")
    };
    let announce = |h: &mut Harness, resource: &str, i: usize| {
        h.recv_ok(&format!(
            r#"<presence xmlns="jabber:client" from="bob@localhost/{resource}"><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="n" ver="{}"/></presence>"#,
            ver(i)
        ));
    };
    for i in 0..=MAX_CACHED_CAPS {
        announce(&mut h, &format!("r{i}"), i);
        let query = h.sent_one();
        let id = query.get_attr("id").expect("id").to_owned();
        h.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}" from="bob@localhost/r{i}"><query xmlns="http://jabber.org/protocol/disco#info" node="n#{}">{}</query></iq>"#,
            ver(i),
            info(i)
        ));
        assert_eq!(
            capabilities(&h.take_events()).len(),
            1,
            "software {i} verified"
        );
    }
    // The newest is known: no question, its capabilities at once.
    announce(&mut h, "again-newest", MAX_CACHED_CAPS);
    assert!(h.take_sent().is_empty());
    assert_eq!(capabilities(&h.take_events()).len(), 1);
    // The first was pushed out by the 257th: asked again.
    announce(&mut h, "again-first", 0);
    let query = h.sent_one();
    assert_eq!(query.get_attr("to"), Some("bob@localhost/again-first"));
}
