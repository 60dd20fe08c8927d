//! The public rooms of a group chat service (XEP-0045 §6.3), page by page where the service
//! pages its list (XEP-0059 on disco#items), and what each room says of itself (§6.4: name,
//! description, occupants, how it is entered): what "Browse public rooms" shows.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, PublicRoom};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::muc::RoomInfo;
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

/// How many public rooms one listing keeps, all pages together.
pub const MAX_PUBLIC_ROOMS: usize = 1000;
/// How many rooms one page asks for, from a service that pages its list.
pub const PUBLIC_ROOMS_PAGE: u32 = 100;

impl Session {
    /// Asks the group chat `service` for its public rooms (XEP-0045 §6.3): the first page, or
    /// the one after `after` (the `next` of the previous [`Event::PublicRooms`]). A service
    /// that does not page its list sends it whole.
    pub fn list_public_rooms(
        &mut self,
        service: &BareJid,
        after: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let mut set = Element::new("set", ns::RSM)
            .child(Element::new("max", ns::RSM).text(PUBLIC_ROOMS_PAGE.to_string()));
        if let Some(after) = after {
            set.push_child(Element::new("after", ns::RSM).text(after));
        }
        let mut query = disco::items_query();
        query.push_child(set);
        let to = Some(Jid::Bare(service.clone()));
        self.send_request(
            |id| Iq::get(id, to, query),
            PendingIq::PublicRooms(service.clone(), after.map(str::to_owned)),
        );
        Ok(())
    }

    /// One page of the service's rooms, each with its name; addresses not of this service
    /// are dropped, and a room listed twice is listed once.
    pub(super) fn on_public_rooms(
        &mut self,
        service: BareJid,
        after: Option<String>,
        answer: Answer,
    ) {
        let (rooms, next) = match answer {
            Answer::Result(Some(payload)) if payload.is("query", ns::DISCO_ITEMS) => {
                let listed = disco::named_items_of(&payload, MAX_PUBLIC_ROOMS);
                let next = next_page(&payload, listed.len());
                let mut seen = std::collections::HashSet::new();
                let rooms = listed
                    .into_iter()
                    .filter_map(|(jid, name)| match jid {
                        Jid::Bare(room)
                            if room.local().is_some() && room.domain() == service.domain() =>
                        {
                            Some(PublicRoom { jid: room, name })
                        }
                        _ => None,
                    })
                    .filter(|room| seen.insert(room.jid.clone()))
                    .collect();
                (rooms, next)
            }
            _ => (Vec::new(), None),
        };
        self.emit(Event::PublicRooms {
            service,
            rooms,
            after,
            next,
        });
    }

    /// Asks `room` what it is (XEP-0045 §6.4), for the list of public rooms; answered by
    /// [`Event::PublicRoomInfo`].
    pub fn describe_room(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::get(id, to, disco::info_query(None)),
            PendingIq::PublicRoomInfo(room.clone()),
        );
        Ok(())
    }

    /// The room said what it is (or would not: then `info` is `None`).
    pub(super) fn on_room_described(&mut self, room: BareJid, answer: Answer) {
        let info = match answer {
            Answer::Result(Some(payload)) => DiscoInfo::try_from(&payload)
                .ok()
                .map(|info| RoomInfo::from(&info)),
            _ => None,
        };
        self.emit(Event::PublicRoomInfo { room, info });
    }
}

/// XEP-0059 §2.2: the id to ask the next page after, when the service paged its list and
/// more remain (its `<count/>` says so, or, without one, the page came full).
fn next_page(query: &Element, listed: usize) -> Option<String> {
    let set = query.get_child("set", ns::RSM)?;
    let last = set.get_child("last", ns::RSM)?.text_content();
    let first_index = set
        .get_child("first", ns::RSM)
        .and_then(|f| f.get_attr("index"))
        .and_then(|i| i.parse::<usize>().ok());
    let count = set
        .get_child("count", ns::RSM)
        .and_then(|c| c.text_content().trim().parse::<usize>().ok());
    let more = match (first_index, count) {
        (Some(index), Some(count)) => index + listed < count,
        _ => listed >= PUBLIC_ROOMS_PAGE as usize,
    };
    (more && !last.trim().is_empty()).then_some(last)
}
