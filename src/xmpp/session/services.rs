//! The services our server lists (XEP-0030 §4), asked what they are (§3): the group chat
//! service (identity `conference/text`, XEP-0045 §6.1) is where "Join a room" proposes rooms,
//! and its public rooms can be listed (§6.3).

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, PublicRoom};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::Iq;

/// How many of the server's services are asked what they are: a server lists a handful.
const MAX_SERVICES_ASKED: usize = 16;
/// How many public rooms one listing keeps.
pub const MAX_PUBLIC_ROOMS: usize = 1000;

impl Session {
    /// The server listed its services: ask each (on our own server's domain) what it is.
    pub(super) fn ask_services(&mut self, items: &[Jid]) {
        let domain = self.config.jid.domain().to_owned();
        let ours = |jid: &Jid| {
            let host = jid.bare().domain();
            jid.bare().local().is_none()
                && (host == domain || host.ends_with(&format!(".{domain}")))
        };
        for item in items.iter().filter(|j| ours(j)).take(MAX_SERVICES_ASKED) {
            let to = Some(item.clone());
            self.send_request(
                |id| Iq::get(id, to, disco::info_query(None)),
                PendingIq::ServiceInfo(item.clone()),
            );
        }
    }

    /// A service said what it is: the group chat service is announced.
    pub(super) fn on_service_info(&mut self, service: Jid, answer: Answer) {
        let Answer::Result(Some(payload)) = answer else {
            return;
        };
        let Ok(info) = DiscoInfo::try_from(&payload) else {
            return;
        };
        let text_rooms = info
            .identities
            .iter()
            .any(|i| i.category == "conference" && i.kind == "text");
        if text_rooms && info.features.iter().any(|f| f == ns::MUC) {
            self.emit(Event::ConferenceService {
                jid: service.bare().clone(),
            });
        }
    }

    /// Asks the group chat `service` for its public rooms (XEP-0045 §6.3); they come as
    /// [`Event::PublicRooms`].
    pub fn list_public_rooms(&mut self, service: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let to = Some(Jid::Bare(service.clone()));
        self.send_request(
            |id| Iq::get(id, to, disco::items_query()),
            PendingIq::PublicRooms(service.clone()),
        );
        Ok(())
    }

    /// The service's rooms, each with its name; addresses not of this service are dropped.
    pub(super) fn on_public_rooms(&mut self, service: BareJid, answer: Answer) {
        let rooms = match answer {
            Answer::Result(Some(payload)) if payload.is("query", ns::DISCO_ITEMS) => {
                disco::named_items_of(&payload, MAX_PUBLIC_ROOMS)
                    .into_iter()
                    .filter_map(|(jid, name)| match jid {
                        Jid::Bare(room)
                            if room.local().is_some() && room.domain() == service.domain() =>
                        {
                            Some(PublicRoom { jid: room, name })
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            }
            _ => Vec::new(),
        };
        // A service listing a room twice lists it once.
        let mut seen = std::collections::HashSet::new();
        let rooms = rooms
            .into_iter()
            .filter(|room| seen.insert(room.jid.clone()))
            .collect();
        self.emit(Event::PublicRooms { service, rooms });
    }
}
