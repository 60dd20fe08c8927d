//! Quiet lines for who comes and goes in a room (XEP-0045 §7.2, §7.6, §9, §10), coalesced: a
//! storm of joins and leaves is one line ("alice, bob and 998 others joined"), not a thousand.
//!
//! The rules, in the order they apply to each occupant presence:
//! - Before our own presence (status 110) the room is telling us who is there (§7.2.3): its
//!   roster, not arrivals; no line. The same after a rejoin, until the room lets us in again.
//! - A nick change (303) is a line of its own, "alice is now known as alicia"; so are the
//!   removals someone decided: a kick (307), a ban (301), a removal by affiliation change (321).
//! - Joins, leaves, and the removals that happen to many at once (322: the room became
//!   members-only; 332: the service shuts down) gather in a *storm*: one line, rewritten as
//!   the storm grows, which says what each person's net change was: joined, left, or joined
//!   and left. Someone who left and came back within the storm changed nothing and is not
//!   named; a storm whose changes all cancel out takes its line back.
//! - A storm lasts while changes keep coming less than [`QUIET_GAP_MS`] apart and its line is
//!   still the newest one in the timeline (anything said or noted after it starts a new one,
//!   so a line never changes above something said later).
//!
//! Plain Rust (no signals, no clock: the time comes in), so the rules are tested natively; the
//! store's `apply/rooms.rs` applies the [`Notice`]s to the room's timeline.

use std::collections::{BTreeMap, HashMap};

use crate::xmpp::event::OccupantUpdate;
use crate::xmpp::stanza::muc::StatusCode;

/// The longest quiet between two changes of one storm (ms): a join storm arriving over many
/// seconds stays one line, while someone joining a minute later gets a line of their own.
pub const QUIET_GAP_MS: i64 = 5_000;

/// How many names a storm's line lists per group before "and N others".
const NAMED: usize = 3;

/// What the timeline should do about an occupant's presence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Add a quiet line with this text (a nick change, a kick, a ban).
    Add(String),
    /// Add a quiet line with this text that opens a storm, then tell [`Arrivals::opened`] its
    /// `seq` so the storm can rewrite it.
    Open(String),
    /// The storm's line, the newest of the timeline, now reads this.
    Rewrite(String),
    /// The storm's line, the newest of the timeline, says nothing any more: take it away.
    Withdraw,
}

/// A person's net change within a storm, in the order the line tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Fate {
    Joined,
    JoinedAndLeft,
    Left,
    RemovedMembersOnly,
    RemovedShutdown,
}

/// Why someone left, as far as a storm's line tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Departure {
    Left,
    MembersOnly,
    Shutdown,
}

/// One person seen in a storm.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    /// When they were first seen in the storm: the order their names are listed in.
    order: u64,
    /// In the room when the storm began.
    was_present: bool,
    /// In the room now.
    present: bool,
    /// How they last left.
    departure: Departure,
}

impl Person {
    fn fate(&self) -> Option<Fate> {
        match (self.was_present, self.present) {
            (false, true) => Some(Fate::Joined),
            (false, false) => Some(Fate::JoinedAndLeft),
            (true, false) => Some(match self.departure {
                Departure::Left => Fate::Left,
                Departure::MembersOnly => Fate::RemovedMembersOnly,
                Departure::Shutdown => Fate::RemovedShutdown,
            }),
            (true, true) => None,
        }
    }
}

/// Joins and leaves gathered into one line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Storm {
    /// The `seq` of its line in the timeline, while it has one.
    line: Option<u64>,
    /// When its last change came (ms since the epoch).
    last_ms: i64,
    /// Everyone seen, by nick.
    people: HashMap<String, Person>,
    /// The nicks of each fate, by the order they were first seen: the line's names in O(1)
    /// however big the storm.
    fates: BTreeMap<Fate, BTreeMap<u64, String>>,
    next_order: u64,
}

impl Storm {
    fn new(now_ms: i64) -> Storm {
        Storm {
            line: None,
            last_ms: now_ms,
            people: HashMap::new(),
            fates: BTreeMap::new(),
            next_order: 0,
        }
    }

    /// `nick` arrived (`present`) or left (`departure`); `was_present`: before this presence.
    fn record(&mut self, nick: &str, was_present: bool, present: bool, departure: Departure) {
        let order = self.next_order;
        let person = self.people.entry(nick.to_owned()).or_insert(Person {
            order,
            was_present,
            present: was_present,
            departure,
        });
        if person.order == order {
            self.next_order += 1;
        }
        let before = person.fate();
        person.present = present;
        person.departure = departure;
        let after = person.fate();
        let order = person.order;
        if before == after {
            return;
        }
        if let Some(group) = before.and_then(|fate| self.fates.get_mut(&fate)) {
            group.remove(&order);
        }
        if let Some(fate) = after {
            self.fates
                .entry(fate)
                .or_default()
                .insert(order, nick.to_owned());
        }
    }

    /// The line, or `None` when every change cancelled out.
    fn text(&self) -> Option<String> {
        let parts: Vec<String> = self
            .fates
            .iter()
            .filter(|(_, nicks)| !nicks.is_empty())
            .map(|(fate, nicks)| {
                let names = names(nicks.values().take(NAMED), nicks.len());
                let were = if nicks.len() == 1 { "was" } else { "were" };
                match fate {
                    Fate::Joined => format!("{names} joined"),
                    Fate::JoinedAndLeft => format!("{names} joined and left"),
                    Fate::Left => format!("{names} left"),
                    Fate::RemovedMembersOnly => {
                        format!("{names} {were} removed: the room is now for members only")
                    }
                    Fate::RemovedShutdown => {
                        format!("{names} {were} removed: the service is shutting down")
                    }
                }
            })
            .collect();
        (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
    }
}

/// "alice", "alice and bob", "alice, bob and carol", "alice, bob and 2 others".
fn names<'a>(first: impl Iterator<Item = &'a String>, count: usize) -> String {
    let first: Vec<&str> = first.map(String::as_str).collect();
    match (first.as_slice(), count) {
        ([one], 1) => (*one).to_owned(),
        ([a, b], 2) => format!("{a} and {b}"),
        ([a, b, c], 3) => format!("{a}, {b} and {c}"),
        ([a, b, ..], n) => format!("{a}, {b} and {} others", n - 2),
        _ => String::new(),
    }
}

/// The storm a room is in, if any: one per room, kept with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrivals {
    storm: Option<Storm>,
}

impl Arrivals {
    /// What `update` means for the timeline. `was_present`: whether its nick was an occupant
    /// before it; `in_room`: whether the room has let us in (our own 110 came); `newest_line`:
    /// the `seq` of the timeline's newest line; `now_ms`: when it arrived.
    pub fn observe(
        &mut self,
        update: &OccupantUpdate,
        was_present: bool,
        in_room: bool,
        newest_line: Option<u64>,
        now_ms: i64,
    ) -> Option<Notice> {
        if !in_room {
            // The room's roster while we join: no arrivals, and no storm left over.
            self.storm = None;
            return None;
        }
        let me = update.codes.contains(&StatusCode::SelfPresence);
        if !update.available {
            if let Some(new_nick) = update.new_nick.as_ref() {
                return Some(Notice::Add(match me {
                    true => format!("You are now known as {new_nick}."),
                    false => format!("{} is now known as {new_nick}.", update.nick),
                }));
            }
            if let Some(text) = removal(update) {
                return Some(Notice::Add(text));
            }
        }
        if me || update.available == was_present {
            // Our own presence, a present occupant's new show, or someone we never saw leave.
            return None;
        }
        let departure = if update.codes.contains(&StatusCode::RemovedMembersOnly) {
            Departure::MembersOnly
        } else if update.codes.contains(&StatusCode::RemovedServiceShutdown) {
            Departure::Shutdown
        } else {
            Departure::Left
        };
        let continues = self.storm.as_ref().is_some_and(|storm| {
            now_ms - storm.last_ms <= QUIET_GAP_MS
                && storm.line.is_none_or(|line| Some(line) == newest_line)
        });
        if !continues {
            self.storm = Some(Storm::new(now_ms));
        }
        let storm = self.storm.get_or_insert_with(|| Storm::new(now_ms));
        storm.last_ms = now_ms;
        storm.record(&update.nick, was_present, update.available, departure);
        match (storm.line.is_some(), storm.text()) {
            (false, Some(text)) => Some(Notice::Open(text)),
            (true, Some(text)) => Some(Notice::Rewrite(text)),
            (true, None) => {
                storm.line = None;
                Some(Notice::Withdraw)
            }
            (false, None) => None,
        }
    }

    /// The line a [`Notice::Open`] asked for was added as `seq`.
    pub fn opened(&mut self, seq: u64) {
        if let Some(storm) = self.storm.as_mut() {
            storm.line = Some(seq);
        }
    }
}

/// What became of someone the room put out by decision, in words for a line of its own;
/// `None` for anyone else.
fn removal(update: &OccupantUpdate) -> Option<String> {
    let nick = &update.nick;
    let what = if update.codes.contains(&StatusCode::Banned) {
        format!("{nick} was banned from the room.")
    } else if update.codes.contains(&StatusCode::Kicked)
        && !update.codes.contains(&StatusCode::RemovedTechnicalError)
    {
        format!("{nick} was removed from the room.")
    } else if update.codes.contains(&StatusCode::RemovedAffiliationChange) {
        format!("{nick} was removed: their membership changed.")
    } else {
        return None;
    };
    Some(what)
}

#[cfg(test)]
#[path = "room_arrivals_tests.rs"]
mod tests;
