//! Room lines changed like 1:1 messages, in headless Chromium: the store's same-author rule
//! (occupant id when the room gives them, else real JID, else nick and an unvacated seat),
//! reactions per occupant, moderators' removals, nothing of it counted as unread; and the row
//! showing "edited", a tombstone saying who removed it, and reaction chips with counts.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use browser_support::rooms::{in_lobby, lobby, occupant, room, said, NOW};
use leptos::prelude::*;
use palaver::store::room::Removal;
use palaver::store::Store;
use palaver::xmpp::event::{RoomFeatures, RoomLineRemoved, RoomMessage};
use palaver::xmpp::stanza::muc::ModerationVersion;
use palaver::xmpp::{Content, Event, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn features(store: &Store, occupant_ids: bool) {
    apply(
        store,
        Event::RoomFeatures {
            room: lobby(),
            features: RoomFeatures {
                archived: false,
                occupant_ids,
                moderation: Some(ModerationVersion::V1),
            },
        },
        NOW,
    );
}

/// `nick` (with occupant id `occupant`) changes the line `target` with `content`.
fn change(nick: &str, occupant: Option<&str>, content: Content) -> Event {
    Event::RoomMessage(RoomMessage {
        room: lobby(),
        nick: Some(nick.into()),
        id: Some("change".into()),
        origin_id: None,
        stanza_id: Some(format!("sid-change-{nick}")),
        occupant_id: occupant.map(str::to_owned),
        content,
        stamp: None,
        own: false,
    })
}

fn correction(of: &str, body: &str) -> Content {
    Content::Correction {
        of: of.into(),
        text: Text::plain(body),
    }
}

fn body_of(store: &Store, stanza_id: &str) -> String {
    room(store)
        .lines
        .iter()
        .find(|l| l.stanza_id.as_deref() == Some(stanza_id))
        .map(|l| l.body.clone())
        .expect("the line is held")
}

#[wasm_bindgen_test]
fn a_correction_applies_only_from_the_same_occupant_id() {
    let store = in_lobby();
    features(&store, true);
    apply(&store, said("dave", "helo", "s1", None, false), NOW);
    let unread = room(&store).unread;
    // Someone else now called dave (another occupant id): the spoofing case.
    apply(
        &store,
        change("dave", Some("id-mallory"), correction("m-s1", "pwned")),
        NOW,
    );
    assert_eq!(body_of(&store, "s1"), "helo");
    apply(
        &store,
        change("dave", Some("id-dave"), correction("m-s1", "hello")),
        NOW,
    );
    let r = room(&store);
    let line = r
        .lines
        .iter()
        .find(|l| l.stanza_id.as_deref() == Some("s1"))
        .unwrap();
    assert_eq!((line.body.as_str(), line.edited), ("hello", true));
    assert_eq!(r.unread, unread, "a correction is no new line");
    assert_eq!(r.lines.len(), 1, "nor shown as one");
}

#[wasm_bindgen_test]
fn without_occupant_ids_a_nick_left_and_taken_again_is_someone_else() {
    let store = in_lobby();
    features(&store, false);
    apply(&store, said("dave", "helo", "s1", None, false), NOW);
    apply(
        &store,
        change("dave", None, correction("m-s1", "hello")),
        NOW,
    );
    assert_eq!(body_of(&store, "s1"), "hello", "the same seat");
    apply(&store, Event::Occupant(occupant("dave", false)), NOW);
    apply(&store, Event::Occupant(occupant("dave", true)), NOW);
    apply(
        &store,
        change("dave", None, correction("m-s1", "pwned")),
        NOW,
    );
    apply(
        &store,
        change("dave", None, Content::Retraction { of: "s1".into() }),
        NOW,
    );
    let line = room(&store).lines[0].clone();
    assert_eq!((line.body.as_str(), line.removed), ("hello", None));
}

#[wasm_bindgen_test]
fn a_retraction_leaves_a_tombstone_and_reactions_replace_each_occupants_set() {
    let store = in_lobby();
    features(&store, true);
    apply(&store, said("dave", "cake?", "s1", None, false), NOW);
    apply(&store, said("erin", "tea?", "s2", None, false), NOW);
    let react = |nick: &str, emojis: &[&str]| {
        change(
            nick,
            Some(&format!("id-{nick}")),
            Content::Reactions {
                to: "s1".into(),
                emojis: emojis.iter().map(|e| e.to_string()).collect(),
            },
        )
    };
    apply(&store, react("erin", &["👍", "😂"]), NOW);
    apply(&store, react("frank", &["👍"]), NOW);
    apply(&store, react("erin", &["👍"]), NOW);
    let chips = room(&store).lines[0].reaction_chips();
    assert_eq!(
        chips,
        [(
            "👍".to_owned(),
            vec!["erin".to_owned(), "frank".to_owned()],
            false
        )]
    );
    // Reactions to a line not held change nothing.
    apply(
        &store,
        change(
            "erin",
            Some("id-erin"),
            Content::Reactions {
                to: "nope".into(),
                emojis: vec!["👍".into()],
            },
        ),
        NOW,
    );
    apply(
        &store,
        change(
            "erin",
            Some("id-erin"),
            Content::Retraction { of: "s2".into() },
        ),
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.lines[1].removed, Some(Removal::Retracted));
    assert_eq!(r.lines[1].body, "");
}

#[wasm_bindgen_test]
fn a_moderators_removal_names_who_and_why() {
    let store = in_lobby();
    features(&store, true);
    apply(&store, said("dave", "spam", "s1", None, false), NOW);
    apply(
        &store,
        Event::RoomLineRemoved(RoomLineRemoved {
            room: lobby(),
            stanza_id: "s1".into(),
            by: Some("macbeth".into()),
            reason: Some("off topic".into()),
        }),
        NOW,
    );
    assert_eq!(
        room(&store).lines[0].removed,
        Some(Removal::Moderated {
            by: Some("macbeth".into()),
            reason: Some("off topic".into())
        })
    );
}

#[wasm_bindgen_test]
async fn the_row_shows_edited_a_tombstone_and_reaction_chips() {
    use palaver::client::Client;
    use palaver::persist::Keys;
    use palaver::ui::chat::compose_mode::ChatControls;
    use palaver::ui::room::room_line::RoomLineRow;
    use wasm_bindgen::JsCast;

    let owner = Owner::new();
    let store = owner.with(in_lobby);
    features(&store, true);
    apply(&store, said("dave", "helo", "s1", None, false), NOW);
    apply(
        &store,
        change(
            "dave",
            Some("id-dave"),
            correction("m-s1", "hello <b>x</b>"),
        ),
        NOW,
    );
    apply(&store, said("erin", "spam", "s2", None, false), NOW);
    apply(
        &store,
        Event::RoomLineRemoved(RoomLineRemoved {
            room: lobby(),
            stanza_id: "s2".into(),
            by: Some("macbeth".into()),
            reason: Some("off topic".into()),
        }),
        NOW,
    );
    for nick in ["erin", "frank"] {
        apply(
            &store,
            change(
                nick,
                Some(&format!("id-{nick}")),
                Content::Reactions {
                    to: "s1".into(),
                    emojis: vec!["👍".into()],
                },
            ),
            NOW,
        );
    }
    let lines: Vec<_> = room(&store).lines.iter().cloned().collect();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("ol").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    owner.with(|| {
        let client = Client::new(store, Keys::with_prefix("room-edits-test"));
        client.provide();
        provide_context(store);
        provide_context(ChatControls::new());
        leptos::mount::mount_to(root.clone().unchecked_into(), move || {
            lines
                .iter()
                .cloned()
                .map(|line| view! { <RoomLineRow line room=lobby()/> })
                .collect_view()
        })
        .forget();
    });
    gloo_timers::future::TimeoutFuture::new(0).await;
    let rows = root
        .query_selector_all("[data-testid=chat-message]")
        .unwrap();
    assert_eq!(rows.length(), 2);
    let edited: web_sys::Element = rows.item(0).unwrap().unchecked_into();
    assert_eq!(edited.get_attribute("data-edited").as_deref(), Some("true"));
    let body = edited
        .query_selector("[data-testid=message-body]")
        .unwrap()
        .unwrap();
    assert_eq!(
        body.text_content().unwrap(),
        "hello <b>x</b>",
        "text, not markup"
    );
    assert!(body.query_selector("b").unwrap().is_none());
    assert!(edited
        .query_selector("[data-testid=message-edited]")
        .unwrap()
        .is_some());
    let chip = edited
        .query_selector("[data-testid=reaction]")
        .unwrap()
        .unwrap();
    assert_eq!(chip.get_attribute("data-emoji").as_deref(), Some("👍"));
    assert_eq!(chip.get_attribute("data-count").as_deref(), Some("2"));
    assert_eq!(
        chip.get_attribute("title").as_deref(),
        Some("👍 by erin, frank")
    );
    let removed: web_sys::Element = rows.item(1).unwrap().unchecked_into();
    assert_eq!(
        removed.get_attribute("data-retracted").as_deref(),
        Some("true")
    );
    let tombstone = removed
        .query_selector("[data-testid=room-line-removed]")
        .unwrap()
        .unwrap();
    assert_eq!(
        tombstone.text_content().unwrap(),
        "Removed by macbeth. Reason: off topic"
    );
    assert!(!removed.text_content().unwrap().contains("spam"));
    assert!(removed
        .query_selector("[data-testid=message-actions]")
        .unwrap()
        .is_none());
}

fn private(nick: &str, id: &str, content: Content) -> Event {
    Event::RoomPrivateMessage(palaver::xmpp::RoomPrivateMessage {
        room: lobby(),
        nick: nick.into(),
        id: Some(id.into()),
        content,
    })
}

#[wasm_bindgen_test]
fn a_private_line_is_corrected_by_its_seat_even_where_the_room_gives_occupant_ids() {
    let store = in_lobby();
    features(&store, true);
    apply(&store, Event::Occupant(occupant("dave", true)), NOW);
    apply(
        &store,
        private("dave", "p1", Content::Text(Text::plain("teh map"))),
        NOW,
    );
    let unread = room(&store).private["dave"].unread;
    apply(
        &store,
        private("dave", "p2", correction("p1", "the map")),
        NOW,
    );
    let chat = room(&store).private["dave"].clone();
    assert_eq!(
        (chat.lines[0].body.as_str(), chat.lines[0].edited),
        ("the map", true)
    );
    assert_eq!((chat.lines.len(), chat.unread), (1, unread));
    // Someone else in dave's seat later: not theirs to change.
    apply(&store, Event::Occupant(occupant("dave", false)), NOW);
    apply(&store, Event::Occupant(occupant("dave", true)), NOW);
    apply(
        &store,
        private("dave", "p3", correction("p1", "pwned")),
        NOW,
    );
    assert_eq!(
        room(&store).private["dave"]
            .lines
            .iter()
            .find(|l| !l.notice)
            .unwrap()
            .body,
        "the map"
    );
}

#[wasm_bindgen_test]
fn history_and_archived_lines_are_changed_by_the_same_rules() {
    use palaver::xmpp::stanza::date::DateTime;
    let store = in_lobby();
    features(&store, true);
    let stamp = DateTime::from_unix_millis(NOW as i64 - 60_000);
    apply(&store, said("dave", "helo", "s1", stamp, false), NOW);
    let mut fix = change("dave", Some("id-dave"), correction("m-s1", "hello"));
    if let Event::RoomMessage(m) = &mut fix {
        m.stamp = stamp;
    }
    apply(&store, fix, NOW);
    let r = room(&store);
    assert_eq!(
        (r.lines[0].body.as_str(), r.lines[0].edited),
        ("hello", true)
    );
    assert_eq!((r.lines.len(), r.unread, r.mentions), (1, 0, 0));
}
