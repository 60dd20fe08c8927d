//! A page of a room's archive read back (scrolling up): its lines go in front of what the room
//! holds, in the archive's order, as history (never unread, never a mention alert); the
//! corrections, retractions and reactions in it then change the lines they name.

use super::rooms::{heard, room_line, with_room};
use crate::store::Store;
use crate::xmpp::event::RoomMessage;
use crate::xmpp::{BareJid, Content};

/// We asked `room`'s archive for an older page: the reader waits for it.
pub(super) fn asked(store: &Store, room: &BareJid) {
    with_room(store, room, |r| r.read_back.asking = true);
}

/// `room`'s archive answered with `messages` (oldest first), older than what was held;
/// `complete` when there is nothing older.
pub(super) fn older_lines(
    store: &Store,
    room: &BareJid,
    messages: Vec<RoomMessage>,
    complete: bool,
    now_ms: f64,
) {
    let mut changes = Vec::new();
    with_room(store, room, |r| {
        let mut lines = Vec::with_capacity(messages.len());
        for message in messages {
            match &message.content {
                Content::Text(text) => lines.push(room_line(
                    r,
                    &message,
                    text.body.clone(),
                    text.reply.clone(),
                    now_ms,
                )),
                _ => changes.push(message),
            }
        }
        r.read_back.answered(lines.len(), complete);
        r.hear_older(lines);
    });
    for change in changes {
        heard(store, change, now_ms);
    }
}
