//! How what the session reports lands in the store's conversations, in headless Chromium
//! (ARCHITECTURE.md, "Tests, by layer"): presence per resource, unread counts, the catch-up
//! after a drop, changes only from a message's own conversation, the bounded message window,
//! stamps never in the future, and the bounds on what strangers can make the page keep.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::{apply, online_with_contacts, record_outgoing, with_contacts};
use leptos::prelude::*;
use palaver::store::{conversation, ConnectionState, Store};
use palaver::xmpp::{
    ArchivedMessage, BareJid, Content, Event, FullJid, IncomingMessage, Jid, MessageType,
    PresenceUpdate, Show, Text,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn bare(s: &str) -> BareJid {
    BareJid::parse(s).expect("test JID")
}

fn presence(from: &str, show: Show, priority: i8, available: bool) -> Event {
    Event::Presence(PresenceUpdate {
        from: Jid::parse(from).expect("test JID"),
        available,
        show,
        status: Some(format!("{from} status")),
        priority,
    })
}

#[wasm_bindgen_test]
fn the_highest_priority_resource_is_shown() {
    let store = Store::new();
    with_contacts(&store, &["bob@localhost"]);
    let bob = bare("bob@localhost");
    apply(
        &store,
        presence("bob@localhost/phone", Show::Away, 0, true),
        0.0,
    );
    apply(
        &store,
        presence("bob@localhost/desk", Show::Dnd, 10, true),
        0.0,
    );
    let shown = store.presence_of(&bob);
    assert_eq!(shown.with_untracked(|p| p.as_str()), "dnd");
    assert_eq!(
        shown.with_untracked(|p| p.status()),
        "bob@localhost/desk status"
    );
    apply(
        &store,
        presence("bob@localhost/desk", Show::Online, 0, false),
        0.0,
    );
    assert_eq!(shown.with_untracked(|p| p.as_str()), "away");
    apply(
        &store,
        presence("bob@localhost/phone", Show::Online, 0, false),
        0.0,
    );
    assert_eq!(shown.with_untracked(|p| p.as_str()), "offline");
}

#[wasm_bindgen_test]
fn messages_land_in_their_conversation_and_count_as_unread_when_closed() {
    let store = online_with_contacts(&["bob@localhost"]);
    assert_eq!(store.connection.get_untracked(), ConnectionState::Online);
    let bob = bare("bob@localhost");
    let incoming = incoming(
        "m1",
        "bob@localhost/phone",
        "<img src=x onerror=alert(1)>",
        None,
    );
    apply(&store, incoming, 1.0);
    record_outgoing(&store, &bob, "m2".into(), "hi".into(), 2.0);
    let messages = store.conversation(&bob).get_untracked();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].body, "<img src=x onerror=alert(1)>");
    assert!(!messages[0].outgoing);
    assert!(messages[1].outgoing);
    assert_eq!(messages[1].from, bare("alice@localhost"));
    assert_eq!(
        store.unread.with_untracked(|u| u.get(&bob).copied()),
        Some(1)
    );
}

fn archived(archive_id: &str, id: &str, from: &str, to: &str, body: &str) -> ArchivedMessage {
    ArchivedMessage {
        archive_id: archive_id.into(),
        id: Some(id.into()),
        origin_id: None,
        from: Jid::parse(from).unwrap(),
        to: Some(Jid::parse(to).unwrap()),
        content: Content::Text(Text::plain(body)),
        stamp: Some(palaver::xmpp::stanza::date::DateTime::parse("2026-11-24T10:00:00Z").unwrap()),
        occupant_id: None,
    }
}

/// A live chat message with a body.
fn incoming(id: &str, from: &str, body: &str, archive_id: Option<&str>) -> Event {
    Event::Message(IncomingMessage {
        id: Some(id.into()),
        origin_id: None,
        from: Jid::parse(from).unwrap(),
        kind: MessageType::Chat,
        thread: None,
        archive_id: archive_id.map(str::to_owned),
        stamp: None,
        content: Content::Text(Text::plain(body)),
    })
}

#[wasm_bindgen_test]
fn the_catch_up_adds_only_what_the_conversation_lacks() {
    let store = online_with_contacts(&["bob@localhost", "carol@localhost"]);
    let bob = bare("bob@localhost");
    let carol = bare("carol@localhost");
    // Seen live before the drop (with its archive id), and one of ours.
    let live = incoming("b1", "bob@localhost/phone", "before", Some("S1"));
    apply(&store, live, 1.0);
    record_outgoing(&store, &bob, "a1".into(), "mine".into(), 2.0);
    let catch_up = Event::CatchUp {
        messages: vec![
            archived(
                "S1",
                "b1",
                "bob@localhost/phone",
                "alice@localhost",
                "before",
            ),
            archived("S2", "a1", "alice@localhost/web", "bob@localhost", "mine"),
            archived(
                "S3",
                "b2",
                "bob@localhost/phone",
                "alice@localhost",
                "missed",
            ),
            archived("S4", "c1", "carol@localhost/x", "alice@localhost", "hello"),
        ],
        complete: true,
    };
    apply(&store, catch_up, 3.0);
    let with_bob = store.conversation(&bob).get_untracked();
    let bodies: Vec<&str> = with_bob.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["before", "mine", "missed"]);
    assert_eq!(with_bob[2].archive_id.as_deref(), Some("S3"));
    let with_carol = store.conversation(&carol).get_untracked();
    assert_eq!(with_carol.len(), 1);
    assert_eq!(
        store
            .unread
            .with_untracked(|u| (u.get(&bob).copied(), u.get(&carol).copied())),
        (Some(2), Some(1))
    );
    // The same message arriving live again (offline delivery) is not shown twice.
    let again = incoming("b2", "bob@localhost/phone", "missed", Some("S3"));
    apply(&store, again, 4.0);
    assert_eq!(store.conversation(&bob).get_untracked().len(), 3);
}

#[wasm_bindgen_test]
fn ours_sent_live_learn_their_archive_ids_from_a_catch_up_or_a_page_that_repeats_them() {
    // Older pages are asked from before the first message holding an archive id: one of ours
    // without it would make the next page start after it, and bring back only what is shown.
    let store = online_with_contacts(&["bob@localhost"]);
    let bob = bare("bob@localhost");
    for (id, body) in [("a1", "first"), ("a2", "second"), ("a3", "third")] {
        record_outgoing(&store, &bob, id.into(), body.into(), 1.0);
    }
    let archive_ids = || -> Vec<Option<String>> {
        store
            .conversation(&bob)
            .get_untracked()
            .into_iter()
            .map(|m| m.archive_id)
            .collect()
    };
    assert_eq!(archive_ids(), [None, None, None]);
    let ours = |archive_id: &str, id: &str, body: &str| {
        archived(archive_id, id, "alice@localhost/web", "bob@localhost", body)
    };
    // A catch-up after a drop repeats the newest.
    let catch_up = Event::CatchUp {
        messages: vec![ours("S3", "a3", "third")],
        complete: true,
    };
    apply(&store, catch_up, 2.0);
    // An older page repeats the other two, behind one not held yet.
    let page = Event::ArchivePage {
        with: bob.clone(),
        messages: vec![
            archived(
                "S0",
                "b0",
                "bob@localhost/phone",
                "alice@localhost",
                "older",
            ),
            ours("S1", "a1", "first"),
            ours("S2", "a2", "second"),
        ],
        complete: false,
        first: Some("S0".into()),
    };
    apply(&store, page, 3.0);
    let held: Vec<(String, Option<String>)> = store
        .conversation(&bob)
        .get_untracked()
        .into_iter()
        .map(|m| (m.body, m.archive_id))
        .collect();
    let expected = [
        ("older", "S0"),
        ("first", "S1"),
        ("second", "S2"),
        ("third", "S3"),
    ]
    .map(|(body, id)| (body.to_owned(), Some(id.to_owned())));
    assert_eq!(held, expected);
}

#[wasm_bindgen_test]
fn the_next_older_page_ends_before_the_oldest_message_held_or_a_page_of_changes() {
    let store = online_with_contacts(&["bob@localhost"]);
    let bob = bare("bob@localhost");
    let before = |oldest_page: Option<&str>| {
        let held = store.conversation(&bob).get_untracked();
        conversation::older_page_before(&held, oldest_page.map(str::to_owned))
    };
    // Ours, sent live, carry no archive id: nothing to page back from yet.
    record_outgoing(&store, &bob, "a1".into(), "mine".into(), 1.0);
    assert_eq!(before(None), None);
    // Delivered offline with their archive ids, then the newest page repeats the last of them:
    // the next page ends before the oldest held, not before the page.
    for (n, archive_id) in ["S1", "S2", "S3"].into_iter().enumerate() {
        let id = format!("b{n}");
        apply(
            &store,
            incoming(&id, "bob@localhost/phone", "hi", Some(archive_id)),
            2.0,
        );
    }
    assert_eq!(before(None).as_deref(), Some("S1"));
    assert_eq!(before(Some("S3")).as_deref(), Some("S1"));
    // A page that held only read markers began with an id no message holds: it is older than
    // everything held, and the next page ends before it (before S1 again would repeat it).
    assert_eq!(before(Some("M0")).as_deref(), Some("M0"));
}

#[wasm_bindgen_test]
fn nobody_else_reacts_or_marks_for_someone_in_another_conversation() {
    // Bob is a contact; Mallory is not.
    let store = online_with_contacts(&["bob@localhost"]);
    let bob = bare("bob@localhost");
    record_outgoing(&store, &bob, "a1".into(), "to Bob".into(), 1.0);
    // Mallory names Alice's message to Bob: her changes land in her own conversation, where
    // no such message exists, and change nothing.
    let forged = |content: Content| {
        Event::Message(IncomingMessage {
            id: Some("m1".into()),
            origin_id: None,
            from: Jid::parse("mallory@evil.example/x").unwrap(),
            kind: MessageType::Chat,
            thread: None,
            archive_id: None,
            stamp: None,
            content,
        })
    };
    apply(
        &store,
        forged(Content::Reactions {
            to: "a1".into(),
            emojis: vec!["💩".into()],
        }),
        2.0,
    );
    apply(
        &store,
        forged(Content::Displayed { up_to: "a1".into() }),
        3.0,
    );
    let message = &store.conversation(&bob).get_untracked()[0];
    assert!(message.reactions.is_empty());
    assert_eq!(message.state.as_str(), "sent");
    assert!(store
        .conversation(&bare("mallory@evil.example"))
        .get_untracked()
        .is_empty());
}

#[wasm_bindgen_test]
fn the_message_window_follows_the_newest_with_a_bounded_number_of_rows() {
    use palaver::ui::chat::message_window::{MessageWindow, SLACK, WINDOW};
    let mut w = MessageWindow::newest(10);
    assert_eq!(w.range(10), 0..10);
    let mut total = 10;
    let mut dropped = 0;
    for _ in 0..10_000 {
        total += 1;
        dropped += w.appended(1, total, true);
        assert!(w.shown(total) <= WINDOW + SLACK);
    }
    assert_eq!(w.range(total).end, total, "the newest is always shown");
    assert_eq!(dropped, w.before, "every row that left went off the top");
}

#[wasm_bindgen_test]
fn reading_back_through_the_archive_keeps_at_most_max_rows() {
    use palaver::ui::chat::message_window::{MessageWindow, MAX_ROWS, PAGE, WINDOW};
    // 5,000 messages, read back from the newest to the first, a page at a time.
    let mut total = 200;
    let mut w = MessageWindow::newest(total);
    while total < 5_000 {
        if !w.reveal_older(total) {
            total += 50; // the archive's next page, put in front
            w.prepended(total);
        }
        assert!(w.shown(total) <= MAX_ROWS, "{w:?} of {total}");
    }
    while w.reveal_older(total) {}
    assert_eq!(w.range(total).start, 0, "the first message is reachable");
    assert!(w.cut_below());
    // New messages while reading back stay below, counted for the pill.
    w.appended(3, total + 3, false);
    total += 3;
    assert!(w.shown(total) <= MAX_ROWS);
    // Reading forward again brings the newer ones back, a page at a time, and drops the oldest.
    let mut steps = 0;
    while let Some(left_the_top) = w.reveal_newer(total) {
        assert!(left_the_top <= PAGE);
        assert!(w.shown(total) <= MAX_ROWS);
        steps += 1;
    }
    assert_eq!(w.range(total).end, total);
    assert!(steps >= (5_000 - MAX_ROWS) / PAGE);
    // Back at the bottom, following again trims to the usual window.
    total += 1;
    w.appended(1, total, true);
    assert!(w.shown(total) <= WINDOW + 50);
}

/// A stamp our server put on a message dates it, but never in the future: a message "from 2099"
/// is dated when it arrived, so it cannot pin its conversation to the top of the list.
#[wasm_bindgen_test]
fn a_message_stamped_in_the_future_is_dated_when_it_arrived() {
    use palaver::xmpp::stanza::date::DateTime;
    let store = Store::new();
    with_contacts(&store, &["bob@localhost"]);
    let stamped = |id: &str, stamp: &str| {
        Event::Message(IncomingMessage {
            id: Some(id.into()),
            origin_id: None,
            from: Jid::parse("bob@localhost/phone").unwrap(),
            kind: MessageType::Chat,
            thread: None,
            archive_id: None,
            stamp: Some(DateTime::parse(stamp).unwrap()),
            content: Content::Text(Text::plain(id)),
        })
    };
    let arrived = DateTime::parse("2026-11-24T10:00:00Z")
        .unwrap()
        .unix_millis() as f64;
    apply(
        &store,
        stamped("from-the-past", "2026-11-24T08:30:00Z"),
        arrived,
    );
    apply(
        &store,
        stamped("from-the-future", "2099-01-01T00:00:00Z"),
        arrived,
    );
    let times: Vec<(String, f64)> = store
        .conversation(&bare("bob@localhost"))
        .get_untracked()
        .into_iter()
        .map(|m| (m.body, m.timestamp_ms))
        .collect();
    assert_eq!(
        times,
        [
            ("from-the-past".to_owned(), arrived - 90.0 * 60_000.0),
            ("from-the-future".to_owned(), arrived),
        ]
    );
}

/// Strangers' messages wait as requests (ARCHITECTURE.md, "Invariants"), and a flood from a
/// thousand made-up addresses keeps only the newest `MAX_REQUESTS` of them: the contacts'
/// conversations stay, and no request counts as unread.
#[wasm_bindgen_test]
fn a_thousand_strangers_leave_only_the_newest_requests() {
    use palaver::store::apply::MAX_REQUESTS;
    const FLOOD: u32 = 1_000;
    let store = online_with_contacts(&["bob@localhost"]);
    let bob = bare("bob@localhost");
    apply(
        &store,
        incoming("b1", "bob@localhost/phone", "hi", None),
        1.0,
    );
    for i in 0..FLOOD {
        let from = format!("spam{i}@evil.example/x");
        let message = incoming(&format!("s{i}"), &from, "buy now", None);
        apply(&store, message, 10.0 + f64::from(i));
    }
    let strangers: Vec<BareJid> = store
        .conversations
        .with_untracked(|all| all.keys().filter(|jid| **jid != bob).cloned().collect());
    assert_eq!(strangers.len(), MAX_REQUESTS);
    for i in FLOOD - MAX_REQUESTS as u32..FLOOD {
        let newest = bare(&format!("spam{i}@evil.example"));
        assert!(
            strangers.contains(&newest),
            "the newest requests stay: {newest}"
        );
    }
    assert_eq!(store.conversation(&bob).get_untracked().len(), 1);
    assert!(
        store
            .unread
            .with_untracked(|u| u.keys().all(|jid| *jid == bob)),
        "no request counts as unread"
    );
}

/// One stranger writing a thousand times keeps only the newest `MAX_REQUEST_MESSAGES`.
#[wasm_bindgen_test]
fn a_stranger_writing_a_thousand_times_keeps_only_the_newest_messages() {
    use palaver::store::apply::MAX_REQUEST_MESSAGES;
    const FLOOD: u32 = 1_000;
    let store = Store::new();
    let alice = FullJid::parse("alice@localhost/web").unwrap();
    apply(&store, Event::Online { jid: alice }, 0.0);
    for i in 0..FLOOD {
        let body = format!("message {i}");
        let message = incoming(&format!("m{i}"), "mallory@evil.example/x", &body, None);
        apply(&store, message, 10.0 + f64::from(i));
    }
    let kept = store
        .conversation(&bare("mallory@evil.example"))
        .get_untracked();
    let bodies: Vec<&str> = kept.iter().map(|m| m.body.as_str()).collect();
    let newest: Vec<String> = (FLOOD - MAX_REQUEST_MESSAGES as u32..FLOOD)
        .map(|i| format!("message {i}"))
        .collect();
    assert_eq!(bodies, newest);
}

/// A thousand subscription requests from made-up addresses keep only the newest
/// `MAX_SUBSCRIPTION_REQUESTS`, oldest first.
#[wasm_bindgen_test]
fn a_thousand_subscription_requests_keep_only_the_newest() {
    use palaver::store::apply::MAX_SUBSCRIPTION_REQUESTS;
    const FLOOD: u32 = 1_000;
    let store = Store::new();
    let alice = FullJid::parse("alice@localhost/web").unwrap();
    apply(&store, Event::Online { jid: alice }, 0.0);
    for i in 0..FLOOD {
        let from = bare(&format!("sub{i}@evil.example"));
        apply(
            &store,
            Event::SubscriptionRequest { from },
            10.0 + f64::from(i),
        );
    }
    let newest: Vec<BareJid> = (FLOOD - MAX_SUBSCRIPTION_REQUESTS as u32..FLOOD)
        .map(|i| bare(&format!("sub{i}@evil.example")))
        .collect();
    assert_eq!(store.subscription_requests.get_untracked(), newest);
}
