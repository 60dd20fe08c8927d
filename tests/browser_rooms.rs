//! How a room's events land in the store, in headless Chromium (ARCHITECTURE.md, "Tests, by
//! layer"): joining and its refusal, occupants arriving, renamed and leaving, our own message
//! shown at once and delivered by its reflection (once), history replayed on a rejoin not
//! doubled, unread and mention counts only for live lines of a room not on screen, and why we
//! are out of a room.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use leptos::prelude::*;
use palaver::driver::Update;
use palaver::store::room::{Room, RoomStatus};
use palaver::store::Store;
use palaver::xmpp::event::{OccupantUpdate, RoomMessage};
use palaver::xmpp::stanza::date::DateTime;
use palaver::xmpp::stanza::muc::{Affiliation, JoinError, Role, StatusCode};
use palaver::xmpp::{BareJid, Content, Event, Show, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: f64 = 1_700_000_000_000.0;

fn lobby() -> BareJid {
    BareJid::parse("lobby@conference.localhost").expect("room JID")
}

fn update(store: &Store, update: Update) {
    palaver::store::apply::apply(store, update, NOW);
}

fn room(store: &Store) -> Room {
    store
        .room(&lobby())
        .expect("the room is known")
        .get_untracked()
}

/// Alice asked to join the lobby as `carol` and the room let her in as a participant.
fn in_lobby() -> Store {
    let store = Store::new();
    update(
        &store,
        Update::RoomJoinRequested {
            room: lobby(),
            nick: "carol".into(),
        },
    );
    assert_eq!(room(&store).status, RoomStatus::Joining);
    apply(
        &store,
        Event::RoomJoined {
            room: lobby(),
            nick: "carol".into(),
            affiliation: Affiliation::None,
            role: Role::Participant,
            codes: vec![StatusCode::SelfPresence],
        },
        NOW,
    );
    store
}

fn occupant(nick: &str, available: bool) -> OccupantUpdate {
    OccupantUpdate {
        room: lobby(),
        nick: nick.into(),
        available,
        show: Show::Online,
        status: None,
        affiliation: Affiliation::Owner,
        role: if available {
            Role::Moderator
        } else {
            Role::None
        },
        real_jid: None,
        occupant_id: Some(format!("id-{nick}")),
        new_nick: None,
        codes: Vec::new(),
    }
}

fn said(nick: &str, body: &str, stanza_id: &str, stamp: Option<DateTime>, own: bool) -> Event {
    Event::RoomMessage(RoomMessage {
        room: lobby(),
        nick: Some(nick.into()),
        id: Some(format!("m-{stanza_id}")),
        origin_id: None,
        stanza_id: Some(stanza_id.into()),
        occupant_id: Some(format!("id-{nick}")),
        content: Content::Text(Text::plain(body)),
        stamp,
        own,
    })
}

#[wasm_bindgen_test]
fn the_room_lets_us_in_and_lists_who_is_there() {
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    let r = room(&store);
    assert_eq!(r.status, RoomStatus::Joined);
    assert_eq!(r.occupants.keys().collect::<Vec<_>>(), ["alice", "carol"]);
    assert_eq!(r.occupants["alice"].role, Role::Moderator);
    assert_eq!(
        r.occupants["alice"].occupant_id.as_deref(),
        Some("id-alice")
    );
    // A nick change (303): the same person under the new nick.
    let mut renamed = occupant("alice", false);
    renamed.new_nick = Some("alicia".into());
    renamed.codes = vec![StatusCode::NickChanged];
    apply(&store, Event::Occupant(renamed), NOW);
    apply(&store, Event::Occupant(occupant("alicia", true)), NOW);
    assert_eq!(
        room(&store).occupants.keys().collect::<Vec<_>>(),
        ["alicia", "carol"]
    );
    apply(&store, Event::Occupant(occupant("alicia", false)), NOW);
    assert_eq!(room(&store).occupants.keys().collect::<Vec<_>>(), ["carol"]);
}

#[wasm_bindgen_test]
fn a_refusal_says_why_and_the_room_is_not_listed_as_joined() {
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
        Event::RoomJoinFailed {
            room: lobby(),
            error: JoinError::NickTaken,
        },
        NOW,
    );
    match room(&store).status {
        RoomStatus::Refused(why) => assert!(why.contains("nickname"), "{why}"),
        other => panic!("not refused: {other:?}"),
    }
    // Asking again (another nick) is joining again.
    update(
        &store,
        Update::RoomJoinRequested {
            room: lobby(),
            nick: "carol".into(),
        },
    );
    assert_eq!(room(&store).status, RoomStatus::Joining);
    assert_eq!(room(&store).nick, "carol");
}

#[wasm_bindgen_test]
fn our_message_shows_at_once_and_its_reflection_delivers_it_once() {
    let store = in_lobby();
    update(
        &store,
        Update::RoomSaid {
            room: lobby(),
            id: "o1".into(),
            body: "hello room".into(),
        },
    );
    let line = room(&store).lines.back().cloned().expect("shown at once");
    assert!(line.own && !line.reflected, "pending until reflected");
    apply(
        &store,
        Event::RoomMessage(RoomMessage {
            room: lobby(),
            nick: Some("carol".into()),
            id: Some("o1".into()),
            origin_id: Some("o1".into()),
            stanza_id: Some("s1".into()),
            occupant_id: None,
            content: Content::Text(Text::plain("hello room")),
            stamp: None,
            own: true,
        }),
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.lines.len(), 1, "once: {:?}", r.lines);
    assert!(r.lines[0].reflected);
    assert_eq!(r.lines[0].stanza_id.as_deref(), Some("s1"));
    // The same message replayed as history on a rejoin: still once.
    apply(
        &store,
        said(
            "carol",
            "hello room",
            "s1",
            Some(DateTime::from_unix_millis(NOW as i64 - 1000).unwrap()),
            true,
        ),
        NOW,
    );
    assert_eq!(room(&store).lines.len(), 1);
}

#[wasm_bindgen_test]
fn live_lines_count_as_unread_and_mentions_only_while_the_room_is_not_on_screen() {
    let store = in_lobby();
    apply(&store, said("alice", "hi all", "s1", None, false), NOW);
    apply(&store, said("bob", "carol: look", "s2", None, false), NOW);
    apply(
        &store,
        said("bob", "Caroline is not carol's cousin", "s3", None, false),
        NOW,
    );
    apply(&store, said("bob", "carolina", "s4", None, false), NOW);
    // History replayed on joining was there before: not unread.
    apply(
        &store,
        said(
            "dave",
            "old news, carol",
            "s0",
            Some(DateTime::from_unix_millis(NOW as i64 - 60_000).unwrap()),
            false,
        ),
        NOW,
    );
    let r = room(&store);
    assert_eq!((r.unread, r.mentions), (4, 2));
    let mentioned: Vec<bool> = r.lines.iter().map(|l| l.mention).collect();
    assert_eq!(mentioned, [true, false, true, true, false], "{:?}", r.lines);
    assert_eq!(
        r.lines[0].body, "old news, carol",
        "history goes in time order"
    );
    update(&store, Update::OpenRoom(Some(lobby())));
    assert_eq!((room(&store).unread, room(&store).mentions), (0, 0));
    apply(
        &store,
        said("alice", "carol, you there?", "s5", None, false),
        NOW,
    );
    assert_eq!(room(&store).unread, 0, "read as it arrives");
}

#[wasm_bindgen_test]
fn being_kicked_says_so_with_the_reason_and_empties_the_occupants() {
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    apply(
        &store,
        Event::RoomLeft {
            room: lobby(),
            codes: vec![StatusCode::SelfPresence, StatusCode::Kicked],
            reason: Some("spamming".into()),
            destroyed: None,
        },
        NOW,
    );
    let r = room(&store);
    assert_eq!(
        r.status,
        RoomStatus::Left("You were removed from this room. Reason: spamming".into())
    );
    assert!(r.occupants.is_empty());
    // Leaving ourselves takes it off the list.
    update(&store, Update::RoomClosed(lobby()));
    assert!(store.room(&lobby()).is_none());
}

#[wasm_bindgen_test]
fn a_rejoin_lists_who_the_room_says_is_there_again_and_keeps_what_was_said() {
    let store = in_lobby();
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    apply(
        &store,
        said("alice", "before the drop", "s1", None, false),
        NOW,
    );
    apply(
        &store,
        Event::RoomJoining {
            room: lobby(),
            nick: "carol".into(),
        },
        NOW,
    );
    assert_eq!(room(&store).status, RoomStatus::Joining);
    assert!(room(&store).occupants.is_empty(), "the room will say again");
    apply(&store, Event::Occupant(occupant("bob", true)), NOW);
    apply(
        &store,
        said(
            "alice",
            "before the drop",
            "s1",
            Some(DateTime::from_unix_millis(NOW as i64 - 5000).unwrap()),
            false,
        ),
        NOW,
    );
    apply(
        &store,
        Event::RoomJoined {
            room: lobby(),
            nick: "carol".into(),
            affiliation: Affiliation::None,
            role: Role::Participant,
            codes: vec![StatusCode::SelfPresence],
        },
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.status, RoomStatus::Joined);
    assert_eq!(r.occupants.keys().collect::<Vec<_>>(), ["bob", "carol"]);
    assert_eq!(r.lines.len(), 1, "the replayed line is not doubled");
}

#[wasm_bindgen_test]
fn a_room_a_reloaded_page_rejoins_is_listed_with_everyone_in_it() {
    let store = Store::new();
    apply(
        &store,
        Event::RoomJoining {
            room: lobby(),
            nick: "carol".into(),
        },
        NOW,
    );
    apply(&store, Event::Occupant(occupant("alice", true)), NOW);
    apply(
        &store,
        Event::RoomJoined {
            room: lobby(),
            nick: "carol".into(),
            affiliation: Affiliation::None,
            role: Role::Participant,
            codes: vec![StatusCode::SelfPresence],
        },
        NOW,
    );
    assert_eq!(
        room(&store).occupants.keys().collect::<Vec<_>>(),
        ["alice", "carol"]
    );
}

#[wasm_bindgen_test]
fn a_nickname_taken_is_named_in_the_refusal() {
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
        Event::RoomJoinFailed {
            room: lobby(),
            error: JoinError::NickTaken,
        },
        NOW,
    );
    assert_eq!(
        room(&store).status,
        RoomStatus::Refused(
            "Someone in this room already uses the nickname “alice”: pick another.".into()
        )
    );
}

#[wasm_bindgen_test]
fn a_room_the_session_rejoined_on_its_own_appears_joined() {
    let store = Store::new();
    apply(
        &store,
        Event::RoomJoined {
            room: lobby(),
            nick: "carol".into(),
            affiliation: Affiliation::Member,
            role: Role::Participant,
            codes: vec![StatusCode::SelfPresence],
        },
        NOW,
    );
    assert_eq!(room(&store).status, RoomStatus::Joined);
    assert_eq!(room(&store).nick, "carol");
}

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
        Event::RoomJoined {
            room: lobby(),
            nick: "alice".into(),
            affiliation: Affiliation::Owner,
            role: Role::Moderator,
            codes: vec![StatusCode::SelfPresence],
        },
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
