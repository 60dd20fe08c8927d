//! How corrections, retractions, reactions and read markers change a conversation in the store
//! (in headless Chromium; ARCHITECTURE.md, "Tests, by layer"): only a message's author changes
//! it, copies apply once, late copies do not undo newer changes, and changes to messages further back in
//! the archive wait for their page.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
mod browser_support;

use browser_support::{apply, record_outgoing, with_contacts};
use palaver::store::model::MessageState;
use palaver::store::{ChatMessage, Store};
use palaver::xmpp::{
    ArchivedMessage, BareJid, Content, Event, FullJid, IncomingMessage, Jid, MessageType, Text,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn bare(s: &str) -> BareJid {
    BareJid::parse(s).expect("test JID")
}

/// Alice, online, with Bob in her roster.
fn online() -> Store {
    let store = Store::new();
    let jid = FullJid::parse("alice@localhost/web").unwrap();
    apply(&store, Event::Online { jid }, 0.0);
    with_contacts(&store, &["bob@localhost"]);
    store
}

fn from(sender: &str, id: &str, content: Content) -> Event {
    Event::Message(IncomingMessage {
        id: Some(id.into()),
        origin_id: Some(id.into()),
        from: Jid::parse(sender).unwrap(),
        kind: MessageType::Chat,
        thread: None,
        archive_id: None,
        stamp: None,
        content,
    })
}

fn text(body: &str) -> Content {
    Content::Text(Text::plain(body))
}

fn with_bob(store: &Store) -> Vec<ChatMessage> {
    store.conversation(&bare("bob@localhost")).get_untracked()
}

#[wasm_bindgen_test]
fn the_author_corrects_and_a_late_older_copy_does_not_undo_it() {
    let store = online();
    apply(
        &store,
        from("bob@localhost/phone", "b1", text("Tuesday")),
        1.0,
    );
    let correction = |body: &str| Content::Correction {
        of: "b1".into(),
        text: Text::plain(body),
    };
    apply(
        &store,
        from("bob@localhost/phone", "b2", correction("Wednesday")),
        2.0,
    );
    apply(
        &store,
        from("bob@localhost/phone", "b3", correction("Thursday")),
        3.0,
    );
    let messages = with_bob(&store);
    assert_eq!(messages.len(), 1, "a correction is no new message");
    assert_eq!(messages[0].body, "Thursday");
    assert!(messages[0].edited);
    // The archive brings the first correction again, older than what is shown.
    let late = ArchivedMessage {
        archive_id: "A2".into(),
        id: Some("b2".into()),
        origin_id: None,
        from: Jid::parse("bob@localhost/phone").unwrap(),
        to: Some(Jid::parse("alice@localhost").unwrap()),
        stamp: Some(
            palaver::xmpp::stanza::date::DateTime::parse("1970-01-01T00:00:00.002Z").unwrap(),
        ),
        content: correction("Wednesday"),
        occupant_id: None,
    };
    apply(
        &store,
        Event::CatchUp {
            messages: vec![late],
            complete: true,
        },
        4.0,
    );
    assert_eq!(with_bob(&store)[0].body, "Thursday");
    assert_eq!(
        store
            .unread
            .with_untracked(|u| u.get(&bare("bob@localhost")).copied()),
        Some(1),
        "corrections do not count as unread"
    );
}

#[wasm_bindgen_test]
fn nobody_corrects_or_retracts_what_someone_else_wrote() {
    let store = online();
    let bob = bare("bob@localhost");
    record_outgoing(&store, &bob, "a1".into(), "I owe Bob 5 €".into(), 1.0);
    apply(
        &store,
        from(
            "bob@localhost/phone",
            "b9",
            Content::Correction {
                of: "a1".into(),
                text: Text::plain("I owe Bob 500 €"),
            },
        ),
        2.0,
    );
    apply(
        &store,
        from(
            "bob@localhost/phone",
            "b10",
            Content::Retraction { of: "a1".into() },
        ),
        3.0,
    );
    let messages = with_bob(&store);
    assert_eq!(messages[0].body, "I owe Bob 5 €");
    assert!(!messages[0].edited && !messages[0].retracted);
    // Mallory's conversation is another one: her "correction" of b1 finds nothing to change.
    apply(&store, from("bob@localhost/phone", "b1", text("hi")), 4.0);
    apply(
        &store,
        from(
            "mallory@evil.example/x",
            "m1",
            Content::Correction {
                of: "b1".into(),
                text: Text::plain("forged"),
            },
        ),
        5.0,
    );
    assert_eq!(with_bob(&store)[1].body, "hi");
}

#[wasm_bindgen_test]
fn a_retraction_leaves_a_tombstone_without_text_or_reactions() {
    let store = online();
    apply(&store, from("bob@localhost/phone", "b1", text("oops")), 1.0);
    apply(
        &store,
        from(
            "bob@localhost/phone",
            "b2",
            Content::Reactions {
                to: "b1".into(),
                emojis: vec!["😂".into()],
            },
        ),
        2.0,
    );
    apply(
        &store,
        from(
            "bob@localhost/phone",
            "b3",
            Content::Retraction { of: "b1".into() },
        ),
        3.0,
    );
    let message = &with_bob(&store)[0];
    assert!(message.retracted);
    assert_eq!(message.body, "");
    assert!(message.reactions.is_empty());
}

#[wasm_bindgen_test]
fn each_reactor_has_one_set_of_reactions_replaced_by_the_next() {
    let store = online();
    let bob = bare("bob@localhost");
    let alice = bare("alice@localhost");
    record_outgoing(&store, &bob, "a1".into(), "lunch?".into(), 1.0);
    let react = |emojis: &[&str]| Content::Reactions {
        to: "a1".into(),
        emojis: emojis.iter().map(|e| (*e).to_owned()).collect(),
    };
    apply(
        &store,
        from("bob@localhost/phone", "b1", react(&["👍", "❤️"])),
        2.0,
    );
    apply(
        &store,
        Event::SentFromOtherDevice {
            id: Some("p1".into()),
            origin_id: None,
            to: Jid::parse("bob@localhost").unwrap(),
            content: react(&["👍"]),
        },
        3.0,
    );
    let message = &with_bob(&store)[0];
    assert_eq!(message.reactions.len(), 2);
    assert_eq!(message.reactions[0].emoji, "👍");
    assert_eq!(message.reactions[0].by, [bob.clone(), alice.clone()]);
    apply(&store, from("bob@localhost/phone", "b2", react(&[])), 4.0);
    let message = &with_bob(&store)[0];
    assert_eq!(message.reactions_of(&bob), Vec::<String>::new());
    assert_eq!(message.reactions_of(&alice), ["👍"]);
    assert_eq!(message.reactions.len(), 1, "an emoji nobody keeps goes");
}

#[wasm_bindgen_test]
fn a_read_marker_reads_our_messages_up_to_the_one_it_names() {
    let store = online();
    let bob = bare("bob@localhost");
    for (id, at) in [("a1", 1.0), ("a2", 2.0), ("a3", 3.0)] {
        record_outgoing(&store, &bob, id.into(), format!("m {id}"), at);
    }
    apply(
        &store,
        from(
            "bob@localhost/phone",
            "b1",
            Content::Displayed { up_to: "a2".into() },
        ),
        4.0,
    );
    let states: Vec<MessageState> = with_bob(&store).iter().map(|m| m.state).collect();
    assert_eq!(
        states,
        [MessageState::Read, MessageState::Read, MessageState::Sent]
    );
    // Our own read marker from another device clears the unread count instead.
    apply(&store, from("bob@localhost/phone", "b2", text("new")), 5.0);
    assert_eq!(
        store.unread.with_untracked(|u| u.get(&bob).copied()),
        Some(1)
    );
    apply(
        &store,
        Event::SentFromOtherDevice {
            id: Some("p1".into()),
            origin_id: None,
            to: Jid::parse("bob@localhost").unwrap(),
            content: Content::Displayed { up_to: "b2".into() },
        },
        6.0,
    );
    assert_eq!(store.unread.with_untracked(|u| u.get(&bob).copied()), None);
}

#[wasm_bindgen_test]
fn a_change_to_a_message_further_back_waits_for_its_page() {
    let store = online();
    let bob = bare("bob@localhost");
    let archived = |archive_id: &str, id: &str, content: Content| ArchivedMessage {
        archive_id: archive_id.into(),
        id: Some(id.into()),
        origin_id: None,
        from: Jid::parse("bob@localhost/phone").unwrap(),
        to: Some(Jid::parse("alice@localhost").unwrap()),
        stamp: Some(palaver::xmpp::stanza::date::DateTime::parse("2026-11-24T10:00:00Z").unwrap()),
        content,
        occupant_id: None,
    };
    let page = |messages: Vec<ArchivedMessage>| Event::ArchivePage {
        with: bob.clone(),
        messages,
        complete: false,
        first: Some("A0".into()),
    };
    // The newest page holds a correction of a message on the page before it.
    apply(
        &store,
        page(vec![
            archived(
                "A5",
                "b5",
                Content::Correction {
                    of: "b1".into(),
                    text: Text::plain("fixed"),
                },
            ),
            archived("A6", "b6", text("latest")),
        ]),
        10.0,
    );
    assert_eq!(with_bob(&store).len(), 1);
    apply(&store, page(vec![archived("A1", "b1", text("typo"))]), 11.0);
    let bodies: Vec<String> = with_bob(&store).into_iter().map(|m| m.body).collect();
    assert_eq!(bodies, ["fixed", "latest"]);
}
