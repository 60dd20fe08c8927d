//! Bookmarks (XEP-0402): the list is asked of our own account once online and its autojoin
//! rooms joined (never twice), our other devices' changes arrive as notifications believed only
//! from our own account, and what we add and remove goes out as the XEP writes it, keeping
//! other clients' extensions.

mod common;

use common::bookmarks::{
    answer_all_but_the_fetch, awaiting_bookmarks, fetch_id, joins, list, notification, refusal,
    with_bookmarks_fetched,
};
use common::muc::{coven, leaves, room, self_presence, HANDLED_IN_COVEN};
use common::sm::{bind_result, drop_connection, next_session, online_with_sm};
use common::{alice_config, Harness};
use palaver::xmpp::session::MAX_BOOKMARKS;
use palaver::xmpp::stanza::{ErrorType, StanzaError};
use palaver::xmpp::{ApiMisuse, Bookmark, Event};

const COVEN: &str = "coven@chat.shakespeare.lit";

fn bookmark(jid: &str, autojoin: bool, nick: Option<&str>) -> Bookmark {
    Bookmark {
        room: room(jid),
        name: None,
        autojoin,
        nick: nick.map(str::to_owned),
        password: None,
    }
}

/// The single request sent since the last take, and its id.
fn request(h: &mut Harness) -> (String, String) {
    let sent = h.take_sent();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    let id = palaver::xmpp::xml::Element::parse(&sent[0])
        .unwrap()
        .get_attr("id")
        .unwrap()
        .to_owned();
    (sent[0].clone(), id)
}

#[test]
fn once_online_the_bookmarks_are_asked_of_our_own_account_after_our_presence() {
    let mut h = Harness::new(alice_config(true));
    let roster = h.login_plain();
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster}"><query xmlns="jabber:iq:roster" ver="1"/></iq>"#
    ));
    let sent = h.take_sent();
    let id = fetch_id(&sent).expect("asked for");
    let fetch = format!(
        r#"<iq xmlns="jabber:client" id="{id}" type="get"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1"/></pubsub></iq>"#
    );
    let at = sent
        .iter()
        .position(|f| *f == fetch)
        .expect("as the XEP writes it");
    assert!(
        sent[0].starts_with("<presence"),
        "presence first: {sent:#?}"
    );
    assert_eq!(at, sent.len() - 1, "{sent:#?}");
}

#[test]
fn the_list_is_told_whole_then_its_autojoin_rooms_are_joined_as_their_nick_or_our_local_part() {
    let (mut h, id) = awaiting_bookmarks();
    h.recv_ok(&list(
        &id,
        "<item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='The Coven' autojoin='true'>\
         <nick>thirdwitch</nick><password>cauldronburn</password></conference></item>\
         <item id='heath@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='1'/></item>\
         <item id='castle@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='Inverness'><nick>lady</nick></conference></item>",
    ));
    let coven_bookmark = Bookmark {
        name: Some("The Coven".into()),
        password: Some("cauldronburn".into()),
        ..bookmark(COVEN, true, Some("thirdwitch"))
    };
    let castle = Bookmark {
        name: Some("Inverness".into()),
        ..bookmark("castle@chat.shakespeare.lit", false, Some("lady"))
    };
    assert_eq!(
        h.take_events(),
        [
            Event::Bookmarks {
                bookmarks: vec![
                    coven_bookmark,
                    bookmark("heath@chat.shakespeare.lit", true, None),
                    castle
                ]
            },
            Event::RoomJoining {
                room: coven(),
                nick: "thirdwitch".into()
            },
            Event::RoomJoining {
                room: room("heath@chat.shakespeare.lit"),
                nick: "alice".into()
            },
        ]
    );
    let sent = h.take_sent();
    assert_eq!(
        joins(&sent),
        [
            format!("{COVEN}/thirdwitch"),
            "heath@chat.shakespeare.lit/alice".to_owned()
        ]
    );
    assert!(
        sent.iter().any(|frame| frame.starts_with("<presence")
            && frame.contains("<password>cauldronburn</password>")),
        "{sent:#?}"
    );
}

#[test]
fn a_room_the_session_is_already_joining_is_not_joined_twice() {
    let (mut h, id) = awaiting_bookmarks();
    h.session
        .join_room(&coven(), "hecate", None, None)
        .expect("online");
    h.drain();
    h.take_sent();
    h.recv_ok(&list(
        &id,
        "<item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>thirdwitch</nick></conference></item>",
    ));
    assert!(h.take_sent().is_empty());
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Bookmarks { .. }]
    ));
}

#[test]
fn a_room_carried_over_from_the_previous_connection_is_joined_once() {
    let mut h = online_with_sm();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .expect("online");
    h.drain();
    let mut next = next_session(drop_connection(&mut h));
    next.take_sent();
    next.recv_ok(&format!(
        r#"<failed xmlns="urn:xmpp:sm:3" h="{}"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>"#,
        HANDLED_IN_COVEN
    ));
    let bind_id = next.sent_one().get_attr("id").unwrap().to_owned();
    next.recv_ok(&bind_result(&bind_id));
    let sent = next.take_sent();
    assert_eq!(joins(&sent), [format!("{COVEN}/thirdwitch")], "rejoined");
    let roster = palaver::xmpp::xml::Element::parse(sent.last().unwrap()).unwrap();
    let roster = roster.get_attr("id").unwrap();
    next.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{roster}"/>"#
    ));
    let sent = next.take_sent();
    let id = fetch_id(&sent).expect("asked for");
    answer_all_but_the_fetch(&mut next, &sent);
    next.take_sent();
    next.take_events();
    next.recv_ok(&list(
        &id,
        "<item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>thirdwitch</nick></conference></item>",
    ));
    assert_eq!(joins(&next.take_sent()), Vec::<String>::new());
    assert!(matches!(
        next.take_events().as_slice(),
        [Event::Bookmarks { .. }]
    ));
}

#[test]
fn no_bookmarks_node_yet_is_an_empty_list() {
    // Another refusal means no PEP bookmarks here: tests/bookmarks_private.rs.
    let (mut h, id) = awaiting_bookmarks();
    h.recv_ok(&refusal(&id, "cancel", "item-not-found"));
    assert_eq!(h.take_events(), [Event::Bookmarks { bookmarks: vec![] }]);
    assert!(
        !h.take_sent()
            .iter()
            .any(|f| f.contains("jabber:iq:private")),
        "PEP works, it is only empty"
    );
}

#[test]
fn malformed_items_are_skipped_and_the_list_is_bounded() {
    let (mut h, id) = awaiting_bookmarks();
    let mut items: String = (0..MAX_BOOKMARKS + 1)
        .map(|n| {
            format!(
                "<item id='room{n}@chat.example'><conference xmlns='urn:xmpp:bookmarks:1'/></item>"
            )
        })
        .collect();
    items.push_str("<item id='no-payload@chat.example'/><item id='a/b@'><conference xmlns='urn:xmpp:bookmarks:1'/></item>");
    h.recv_ok(&list(&id, &items));
    let events = h.take_events();
    let [Event::Dropped { reason: malformed }, Event::Dropped { reason: bound }, Event::Bookmarks { bookmarks }] =
        events.as_slice()
    else {
        panic!("{events:?}");
    };
    assert!(malformed.contains("2 skipped"), "{malformed}");
    assert!(bound.contains("first 512"), "{bound}");
    assert_eq!(bookmarks.len(), MAX_BOOKMARKS);
    assert_eq!(bookmarks[0], bookmark("room0@chat.example", false, None));
}

#[test]
fn a_list_from_anyone_but_our_account_is_not_believed() {
    let (mut h, id) = awaiting_bookmarks();
    h.recv_ok(&list(&id, "").replace(r#"to="alice@localhost/web""#, r#"from="bob@localhost""#));
    assert!(matches!(
        h.take_events().as_slice(),
        [Event::Dropped { reason }] if reason.contains("unexpected sender")
    ));
}

const PLAY: &str = "<item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='The Coven' autojoin='1'><nick>thirdwitch</nick></conference></item>";

#[test]
fn a_bookmark_added_on_another_device_is_told_and_its_room_joined() {
    for from in [Some("alice@localhost"), None] {
        let mut h = with_bookmarks_fetched();
        h.recv_ok(&notification(from, PLAY));
        let added = Bookmark {
            name: Some("The Coven".into()),
            ..bookmark(COVEN, true, Some("thirdwitch"))
        };
        assert_eq!(
            h.take_events(),
            [
                Event::BookmarkAdded(added),
                Event::RoomJoining {
                    room: coven(),
                    nick: "thirdwitch".into()
                }
            ]
        );
        assert_eq!(joins(&h.take_sent()), [format!("{COVEN}/thirdwitch")]);
        // The same notification again (an edit of its name, say): in the room already.
        h.recv_ok(&notification(from, PLAY));
        assert!(h.take_sent().is_empty());
        assert!(matches!(
            h.take_events().as_slice(),
            [Event::BookmarkAdded(_)]
        ));
    }
}

/// Alice, bookmarks fetched, in the coven as `thirdwitch`.
fn in_the_coven() -> Harness {
    let mut h = with_bookmarks_fetched();
    h.session
        .join_room(&coven(), "thirdwitch", None, None)
        .expect("online");
    h.drain();
    h.recv_ok(&self_presence(COVEN, "thirdwitch"));
    h.take_sent();
    h.take_events();
    h
}

#[test]
fn a_bookmark_removed_on_another_device_leaves_its_room_here_too() {
    // XEP-0402 §5: the room of a removed bookmark is left on every device.
    let mut h = in_the_coven();
    h.recv_ok(&notification(
        Some("alice@localhost"),
        "<retract id='coven@chat.shakespeare.lit'/>",
    ));
    assert_eq!(h.take_events(), [Event::BookmarkRemoved { room: coven() }]);
    assert_eq!(leaves(&h.take_sent()), [format!("{COVEN}/thirdwitch")]);
    // The node purged: told as an empty list.
    h.recv_ok(
        "<message xmlns='jabber:client' from='alice@localhost'><event xmlns='http://jabber.org/protocol/pubsub#event'>\
         <purge node='urn:xmpp:bookmarks:1'/></event></message>",
    );
    assert_eq!(h.take_events(), [Event::Bookmarks { bookmarks: vec![] }]);
}

#[test]
fn our_own_removal_of_a_bookmark_keeps_us_in_its_room() {
    // Un-keeping a room we stay in: our server tells us of our own retraction too.
    let mut h = in_the_coven();
    h.session.remove_bookmark(&coven()).expect("online");
    h.drain();
    h.take_sent();
    h.recv_ok(&notification(
        Some("alice@localhost"),
        "<retract id='coven@chat.shakespeare.lit'/>",
    ));
    assert_eq!(h.take_events(), [Event::BookmarkRemoved { room: coven() }]);
    assert_eq!(
        leaves(&h.take_sent()),
        Vec::<String>::new(),
        "still in the room"
    );
}

#[test]
fn bookmark_notifications_from_anyone_but_our_own_bare_jid_are_ignored() {
    for from in [
        "bob@localhost",
        "alice@localhost/phone",
        "localhost",
        "alice@evil.example",
    ] {
        let mut h = in_the_coven();
        h.recv_ok(&notification(Some(from), PLAY));
        h.recv_ok(&notification(
            Some(from),
            "<retract id='coven@chat.shakespeare.lit'/>",
        ));
        let events = h.take_events();
        assert!(
            events
                .iter()
                .all(|e| matches!(e, Event::Dropped { reason } if reason.contains("not from our own account"))),
            "{from}: {events:?}"
        );
        assert_eq!(events.len(), 2);
        assert!(
            h.take_sent().is_empty(),
            "{from}: no room joined, none left"
        );
    }
}

#[test]
fn adding_a_bookmark_reads_its_item_then_publishes_it_in_the_private_node() {
    let mut h = with_bookmarks_fetched();
    let coven_bookmark = Bookmark {
        name: Some("The Coven".into()),
        ..bookmark(COVEN, true, Some("thirdwitch"))
    };
    h.session.add_bookmark(&coven_bookmark).expect("online");
    h.drain();
    let (read, id) = request(&mut h);
    assert_eq!(
        read,
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="get"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1"><item id="{COVEN}"/></items></pubsub></iq>"#
        )
    );
    // A new bookmark: the node has no such item.
    h.recv_ok(&list(&id, ""));
    let (publish, id) = request(&mut h);
    assert_eq!(
        publish,
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:bookmarks:1"><item id="{COVEN}"><conference xmlns="urn:xmpp:bookmarks:1" name="The Coven" autojoin="true"><nick>thirdwitch</nick></conference></item></publish><publish-options><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var="pubsub#persist_items"><value>true</value></field><field var="pubsub#max_items"><value>max</value></field><field var="pubsub#send_last_published_item"><value>never</value></field><field var="pubsub#access_model"><value>whitelist</value></field></x></publish-options></pubsub></iq>"#
        )
    );
    // Saved: the server's notification tells it, to this device as to the others.
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    assert_eq!(h.take_events(), []);
}

#[test]
fn editing_a_bookmark_keeps_the_extensions_another_client_wrote() {
    let mut h = with_bookmarks_fetched();
    let renamed = Bookmark {
        name: Some("The Orchard".into()),
        ..bookmark(COVEN, false, None)
    };
    h.session.add_bookmark(&renamed).expect("online");
    h.drain();
    let (_, id) = request(&mut h);
    h.recv_ok(&list(
        &id,
        "<item id='coven@chat.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='The Orcard' autojoin='1'>\
         <nick>JC</nick><extensions><state xmlns='http://myclient.example/bookmark/state' minimized='true'/></extensions>\
         </conference></item>",
    ));
    let (publish, _) = request(&mut h);
    assert!(
        publish.contains(r#"<item id="coven@chat.shakespeare.lit"><conference xmlns="urn:xmpp:bookmarks:1" name="The Orchard"><extensions><state xmlns="http://myclient.example/bookmark/state" minimized="true"/></extensions></conference></item>"#),
        "{publish}"
    );
}

#[test]
fn removing_a_bookmark_retracts_it_telling_our_other_devices() {
    let mut h = with_bookmarks_fetched();
    h.session.remove_bookmark(&coven()).expect("online");
    h.drain();
    let (retract, id) = request(&mut h);
    assert_eq!(
        retract,
        format!(
            r#"<iq xmlns="jabber:client" id="{id}" type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><retract node="urn:xmpp:bookmarks:1" notify="true"><item id="{COVEN}"/></retract></pubsub></iq>"#
        )
    );
    h.recv_ok(&format!(
        r#"<iq xmlns="jabber:client" type="result" id="{id}"/>"#
    ));
    assert_eq!(h.take_events(), []);
}

fn failed(condition: &str, kind: ErrorType) -> Event {
    Event::BookmarkFailed {
        room: coven(),
        error: StanzaError {
            kind,
            condition: condition.into(),
            text: None,
        },
    }
}

#[test]
fn a_refused_publication_read_or_retraction_is_bookmark_failed() {
    let mut h = with_bookmarks_fetched();
    h.session
        .add_bookmark(&bookmark(COVEN, true, None))
        .expect("online");
    h.drain();
    let (_, id) = request(&mut h);
    h.recv_ok(&list(&id, ""));
    let (_, id) = request(&mut h);
    // XEP-0060 §7.1.5: the node exists with another configuration.
    h.recv_ok(&refusal(&id, "cancel", "conflict"));
    assert_eq!(h.take_events(), [failed("conflict", ErrorType::Cancel)]);
    // A read that fails publishes nothing: what would be overwritten is unknown.
    h.session
        .add_bookmark(&bookmark(COVEN, true, None))
        .expect("online");
    h.drain();
    let (_, id) = request(&mut h);
    h.recv_ok(&refusal(&id, "auth", "forbidden"));
    assert_eq!(h.take_events(), [failed("forbidden", ErrorType::Auth)]);
    assert!(h.take_sent().is_empty());
    h.session.remove_bookmark(&coven()).expect("online");
    h.drain();
    let (_, id) = request(&mut h);
    h.recv_ok(&refusal(&id, "cancel", "item-not-found"));
    assert_eq!(
        h.take_events(),
        [failed("item-not-found", ErrorType::Cancel)]
    );
}

#[test]
fn an_unanswered_publication_fails_in_time() {
    let mut h = with_bookmarks_fetched();
    h.session.remove_bookmark(&coven()).expect("online");
    h.drain();
    h.take_sent();
    h.wake_at_deadline();
    let events = h.take_events();
    assert!(
        matches!(events.as_slice(), [Event::BookmarkFailed { room, error }]
            if *room == coven() && error.condition == "remote-server-timeout"),
        "{events:?}"
    );
}

#[test]
fn a_bookmark_that_cannot_be_saved_is_a_caller_error() {
    let mut h = with_bookmarks_fetched();
    for nick in ["", "  ", "bad\u{7}nick"] {
        assert_eq!(
            h.session.add_bookmark(&bookmark(COVEN, true, Some(nick))),
            Err(ApiMisuse::InvalidNick),
            "{nick:?}"
        );
    }
    let long = Bookmark {
        name: Some("n".repeat(1025)),
        ..bookmark(COVEN, true, None)
    };
    assert_eq!(
        h.session.add_bookmark(&long),
        Err(ApiMisuse::InvalidBookmark)
    );
    h.drain();
    assert!(h.take_sent().is_empty());
    let mut offline = Harness::new(alice_config(true));
    assert_eq!(
        offline.session.add_bookmark(&bookmark(COVEN, true, None)),
        Err(ApiMisuse::NotOnline)
    );
    assert_eq!(
        offline.session.remove_bookmark(&coven()),
        Err(ApiMisuse::NotOnline)
    );
}
