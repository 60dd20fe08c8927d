//! Reading a room back (XEP-0313 against the room): scrolled to its oldest line, the reader
//! gets the page of the room's archive just before it. The lines read back stay: the room holds
//! more than its usual [`ROOM_LINES`] while the reader goes back, up to [`MAX_READ_BACK_LINES`].

use super::room::{Room, RoomLine, ROOM_LINES};

/// The most lines a room holds once the reader has gone back through its archive: the page
/// stays bounded however far back they scroll (the oldest lines then go again).
pub const MAX_READ_BACK_LINES: usize = 2_000;

/// Where reading a room back stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadBack {
    /// A page is asked for and not answered yet: the reader waits (one page at a time).
    pub asking: bool,
    /// The room's archive has nothing older (or refused): nothing more to ask for.
    pub complete: bool,
    /// How many lines the room holds now: [`ROOM_LINES`], raised by every page read back.
    pub cap: usize,
}

impl Default for ReadBack {
    fn default() -> ReadBack {
        ReadBack {
            asking: false,
            complete: false,
            cap: ROOM_LINES,
        }
    }
}

impl ReadBack {
    /// Whether the reader may ask for an older page now.
    pub fn may_ask(&self) -> bool {
        !self.asking && !self.complete
    }

    /// A page of `count` lines arrived: they are kept on top of what was held. Once the room
    /// holds its most, reading back ends there (a page more would only push out another).
    pub fn answered(&mut self, count: usize, complete: bool) {
        self.asking = false;
        self.complete = complete || self.cap + count > MAX_READ_BACK_LINES;
        self.cap = (self.cap + count).min(MAX_READ_BACK_LINES);
    }
}

/// The room archive's id of the oldest line held: the next older page ends just before it.
pub fn oldest_stanza_id(room: &Room) -> Option<String> {
    room.lines
        .iter()
        .find_map(|line: &RoomLine| line.stanza_id.clone())
}
