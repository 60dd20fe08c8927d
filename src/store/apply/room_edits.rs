//! Changes to room lines in the store: corrections, retractions and reactions heard in a room
//! or a private conversation (live, replayed or archived alike), ours applied at once, and
//! moderators' removals. The rule of who may change what is `store::room_edits`'s.

use super::rooms::with_room;
use crate::store::room::{Room, RoomLine};
use crate::store::room_edits::Author;
use crate::store::Store;
use crate::xmpp::event::{OccupantUpdate, RoomLineRemoved, RoomMessage, RoomPrivateMessage};
use crate::xmpp::{BareJid, Content};

/// A correction, retraction or reactions said in a room (not a new line: never unread).
pub(super) fn heard_edit(store: &Store, message: RoomMessage) {
    let Some(nick) = message.nick.clone() else {
        return; // The room itself changes lines only through moderation.
    };
    let live = message.stamp.is_none();
    with_room(store, &message.room, |r| {
        let author = Author {
            real_jid: live.then(|| real_jid(r, &nick)).flatten(),
            nick,
            occupant_id: message.occupant_id.clone(),
            own: message.own,
        };
        r.edit_line(None, &author, message.content);
    });
}

/// A correction, retraction or reactions from the occupant we talk with privately.
pub(super) fn heard_private_edit(store: &Store, message: RoomPrivateMessage) {
    with_room(store, &message.room, |r| {
        let author = Author {
            real_jid: real_jid(r, &message.nick),
            nick: message.nick.clone(),
            occupant_id: None,
            own: false,
        };
        r.edit_line(Some(&message.nick), &author, message.content);
    });
}

/// Our own change, shown at once (the room's reflection then changes nothing more).
pub(super) fn own_edit(store: &Store, room: &BareJid, private: Option<&str>, content: Content) {
    with_room(store, room, |r| {
        let author = Author {
            nick: r.nick.clone(),
            own: true,
            ..Author::default()
        };
        r.edit_line(private, &author, content);
    });
}

/// The room announced a moderator removed one of its lines.
pub(super) fn removed(store: &Store, removal: RoomLineRemoved) {
    with_room(store, &removal.room, |r| {
        r.remove_line(&removal.stanza_id, removal.by, removal.reason);
    });
}

/// Someone's seat changed: once vacated, whoever takes the nick next is another seat.
pub(super) fn seat_changed(store: &Store, update: &OccupantUpdate) {
    if !update.available {
        with_room(store, &update.room, |r| r.seats.vacate(&update.nick));
    }
}

/// We are in the room again: seats from before may have changed hands unseen.
pub(super) fn seats_anew(store: &Store, room: &BareJid) {
    with_room(store, room, |r| r.seats.all_anew());
}

/// Notes on a new line who said it: their seat's generation, and their real JID when the room
/// shows it and the line is live.
pub(super) fn mark_author(r: &Room, line: &mut RoomLine, live: bool) {
    if let Some(nick) = &line.nick {
        line.seat = r.seats.of(nick);
        if live {
            line.real_jid = real_jid(r, nick);
        }
    }
}

fn real_jid(r: &Room, nick: &str) -> Option<String> {
    r.occupants.get(nick).and_then(|o| o.jid.clone())
}
