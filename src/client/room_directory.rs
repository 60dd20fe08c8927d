//! What "Browse public rooms" asks of our server's group chat service (XEP-0045 §6.3–§6.4):
//! its rooms, page after page where it pages them, and what each room shown says of itself.

use leptos::prelude::*;

use super::Client;
use crate::driver::Update;
use crate::xmpp::{ApiMisuse, BareJid};

/// The most rooms asked what they are at once: the ones on screen, not the whole service.
pub const DESCRIBED_AT_ONCE: usize = 50;

impl Client {
    /// Asks our group chat service for its public rooms: the first page, or (`more`) the page
    /// after those listed; they land in the store's directory.
    pub fn list_public_rooms(&self, more: bool) -> Result<(), ApiMisuse> {
        let (service, next) = self
            .store()
            .room_directory
            .with_untracked(|d| (d.service.clone(), d.next.clone()));
        let service = service.ok_or(ApiMisuse::NoRoomService)?;
        let after = if more { next } else { None };
        self.run(|session| session.list_public_rooms(&service, after.as_deref()))
    }

    /// Asks each of `rooms` (the ones on screen) not asked yet what it is: name, description,
    /// how many are in, how it is entered. At most [`DESCRIBED_AT_ONCE`].
    pub fn describe_rooms(&self, rooms: &[BareJid]) {
        let asked = self
            .store()
            .room_directory
            .with_untracked(|d| d.info.keys().cloned().collect::<Vec<_>>());
        for room in rooms
            .iter()
            .filter(|r| !asked.contains(r))
            .take(DESCRIBED_AT_ONCE)
        {
            if self.run(|session| session.describe_room(room)).is_ok() {
                self.note(Update::RoomDescriptionAsked(room.clone()));
            }
        }
    }
}
