//! How a room's events land in the store, in headless Chromium (ARCHITECTURE.md, "Tests, by
//! layer"): joining and its refusal, occupants arriving, renamed and leaving, our own message
//! shown at once and delivered by its reflection (once), history replayed on a rejoin not
//! doubled, unread and mention counts only for live lines of a room not on screen, and why we
//! are out of a room.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::apply;
use browser_support::rooms::{in_lobby, joined, lobby, occupant, room, said, update, NOW};
use palaver::driver::Update;
use palaver::store::room::{RoomStatus, ROOM_LINES};
use palaver::store::room_history::oldest_stanza_id;
use palaver::store::Store;
use palaver::xmpp::event::RoomMessage;
use palaver::xmpp::stanza::date::DateTime;
use palaver::xmpp::stanza::muc::{Affiliation, JoinError, Role, StatusCode};
use palaver::xmpp::{Content, Event, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
            reply: None,
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
        joined("carol", Affiliation::None, Role::Participant),
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.status, RoomStatus::Joined);
    assert_eq!(r.occupants.keys().collect::<Vec<_>>(), ["bob", "carol"]);
    let said: Vec<&str> = r
        .lines
        .iter()
        .filter(|l| !l.notice)
        .map(|l| l.body.as_str())
        .collect();
    assert_eq!(
        said,
        ["before the drop"],
        "the replayed line is not doubled"
    );
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
        joined("carol", Affiliation::None, Role::Participant),
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
        joined("carol", Affiliation::Member, Role::Participant),
        NOW,
    );
    assert_eq!(room(&store).status, RoomStatus::Joined);
    assert_eq!(room(&store).nick, "carol");
}

#[wasm_bindgen_test]
fn lines_read_from_the_archive_after_ours_go_after_it_though_stamped_in_whole_seconds() {
    // Said live at NOW + 700 ms; the room's archive (Prosody stamps whole seconds) then brings
    // what was said after it, stamped NOW: they are later, not earlier.
    let store = in_lobby();
    let second = (NOW as i64 / 1000) * 1000;
    apply(
        &store,
        said("alice", "00 before", "s0", None, false),
        (second + 700) as f64,
    );
    for (n, id) in ["s1", "s2"].iter().enumerate() {
        let stamp = DateTime::from_unix_millis(second).unwrap();
        apply(
            &store,
            said(
                "bob",
                &format!("0{} while away", n + 1),
                id,
                Some(stamp),
                false,
            ),
            (second + 5000) as f64,
        );
    }
    let bodies: Vec<String> = room(&store).lines.iter().map(|l| l.body.clone()).collect();
    assert_eq!(bodies, ["00 before", "01 while away", "02 while away"]);
    // One stamped a whole second earlier was said before all of them.
    apply(
        &store,
        said(
            "bob",
            "a second earlier",
            "s3",
            Some(DateTime::from_unix_millis(second - 1000).unwrap()),
            false,
        ),
        (second + 6000) as f64,
    );
    assert_eq!(room(&store).lines[0].body, "a second earlier");
}

#[wasm_bindgen_test]
fn a_rooms_configuration_opens_is_refused_saved_and_closes_when_we_are_out() {
    use palaver::xmpp::event::RoomConfigError;
    use palaver::xmpp::stanza::data_form::{DataForm, FormType};
    use palaver::xmpp::stanza::{ErrorType, StanzaError};

    let store = in_lobby();
    let form = DataForm {
        kind: FormType::Form,
        title: Some("Configuration".into()),
        instructions: Vec::new(),
        fields: Vec::new(),
    };
    update(&store, Update::RoomConfigRequested(lobby()));
    let config = room(&store).config.expect("open, waiting for the form");
    assert_eq!(config.form, None);
    apply(
        &store,
        Event::RoomConfigForm {
            room: lobby(),
            form: form.clone(),
            creating: false,
        },
        NOW,
    );
    assert_eq!(room(&store).config.unwrap().form, Some(form.clone()));
    update(&store, Update::RoomConfigSent(lobby()));
    assert!(room(&store).config.unwrap().sending);
    let refused = StanzaError {
        kind: ErrorType::Modify,
        condition: "not-acceptable".into(),
        text: Some("Passwords must be 4 characters or more".into()),
    };
    apply(
        &store,
        Event::RoomConfigFailed {
            room: lobby(),
            error: RoomConfigError::Refused(refused.clone()),
            with_defaults: false,
        },
        NOW,
    );
    let config = room(&store).config.expect("still open");
    assert!(!config.sending);
    assert_eq!(
        config.error.as_deref(),
        Some("The room refused: Passwords must be 4 characters or more.")
    );
    apply(&store, Event::RoomConfigured { room: lobby() }, NOW);
    assert_eq!(room(&store).config, None, "saved: closed");
    // Someone changed it: a quiet line says so, privacy changes in words.
    apply(
        &store,
        Event::RoomConfigChanged {
            room: lobby(),
            codes: vec![StatusCode::ConfigurationChanged, StatusCode::LoggingEnabled],
        },
        NOW,
    );
    let line = room(&store).lines.back().cloned().expect("a line");
    assert!(line.notice);
    assert_eq!(
        line.body,
        "The room's configuration changed. The room now keeps a log of what is said."
    );
    // Closed by the user (a later configuration cancelled).
    update(&store, Update::RoomConfigRequested(lobby()));
    update(&store, Update::RoomConfigClosed(lobby()));
    assert_eq!(room(&store).config, None);
    apply(
        &store,
        Event::RoomConfigForm {
            room: lobby(),
            form,
            creating: true,
        },
        NOW,
    );
    // Destroyed while the view is open: out, with why and where it goes on, the view closed.
    apply(
        &store,
        Event::RoomLeft {
            room: lobby(),
            codes: Vec::new(),
            reason: Some("Macbeth doth come.".into()),
            destroyed: Some(palaver::xmpp::stanza::muc::Destroy {
                jid: Some(palaver::xmpp::Jid::parse("heath@chat.shakespeare.lit").unwrap()),
                reason: Some("Macbeth doth come.".into()),
                password: None,
            }),
        },
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.config, None);
    assert_eq!(
        r.status,
        RoomStatus::Left(
            "The room was destroyed. Reason: Macbeth doth come. It goes on in heath@chat.shakespeare.lit."
                .into()
        )
    );
    // A new room whose form could not be had is opened with the defaults, and that is said.
    let store = in_lobby();
    apply(
        &store,
        Event::RoomConfigFailed {
            room: lobby(),
            error: RoomConfigError::BadForm("a data form holds at most 256 fields".into()),
            with_defaults: true,
        },
        NOW,
    );
    let r = room(&store);
    assert_eq!(r.config, None);
    assert!(r
        .refusal
        .as_deref()
        .is_some_and(|why| why.contains("default settings")));
}

#[wasm_bindgen_test]
fn a_page_read_back_goes_in_front_and_stays_though_the_room_held_its_most() {
    let store = in_lobby();
    // A room holding its usual most, all live.
    for n in 0..ROOM_LINES {
        apply(
            &store,
            said("bob", &format!("live {n}"), &format!("s{n}"), None, false),
            NOW + n as f64,
        );
    }
    let unread_before = (room(&store).unread, room(&store).mentions);
    assert_eq!(oldest_stanza_id(&room(&store)).as_deref(), Some("s0"));
    update(&store, Update::RoomOlderLinesAsked(lobby()));
    assert!(
        room(&store).read_back.asking,
        "the reader waits for the page"
    );
    let older: Vec<RoomMessage> = (0..3)
        .map(|n| {
            // All said within one second, as a burst is stamped: the archive's order holds.
            let stamp = DateTime::from_unix_millis((NOW as i64 / 1000 - 60) * 1000).unwrap();
            match said(
                "carol",
                &format!("old {n}"),
                &format!("a{n}"),
                Some(stamp),
                false,
            ) {
                Event::RoomMessage(m) => m,
                _ => unreachable!(),
            }
        })
        .collect();
    apply(
        &store,
        Event::RoomOlderLines {
            room: lobby(),
            messages: older,
            complete: false,
        },
        NOW + 10_000.0,
    );
    let r = room(&store);
    let first: Vec<&str> = r.lines.iter().take(4).map(|l| l.body.as_str()).collect();
    assert_eq!(first, ["old 0", "old 1", "old 2", "live 0"]);
    assert_eq!(r.lines.len(), ROOM_LINES + 3, "read back, not trimmed away");
    assert!(!r.read_back.asking && r.read_back.may_ask());
    assert_eq!(
        (r.unread, r.mentions),
        unread_before,
        "history is never unread"
    );
    // The archive's start: nothing more to ask for.
    apply(
        &store,
        Event::RoomOlderLines {
            room: lobby(),
            messages: Vec::new(),
            complete: true,
        },
        NOW + 11_000.0,
    );
    assert!(!room(&store).read_back.may_ask());
}
