//! How invitations to rooms and a room's affiliation lists land in the store, in headless
//! Chromium (ARCHITECTURE.md, "Tests, by layer"): one card per room, from a stranger unless
//! someone we know can be named as its sender (a mediated invitation only when the room can be
//! believed about its inviter), bounded with strangers' going first; quiet lines for our
//! invitations and the declines that come back; the "Members & bans" lists loading, following
//! our changes and forgetting another room's answers; who may change whose affiliation.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::rooms::{in_lobby, joined, lobby, occupant, room, update, NOW};
use browser_support::{apply, online_with_contacts};
use leptos::prelude::*;
use palaver::driver::Update;
use palaver::store::affiliations::{affiliation_actions, editable_lists, ListState};
use palaver::store::invitation::MAX_INVITATIONS;
use palaver::store::Store;
use palaver::xmpp::stanza::muc::{Affiliation, Role};
use palaver::xmpp::stanza::{ErrorType, StanzaError};
use palaver::xmpp::{AffiliatedUser, BareJid, Event, Jid, RoomInvitation};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn bare(jid: &str) -> BareJid {
    BareJid::parse(jid).unwrap()
}

fn invitation(room: &str, inviter: &str, mediated: bool) -> Event {
    Event::RoomInvitation(RoomInvitation {
        room: bare(room),
        inviter: Some(Jid::parse(inviter).unwrap()),
        reason: Some("<b>come</b>".into()),
        password: None,
        mediated,
    })
}

/// Each card's room and whether it is from a stranger, as the view decides it.
fn cards(store: &Store) -> Vec<(String, bool)> {
    let own = store.own_bare();
    let service = store.room_directory.get_untracked().service;
    store.contacts.with_untracked(|contacts| {
        store
            .invitations
            .get_untracked()
            .iter()
            .map(|i| {
                (
                    i.room.to_string(),
                    i.from_stranger(contacts, own.as_ref(), service.as_ref()),
                )
            })
            .collect()
    })
}

#[wasm_bindgen_test]
fn an_invitation_is_from_a_stranger_unless_someone_we_know_can_be_named() {
    let store = online_with_contacts(&["bob@localhost"]);
    // Direct, from a contact; direct, from a stranger.
    apply(
        &store,
        invitation("a@conference.localhost", "bob@localhost/web", false),
        NOW,
    );
    apply(
        &store,
        invitation("b@conference.localhost", "oscar@localhost/web", false),
        NOW,
    );
    // Mediated from the inviter's own server's service: the room's word is believed.
    apply(
        &store,
        invitation("c@conference.localhost", "bob@localhost/web", true),
        NOW,
    );
    // Mediated from anywhere else, naming a contact: anyone could have written that.
    apply(
        &store,
        invitation("evil@evil.example", "bob@localhost/web", true),
        NOW,
    );
    apply(
        &store,
        invitation("d@localhost", "bob@localhost/web", true),
        NOW,
    );
    // A semi-anonymous room names a seat: a nick anyone there could have picked.
    apply(
        &store,
        invitation("e@conference.localhost", "e@conference.localhost/bob", true),
        NOW,
    );
    assert_eq!(
        cards(&store),
        [
            ("a@conference.localhost".into(), false),
            ("b@conference.localhost".into(), true),
            ("c@conference.localhost".into(), false),
            ("evil@evil.example".into(), true),
            ("d@localhost".into(), true),
            ("e@conference.localhost".into(), true),
        ]
    );
    // Not even a room in the roster makes its seat somebody.
    let masked = store.invitations.get_untracked()[5].clone();
    let service = bare("conference.localhost");
    assert_eq!(masked.vouched_inviter(Some(&service)), None);
    // Our own service vouches for any inviter it names.
    apply(
        &store,
        Event::ConferenceService {
            jid: bare("evil.example"),
        },
        NOW,
    );
    assert!(!cards(&store)[3].1, "our service's room is believed");
    // The reason is kept as the text it was.
    let first = store.invitations.get_untracked()[0].clone();
    assert_eq!(first.reason.as_deref(), Some("<b>come</b>"));
    // A newer invitation to the same room replaces the card; a logout forgets them all.
    apply(
        &store,
        invitation("a@conference.localhost", "oscar@localhost/x", false),
        NOW + 1.0,
    );
    assert_eq!(store.invitations.get_untracked().len(), 6);
    assert!(cards(&store)
        .iter()
        .any(|(room, stranger)| room == "a@conference.localhost" && *stranger));
    apply(&store, Event::Disconnected { error: None }, NOW);
    assert!(store.invitations.get_untracked().is_empty());
}

#[wasm_bindgen_test]
fn invitations_are_bounded_and_a_flood_of_strangers_cannot_push_out_a_contacts() {
    let store = online_with_contacts(&["bob@localhost"]);
    apply(
        &store,
        invitation("bob-room@conference.localhost", "bob@localhost/web", false),
        NOW,
    );
    for n in 0..(MAX_INVITATIONS + 15) {
        apply(
            &store,
            invitation(
                &format!("spam{n}@evil.example"),
                &format!("bot{n}@evil.example"),
                false,
            ),
            NOW + n as f64,
        );
    }
    let kept = cards(&store);
    assert_eq!(kept.len(), MAX_INVITATIONS);
    assert_eq!(kept[0], ("bob-room@conference.localhost".into(), false));
    assert_eq!(
        kept[1].0, "spam16@evil.example",
        "the oldest strangers went"
    );
}

#[wasm_bindgen_test]
fn an_invitation_to_a_room_we_are_in_is_no_card_and_an_answered_one_goes() {
    let store = in_lobby();
    apply(
        &store,
        invitation("lobby@conference.localhost", "bob@localhost/web", false),
        NOW,
    );
    assert!(store.invitations.get_untracked().is_empty());
    apply(
        &store,
        invitation("other@conference.localhost", "bob@localhost/web", false),
        NOW,
    );
    assert_eq!(store.invitations.get_untracked().len(), 1);
    update(
        &store,
        Update::InvitationDismissed(bare("other@conference.localhost")),
    );
    assert!(store.invitations.get_untracked().is_empty());
}

#[wasm_bindgen_test]
fn our_invitation_and_a_decline_are_quiet_lines_in_the_room() {
    let store = in_lobby();
    apply(
        &store,
        Event::InvitationSent {
            room: lobby(),
            invitee: bare("dave@localhost"),
            mediated: true,
        },
        NOW,
    );
    apply(
        &store,
        Event::InvitationDeclined {
            room: lobby(),
            invitee: Some(Jid::parse("dave@localhost/web").unwrap()),
            reason: Some("busy".into()),
        },
        NOW,
    );
    let lines: Vec<(bool, String)> = room(&store)
        .lines
        .iter()
        .map(|l| (l.notice, l.body.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (true, "You invited dave@localhost through the room.".into()),
            (true, "dave@localhost declined your invitation: busy".into()),
        ]
    );
}

fn user(jid: &str) -> AffiliatedUser {
    AffiliatedUser {
        jid: bare(jid),
        nick: None,
        reason: None,
    }
}

#[wasm_bindgen_test]
fn the_lists_load_follow_our_changes_and_ignore_another_rooms_answers() {
    let store = in_lobby();
    update(
        &store,
        Update::AffiliationListsOpened {
            room: lobby(),
            affiliations: vec![
                Affiliation::Member,
                Affiliation::Outcast,
                Affiliation::Owner,
            ],
        },
    );
    let state = |a| {
        store
            .affiliation_lists
            .get_untracked()
            .and_then(|l| l.list(a).cloned())
    };
    assert_eq!(state(Affiliation::Member), Some(ListState::Loading));
    apply(
        &store,
        Event::AffiliationList {
            room: lobby(),
            affiliation: Affiliation::Member,
            users: vec![user("carol@localhost"), user("dave@localhost")],
        },
        NOW,
    );
    apply(
        &store,
        Event::AffiliationList {
            room: lobby(),
            affiliation: Affiliation::Outcast,
            users: vec![],
        },
        NOW,
    );
    apply(
        &store,
        Event::AffiliationListFailed {
            room: lobby(),
            affiliation: Affiliation::Owner,
            error: StanzaError {
                kind: ErrorType::Auth,
                condition: "forbidden".into(),
                text: None,
            },
        },
        NOW,
    );
    // Another room's late answer changes nothing here.
    apply(
        &store,
        Event::AffiliationList {
            room: bare("other@conference.localhost"),
            affiliation: Affiliation::Member,
            users: vec![user("mallory@localhost")],
        },
        NOW,
    );
    // Dave is banned: off the members, onto the banned.
    apply(
        &store,
        Event::AffiliationChanged {
            room: lobby(),
            jid: bare("dave@localhost"),
            affiliation: Affiliation::Outcast,
        },
        NOW,
    );
    assert_eq!(
        state(Affiliation::Member),
        Some(ListState::Loaded(vec![user("carol@localhost")]))
    );
    assert_eq!(
        state(Affiliation::Outcast),
        Some(ListState::Loaded(vec![user("dave@localhost")]))
    );
    assert!(
        matches!(state(Affiliation::Owner), Some(ListState::Failed(why)) if why.contains("would not show")),
        "{:?}",
        state(Affiliation::Owner)
    );
    update(&store, Update::AffiliationListsClosed);
    assert_eq!(store.affiliation_lists.get_untracked(), None);
}

#[wasm_bindgen_test]
fn who_may_change_whose_affiliation() {
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
    bob.real_jid = Some(Jid::parse("bob@localhost/web").unwrap());
    apply(&store, Event::Occupant(bob), NOW);
    let mut anon = occupant("anon", true);
    anon.affiliation = Affiliation::None;
    anon.real_jid = None;
    apply(&store, Event::Occupant(anon), NOW);
    let r = room(&store);
    let offered = |r: &palaver::store::room::Room, nick: &str| {
        affiliation_actions(r, &r.occupants[nick])
            .iter()
            .map(|a| (a.testid, a.to))
            .collect::<Vec<_>>()
    };
    // An owner: membership, admin, owner; nothing for someone whose address is hidden, or us.
    assert_eq!(
        offered(&r, "bob"),
        [
            ("occupant-member", Affiliation::Member),
            ("occupant-admin", Affiliation::Admin),
            ("occupant-owner", Affiliation::Owner),
        ]
    );
    assert_eq!(offered(&r, "anon"), []);
    assert_eq!(offered(&r, "alice"), []);
    assert_eq!(editable_lists(&r).len(), 4);
    // An admin: membership only, the member and ban lists; a member: nothing.
    apply(
        &store,
        joined("alice", Affiliation::Admin, Role::Moderator),
        NOW,
    );
    let r = room(&store);
    assert_eq!(
        offered(&r, "bob"),
        [("occupant-member", Affiliation::Member)]
    );
    assert_eq!(
        editable_lists(&r),
        [Affiliation::Member, Affiliation::Outcast]
    );
    apply(
        &store,
        joined("alice", Affiliation::Member, Role::Participant),
        NOW,
    );
    let r = room(&store);
    assert_eq!(offered(&r, "bob"), []);
    assert!(editable_lists(&r).is_empty());
}
