//! Reading a room back: the reader scrolled to the oldest line held, so the room's archive is
//! asked for the page just before it (XEP-0313 against the room).

use leptos::prelude::*;

use super::Client;
use crate::driver::Update;
use crate::store::room_history::oldest_stanza_id;
use crate::xmpp::BareJid;

impl Client {
    /// Asks `room`'s archive for the lines just before the oldest one held, unless a page is
    /// already on its way, the archive has nothing older, or no line held has an archive id to
    /// page from. The page arrives through the store, in front of the room's lines.
    pub fn load_older_room_lines(&self, room: &BareJid) {
        let Some(signal) = self.store().room(room) else {
            return;
        };
        let before =
            signal.with_untracked(|r| r.read_back.may_ask().then(|| oldest_stanza_id(r)).flatten());
        let Some(before) = before else {
            return;
        };
        // Not in (yet), no archive, a catch-up still reading: the next scroll asks again.
        if self
            .run(|session| session.load_older_room_lines(room, &before))
            .is_ok()
        {
            self.note(Update::RoomOlderLinesAsked(room.clone()));
        }
    }
}
