//! Bookmark helpers (XEP-0402): Alice online with her bookmarks asked for, and what her server
//! sends back: the list, one item, notifications.

use palaver::xmpp::xml::Element;
use palaver::xmpp::Event;

use super::{alice_config, Harness};

/// The bookmarks node (and the namespace of its `<conference/>`).
pub const NODE: &str = "urn:xmpp:bookmarks:1";
const PUBSUB: &str = "http://jabber.org/protocol/pubsub";

/// Whether `e` is our request for the whole list.
fn is_fetch(e: &Element) -> bool {
    e.is("iq", "jabber:client")
        && e.get_attr("type") == Some("get")
        && e.get_child("pubsub", PUBSUB)
            .and_then(|p| p.get_child("items", PUBSUB))
            .is_some_and(|items| {
                items.get_attr("node") == Some(NODE) && items.children().next().is_none()
            })
}

/// The id of the request for the whole list among `sent`, if there is one.
pub fn fetch_id(sent: &[String]) -> Option<String> {
    sent.iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .find(is_fetch)
        .and_then(|e| e.get_attr("id").map(str::to_owned))
}

/// Answers every request among `sent` but the bookmarks fetch with an empty result, as a server
/// with nothing to say would.
pub fn answer_all_but_the_fetch(h: &mut Harness, sent: &[String]) {
    let others: Vec<String> = sent
        .iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .filter(|e| e.name() == "iq" && matches!(e.get_attr("type"), Some("get" | "set")))
        .filter(|e| !is_fetch(e))
        .filter_map(|e| e.get_attr("id").map(str::to_owned))
        .collect();
    for id in others {
        h.recv_ok(&format!(
            r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
        ));
    }
}

/// Alice online with no contacts, every request of the login answered but the bookmarks
/// fetch, whose id is returned. Sent frames and events taken.
pub fn awaiting_bookmarks() -> (Harness, String) {
    let mut h = Harness::new(alice_config(true));
    let roster = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster}"><query xmlns="jabber:iq:roster" ver="1"/></iq>"#
    ));
    let sent = h.take_sent();
    let id = fetch_id(&sent).expect("the bookmarks are asked for once online");
    answer_all_but_the_fetch(&mut h, &sent);
    h.take_sent();
    h.take_events();
    (h, id)
}

/// Alice online, her (empty) list received: ready to add, remove and hear of bookmarks.
pub fn with_bookmarks_fetched() -> Harness {
    let (mut h, id) = awaiting_bookmarks();
    h.recv_ok(&list(&id, ""));
    assert_eq!(h.take_events(), [Event::Bookmarks { bookmarks: vec![] }]);
    h
}

/// Our server's answer to request `id` with `items` (`<item/>` XML in the pubsub namespace).
pub fn list(id: &str, items: &str) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}" to="alice@localhost/web"><pubsub xmlns="{PUBSUB}"><items node="{NODE}">{items}</items></pubsub></iq>"#
    )
}

/// An error answer to request `id` with `condition`.
pub fn refusal(id: &str, kind: &str, condition: &str) -> String {
    format!(
        r#"<iq xmlns="jabber:client" type="error" id="{id}"><error type="{kind}"><{condition} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>"#
    )
}

/// A notification of the bookmarks node (XEP-0402 §5) with `inner` in its `<items/>`, from
/// `from` (`None`: no `from`, as our own server may send it).
pub fn notification(from: Option<&str>, inner: &str) -> String {
    let from = from.map(|f| format!(" from='{f}'")).unwrap_or_default();
    format!(
        "<message xmlns='jabber:client'{from} to='alice@localhost/web' type='headline' id='n1'>\
         <event xmlns='http://jabber.org/protocol/pubsub#event'><items node='{NODE}'>{inner}</items></event></message>"
    )
}

/// The `to` of every room join presence in `frames`.
pub fn joins(frames: &[String]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .filter(|e| {
            e.is("presence", "jabber:client")
                && e.get_child("x", "http://jabber.org/protocol/muc").is_some()
        })
        .map(|e| e.get_attr("to").unwrap_or_default().to_owned())
        .collect()
}
