//! IQs (RFC 6120 §8.2.3): the requests we answer (or refuse), and the answers to our own
//! requests, routed by id to the module that asked, after checking who answers.

use std::collections::HashMap;
use std::time::Duration;

use web_time::Instant;

use super::avatars::AvatarIq;
use super::bookmarks::BookmarksIq;
use super::muc_affiliations::AffiliationsIq;
use super::muc_invite::PendingInvite;
use super::room_config::OwnerIq;
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, FullJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::{ping, ErrorType, Iq, IqPayload, StanzaError};
use crate::xmpp::xml::Element;

/// How long an answer may take: after this the request counts as failed
/// (`remote-server-timeout`), so nothing waits for ever and the table cannot fill up with
/// requests nobody answers.
pub const IQ_TIMEOUT: Duration = Duration::from_secs(60);
/// How many requests may wait for an answer at once; beyond, new ones are refused with
/// [`ApiMisuse::TooManyRequests`] (or, for the session's own, dropped and logged).
pub const MAX_PENDING_IQS: usize = 256;

/// What an outstanding IQ we sent was for, so its answer finds its way back.
pub(super) enum PendingIq {
    /// The roster (RFC 6121 §2.2).
    Roster,
    /// Enabling carbons (XEP-0280).
    Carbons,
    /// One page of a conversation's archive.
    Archive { query_id: String, with: BareJid },
    /// The newest archive id at login: where a later catch-up starts.
    ArchiveAnchor { query_id: String },
    /// One page of the catch-up after a fresh reconnect.
    CatchUp { query_id: String },
    /// A roster change we asked for.
    RosterSet(BareJid),
    /// Our keep-alive ping (XEP-0199).
    Ping,
    /// Our disco#info query to the server (XEP-0030 §3).
    ServerInfo,
    /// Our disco#items query to the server (XEP-0030 §4).
    ServerItems,
    /// Our disco#info query to our own account (XEP-0030 §3): does it bridge avatars?
    AccountInfo,
    /// A disco#info query for a capabilities hash (XEP-0115 §6.2): the answer must come from
    /// `from` and hash to `ver`.
    Caps { ver: String, from: Jid },
    /// An avatar fetch or publication (XEP-0084, XEP-0153).
    Avatar(AvatarIq),
    /// The configuration of a room we created (XEP-0045 §10.1): the answer comes from the room,
    /// and then the room is open to others, so the news that we are in it waits for it.
    RoomConfig(BareJid, Box<Event>),
    /// A moderation request to a room (XEP-0045 §8–§9): the answer comes from the room.
    RoomAdmin(BareJid),
    /// An owner's request to a room (XEP-0045 §10: its form, our configuration, a cancel, its
    /// destruction): the answer comes from the room.
    RoomOwner(BareJid, OwnerIq),
    /// What one of our server's services is (XEP-0030 §3): the answer comes from it.
    ServiceInfo(Jid),
    /// A group chat service's public rooms (XEP-0045 §6.3), the page after the id given: the
    /// answer comes from it.
    PublicRooms(BareJid, Option<String>),
    /// What a listed room is (XEP-0045 §6.4): the answer comes from the room.
    PublicRoomInfo(BareJid),
    /// Our bookmarks (XEP-0402): the list, or one saved or removed; answered by our account.
    Bookmarks(BookmarksIq),
    /// What a room we just entered is (XEP-0030 §3 to the room): does it keep an archive?
    RoomInfo(BareJid),
    /// One page of a room's archive (XEP-0313 to the room): the answer comes from the room.
    RoomArchive(BareJid),
    /// Our self-ping to our own seat in a room (XEP-0410): the answer comes from that seat
    /// (the room answering for it) or the room.
    RoomSelfPing(FullJid),
    /// An invitation waiting for the room to say whether it is members-only (XEP-0045 §7.8):
    /// the answer comes from the room.
    RoomInvite(PendingInvite),
    /// A room's affiliation list, or a change to it (XEP-0045 §9–§10): answered by the room.
    RoomAffiliations(AffiliationsIq),
}

/// Our requests waiting for an answer, each until its deadline.
#[derive(Default)]
pub(super) struct IqTracker {
    pending: HashMap<String, (PendingIq, Instant)>,
}

impl IqTracker {
    /// Whether another request may go out.
    pub(super) fn has_room(&self) -> bool {
        self.pending.len() < MAX_PENDING_IQS
    }

    fn insert(&mut self, id: String, purpose: PendingIq, deadline: Instant) {
        self.pending.insert(id, (purpose, deadline));
    }

    fn get(&self, id: &str) -> Option<&PendingIq> {
        self.pending.get(id).map(|(purpose, _)| purpose)
    }

    fn remove(&mut self, id: &str) -> Option<PendingIq> {
        self.pending.remove(id).map(|(purpose, _)| purpose)
    }

    /// When the next request times out.
    pub(super) fn next_deadline(&self) -> Option<Instant> {
        self.pending.values().map(|(_, deadline)| *deadline).min()
    }

    /// The requests whose time is up, removed.
    fn expire(&mut self, now: Instant) -> Vec<(String, PendingIq)> {
        let expired: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, (_, deadline))| *deadline <= now)
            .map(|(id, _)| id.clone())
            .collect();
        expired
            .into_iter()
            .filter_map(|id| self.remove(&id).map(|purpose| (id, purpose)))
            .collect()
    }

    /// Forgets every request (the session is over).
    pub(super) fn clear(&mut self) {
        self.pending.clear();
    }
}

/// The answer to one of our requests.
pub(super) enum Answer {
    /// `type="result"`, with its payload if any.
    Result(Option<Element>),
    /// `type="error"`.
    Error(StanzaError),
}

impl Session {
    /// Sends a request built around a fresh id and remembers what its answer is for, until
    /// [`IQ_TIMEOUT`]. With [`MAX_PENDING_IQS`] already waiting it is not sent (and logged).
    pub(super) fn send_request(&mut self, build: impl FnOnce(String) -> Iq, purpose: PendingIq) {
        if !self.iqs.has_room() {
            self.emit(Event::Dropped {
                reason: format!(
                    "{MAX_PENDING_IQS} requests are waiting for an answer: not sending another"
                ),
            });
            return;
        }
        let id = self.next_id();
        self.iqs.insert(id.clone(), purpose, self.now + IQ_TIMEOUT);
        self.transmit(&Element::from(&build(id)));
    }

    /// For commands: refused while the table of waiting requests is full.
    pub(super) fn ensure_room_for_request(&self) -> Result<(), ApiMisuse> {
        if self.iqs.has_room() {
            Ok(())
        } else {
            Err(ApiMisuse::TooManyRequests)
        }
    }

    /// Requests whose time is up fail as if the server had said `remote-server-timeout`.
    pub(super) fn expire_requests(&mut self, now: Instant) {
        for (id, purpose) in self.iqs.expire(now) {
            let timeout = StanzaError {
                kind: ErrorType::Wait,
                condition: "remote-server-timeout".into(),
                text: Some("no answer in time".into()),
            };
            let iq = Iq {
                from: None,
                to: None,
                id,
                payload: IqPayload::Error(timeout),
            };
            self.route_answer(purpose, iq);
        }
    }

    /// True when `from` is our server, our account or absent: the only sources of trusted IQs.
    pub(super) fn is_trusted_sender(&self, from: Option<&Jid>) -> bool {
        match from {
            None => true,
            Some(jid) => {
                let bare = jid.bare();
                bare == &self.config.jid
                    || (bare.local().is_none()
                        && bare.domain() == self.config.jid.domain()
                        && jid.resource().is_none())
            }
        }
    }

    /// A request to us, or an answer to one of ours.
    pub(super) fn handle_iq(&mut self, iq: Iq) {
        match &iq.payload {
            IqPayload::Result(_) | IqPayload::Error(_) => self.handle_iq_response(iq),
            IqPayload::Set(payload) if payload.is("query", ns::ROSTER) => {
                self.handle_roster_push(&iq, payload)
            }
            IqPayload::Get(payload) if ping::is_ping(payload) => {
                self.transmit(&Element::from(&iq.result_reply()));
            }
            IqPayload::Get(payload) if payload.is("query", ns::DISCO_INFO) => {
                self.answer_disco_info(&iq, payload)
            }
            IqPayload::Get(payload)
                if payload.is("query", ns::DISCO_ITEMS) && payload.get_attr("node").is_none() =>
            {
                self.answer_disco_items(&iq)
            }
            IqPayload::Get(payload) if payload.is("query", ns::VERSION) => self.answer_version(&iq),
            IqPayload::Get(_) | IqPayload::Set(_) => {
                // RFC 6120 §8.4: every request we do not understand gets service-unavailable.
                let reply = iq.error_reply(StanzaError::service_unavailable());
                self.transmit(&Element::from(&reply));
            }
        }
    }

    /// An answer: from whom we asked, for a request we sent, to the module that sent it.
    fn handle_iq_response(&mut self, iq: Iq) {
        // Answers to what we asked a contact come from that contact; all else from our server
        // or account.
        let sender_ok = match self.iqs.get(&iq.id) {
            Some(PendingIq::Caps { from, .. }) => iq.from.as_ref() == Some(from),
            Some(PendingIq::ServiceInfo(service)) => iq.from.as_ref() == Some(service),
            Some(
                PendingIq::RoomConfig(room, _)
                | PendingIq::RoomAdmin(room)
                | PendingIq::RoomOwner(room, _)
                | PendingIq::PublicRooms(room, _)
                | PendingIq::PublicRoomInfo(room)
                | PendingIq::RoomInfo(room)
                | PendingIq::RoomArchive(room)
                | PendingIq::RoomInvite(PendingInvite { room, .. }),
            ) => {
                matches!(iq.from.as_ref(), Some(Jid::Bare(from)) if from == room)
            }
            Some(PendingIq::RoomSelfPing(seat)) => match iq.from.as_ref() {
                Some(Jid::Full(from)) => from == seat,
                Some(Jid::Bare(from)) => from == seat.bare(),
                None => false,
            },
            Some(PendingIq::RoomAffiliations(asked)) => {
                matches!(iq.from.as_ref(), Some(Jid::Bare(from)) if from == asked.room())
            }
            Some(PendingIq::Avatar(asked)) => {
                asked.answers_from(iq.from.as_ref(), &self.config.jid)
            }
            _ => self.is_trusted_sender(iq.from.as_ref()),
        };
        if !sender_ok {
            self.emit(Event::Dropped {
                reason: "IQ response from an unexpected sender".into(),
            });
            return;
        }
        let Some(pending) = self.iqs.remove(&iq.id) else {
            self.emit(Event::Dropped {
                reason: format!("IQ response with unknown id {:?}", iq.id),
            });
            return;
        };
        self.route_answer(pending, iq);
    }

    /// An answer (or a timeout) to the module that asked.
    fn route_answer(&mut self, pending: PendingIq, iq: Iq) {
        if let PendingIq::Avatar(asked) = pending {
            return self.handle_avatar_answer(asked, iq);
        }
        let answer = match iq.payload {
            IqPayload::Result(payload) => Answer::Result(payload),
            IqPayload::Error(error) => Answer::Error(error),
            IqPayload::Get(_) | IqPayload::Set(_) => return,
        };
        match pending {
            PendingIq::Roster => self.on_roster(answer),
            PendingIq::RosterSet(jid) => self.on_roster_change(jid, answer),
            PendingIq::Carbons => self.on_carbons_enabled(answer),
            PendingIq::Ping => {}
            PendingIq::Caps { ver, from } => self.on_caps(ver, from, answer),
            PendingIq::AccountInfo => self.on_account_info(answer),
            PendingIq::ServerItems => self.on_server_items(answer),
            PendingIq::ServerInfo => self.on_server_info(answer),
            PendingIq::ArchiveAnchor { query_id } => self.on_archive_anchor(&query_id, answer),
            PendingIq::CatchUp { query_id } => self.on_catch_up_page(&query_id, answer),
            PendingIq::Archive { query_id, with } => self.on_archive_page(&query_id, with, answer),
            PendingIq::Avatar(_) => {}
            PendingIq::RoomConfig(room, joined) => self.on_room_configured(room, *joined, answer),
            PendingIq::RoomAdmin(room) => self.on_room_admin(room, answer),
            PendingIq::RoomOwner(room, asked) => self.on_owner_answer(room, asked, answer),
            PendingIq::ServiceInfo(service) => self.on_service_info(service, answer),
            PendingIq::PublicRooms(service, after) => self.on_public_rooms(service, after, answer),
            PendingIq::PublicRoomInfo(room) => self.on_room_described(room, answer),
            PendingIq::Bookmarks(asked) => self.on_bookmarks_answer(asked, answer),
            PendingIq::RoomInfo(room) => self.on_room_info(room, answer),
            PendingIq::RoomArchive(room) => self.on_room_archive_page(room, answer),
            PendingIq::RoomSelfPing(seat) => self.on_room_self_ping(seat.bare(), answer),
            PendingIq::RoomInvite(pending) => self.on_room_invite_info(pending, answer),
            PendingIq::RoomAffiliations(asked) => self.on_affiliations_answer(asked, answer),
        }
    }
}
