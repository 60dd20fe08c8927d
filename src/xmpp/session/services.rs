//! The services our server lists (XEP-0030 §4), asked what they are (§3): the group chat
//! service (identity `conference/text`, XEP-0045 §6.1) is where "Join a room" proposes rooms
//! (its public rooms are listed by `room_directory.rs`).

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::event::Event;
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::Iq;

/// How many of the server's services are asked what they are: a server lists a handful.
const MAX_SERVICES_ASKED: usize = 16;

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
}
