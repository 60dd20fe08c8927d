//! Managing the roster (RFC 6121 §2.3–2.5) and subscriptions (§3): add, rename, regroup,
//! remove; subscribe, approve, deny, unsubscribe; roster versioning (§2.6).

mod common;

use common::{alice_config, bind_features, Harness};
use palaver::xmpp::stanza::RosterQuery;
use palaver::xmpp::{ApiMisuse, BareJid, Event, RosterItem, Subscription};

fn bob() -> BareJid {
    BareJid::parse("bob@localhost").unwrap()
}

#[test]
fn adding_or_renaming_sends_a_roster_set_without_subscription() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session
        .update_contact(
            &bob(),
            Some("Bobby"),
            &["Friends".into(), "".into(), "Work".into()],
        )
        .unwrap();
    h.drain();
    let set = h.sent_one();
    let id = set.get_attr("id").unwrap();
    assert_eq!(
        set.to_string(),
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" name="Bobby"><group>Friends</group><group>Work</group></item></query></iq>"#
        )
    );
}

#[test]
fn removing_sends_subscription_remove() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="both"/>"#);
    h.session.remove_contact(&bob()).unwrap();
    h.drain();
    let set = h.sent_one();
    assert!(set
        .to_string()
        .contains(r#"<item jid="bob@localhost" subscription="remove"/>"#));
}

#[test]
fn a_refused_change_is_reported_with_the_contact() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session.update_contact(&bob(), None, &[]).unwrap();
    h.drain();
    let id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    ));
    let events = h.take_events();
    let [Event::RosterChangeFailed { jid, error }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(jid, &bob());
    assert_eq!(error.condition, "not-acceptable");
}

#[test]
fn subscription_commands_send_the_right_presence() {
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster("");
    h.session.subscribe(&bob()).unwrap();
    h.session.approve_subscription(&bob()).unwrap();
    h.session.deny_subscription(&bob()).unwrap();
    h.session.unsubscribe(&bob()).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        ["subscribe", "subscribed", "unsubscribed", "unsubscribe"]
            .map(|t| format!(r#"<presence xmlns="jabber:client" to="bob@localhost" type="{t}"/>"#))
    );
}

#[test]
fn roster_commands_need_an_online_session() {
    let mut h = Harness::new(alice_config(true));
    assert_eq!(
        h.session.update_contact(&bob(), None, &[]),
        Err(ApiMisuse::NotOnline)
    );
    assert_eq!(h.session.remove_contact(&bob()), Err(ApiMisuse::NotOnline));
    assert_eq!(h.session.subscribe(&bob()), Err(ApiMisuse::NotOnline));
}

fn login_with_versioning(
    cached: Option<&str>,
    announced: bool,
) -> (Harness, String, palaver::xmpp::xml::Element) {
    let mut config = alice_config(true);
    config.cached_roster = cached.map(|ver| RosterQuery {
        ver: Some(ver.to_owned()),
        items: vec![RosterItem {
            jid: bob(),
            name: Some("Bob".into()),
            subscription: Subscription::Both,
            ask_pending: false,
            approved: false,
            groups: Vec::new(),
        }],
    });
    let mut h = Harness::new(config);
    h.authenticate_plain();
    let mut features = bind_features(false);
    if announced {
        features = features.replace(
            "</stream:features>",
            r#"<ver xmlns="urn:xmpp:features:rosterver"/></stream:features>"#,
        );
    }
    h.recv_ok(&features);
    let id = h.sent_one().get_attr("id").unwrap().to_owned();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/web</jid></bind></iq>"#
    ));
    let get = h.sent_one();
    let id = get.get_attr("id").unwrap().to_owned();
    h.take_events();
    (h, id, get)
}

#[test]
fn with_versioning_the_cached_version_is_sent_and_an_empty_result_keeps_the_cache() {
    let (mut h, id, get) = login_with_versioning(Some("v41"), true);
    let query = get.children().next().unwrap();
    assert_eq!(query.get_attr("ver"), Some("v41"));
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    assert_eq!(h.take_events(), [Event::RosterUpToDate]);
    assert_eq!(
        h.take_sent().len(),
        7,
        "initial presence, carbons, the archive position, the server's features and items, our account's features and our bookmarks follow"
    );
}

#[test]
fn with_versioning_and_no_cache_an_empty_version_asks_for_everything() {
    let (_, _, get) = login_with_versioning(None, true);
    assert_eq!(get.children().next().unwrap().get_attr("ver"), Some(""));
}

#[test]
fn without_server_support_no_version_is_sent() {
    let (_, _, get) = login_with_versioning(Some("v41"), false);
    assert_eq!(get.children().next().unwrap().get_attr("ver"), None);
}

#[test]
fn a_pre_approval_is_an_answer_before_the_question_and_the_roster_says_so() {
    // RFC 6121 §3.4: approving someone who has not asked yet pre-approves them; the server
    // marks the item approved and accepts their request later without asking us.
    let mut h = Harness::new(alice_config(true));
    h.online_with_roster(r#"<item jid="bob@localhost" subscription="none"/>"#);
    h.session.approve_subscription(&bob()).unwrap();
    h.drain();
    assert_eq!(
        h.take_sent(),
        [r#"<presence xmlns="jabber:client" to="bob@localhost" type="subscribed"/>"#]
    );
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="push1"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" subscription="none" approved="true"/></query></iq>"#);
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RosterPush { item, .. }] if item.approved && !item.ask_pending),
        "{events:?}"
    );
}

#[test]
fn with_a_current_cached_roster_the_session_works_from_its_items() {
    let (mut h, id, _) = login_with_versioning(Some("v41"), true);
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    h.take_sent();
    // Bob is in the cached roster with a "both" subscription: he gets receipts and markers.
    h.recv_ok(r#"<message xmlns="jabber:client" from="bob@localhost/phone" type="chat" id="b1"><body>hi</body><request xmlns="urn:xmpp:receipts"/></message>"#);
    assert!(
        h.take_sent()[0].contains(r#"<received xmlns="urn:xmpp:receipts" id="b1"/>"#),
        "the cache says Bob may see our presence"
    );
}

#[test]
fn a_push_carries_the_new_roster_version() {
    let (mut h, id, _) = login_with_versioning(Some("v41"), true);
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    h.take_events();
    h.recv_ok(r#"<iq xmlns="jabber:client" type="set" id="p1"><query xmlns="jabber:iq:roster" ver="v42"><item jid="carol@localhost" subscription="none"/></query></iq>"#);
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::RosterPush { ver: Some(v), .. }] if v == "v42"),
        "{events:?}"
    );
}
