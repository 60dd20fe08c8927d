//! Are we still in the room? (XEP-0410 MUC self-ping.) A room can drop us without a word (it
//! restarted, or the link between servers broke): a room silent for [`ROOM_SILENCE`] is pinged
//! at our own seat, and so is every room after the stream is resumed. The room's answer says
//! whether we are still in; when we are not, the room is joined again (and its archive read
//! from the last message we know), like after a fresh session.

use std::time::Duration;

use web_time::Instant;

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::sm::CarriedRoom;
use crate::xmpp::stanza::{ping, Iq};

/// After this long without a stanza from a room, we ask it whether we are still in.
pub const ROOM_SILENCE: Duration = Duration::from_secs(10 * 60);

/// What the room's answer to a self-ping says (XEP-0410 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatCheck {
    /// We are still in: a result (the room answered for our seat), or an error only an
    /// occupant's client gives (`service-unavailable`, `feature-not-implemented`: the room
    /// passed the ping on to one of our clients).
    StillIn,
    /// The room no longer has us: `not-acceptable` (not an occupant), or any other error
    /// (`item-not-found`, the room gone…): joining again is cheap and tells for sure.
    NotIn,
    /// The room could not be reached (`remote-server-not-found`, `remote-server-timeout`,
    /// our own timeout): nothing is known; asked again after the next silence.
    Unknown,
}

impl SeatCheck {
    /// The answer to our self-ping, classified as §3.2 says.
    pub(super) fn of(answer: &Answer) -> SeatCheck {
        let Answer::Error(error) = answer else {
            return SeatCheck::StillIn;
        };
        match error.condition.as_str() {
            "service-unavailable" | "feature-not-implemented" => SeatCheck::StillIn,
            "remote-server-not-found" | "remote-server-timeout" => SeatCheck::Unknown,
            _ => SeatCheck::NotIn,
        }
    }
}

impl Session {
    /// When the next self-ping is due: the earliest silent room's, none while one is out.
    pub(super) fn room_ping_due(&self) -> Option<Instant> {
        if !self.state.is_online() {
            return None;
        }
        self.rooms
            .values()
            .filter(|r| r.joined && !r.pinging && !r.leaving)
            .map(|r| r.last_heard + ROOM_SILENCE)
            .min()
    }

    /// Pings every joined room whose silence has lasted [`ROOM_SILENCE`] by `now`.
    pub(super) fn ping_silent_rooms(&mut self, now: Instant) {
        let due: Vec<BareJid> = self
            .rooms
            .iter()
            .filter(|(_, r)| r.joined && !r.pinging && !r.leaving)
            .filter(|(_, r)| now >= r.last_heard + ROOM_SILENCE)
            .map(|(room, _)| room.clone())
            .collect();
        for room in due {
            self.ping_own_seat(&room);
        }
    }

    /// After a resumed stream: every room we are in is asked at once (the room may have lost
    /// us while the connection was down).
    pub(super) fn ping_all_rooms(&mut self) {
        let joined: Vec<BareJid> = self
            .rooms
            .iter()
            .filter(|(_, r)| r.joined && !r.pinging && !r.leaving)
            .map(|(room, _)| room.clone())
            .collect();
        for room in joined {
            self.ping_own_seat(&room);
        }
    }

    /// XEP-0410 §3.1: an IQ ping to our own occupant JID.
    fn ping_own_seat(&mut self, room: &BareJid) {
        let Some(entry) = self.rooms.get_mut(room) else {
            return;
        };
        let Ok(seat) = room.with_resource(&entry.nick) else {
            return;
        };
        entry.pinging = true;
        entry.last_heard = self.now;
        let to = Some(Jid::Full(seat.clone()));
        self.send_request(
            |id| Iq::get(id, to, ping::ping()),
            PendingIq::RoomSelfPing(seat),
        );
    }

    /// The room answered our self-ping (or did not in time).
    pub(super) fn on_room_self_ping(&mut self, room: &BareJid, answer: Answer) {
        let Some(entry) = self.rooms.get_mut(room) else {
            return;
        };
        entry.pinging = false;
        entry.last_heard = self.now;
        if SeatCheck::of(&answer) != SeatCheck::NotIn || !entry.joined {
            return;
        }
        // The room dropped us: join again as we were, reading what we missed (this page
        // still shows the room's lines).
        let carried = CarriedRoom {
            room: room.clone(),
            nick: entry.nick.clone(),
            joined: true,
            leaving: false,
            archived: entry.archive.archived,
            last_stanza_id: entry.archive.newest.clone(),
            on_this_page: true,
            password: entry.password.clone(),
        };
        self.rejoin_room(&carried);
    }
}
