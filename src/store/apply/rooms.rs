//! Group chat rooms in the store (XEP-0045): the session's room events and what the room
//! commands change at once (a join asked for, our message before its reflection, the room on
//! screen, a room we left).

use leptos::prelude::*;

use super::messages::sent_at;
use super::room_edits;
use std::collections::HashSet;

use crate::store::room::{
    Directory, Occupant, Room, RoomAlert, RoomLine, RoomStatus, MAX_OCCUPANTS,
};
use crate::store::room_arrivals::Notice;
use crate::store::Store;
use crate::xmpp::event::{OccupantUpdate, RoomMessage, RoomPrivateMessage};
use crate::xmpp::session::MAX_PUBLIC_ROOMS;
use crate::xmpp::stanza::muc::{Affiliation, Destroy, JoinError, Role, StatusCode};
use crate::xmpp::{BareJid, Content, Event, PublicRoom, ReplyRef, Show};

/// Applies a room event of the session; any other event is not for this module.
pub(super) fn apply_room_event(store: &Store, event: Event, now_ms: f64) {
    match event {
        Event::RoomJoined {
            room,
            nick,
            affiliation,
            role,
            ..
        } => {
            joined(store, &room, nick, affiliation, role);
            room_edits::seats_anew(store, &room);
        }
        Event::RoomJoinFailed { room, error } => with_room(store, &room, |r| {
            let why = match error {
                JoinError::NickTaken => format!(
                    "Someone in this room already uses the nickname “{}”: pick another.",
                    r.nick
                ),
                other => other.describe(),
            };
            r.status = RoomStatus::Refused(why);
        }),
        Event::RoomJoining { room, nick } => rejoining(store, &room, &nick),
        Event::RoomLeft {
            room,
            codes,
            reason,
            destroyed,
        } => {
            let removed = destroyed.is_some()
                || codes.iter().any(|code| {
                    matches!(
                        code,
                        StatusCode::Banned
                            | StatusCode::Kicked
                            | StatusCode::RemovedAffiliationChange
                            | StatusCode::RemovedMembersOnly
                            | StatusCode::RemovedServiceShutdown
                            | StatusCode::RemovedTechnicalError
                    )
                });
            if !removed {
                // We left (here, or on another device that removed the bookmark): gone.
                return forget(store, &room);
            }
            let why = why_we_left(&codes, reason.as_deref(), destroyed.as_ref());
            with_room(store, &room, |r| {
                r.status = RoomStatus::Left(why);
                r.occupants.clear();
                r.config = None;
            });
        }
        Event::Occupant(update) => {
            room_edits::seat_changed(store, &update);
            occupant(store, update, now_ms)
        }
        Event::RoomLineRemoved(removal) => room_edits::removed(store, removal),
        Event::RoomRefused { room, error } => with_room(store, &room, |r| {
            r.refusal = Some(format!("The room refused: {}.", error.describe()));
        }),
        Event::RoomMessage(message) => heard(store, message, now_ms),
        Event::RoomPrivateMessage(message) => heard_privately(store, message, now_ms),
        Event::ConferenceService { jid } => store.room_directory.update(|d| d.service = Some(jid)),
        Event::PublicRooms {
            service,
            rooms,
            after,
            next,
        } => store
            .room_directory
            .update(|d| listed(d, &service, rooms, after, next)),
        Event::PublicRoomInfo { room, info } => store.room_directory.update(|d| {
            if d.info.contains_key(&room) {
                d.info.insert(room, info);
            }
        }),
        Event::Bookmarks { bookmarks } => store.bookmarks.set(
            bookmarks
                .into_iter()
                .map(|bookmark| (bookmark.room.clone(), bookmark))
                .collect(),
        ),
        Event::BookmarkAdded(bookmark) => {
            store.bookmark_error.set(None);
            store.bookmarks.update(|all| {
                all.insert(bookmark.room.clone(), bookmark);
            });
        }
        Event::BookmarkRemoved { room } => store.bookmarks.update(|all| {
            all.remove(&room);
        }),
        Event::BookmarkFailed { room, error } => store.bookmark_error.set(Some(format!(
            "Could not change the bookmark of {room}: {}.",
            error.describe()
        ))),
        Event::RoomOlderLines {
            room,
            messages,
            complete,
        } => super::room_history::older_lines(store, &room, messages, complete, now_ms),
        Event::RoomFeatures { room, features } => {
            with_room(store, &room, |r| r.features = features)
        }
        Event::RoomSubject { room, subject, .. } => {
            with_room(store, &room, |r| r.subject = subject);
        }
        _ => {}
    }
}

/// We asked to join `room` as `nick`: it shows as joining (again, after a refusal).
pub(super) fn join_requested(store: &Store, room: &BareJid, nick: &str) {
    match store.room(room) {
        Some(signal) => signal.update(|r| {
            if r.status != RoomStatus::Joined {
                r.status = RoomStatus::Joining;
                r.nick = nick.to_owned();
            }
        }),
        None => {
            store.rooms.update(|rooms| {
                rooms.insert(room.clone(), ArcRwSignal::new(Room::joining(nick)));
            });
        }
    }
}

/// The session joins `room` again on its own (a fresh session, a reload): joining until the
/// room answers, and who is there comes again.
fn rejoining(store: &Store, room: &BareJid, nick: &str) {
    if store.room(room).is_none() {
        join_requested(store, room, nick);
    }
    with_room(store, room, |r| {
        r.status = RoomStatus::Joining;
        r.nick = nick.to_owned();
        r.occupants.clear();
    });
}

/// We left `room` ourselves: it goes from the list, and its answer will find nothing.
pub(super) fn forget(store: &Store, room: &BareJid) {
    store.rooms.update(|rooms| {
        rooms.remove(room);
    });
    if store
        .open_room
        .with_untracked(|open| open.as_ref() == Some(room))
    {
        store.open_room.set(None);
    }
}

/// We asked `room` to moderate someone: its earlier refusal no longer applies.
pub(super) fn admin_asked(store: &Store, room: &BareJid) {
    with_room(store, room, |r| r.refusal = None);
}

/// A request about `room` could not even be sent: shown where the room's refusals are.
pub(super) fn request_failed(store: &Store, room: &BareJid, reason: String) {
    with_room(store, room, |r| r.refusal = Some(reason));
}

/// Our own message, shown at once and marked delivered when the room reflects it.
pub(super) fn said(
    store: &Store,
    room: &BareJid,
    id: String,
    body: String,
    reply: Option<ReplyRef>,
    now_ms: f64,
) {
    with_room(store, room, |r| {
        let nick = r.nick.clone();
        r.say(RoomLine {
            id: Some(id),
            stanza_id: None,
            nick: Some(nick),
            occupant_id: None,
            body,
            timestamp_ms: now_ms as i64,
            own: true,
            reflected: false,
            mention: false,
            notice: false,
            reply,
            ..RoomLine::default()
        });
    });
}

/// The route opened `room` (or no room): what it had unread is read.
pub(super) fn open(store: &Store, room: Option<BareJid>) {
    if let Some(signal) = room.as_ref().and_then(|jid| store.room(jid)) {
        signal.update(|r| {
            r.unread = 0;
            r.mentions = 0;
        });
    }
    store.open_room.set(room);
}

fn joined(store: &Store, room: &BareJid, nick: String, affiliation: Affiliation, role: Role) {
    if store.room(room).is_none() {
        // A room the session joined again on its own (after a reload): shown like any other.
        join_requested(store, room, &nick);
    }
    with_room(store, room, |r| {
        r.status = RoomStatus::Joined;
        seat_in(
            r,
            Occupant {
                nick: nick.clone(),
                role,
                affiliation,
                jid: None,
                occupant_id: None,
                show: Show::Online,
            },
        );
        r.nick = nick;
    });
}

fn occupant(store: &Store, update: OccupantUpdate, now_ms: f64) {
    with_room(store, &update.room, |r| {
        let was_present = r.occupants.contains_key(&update.nick);
        let in_room = r.status == RoomStatus::Joined;
        let newest = r.lines.back().map(|line| line.seq);
        let notice = r
            .arrivals
            .observe(&update, was_present, in_room, newest, now_ms as i64);
        tell(r, notice, now_ms);
        if !update.available {
            r.occupants.remove(&update.nick);
            match &update.new_nick {
                Some(new_nick) => {
                    seat_in(r, seat(new_nick.clone(), &update));
                    if update.codes.contains(&StatusCode::SelfPresence) {
                        r.nick = new_nick.clone();
                    }
                }
                // The seat is empty: whoever takes the nick next is someone else, and our
                // private conversation with it says so.
                None if r.private.contains_key(&update.nick) => {
                    let text = format!(
                        "{} left the room: someone taking this nickname later is someone else.",
                        update.nick
                    );
                    r.tell_private(&update.nick, RoomLine::notice(text, now_ms as i64));
                }
                None => {}
            }
            return;
        }
        seat_in(r, seat(update.nick.clone(), &update));
    });
}

/// Puts what `room_arrivals.rs` made of a presence into the timeline: a quiet line, or the
/// join-and-leave storm's line (always the newest) opened, rewritten or taken back.
fn tell(r: &mut Room, notice: Option<Notice>, now_ms: f64) {
    match notice {
        Some(Notice::Add(text)) => r.note(text, now_ms as i64),
        Some(Notice::Open(text)) => {
            r.note(text, now_ms as i64);
            if let Some(seq) = r.lines.back().map(|line| line.seq) {
                r.arrivals.opened(seq);
            }
        }
        Some(Notice::Rewrite(text)) => {
            if let Some(line) = r.lines.back_mut() {
                line.body = text;
            }
        }
        Some(Notice::Withdraw) => {
            r.lines.pop_back();
        }
        None => {}
    }
}

/// Seats an occupant, unless the list is full (a room of endless joins stops growing ours).
fn seat_in(r: &mut Room, occupant: Occupant) {
    if r.occupants.len() < MAX_OCCUPANTS || r.occupants.contains_key(&occupant.nick) {
        r.occupants.insert(occupant.nick.clone(), occupant);
    }
}

fn seat(nick: String, update: &OccupantUpdate) -> Occupant {
    Occupant {
        nick,
        role: update.role,
        affiliation: update.affiliation,
        jid: update.real_jid.as_ref().map(|jid| jid.bare().to_string()),
        occupant_id: update.occupant_id.clone(),
        show: update.show,
    }
}

pub(super) fn heard(store: &Store, message: RoomMessage, now_ms: f64) {
    let Content::Text(text) = &message.content else {
        return room_edits::heard_edit(store, message);
    };
    let (body, reply) = (text.body.clone(), text.reply.clone());
    let on_screen = store
        .open_room
        .with_untracked(|open| open.as_ref() == Some(&message.room));
    let room = message.room.clone();
    let mut alert = None;
    with_room(store, &room, |r| {
        // History replayed on joining was read or missed before: only live lines count.
        let live = message.stamp.is_none();
        let line = room_line(r, &message, body.clone(), reply, now_ms);
        let Some(mention) = r.hear(line, live) else {
            return;
        };
        if !live || message.own {
            return;
        }
        if mention {
            alert = Some(RoomAlert {
                room: room.clone(),
                nick: message.nick.clone().unwrap_or_default(),
                body,
                private: false,
            });
        }
        if !on_screen {
            r.unread += 1;
            if mention {
                r.mentions += 1;
            }
        }
    });
    if alert.is_some() {
        store.last_room_alert.set(alert);
    }
}

/// The line `message` (whose text is `body`, replying to `reply`) makes in room `r`, its author
/// marked for the same-author rule.
pub(super) fn room_line(
    r: &Room,
    message: &RoomMessage,
    body: String,
    reply: Option<ReplyRef>,
    now_ms: f64,
) -> RoomLine {
    let mut line = RoomLine {
        id: message.origin_id.clone().or(message.id.clone()),
        stanza_id: message.stanza_id.clone(),
        nick: message.nick.clone(),
        occupant_id: message.occupant_id.clone(),
        body,
        timestamp_ms: sent_at(message.stamp, now_ms) as i64,
        own: message.own,
        reflected: false,
        mention: false,
        notice: false,
        ..RoomLine::default()
    };
    line.reply = reply;
    room_edits::mark_author(r, &mut line, message.stamp.is_none());
    line
}

/// A private message from an occupant: in their conversation within the room, unread (and
/// counted like a mention: it is for us) unless that conversation is on screen.
fn heard_privately(store: &Store, message: RoomPrivateMessage, now_ms: f64) {
    let Content::Text(text) = &message.content else {
        return room_edits::heard_private_edit(store, message);
    };
    let (body, reply) = (text.body.clone(), text.reply.clone());
    let room_on_screen = store
        .open_room
        .with_untracked(|open| open.as_ref() == Some(&message.room));
    let alert_body = body.clone();
    with_room(store, &message.room, |r| {
        let on_screen = room_on_screen && r.open_private.as_ref() == Some(&message.nick);
        let mut line = RoomLine {
            id: message.id.clone(),
            stanza_id: None,
            nick: Some(message.nick.clone()),
            occupant_id: None,
            body,
            timestamp_ms: now_ms as i64,
            own: false,
            reflected: false,
            mention: false,
            notice: false,
            ..RoomLine::default()
        };
        line.reply = reply;
        room_edits::mark_author(r, &mut line, true);
        let chat = r.tell_private(&message.nick, line);
        if !on_screen {
            chat.unread += 1;
        }
        if !room_on_screen {
            r.unread += 1;
            r.mentions += 1;
        }
    });
    store.last_room_alert.set(Some(RoomAlert {
        room: message.room,
        nick: message.nick,
        body: alert_body,
        private: true,
    }));
}

/// We wrote privately to the occupant `nick`.
pub(super) fn said_privately(
    store: &Store,
    room: &BareJid,
    nick: &str,
    id: String,
    body: String,
    reply: Option<ReplyRef>,
    now_ms: f64,
) {
    with_room(store, room, |r| {
        let own_nick = r.nick.clone();
        let line = RoomLine {
            id: Some(id),
            stanza_id: None,
            nick: Some(own_nick),
            occupant_id: None,
            body,
            timestamp_ms: now_ms as i64,
            own: true,
            // Nothing comes back from a private message: it went out.
            reflected: true,
            mention: false,
            notice: false,
            reply,
            ..RoomLine::default()
        };
        r.tell_private(nick, line);
    });
}

/// The room's view shows the private conversation with `nick` (or none): it is read.
pub(super) fn open_private(store: &Store, room: &BareJid, nick: Option<String>) {
    with_room(store, room, |r| {
        if let Some(chat) = nick.as_ref().and_then(|n| r.private.get_mut(n)) {
            chat.unread = 0;
        }
        r.open_private = nick;
    });
}

/// Why we are out of a room, in words for the room's view.
fn why_we_left(codes: &[StatusCode], reason: Option<&str>, destroyed: Option<&Destroy>) -> String {
    let what = if destroyed.is_some() {
        "The room was destroyed."
    } else if codes.contains(&StatusCode::RemovedTechnicalError) {
        // §11.1: a 333 may come with a 307 that does not mean a kick.
        "The room lost you after a technical problem: join it again."
    } else if codes.contains(&StatusCode::Banned) {
        "You were banned from this room."
    } else if codes.contains(&StatusCode::Kicked) {
        "You were removed from this room."
    } else if codes.contains(&StatusCode::RemovedAffiliationChange) {
        "You were removed: your membership changed."
    } else if codes.contains(&StatusCode::RemovedMembersOnly) {
        "You were removed: the room is now for members only."
    } else if codes.contains(&StatusCode::RemovedServiceShutdown) {
        "The room's service shut down."
    } else {
        "You left this room."
    };
    let mut why = match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => format!("{what} Reason: {reason}"),
        None => what.to_owned(),
    };
    // §10.9: where the conversation goes on, if the owner said.
    if let Some(venue) = destroyed.and_then(|d| d.jid.as_ref()) {
        why.push_str(&format!(" It goes on in {}.", venue.bare()));
    }
    why
}

/// Runs `change` on `room`'s state, if we know the room.
pub(super) fn with_room(store: &Store, room: &BareJid, change: impl FnOnce(&mut Room)) {
    if let Some(signal) = store.room(room) {
        signal.update(change);
    }
}

/// A listed room was asked what it is: its answer will be kept.
pub(super) fn description_asked(store: &Store, room: BareJid) {
    store.room_directory.update(|d| {
        d.info.entry(room).or_insert(None);
    });
}

/// A page of the service's public rooms: the first replaces the listing (and what rooms said of
/// themselves), a later one adds the rooms not listed yet, up to `MAX_PUBLIC_ROOMS` in all.
fn listed(
    directory: &mut Directory,
    service: &BareJid,
    rooms: Vec<PublicRoom>,
    after: Option<String>,
    next: Option<String>,
) {
    if directory.service.as_ref() != Some(service) {
        return;
    }
    let listing = match (after, directory.rooms.take()) {
        (Some(_), Some(mut listing)) => {
            let known: HashSet<BareJid> = listing.iter().map(|r| r.jid.clone()).collect();
            listing.extend(rooms.into_iter().filter(|r| !known.contains(&r.jid)));
            listing
        }
        _ => {
            directory.info.clear();
            rooms
        }
    };
    directory.next = next.filter(|_| listing.len() < MAX_PUBLIC_ROOMS);
    directory.rooms = Some(listing.into_iter().take(MAX_PUBLIC_ROOMS).collect());
}
