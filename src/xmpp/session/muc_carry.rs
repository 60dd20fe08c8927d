//! Rooms across connections (XEP-0045 with XEP-0198): a resumed stream is still in its rooms;
//! a fresh session, or a page that reloaded and lost what the rooms had told it, joins them
//! again. A join from a seat we still hold is a re-join for the room (Prosody answers it with the
//! occupant list, recent history and the subject again), not a second seat.

use super::muc::Room;
use super::room_archive::RoomArchive;
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::BareJid;
use crate::xmpp::sm::CarriedRoom;
use crate::xmpp::stanza::muc::History;

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
                archived: state.archive.archived,
                last_stanza_id: state.archive.newest.clone(),
                on_this_page: true,
                password: state.password.clone(),
            })
            .collect();
        rooms.sort_by(|a, b| a.room.cmp(&b.room));
        rooms
    }

    /// The stream was resumed: we are still in the rooms the previous connection was in (the
    /// ones left while offline are left by [`Session::after_resuming_rooms`]).
    pub(super) fn keep_rooms(&mut self, carried: &[CarriedRoom]) {
        for room in carried {
            self.rooms.insert(
                room.room.clone(),
                Room {
                    joined: room.joined,
                    leaving: room.leaving,
                    archive: RoomArchive::carried(room),
                    password: room.password.clone(),
                    ..Room::joining(room.nick.clone(), self.now)
                },
            );
        }
    }

    /// Once the resumed stream counts what we send (XEP-0198): the rooms left while offline
    /// are left now, and every other room is asked whether it still has us (XEP-0410: a
    /// room may have dropped us while the connection was down).
    pub(super) fn after_resuming_rooms(&mut self) {
        let leaving: Vec<(BareJid, String)> = self
            .rooms
            .iter()
            .filter(|(_, r)| r.leaving)
            .map(|(room, r)| (room.clone(), r.nick.clone()))
            .collect();
        for (room, nick) in leaving {
            self.send_leave(&room, &nick);
        }
        self.ping_all_rooms();
    }

    /// Joins again every room `carried` names, each as the nick we had. Each is announced
    /// ([`Event::RoomJoining`]); a room that now refuses us says so with
    /// [`Event::RoomJoinFailed`], like a first join.
    pub(super) fn rejoin_rooms(&mut self, carried: &[CarriedRoom]) {
        for room in carried.iter().filter(|r| !r.leaving) {
            self.rejoin_room(room);
        }
    }

    /// Joins `carried` again as the nick we had (and the password we had). A room that keeps an archive is asked for
    /// no history: once in, its archive is read from the newest message this page has (or its
    /// latest page, when the page has none of its lines), so nothing is missed or doubled.
    pub(super) fn rejoin_room(&mut self, carried: &CarriedRoom) {
        // Joining again as ourselves: the room answers with our own presence again, so the
        // room counts as joining until it does.
        self.rooms.remove(&carried.room);
        let archive = RoomArchive::carried(carried);
        let history = archive.archived.then(History::none);
        self.join_on_our_own(
            &carried.room,
            &carried.nick,
            carried.password.as_deref(),
            history,
        );
        if let Some(entry) = self.rooms.get_mut(&carried.room) {
            let page = archive.page_on_rejoin(carried.on_this_page);
            entry.archive = RoomArchive {
                after_join: archive.archived.then_some(page),
                ..archive
            };
        }
    }

    /// Joins `room` as `nick` without the user asking (a rejoin, a bookmark's autojoin),
    /// announced with [`Event::RoomJoining`] so the application knows the room before its
    /// occupants arrive; a join the session refuses is a line in the log.
    pub(super) fn join_on_our_own(
        &mut self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
        history: Option<History>,
    ) {
        match self.join_room(room, nick, password, history) {
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
    /// and subject are asked for again by joining again (the page shows none of their lines).
    pub(super) fn refresh_rooms(&mut self) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let mut carried = self.carried_rooms();
        for room in &mut carried {
            room.on_this_page = false;
        }
        self.rejoin_rooms(&carried);
        Ok(())
    }
}
