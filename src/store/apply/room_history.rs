//! A page of a room's archive read back (scrolling up): its lines go in front of what the room
//! holds, in time order, as history (never unread, never a mention alert).

use super::rooms::{heard, with_room};
use crate::store::Store;
use crate::xmpp::event::RoomMessage;
use crate::xmpp::BareJid;

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
    // Room first: the lines then fit in what it holds now.
    let count = messages.len();
    with_room(store, room, |r| r.read_back.answered(count, complete));
    for message in messages {
        heard(store, message, now_ms);
    }
}
