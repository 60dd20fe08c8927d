//! A group chat room as the views show it (XEP-0045): whether we are in, who is there, what was
//! said, the subject, and what we have not read. One `Room` per room JID, each in its own signal
//! (`Store::rooms`), so a busy room re-renders only itself.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::room_arrivals::Arrivals;
use super::room_config::RoomConfig;
use super::room_edits::Seats;
use super::room_history::ReadBack;
use crate::xmpp::event::RoomFeatures;
use crate::xmpp::stanza::muc::{Affiliation, Role, RoomInfo};
use crate::xmpp::{BareJid, PublicRoom, ReplyRef, Show};

/// The most lines a room keeps in the page: older ones drop off the top, so a room that talks
/// all day costs the same memory as a quiet one.
pub const ROOM_LINES: usize = 500;

/// A room line for us (it names us, or it is a private message), for a desktop notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomAlert {
    /// The room.
    pub room: BareJid,
    /// Who wrote.
    pub nick: String,
    /// What they wrote.
    pub body: String,
    /// A private message, rather than a line in the room naming us.
    pub private: bool,
}

/// Where rooms are found: our server's group chat service and, once asked, its public rooms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// The service (`conference.example.org`), once the server has said which it is.
    pub service: Option<BareJid>,
    /// Its public rooms, once listed (all pages so far, at most `MAX_PUBLIC_ROOMS`).
    pub rooms: Option<Vec<PublicRoom>>,
    /// Where the service's next page of rooms starts, when it pages its list.
    pub next: Option<String>,
    /// What rooms said of themselves, by room (`None`: asked, or it would not say).
    pub info: HashMap<BareJid, Option<RoomInfo>>,
}

/// Where we stand with a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomStatus {
    /// Asked to join; the room has not answered yet.
    Joining,
    /// The room let us in.
    Joined,
    /// We are out (kicked, banned, removed, the room destroyed, or the connection lost it),
    /// with why in words.
    Left(String),
    /// The room refused to let us in, with why and what to do in words (for the join dialog).
    Refused(String),
}

impl RoomStatus {
    /// The name testers see in `room-view[data-state]`.
    pub fn name(&self) -> &'static str {
        match self {
            RoomStatus::Joining => "joining",
            RoomStatus::Joined => "joined",
            RoomStatus::Left(_) => "left",
            RoomStatus::Refused(_) => "refused",
        }
    }
}

/// Someone in the room, as the room describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    /// Their nick: their seat's name, unique in the room.
    pub nick: String,
    /// What they may do while in the room.
    pub role: Role,
    /// Their long-lived standing in the room.
    pub affiliation: Affiliation,
    /// Their real address, only when the room shows it.
    pub jid: Option<String>,
    /// The room's stable id for them (XEP-0421), when it gives one.
    pub occupant_id: Option<String>,
    /// Their availability.
    pub show: Show,
}

/// One message in a room's timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomLine {
    /// The sender's id (for ours, also the origin id its reflection carries back).
    pub id: Option<String>,
    /// The room archive's id for it, once known: how a message heard twice (history replayed
    /// on a rejoin) is recognised.
    pub stanza_id: Option<String>,
    /// Who said it; `None` when the room itself speaks.
    pub nick: Option<String>,
    /// The room's stable id for the author (XEP-0421).
    pub occupant_id: Option<String>,
    /// What was said.
    pub body: String,
    /// When (ms since the epoch): the room's stamp for history, else when it arrived.
    pub timestamp_ms: i64,
    /// Said by us.
    pub own: bool,
    /// For ours: the room has sent it back to everyone (its reflection), so it was delivered.
    pub reflected: bool,
    /// It names our nick (and is not ours).
    pub mention: bool,
    /// Not something said but something that happened (someone was removed, renamed): a
    /// quiet line from the app, in `body`.
    pub notice: bool,
    /// Its place among the room's lines, given when it is added: unique in the room, so a key
    /// for keyed lists (two notices alike, two lines without ids, stay two rows).
    pub seq: u64,
    /// The line it answers (XEP-0461).
    pub reply: Option<ReplyRef>,
    /// Corrected by its author (XEP-0308).
    pub edited: bool,
    /// Withdrawn by its author or removed by a moderator: shown as a tombstone.
    pub removed: Option<Removal>,
    /// Each occupant's reactions (XEP-0444), in the order they first reacted.
    pub reactions: Vec<OccupantReactions>,
    /// The author's real bare JID, when the room showed it as the line arrived live.
    pub real_jid: Option<String>,
    /// The generation of the author's seat (their nick) when the line arrived: a nick left
    /// and taken again is another seat, whose corrections do not apply to this line.
    pub seat: u64,
    /// Bumped by every change after the line first showed, so the list re-renders its row.
    pub revision: u32,
}

/// Why a line shows as a tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// Its author retracted it (XEP-0424).
    Retracted,
    /// A moderator removed it (XEP-0425), as the room announced.
    Moderated {
        /// The moderator's nick, when the room named them.
        by: Option<String>,
        /// Why, in the moderator's words.
        reason: Option<String>,
    },
}

/// One occupant's reactions to a line: the whole set they last sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupantReactions {
    /// Who, as the same-author rule knows them (occupant id, real JID or nick and seat).
    pub who: String,
    /// Their nick when they reacted, to show.
    pub nick: String,
    /// Their emojis (at most `reactions::MAX_REACTIONS`).
    pub emojis: Vec<String>,
    /// Our own.
    pub own: bool,
}

impl RoomLine {
    /// A quiet line about what happened (someone removed, a seat emptied), at `timestamp_ms`.
    pub fn notice(body: String, timestamp_ms: i64) -> RoomLine {
        RoomLine {
            id: None,
            stanza_id: None,
            nick: None,
            occupant_id: None,
            body,
            timestamp_ms,
            own: false,
            reflected: false,
            mention: false,
            notice: true,
            ..RoomLine::default()
        }
    }

    /// The same message heard again: the room's archive id matches, or the same author's
    /// same stanza id (history replayed without archive ids).
    fn same_as(&self, other: &RoomLine) -> bool {
        match (&self.stanza_id, &other.stanza_id) {
            (Some(a), Some(b)) => a == b,
            _ => self.id.is_some() && self.id == other.id && self.nick == other.nick,
        }
    }
}

/// What the app knows of one room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Our nick in it.
    pub nick: String,
    /// Whether we are in.
    pub status: RoomStatus,
    /// What the room is about, as last set.
    pub subject: Option<String>,
    /// Who is there, by nick (ourselves included once in).
    pub occupants: BTreeMap<String, Occupant>,
    /// What was said, oldest first, at most [`ROOM_LINES`] (more once read back, see
    /// [`ReadBack`]).
    pub lines: VecDeque<RoomLine>,
    /// Messages arrived while the room was not on screen.
    pub unread: u32,
    /// Of those, the ones that name us.
    pub mentions: u32,
    /// The room's refusal of our last moderation request, in words, until the next one.
    pub refusal: Option<String>,
    /// Private conversations with occupants (XEP-0045 §7.5), by their nick, at most
    /// [`MAX_PRIVATE_CHATS`] (the ones written in longest ago go first).
    pub private: BTreeMap<String, PrivateChat>,
    /// The occupant whose private conversation is on screen in the room's view.
    pub open_private: Option<String>,
    /// What the room offers (its disco#info), once it said.
    pub features: RoomFeatures,
    /// The room's configuration while its owner edits it (or creates the room through it).
    pub config: Option<RoomConfig>,
    /// How far the reader has gone back through the room's archive.
    pub read_back: ReadBack,
    /// The joins and leaves being gathered into one quiet line (`room_arrivals.rs`).
    pub arrivals: Arrivals,
    /// The `seq` the next line gets.
    next_seq: u64,
    /// Seat generations: which nicks were vacated since which lines (see `room_edits.rs`).
    pub seats: Seats,
}

/// The most lines a private conversation in a room keeps.
pub const PRIVATE_LINES: usize = 200;
/// The most private conversations a room keeps: an occupant renaming and writing again and
/// again cannot make the page hold more.
pub const MAX_PRIVATE_CHATS: usize = 50;
/// The most occupants a room's list holds: a room may be big, not endless.
pub const MAX_OCCUPANTS: usize = 10_000;

/// A private conversation with one occupant of a room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivateChat {
    /// What was said, oldest first, at most [`PRIVATE_LINES`].
    pub lines: VecDeque<RoomLine>,
    /// Their messages not seen yet.
    pub unread: u32,
}

impl PrivateChat {
    /// Adds a line, dropping the oldest beyond the bound.
    fn push(&mut self, line: RoomLine) {
        push_bounded(&mut self.lines, line, PRIVATE_LINES);
    }
}

impl Room {
    /// A room we asked to join as `nick`.
    pub fn joining(nick: &str) -> Room {
        Room {
            nick: nick.to_owned(),
            status: RoomStatus::Joining,
            subject: None,
            occupants: BTreeMap::new(),
            lines: VecDeque::new(),
            unread: 0,
            mentions: 0,
            refusal: None,
            private: BTreeMap::new(),
            open_private: None,
            features: RoomFeatures::default(),
            config: None,
            read_back: ReadBack::default(),
            arrivals: Arrivals::default(),
            next_seq: 0,
            seats: Seats::default(),
        }
    }

    /// Our own seat, once the room has let us in.
    pub fn me(&self) -> Option<&Occupant> {
        self.occupants.get(&self.nick)
    }

    /// Whether we may kick `target` (XEP-0045 §8.2): a moderator may, not against someone
    /// whose affiliation is at least admin, nor ourselves.
    pub fn may_kick(&self, target: &Occupant) -> bool {
        self.me().is_some_and(|me| {
            me.role == Role::Moderator
                && target.nick != me.nick
                && rank(target.affiliation) < rank(Affiliation::Admin)
        })
    }

    /// Whether we may ban `target` (§9.1): an admin or owner may ban someone below them, whose
    /// real address the room shows us.
    pub fn may_ban(&self, target: &Occupant) -> bool {
        self.me().is_some_and(|me| {
            rank(me.affiliation) >= rank(Affiliation::Admin)
                && target.nick != me.nick
                && target.jid.is_some()
                && rank(target.affiliation) < rank(me.affiliation)
        })
    }

    /// Adds a quiet line about what happened in the room.
    pub fn note(&mut self, text: String, timestamp_ms: i64) {
        let mut line = RoomLine::notice(text, timestamp_ms);
        line.seq = self.take_seq();
        self.lines.push_back(line);
        self.trim();
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Adds a line to the private conversation with `nick`, making room for it among the
    /// conversations: the one with the oldest last line goes.
    pub fn tell_private(&mut self, nick: &str, mut line: RoomLine) -> &mut PrivateChat {
        line.seq = self.take_seq();
        if !self.private.contains_key(nick) && self.private.len() >= MAX_PRIVATE_CHATS {
            let oldest = self
                .private
                .iter()
                .min_by_key(|(_, chat)| chat.lines.back().map_or(0, |l| l.seq))
                .map(|(nick, _)| nick.clone());
            if let Some(oldest) = oldest {
                self.private.remove(&oldest);
            }
        }
        let chat = self.private.entry(nick.to_owned()).or_default();
        chat.push(line);
        chat
    }

    /// Adds our own message as we send it, waiting for its reflection.
    pub fn say(&mut self, mut line: RoomLine) {
        line.seq = self.take_seq();
        self.lines.push_back(line);
        self.trim();
    }

    /// Adds what was said, unless it is a message already here: the reflection of ours marks
    /// ours delivered (and gives it the room's archive id), a replayed one changes nothing.
    /// A `live` line goes last; history the room replays goes in time order among the lines
    /// here. Returns, for a new line, whether it names us.
    pub fn hear(&mut self, mut line: RoomLine, live: bool) -> Option<bool> {
        if line.own {
            let reflected = line.id.as_ref().and_then(|id| {
                self.lines
                    .iter_mut()
                    .rev()
                    .find(|l| l.own && !l.reflected && l.id.as_ref() == Some(id))
            });
            if let Some(ours) = reflected {
                ours.reflected = true;
                ours.stanza_id = line.stanza_id;
                ours.occupant_id = line.occupant_id;
                return None;
            }
            line.reflected = true;
        }
        if self.lines.iter().rev().any(|l| l.same_as(&line)) {
            return None;
        }
        line.mention = !line.own && mentions(&line.body, &self.nick);
        line.seq = self.take_seq();
        let mention = line.mention;
        // A stamp in whole seconds (XEP-0082 lets servers drop the fraction; Prosody does) may
        // be up to a second earlier than when it was said: lines here within that second were
        // said before it (a line of ours, an archive page read after them).
        let slack = if line.timestamp_ms % 1000 == 0 {
            999
        } else {
            0
        };
        let at = match live {
            true => self.lines.len(),
            false => self
                .lines
                .iter()
                .rposition(|l| l.timestamp_ms <= line.timestamp_ms + slack)
                .map_or(0, |i| i + 1),
        };
        self.lines.insert(at, line);
        self.trim();
        Some(mention)
    }

    /// Puts a page read back from the room's archive (oldest first, all older than what is
    /// held) in front of the lines, in its own order: stamps in whole seconds cannot order a
    /// page said within one second, the archive's order can. Lines already held are skipped.
    pub fn hear_older(&mut self, page: Vec<RoomLine>) {
        let mut older: Vec<RoomLine> = Vec::with_capacity(page.len());
        for mut line in page {
            let held = self
                .lines
                .iter()
                .chain(older.iter())
                .any(|l| l.same_as(&line));
            if held {
                continue;
            }
            line.reflected = line.own;
            line.mention = !line.own && mentions(&line.body, &self.nick);
            line.seq = self.take_seq();
            older.push(line);
        }
        for line in older.into_iter().rev() {
            self.lines.push_front(line);
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.lines.len() > self.read_back.cap {
            self.lines.pop_front();
        }
    }
}

/// Adds `line` last, dropping the oldest beyond `max`.
fn push_bounded(lines: &mut VecDeque<RoomLine>, line: RoomLine, max: usize) {
    lines.push_back(line);
    while lines.len() > max {
        lines.pop_front();
    }
}

/// Affiliations in the order of what they allow (XEP-0045 §5.2).
fn rank(affiliation: Affiliation) -> u8 {
    match affiliation {
        Affiliation::Outcast => 0,
        Affiliation::None => 1,
        Affiliation::Member => 2,
        Affiliation::Admin => 3,
        Affiliation::Owner => 4,
    }
}

/// Whether `body` names `nick`: the nick as a word of its own, in any case ("carol: look",
/// "@Carol", "thanks carol!"), not inside another word ("carolina").
pub fn mentions(body: &str, nick: &str) -> bool {
    let nick = nick.trim();
    if nick.is_empty() {
        return false;
    }
    let body = body.to_lowercase();
    let nick = nick.to_lowercase();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    body.match_indices(&nick).any(|(at, found)| {
        let before = body[..at].chars().next_back();
        let after = body[at + found.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}
