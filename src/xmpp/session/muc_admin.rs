//! Moderating a room (XEP-0045 §8–§9): kicking an occupant or changing their voice, by nick;
//! banning a user or changing their membership, by bare JID. The room carries the change out
//! and tells everyone with a presence (which comes as [`Event::Occupant`]); a refusal comes
//! back as [`Event::RoomRefused`], for the view to show.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::muc::{AdminQuery, Affiliation, Role};
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

impl Session {
    /// Gives the occupant `nick` of `room` the role `role` (§8.2 kick with `Role::None`, §8.3
    /// voice with `Participant`, §8.4 revoke it with `Visitor`, §9.6 moderator), with an
    /// optional reason the room passes on.
    pub fn set_occupant_role(
        &mut self,
        room: &BareJid,
        nick: &str,
        role: Role,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if nick.trim().is_empty() {
            return Err(ApiMisuse::InvalidNick);
        }
        self.send_admin(room, AdminQuery::set_role(nick, role, reason))
    }

    /// Gives the user `jid` the affiliation `affiliation` in `room` (§9.1 ban with `Outcast`,
    /// §9.3 membership, §10.3 admin, §10.6 owner; `None` takes it away).
    pub fn set_user_affiliation(
        &mut self,
        room: &BareJid,
        jid: &BareJid,
        affiliation: Affiliation,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.send_admin(room, AdminQuery::set_affiliation(jid, affiliation, reason))
    }

    fn send_admin(&mut self, room: &BareJid, query: AdminQuery) -> Result<(), ApiMisuse> {
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        self.ensure_room_for_request()?;
        let payload = Element::from(&query);
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::set(id, to, payload),
            PendingIq::RoomAdmin(room.clone()),
        );
        Ok(())
    }

    /// The room's answer to a moderation request: done (its presences say so) or refused.
    pub(super) fn on_room_admin(&mut self, room: BareJid, answer: Answer) {
        if let Answer::Error(error) = answer {
            self.emit(Event::RoomRefused { room, error });
        }
    }
}
