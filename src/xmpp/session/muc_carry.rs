//! Rooms across connections (XEP-0045 with XEP-0198): a resumed stream is still in its rooms;
//! a fresh session, or a page that reloaded and lost what the rooms had told it, joins them
//! again. A join from a seat we still hold is a re-join for the room (Prosody answers it with the
//! occupant list, recent history and the subject again), not a second seat.

use super::muc::Room;
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::BareJid;
use crate::xmpp::sm::CarriedRoom;

impl Session {
    /// The rooms this session is joining or in, for [`Session::resumption`].
    pub(super) fn carried_rooms(&self) -> Vec<CarriedRoom> {
        let mut rooms: Vec<CarriedRoom> = self
            .rooms
            .iter()
            .map(|(room, state)| CarriedRoom {
                room: room.clone(),
                nick: state.nick.clone(),
                joined: state.joined,
                leaving: state.leaving,
            })
            .collect();
        rooms.sort_by(|a, b| a.room.cmp(&b.room));
        rooms
    }

    /// The stream was resumed: we are still in the rooms the previous connection was in, and
    /// leave at once the ones left while offline.
    pub(super) fn keep_rooms(&mut self, carried: &[CarriedRoom]) {
        for room in carried {
            self.rooms.insert(
                room.room.clone(),
                Room {
                    nick: room.nick.clone(),
                    joined: room.joined,
                    keep: None,
                    leaving: room.leaving,
                    password: None,
                },
            );
            if room.leaving {
                self.send_leave(&room.room, &room.nick);
            }
        }
    }

    /// Joins again every room `carried` names, each as the nick we had. Each is announced
    /// ([`Event::RoomJoining`]); a room that now refuses us says so with
    /// [`Event::RoomJoinFailed`], like a first join.
    pub(super) fn rejoin_rooms(&mut self, carried: &[CarriedRoom]) {
        for room in carried.iter().filter(|r| !r.leaving) {
            // Joining again as ourselves: the room answers with our own presence again, so
            // the room counts as joining until it does.
            self.rooms.remove(&room.room);
            self.join_on_our_own(&room.room, &room.nick, None);
        }
    }

    /// Joins `room` as `nick` without the user asking (a rejoin, a bookmark's autojoin),
    /// announced with [`Event::RoomJoining`] so the application knows the room before its
    /// occupants arrive; a join the session refuses is a line in the log.
    pub(super) fn join_on_our_own(&mut self, room: &BareJid, nick: &str, password: Option<&str>) {
        match self.join_room(room, nick, password, None) {
            Ok(()) => self.emit(Event::RoomJoining {
                room: room.clone(),
                nick: nick.to_owned(),
            }),
            Err(misuse) => self.emit(Event::Dropped {
                reason: format!("could not join {room}: {misuse}"),
            }),
        }
    }

    /// After resuming on a page that lost its state (a reload): the rooms' occupants, history
    /// and subject are asked for again by joining again.
    pub(super) fn refresh_rooms(&mut self) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let carried = self.carried_rooms();
        self.rejoin_rooms(&carried);
        Ok(())
    }
}
