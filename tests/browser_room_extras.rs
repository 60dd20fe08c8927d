//! How a room's moderation, directory, private messages and alerts land in the store, in
//! headless Chromium (ARCHITECTURE.md, "Tests, by layer"): who may kick or ban whom, quiet lines
//! for someone removed, a refusal shown until the next request, our service's public rooms, a
//! private message waiting on its occupant, and alerts only for live lines for us.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use browser_support::rooms::{in_lobby, joined, lobby, occupant, room, said, update, NOW};
use leptos::prelude::*;
use palaver::driver::Update;
use palaver::store::Store;
use palaver::xmpp::stanza::date::DateTime;
use palaver::xmpp::stanza::muc::{Affiliation, Role, StatusCode};
use palaver::xmpp::{BareJid, Content, Event, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn only_a_moderator_may_kick_and_only_an_owner_or_admin_may_ban_someone_below_them() {
    let store = Store::new();
    update(
        &store,
        Update::RoomJoinRequested {
            room: lobby(),
            nick: "alice".into(),
        },
    );
    apply(
        &store,
        joined("alice", Affiliation::Owner, Role::Moderator),
        NOW,
    );
    let mut bob = occupant("bob", true);
    bob.affiliation = Affiliation::None;
    bob.role = Role::Participant;
    bob.real_jid = Some(palaver::xmpp::Jid::parse("bob@localhost/web").unwrap());
    apply(&store, Event::Occupant(bob), NOW);
    let mut carol = occupant("carol", true);
    carol.affiliation = Affiliation::Admin;
    carol.role = Role::Moderator;
    apply(&store, Event::Occupant(carol), NOW);
    let r = room(&store);
    let (bob, carol) = (&r.occupants["bob"], &r.occupants["carol"]);
    assert!(
        r.may_kick(bob) && r.may_ban(bob),
        "the owner over a participant"
    );
    assert!(!r.may_kick(carol), "no kicking an admin");
    assert!(!r.may_ban(carol), "no ban without the real address");
    assert!(!r.may_kick(&r.occupants["alice"]), "not ourselves");

    // Seen by Bob, a participant: nothing.
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    let r = room(&store);
    assert!(!r.may_kick(&r.occupants["alice"]) && !r.may_ban(&r.occupants["alice"]));
}

#[wasm_bindgen_test]
fn someone_kicked_leaves_a_quiet_line_and_a_refusal_shows_until_the_next_request() {
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("dave", true)), NOW);
    let mut kicked = occupant("dave", false);
    kicked.codes = vec![StatusCode::Kicked];
    apply(&store, Event::Occupant(kicked), NOW);
    let mut left = occupant("erin", false);
    left.codes = Vec::new();
    apply(&store, Event::Occupant(left), NOW);
    let notices: Vec<String> = room(&store)
        .lines
        .iter()
        .filter(|l| l.notice)
        .map(|l| l.body.clone())
        .collect();
    assert_eq!(
        notices,
        ["dave was removed from the room."],
        "leaving is no notice"
    );
    assert_eq!(room(&store).unread, 0, "a notice is not unread");

    apply(
        &store,
        Event::RoomRefused {
            room: lobby(),
            error: palaver::xmpp::stanza::StanzaError {
                kind: palaver::xmpp::stanza::ErrorType::Cancel,
                condition: "not-allowed".into(),
                text: None,
            },
        },
        NOW,
    );
    assert!(room(&store).refusal.is_some());
    update(&store, Update::RoomRequestSent(lobby()));
    assert_eq!(room(&store).refusal, None);
}

#[wasm_bindgen_test]
fn the_directory_knows_our_room_service_and_keeps_only_its_public_rooms() {
    let store = Store::new();
    let service = BareJid::parse("conference.localhost").unwrap();
    apply(
        &store,
        Event::ConferenceService {
            jid: service.clone(),
        },
        NOW,
    );
    let listing = |from: &BareJid| Event::PublicRooms {
        service: from.clone(),
        rooms: vec![palaver::xmpp::PublicRoom {
            jid: lobby(),
            name: Some("Lobby".into()),
        }],
        after: None,
        next: None,
    };
    apply(
        &store,
        listing(&BareJid::parse("rooms.elsewhere.example").unwrap()),
        NOW,
    );
    assert_eq!(
        store.room_directory.get_untracked().rooms,
        None,
        "another service's list is not ours"
    );
    apply(&store, listing(&service), NOW);
    let directory = store.room_directory.get_untracked();
    assert_eq!(directory.service, Some(service));
    assert_eq!(directory.rooms.map(|r| r.len()), Some(1));
}

#[wasm_bindgen_test]
fn a_private_message_waits_on_its_occupant_and_counts_for_the_room_until_read() {
    let store = in_lobby();
    let private = |body: &str| {
        Event::RoomPrivateMessage(palaver::xmpp::RoomPrivateMessage {
            room: lobby(),
            nick: "bob".into(),
            id: Some(body.into()),
            content: Content::Text(Text::plain(body)),
        })
    };
    apply(&store, private("psst"), NOW);
    let r = room(&store);
    assert_eq!(r.private["bob"].unread, 1);
    assert_eq!((r.unread, r.mentions), (1, 1), "for us, like a mention");
    assert!(r.lines.is_empty(), "never in the room's timeline");
    // The room on screen, the private conversation not: waiting on bob's row only.
    update(&store, Update::OpenRoom(Some(lobby())));
    apply(&store, private("still there?"), NOW);
    assert_eq!(room(&store).private["bob"].unread, 2);
    assert_eq!(room(&store).unread, 0);
    update(
        &store,
        Update::OpenRoomPrivate {
            room: lobby(),
            nick: Some("bob".into()),
        },
    );
    assert_eq!(room(&store).private["bob"].unread, 0);
    apply(&store, private("good"), NOW);
    assert_eq!(room(&store).private["bob"].unread, 0, "read as it arrives");
    update(
        &store,
        Update::RoomPrivateSaid {
            room: lobby(),
            nick: "bob".into(),
            id: "p1".into(),
            body: "yes".into(),
        },
    );
    let bodies: Vec<String> = room(&store).private["bob"]
        .lines
        .iter()
        .map(|l| l.body.clone())
        .collect();
    assert_eq!(bodies, ["psst", "still there?", "good", "yes"]);
}

#[wasm_bindgen_test]
fn only_live_lines_for_us_raise_an_alert() {
    let store = in_lobby();
    apply(&store, said("bob", "good morning", "s1", None, false), NOW);
    apply(
        &store,
        said(
            "bob",
            "carol: old",
            "s0",
            Some(DateTime::from_unix_millis(NOW as i64 - 60_000).unwrap()),
            false,
        ),
        NOW,
    );
    apply(
        &store,
        said("carol", "carol: note to self", "s2", None, true),
        NOW,
    );
    assert_eq!(
        store.last_room_alert.get_untracked(),
        None,
        "not for us, history, or ours"
    );
    apply(
        &store,
        said("bob", "carol: the report?", "s3", None, false),
        NOW,
    );
    let alert = store
        .last_room_alert
        .get_untracked()
        .expect("a mention alerts");
    assert_eq!(
        (alert.nick.as_str(), alert.body.as_str(), alert.private),
        ("bob", "carol: the report?", false)
    );
}

#[wasm_bindgen_test]
fn a_live_line_goes_last_and_counts_as_a_mention_whatever_the_rooms_clock_says() {
    let store = in_lobby();
    // History stamped a minute ahead of our clock (the room's clock runs fast).
    apply(
        &store,
        said(
            "bob",
            "old news",
            "s1",
            Some(DateTime::from_unix_millis(NOW as i64 + 60_000).unwrap()),
            false,
        ),
        NOW,
    );
    apply(&store, said("bob", "carol: now", "s2", None, false), NOW);
    let r = room(&store);
    assert_eq!(
        r.lines.back().map(|l| l.body.as_str()),
        Some("carol: now"),
        "live goes last"
    );
    assert_eq!((r.unread, r.mentions), (1, 1));
    assert_eq!(
        store.last_room_alert.get_untracked().map(|a| a.body),
        Some("carol: now".into())
    );
}

#[wasm_bindgen_test]
fn lines_alike_are_still_two_rows() {
    let store = in_lobby();
    for nick in ["dave", "erin"] {
        let mut kicked = occupant(nick, false);
        kicked.codes = vec![StatusCode::Kicked];
        apply(&store, Event::Occupant(kicked), NOW);
    }
    let seqs: Vec<u64> = room(&store).lines.iter().map(|l| l.seq).collect();
    assert_eq!(seqs.len(), 2);
    assert_ne!(seqs[0], seqs[1], "each line its own key");
}

#[wasm_bindgen_test]
fn private_conversations_are_bounded_and_an_emptied_seat_is_said() {
    let store = in_lobby();
    let from = |nick: &str| {
        Event::RoomPrivateMessage(palaver::xmpp::RoomPrivateMessage {
            room: lobby(),
            nick: nick.into(),
            id: None,
            content: Content::Text(Text::plain("hi")),
        })
    };
    for i in 0..(palaver::store::room::MAX_PRIVATE_CHATS + 10) {
        apply(&store, from(&format!("renamed-{i}")), NOW);
    }
    let r = room(&store);
    assert_eq!(r.private.len(), palaver::store::room::MAX_PRIVATE_CHATS);
    assert!(!r.private.contains_key("renamed-0"), "the oldest went");
    // Bob writes, then leaves: his seat is empty, and the conversation says so.
    apply(&store, Event::Occupant(occupant("bob", true)), NOW);
    apply(&store, from("bob"), NOW);
    apply(&store, Event::Occupant(occupant("bob", false)), NOW);
    let last = room(&store).private["bob"]
        .lines
        .back()
        .cloned()
        .expect("a line");
    assert!(
        last.notice && last.body.contains("someone else"),
        "{last:?}"
    );
}

#[wasm_bindgen_test]
fn a_request_that_could_not_be_sent_shows_where_refusals_do() {
    let store = in_lobby();
    update(
        &store,
        Update::RoomRequestFailed {
            room: lobby(),
            reason: "Not sent: you are not in this room (yet).".into(),
        },
    );
    assert_eq!(
        room(&store).refusal.as_deref(),
        Some("Not sent: you are not in this room (yet).")
    );
}

#[wasm_bindgen_test]
fn later_pages_add_rooms_and_rooms_say_what_they_are_once_asked() {
    let store = Store::new();
    let service = BareJid::parse("conference.localhost").unwrap();
    apply(
        &store,
        Event::ConferenceService {
            jid: service.clone(),
        },
        NOW,
    );
    let rooms = |names: &[&str]| {
        names
            .iter()
            .map(|n| palaver::xmpp::PublicRoom {
                jid: BareJid::parse(&format!("{n}@conference.localhost")).unwrap(),
                name: None,
            })
            .collect::<Vec<_>>()
    };
    let page = |names: &[&str], after: Option<&str>, next: Option<&str>| Event::PublicRooms {
        service: service.clone(),
        rooms: rooms(names),
        after: after.map(str::to_owned),
        next: next.map(str::to_owned),
    };
    apply(
        &store,
        page(&["a", "b"], None, Some("b@conference.localhost")),
        NOW,
    );
    assert!(store.room_directory.get_untracked().next.is_some());
    apply(
        &store,
        page(&["b", "c"], Some("b@conference.localhost"), None),
        NOW,
    );
    let directory = store.room_directory.get_untracked();
    let listed: Vec<String> = directory
        .rooms
        .unwrap()
        .iter()
        .map(|r| r.jid.to_string())
        .collect();
    assert_eq!(
        listed,
        [
            "a@conference.localhost",
            "b@conference.localhost",
            "c@conference.localhost"
        ],
        "a room listed on two pages is listed once"
    );
    assert_eq!(directory.next, None);
    // A description nobody asked for is not kept; one asked for is.
    let a = BareJid::parse("a@conference.localhost").unwrap();
    let described = Event::PublicRoomInfo {
        room: a.clone(),
        info: Some(palaver::xmpp::stanza::muc::RoomInfo {
            occupants: Some(3),
            ..Default::default()
        }),
    };
    apply(&store, described.clone(), NOW);
    assert!(store.room_directory.get_untracked().info.is_empty());
    update(&store, Update::RoomDescriptionAsked(a.clone()));
    assert_eq!(
        store.room_directory.get_untracked().info.get(&a),
        Some(&None)
    );
    apply(&store, described, NOW);
    assert_eq!(
        store.room_directory.get_untracked().info[&a]
            .as_ref()
            .and_then(|i| i.occupants),
        Some(3)
    );
    // A new listing starts afresh.
    apply(&store, page(&["d"], None, None), NOW);
    let directory = store.room_directory.get_untracked();
    assert_eq!(directory.rooms.map(|r| r.len()), Some(1));
    assert!(directory.info.is_empty());
}
