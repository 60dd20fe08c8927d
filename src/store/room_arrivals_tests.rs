//! The rules of `room_arrivals.rs`, as sequences of occupant presences in and quiet lines out.

use super::*;
use crate::xmpp::stanza::muc::{Affiliation, Role};
use crate::xmpp::{BareJid, Show};
use std::collections::HashSet;

/// A room's timeline as the store keeps it, reduced to what this module touches.
struct Room {
    joined: bool,
    occupants: HashSet<String>,
    lines: Vec<(u64, String)>,
    arrivals: Arrivals,
    seq: u64,
}

impl Room {
    fn joining() -> Room {
        Room {
            joined: false,
            occupants: HashSet::new(),
            lines: Vec::new(),
            arrivals: Arrivals::default(),
            seq: 0,
        }
    }

    fn add(&mut self, text: String) -> u64 {
        self.seq += 1;
        self.lines.push((self.seq, text));
        self.seq
    }

    /// What `occupant()` in `store/apply/rooms.rs` does with a presence.
    fn hear(&mut self, update: OccupantUpdate, at: i64) {
        let was_present = self.occupants.contains(&update.nick);
        let newest = self.lines.last().map(|(seq, _)| *seq);
        match self
            .arrivals
            .observe(&update, was_present, self.joined, newest, at)
        {
            Some(Notice::Add(text)) => {
                self.add(text);
            }
            Some(Notice::Open(text)) => {
                let seq = self.add(text);
                self.arrivals.opened(seq);
            }
            Some(Notice::Rewrite(text)) => self.lines.last_mut().expect("a line").1 = text,
            Some(Notice::Withdraw) => {
                self.lines.pop();
            }
            None => {}
        }
        match (update.available, &update.new_nick) {
            (true, _) => {
                self.occupants.insert(update.nick);
            }
            (false, Some(new_nick)) => {
                self.occupants.remove(&update.nick);
                self.occupants.insert(new_nick.clone());
            }
            (false, None) => {
                self.occupants.remove(&update.nick);
            }
        }
    }

    fn texts(&self) -> Vec<&str> {
        self.lines.iter().map(|(_, text)| text.as_str()).collect()
    }
}

fn presence(nick: &str, available: bool, codes: &[StatusCode]) -> OccupantUpdate {
    OccupantUpdate {
        room: BareJid::parse("lobby@conference.localhost").expect("room JID"),
        nick: nick.to_owned(),
        available,
        show: Show::Online,
        status: None,
        affiliation: Affiliation::None,
        role: if available {
            Role::Participant
        } else {
            Role::None
        },
        real_jid: None,
        occupant_id: None,
        new_nick: None,
        codes: codes.to_vec(),
    }
}

fn join(nick: &str) -> OccupantUpdate {
    presence(nick, true, &[])
}

fn leave(nick: &str) -> OccupantUpdate {
    presence(nick, false, &[])
}

/// In the room as `carol`, with `others` already there (the roster the room sent).
fn in_room(others: &[&str]) -> Room {
    let mut room = Room::joining();
    for nick in others {
        room.hear(join(nick), 0);
    }
    room.hear(presence("carol", true, &[StatusCode::SelfPresence]), 0);
    room.joined = true;
    room
}

const T: i64 = 1_700_000_000_000;

#[test]
fn the_presences_before_our_own_are_the_rooms_roster_not_arrivals() {
    let mut room = Room::joining();
    for nick in ["alice", "bob", "dave"] {
        room.hear(join(nick), T);
    }
    room.hear(leave("bob"), T);
    room.hear(presence("carol", true, &[StatusCode::SelfPresence]), T);
    assert!(room.lines.is_empty(), "{:?}", room.lines);
    room.joined = true;
    room.hear(join("erin"), T + 10);
    assert_eq!(room.texts(), ["erin joined."]);
}

#[test]
fn a_storm_of_a_thousand_joins_is_one_line() {
    let mut room = in_room(&["alice"]);
    for i in 0..1000 {
        room.hear(join(&format!("bot{i:04}")), T + i * 20);
    }
    assert_eq!(room.texts(), ["bot0000, bot0001 and 998 others joined."]);
    assert_eq!(room.occupants.len(), 1002);
}

#[test]
fn names_are_listed_up_to_three_then_counted() {
    let mut room = in_room(&[]);
    room.hear(join("alice"), T);
    assert_eq!(room.texts(), ["alice joined."]);
    room.hear(join("bob"), T + 1);
    assert_eq!(room.texts(), ["alice and bob joined."]);
    room.hear(join("dave"), T + 2);
    assert_eq!(room.texts(), ["alice, bob and dave joined."]);
    room.hear(join("erin"), T + 3);
    assert_eq!(room.texts(), ["alice, bob and 2 others joined."]);
}

#[test]
fn a_leave_storm_is_one_line_and_joins_and_leaves_share_it() {
    let mut room = in_room(&["alice", "bob", "dave", "erin", "frank"]);
    for (i, nick) in ["alice", "bob", "dave", "erin"].iter().enumerate() {
        room.hear(leave(nick), T + i as i64 * 100);
    }
    assert_eq!(room.texts(), ["alice, bob and 2 others left."]);
    room.hear(join("gina"), T + 500);
    assert_eq!(room.texts(), ["gina joined; alice, bob and 2 others left."]);
}

#[test]
fn joining_then_leaving_in_a_storm_reads_joined_and_left() {
    let mut room = in_room(&["alice"]);
    room.hear(join("dave"), T);
    room.hear(join("erin"), T + 100);
    room.hear(leave("dave"), T + 200);
    assert_eq!(room.texts(), ["erin joined; dave joined and left."]);
}

#[test]
fn leaving_and_coming_back_in_a_storm_cancels_out_and_takes_the_line_back() {
    let mut room = in_room(&["alice", "bob"]);
    room.hear(leave("alice"), T);
    assert_eq!(room.texts(), ["alice left."]);
    room.hear(join("alice"), T + 1_000);
    assert!(room.lines.is_empty(), "{:?}", room.lines);
    // The storm goes on: the next change brings a line again.
    room.hear(leave("bob"), T + 2_000);
    assert_eq!(room.texts(), ["bob left."]);
}

#[test]
fn a_quiet_gap_or_a_line_in_between_starts_a_new_line() {
    let mut room = in_room(&[]);
    room.hear(join("alice"), T);
    room.hear(join("bob"), T + QUIET_GAP_MS);
    room.hear(join("dave"), T + 2 * QUIET_GAP_MS + 1);
    assert_eq!(room.texts(), ["alice and bob joined.", "dave joined."]);
    room.add("a message".to_owned());
    room.hear(leave("alice"), T + 2 * QUIET_GAP_MS + 2);
    assert_eq!(
        room.texts(),
        [
            "alice and bob joined.",
            "dave joined.",
            "a message",
            "alice left."
        ]
    );
}

#[test]
fn a_nick_change_is_a_line_of_its_own_and_no_join() {
    let mut room = in_room(&["alice"]);
    // XEP-0045 §7.6.3, example 53 and 54: unavailable with 303 and the new nick, then
    // available from the new nick.
    let mut renamed = presence("alice", false, &[StatusCode::NickChanged]);
    renamed.new_nick = Some("alicia".to_owned());
    room.hear(renamed, T);
    room.hear(join("alicia"), T);
    assert_eq!(room.texts(), ["alice is now known as alicia."]);
    let mut ours = presence(
        "carol",
        false,
        &[StatusCode::NickChanged, StatusCode::SelfPresence],
    );
    ours.new_nick = Some("caroline".to_owned());
    room.hear(ours, T + 10);
    room.hear(
        presence("caroline", true, &[StatusCode::SelfPresence]),
        T + 10,
    );
    assert_eq!(
        room.texts(),
        [
            "alice is now known as alicia.",
            "You are now known as caroline."
        ]
    );
}

#[test]
fn kicks_bans_and_removals_by_affiliation_are_lines_of_their_own() {
    let mut room = in_room(&["alice", "bob", "dave", "erin"]);
    room.hear(presence("alice", false, &[StatusCode::Kicked]), T);
    room.hear(presence("bob", false, &[StatusCode::Banned]), T + 1);
    room.hear(
        presence("dave", false, &[StatusCode::RemovedAffiliationChange]),
        T + 2,
    );
    // §11.1: a 307 beside a 333 is no kick, only someone lost.
    room.hear(
        presence(
            "erin",
            false,
            &[StatusCode::Kicked, StatusCode::RemovedTechnicalError],
        ),
        T + 3,
    );
    assert_eq!(
        room.texts(),
        [
            "alice was removed from the room.",
            "bob was banned from the room.",
            "dave was removed: their membership changed.",
            "erin left.",
        ]
    );
}

#[test]
fn removals_for_members_only_and_shutdown_are_coalesced() {
    let mut room = in_room(&["alice", "bob", "dave"]);
    // XEP-0045 §16.6: 322, the room became members-only; 332, the service shuts down.
    room.hear(
        presence("alice", false, &[StatusCode::RemovedMembersOnly]),
        T,
    );
    room.hear(
        presence("bob", false, &[StatusCode::RemovedMembersOnly]),
        T + 1,
    );
    assert_eq!(
        room.texts(),
        ["alice and bob were removed: the room is now for members only."]
    );
    room.hear(
        presence("dave", false, &[StatusCode::RemovedServiceShutdown]),
        T + 2,
    );
    assert_eq!(
        room.texts(),
        ["alice and bob were removed: the room is now for members only; dave was removed: the service is shutting down."]
    );
}

#[test]
fn a_show_change_or_an_unknown_leaving_says_nothing() {
    let mut room = in_room(&["alice"]);
    let mut away = join("alice");
    away.show = Show::Away;
    room.hear(away, T);
    room.hear(leave("nobody"), T);
    room.hear(presence("carol", true, &[StatusCode::SelfPresence]), T);
    assert!(room.lines.is_empty(), "{:?}", room.lines);
}

#[test]
fn a_rejoin_is_a_join_again_its_roster_no_arrivals() {
    let mut room = in_room(&["alice"]);
    room.hear(join("bob"), T);
    // The connection was lost and the room joined again: not in until our 110.
    room.joined = false;
    room.occupants.clear();
    room.hear(join("alice"), T + 100);
    room.hear(join("bob"), T + 100);
    room.hear(join("dave"), T + 100);
    room.joined = true;
    room.hear(join("erin"), T + 200);
    assert_eq!(room.texts(), ["bob joined.", "erin joined."]);
}
