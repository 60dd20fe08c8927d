//! Moderated message retraction (XEP-0425): a moderator asks a room to remove anyone's line,
//! and the room announces the removal. The request goes only to a room whose disco#info offers
//! it (in the version it offers); a refusal comes back as [`Event::RoomRefused`]. The notice is
//! believed only from the room's own bare JID: an occupant writing `<moderated/>` into a
//! message of theirs is dropped, whatever it names.

use super::iq_router::PendingIq;
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, RoomLineRemoved};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::muc::{ModerateRequest, Moderated};
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

impl Session {
    /// Asks `room` to remove the line the room knows as `stanza_id`, for everyone, with an
    /// optional `reason` (XEP-0425 §4). Needs the room to offer moderation (its features
    /// arrive before we join); whether we may is the room's decision.
    pub fn moderate_room_line(
        &mut self,
        room: &BareJid,
        stanza_id: &str,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        let version = self
            .rooms
            .get(room)
            .and_then(|r| r.features)
            .and_then(|f| f.moderation)
            .ok_or(ApiMisuse::NotModerated)?;
        if stanza_id.is_empty() {
            return Err(ApiMisuse::NotModerated);
        }
        self.ensure_room_for_request()?;
        let payload = Element::from(&ModerateRequest {
            stanza_id: stanza_id.to_owned(),
            reason: reason.map(str::to_owned),
            version,
        });
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::set(id, to, payload),
            PendingIq::RoomAdmin(room.clone()),
        );
        Ok(())
    }

    /// A room message claiming a moderation: from the room itself (`nick` is `None`) it is
    /// told as [`Event::RoomLineRemoved`]; from an occupant it is dropped. Returns whether
    /// `e` was such a claim (and so is done with).
    pub(super) fn handle_moderation_notice(
        &mut self,
        room: &BareJid,
        nick: Option<&str>,
        e: &Element,
    ) -> bool {
        if !Moderated::is_claimed(e) {
            return false;
        }
        if nick.is_some() {
            self.emit(Event::Dropped {
                reason: format!("an occupant of {room} claimed a moderator's removal"),
            });
            return true;
        }
        let Some(notice) = Moderated::from_message(e) else {
            self.emit(Event::Dropped {
                reason: format!("room {room} sent a malformed moderation notice"),
            });
            return true;
        };
        // The moderator is an occupant of this room: only their nick is kept.
        let by = notice
            .by
            .as_deref()
            .and_then(|by| Jid::parse(by).ok())
            .filter(|by| by.bare() == room)
            .and_then(|by| by.resource().map(str::to_owned));
        self.emit(Event::RoomLineRemoved(RoomLineRemoved {
            room: room.clone(),
            stanza_id: notice.stanza_id,
            by,
            reason: notice.reason,
        }));
        true
    }
}
