//! Corrections, retractions, reactions and moderators' removals of room lines, and the rule
//! that says who may change a line (issue 13): the same occupant, never the nickname alone.
//!
//! - A room that gives occupant ids (XEP-0421, in its disco#info): the change's occupant id
//!   must equal the line's.
//! - Otherwise, when both carry a real bare JID (a non-anonymous room, seen live): the same JID.
//! - Otherwise the same nick, and that nick's seat not vacated since the line (left, kicked,
//!   renamed, or we were out of the room): [`Seats`] counts seat generations.
//! - In a private conversation with an occupant, no occupant id is kept: real JID, else seat.
//!
//! A correction or retraction that fails the rule is dropped (the original stays as it was; the
//! correction's text is not shown as a line of its own, so a spoofer gains nothing), and so are
//! reactions from someone unknown and any change naming a line not held. Nothing here counts
//! as unread or as a mention: only new lines do.

use std::collections::{HashMap, VecDeque};

use super::room::{OccupantReactions, Removal, Room, RoomLine};
use crate::xmpp::stanza::reactions::{self, MAX_REACTIONS};
use crate::xmpp::Content;

/// The most occupants whose reactions one line keeps: a crowd reacting cannot grow a line
/// without end.
pub const MAX_REACTORS: usize = 200;
/// The most nicks whose seat generation a room remembers; past it, every seat starts anew
/// (older lines can then no longer be changed by nick alone, which errs on the safe side).
const MAX_SEATS: usize = 10_000;

/// Seat generations: a nick's generation changes whenever its seat is vacated, so a line
/// remembers which seat said it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seats {
    vacated: HashMap<String, u64>,
    epoch: u64,
    clock: u64,
}

impl Seats {
    /// The generation of `nick`'s seat now.
    pub fn of(&self, nick: &str) -> u64 {
        self.vacated.get(nick).copied().unwrap_or(self.epoch)
    }

    /// `nick` left its seat (or was removed, or renamed): whoever takes it next is another.
    pub fn vacate(&mut self, nick: &str) {
        self.clock += 1;
        if self.vacated.len() >= MAX_SEATS && !self.vacated.contains_key(nick) {
            return self.all_anew();
        }
        self.vacated.insert(nick.to_owned(), self.clock);
    }

    /// We were out of the room (a rejoin): no seat is known to be the one it was.
    pub fn all_anew(&mut self) {
        self.clock += 1;
        self.vacated.clear();
        self.epoch = self.clock;
    }
}

/// Who sent a change, as far as the room tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// Their nick.
    pub nick: String,
    /// The room's id for them (only kept from a room that gives them).
    pub occupant_id: Option<String>,
    /// Their real bare JID, when the room shows it (live only).
    pub real_jid: Option<String>,
    /// Us.
    pub own: bool,
}

/// What became of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    /// Applied to the line it names.
    Changed,
    /// Already so, or nothing to change.
    Unchanged,
    /// It names a line we hold, but not one its sender may change.
    Refused,
    /// It names no line we hold.
    Unknown,
}

impl RoomLine {
    /// Whether `id` names this line: its room stanza id, or its sender's id.
    pub fn answers_to(&self, id: &str) -> bool {
        !self.notice && (self.stanza_id.as_deref() == Some(id) || self.id.as_deref() == Some(id))
    }

    /// The id a reply, a retraction or reactions name this line by: the room's stanza id in
    /// the room (XEP-0461, 0424, 0444 in group chat), else its sender's id.
    pub fn reference(&self) -> Option<&str> {
        self.stanza_id.as_deref().or(self.id.as_deref())
    }

    /// The reactions as chips: each emoji with the nicks that put it there, in first-seen order.
    pub fn reaction_chips(&self) -> Vec<(String, Vec<String>, bool)> {
        let mut chips: Vec<(String, Vec<String>, bool)> = Vec::new();
        for set in &self.reactions {
            for emoji in &set.emojis {
                match chips.iter_mut().find(|(e, _, _)| e == emoji) {
                    Some((_, nicks, mine)) => {
                        nicks.push(set.nick.clone());
                        *mine |= set.own;
                    }
                    None => chips.push((emoji.clone(), vec![set.nick.clone()], set.own)),
                }
            }
        }
        chips
    }

    /// Our own reactions on it.
    pub fn own_reactions(&self) -> Vec<String> {
        self.reactions
            .iter()
            .find(|r| r.own)
            .map(|r| r.emojis.clone())
            .unwrap_or_default()
    }
}

impl Room {
    /// The lines of the room (`private` = `None`) or of the private conversation with a nick.
    fn lines_of(&self, private: Option<&str>) -> Option<&VecDeque<RoomLine>> {
        match private {
            None => Some(&self.lines),
            Some(nick) => self.private.get(nick).map(|chat| &chat.lines),
        }
    }

    fn lines_of_mut(&mut self, private: Option<&str>) -> Option<&mut VecDeque<RoomLine>> {
        match private {
            None => Some(&mut self.lines),
            Some(nick) => self.private.get_mut(nick).map(|chat| &mut chat.lines),
        }
    }

    /// Whether `author` may change `line`, by the rule of this module. In a private
    /// conversation (`private`) the room routes by nick and stamps no occupant id we keep: the
    /// real JID when shown, else the same unvacated seat.
    pub fn same_author(&self, line: &RoomLine, author: &Author, private: bool) -> bool {
        if line.notice || line.own != author.own {
            return false;
        }
        if line.own {
            // Ours: the id matched one of our lines; the room's id for us, when both carry it.
            return match (&line.occupant_id, &author.occupant_id) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
        }
        if self.features.occupant_ids && !private {
            return line.occupant_id.is_some() && line.occupant_id == author.occupant_id;
        }
        if let (Some(a), Some(b)) = (&line.real_jid, &author.real_jid) {
            return a == b;
        }
        line.nick.as_deref() == Some(author.nick.as_str())
            && line.seat == self.seats.of(&author.nick)
    }

    /// Applies a correction, retraction or reactions from `author` to the line it names, in
    /// the room or in the private conversation with `private`.
    pub fn edit_line(
        &mut self,
        private: Option<&str>,
        author: &Author,
        content: Content,
    ) -> EditOutcome {
        let (target, by_author) = match &content {
            Content::Correction { of, .. } | Content::Retraction { of } => (of.clone(), true),
            Content::Reactions { to, .. } => (to.clone(), false),
            _ => return EditOutcome::Unchanged,
        };
        let who = self.reactor(author);
        let Some(lines) = self.lines_of(private) else {
            return EditOutcome::Unknown;
        };
        let candidates: Vec<usize> = lines
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, l)| l.answers_to(&target))
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return EditOutcome::Unknown;
        }
        let index = if by_author {
            // Ids are the sender's choice: only a line of the same author counts.
            match candidates
                .iter()
                .copied()
                .find(|&i| self.same_author(&lines[i], author, private.is_some()))
            {
                Some(i) => i,
                None => return EditOutcome::Refused,
            }
        } else {
            candidates[0]
        };
        let Some(line) = self.lines_of_mut(private).and_then(|l| l.get_mut(index)) else {
            return EditOutcome::Unknown;
        };
        let outcome = match content {
            Content::Correction { text, .. } => {
                if line.removed.is_some() || (line.edited && line.body == text.body) {
                    EditOutcome::Unchanged
                } else {
                    line.body = text.body;
                    line.edited = true;
                    EditOutcome::Changed
                }
            }
            Content::Retraction { .. } => retract(line, Removal::Retracted),
            Content::Reactions { emojis, .. } => react(line, who, author, emojis),
            _ => EditOutcome::Unchanged,
        };
        if outcome == EditOutcome::Changed {
            line.revision = line.revision.wrapping_add(1);
        }
        outcome
    }

    /// A moderator removed the room's line `stanza_id` (XEP-0425, announced by the room).
    pub fn remove_line(
        &mut self,
        stanza_id: &str,
        by: Option<String>,
        reason: Option<String>,
    ) -> EditOutcome {
        let Some(line) = self
            .lines
            .iter_mut()
            .rev()
            .find(|l| !l.notice && l.stanza_id.as_deref() == Some(stanza_id))
        else {
            return EditOutcome::Unknown;
        };
        let outcome = retract(line, Removal::Moderated { by, reason });
        if outcome == EditOutcome::Changed {
            line.revision = line.revision.wrapping_add(1);
        }
        outcome
    }

    /// How reactions from `author` are keyed: the strongest identity the room gives.
    fn reactor(&self, author: &Author) -> String {
        if author.own {
            return "self".to_owned();
        }
        match (&author.occupant_id, &author.real_jid) {
            (Some(id), _) if self.features.occupant_ids => format!("id:{id}"),
            (_, Some(jid)) => format!("jid:{jid}"),
            _ => format!("nick:{}#{}", author.nick, self.seats.of(&author.nick)),
        }
    }
}

/// The line becomes a tombstone (once: a later removal does not rewrite who removed it, except
/// that a moderator's word replaces an author's).
fn retract(line: &mut RoomLine, removal: Removal) -> EditOutcome {
    match (&line.removed, &removal) {
        (None, _) | (Some(Removal::Retracted), Removal::Moderated { .. }) => {}
        _ => return EditOutcome::Unchanged,
    }
    line.removed = Some(removal);
    line.body.clear();
    line.reply = None;
    line.reactions.clear();
    EditOutcome::Changed
}

/// `who`'s reactions on `line` become `emojis` (XEP-0444: each update is the whole set).
fn react(line: &mut RoomLine, who: String, author: &Author, emojis: Vec<String>) -> EditOutcome {
    if line.removed.is_some() {
        return EditOutcome::Unchanged;
    }
    let emojis = reactions::distinct(emojis);
    debug_assert!(emojis.len() <= MAX_REACTIONS);
    match line.reactions.iter().position(|r| r.who == who) {
        Some(at) if line.reactions[at].emojis == emojis => EditOutcome::Unchanged,
        Some(at) if emojis.is_empty() => {
            line.reactions.remove(at);
            EditOutcome::Changed
        }
        Some(at) => {
            line.reactions[at].emojis = emojis;
            line.reactions[at].nick = author.nick.clone();
            EditOutcome::Changed
        }
        None if emojis.is_empty() => EditOutcome::Unchanged,
        None if line.reactions.len() >= MAX_REACTORS => EditOutcome::Unchanged,
        None => {
            line.reactions.push(OccupantReactions {
                who,
                nick: author.nick.clone(),
                emojis,
                own: author.own,
            });
            EditOutcome::Changed
        }
    }
}
