//! A room's own archive (XEP-0313 §4 against the room's JID, XEP-0045 §7.2.14): a room that
//! keeps one is joined again with no history replayed, and what was said since the last
//! message we know is read from the archive instead, page after page, so nothing said while we
//! were away is missed and nothing comes twice. What the room is (archived, occupant ids,
//! moderation) comes from its disco#info once we are in.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, RoomFeatures, RoomMessage};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::sm::CarriedRoom;
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::mam::{self, ArchiveQuery, ArchivedMessage, Fin, Page};
use crate::xmpp::stanza::muc::ModerationVersion;
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

/// How many messages one page of a room's archive asks for.
pub const ROOM_ARCHIVE_PAGE: u32 = 100;
/// How many messages a room's latest page holds when the page lost the room's lines (a
/// reload): what a timeline shows on opening.
pub const ROOM_LATEST_PAGE: u32 = 50;
/// How many older messages one step back through a room's archive asks for (scrolling up).
pub const ROOM_OLDER_PAGE: u32 = 50;
/// The most pages one catch-up reads: a room that said more than this while we were away is
/// shown from where the pages stop (the timeline holds far fewer lines anyway).
pub const MAX_ROOM_ARCHIVE_PAGES: u32 = 20;

/// The room's archive as the session follows it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoomArchive {
    /// The room keeps an archive (its disco#info lists `urn:xmpp:mam:2`).
    pub(crate) archived: bool,
    /// The room archive's id of the newest message we have (a live message's stanza id by
    /// the room, or the newest a catch-up read).
    pub(crate) newest: Option<String>,
    /// What to read once the room has let us in (set when joining with no history).
    pub(crate) after_join: Option<Page>,
    /// The archive query in flight.
    pub(crate) query: Option<RoomQuery>,
}

/// One archive query to a room, until its `<fin/>`.
#[derive(Debug, Clone)]
pub(crate) struct RoomQuery {
    /// Our id for it: results carrying another are not its.
    pub(crate) id: String,
    /// The results so far (at most one page: a room cannot make us hold more).
    pub(crate) results: Vec<ArchivedMessage>,
    /// How many pages this catch-up has read, this one included.
    pub(crate) pages: u32,
    /// What the query is for.
    pub(crate) purpose: QueryPurpose,
}

/// Why a room's archive is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryPurpose {
    /// Catching up on what was said since the newest message we know, page after page.
    CatchUp,
    /// One page older than what the reader has, asked by scrolling back.
    Older,
}

impl QueryPurpose {
    /// The most results one page of such a query may bring (a room cannot make us hold more).
    fn most_results(self) -> usize {
        match self {
            QueryPurpose::CatchUp => ROOM_ARCHIVE_PAGE as usize,
            QueryPurpose::Older => ROOM_OLDER_PAGE as usize,
        }
    }
}

impl RoomArchive {
    /// What a previous connection knew of the room's archive.
    pub(crate) fn carried(room: &CarriedRoom) -> RoomArchive {
        RoomArchive {
            archived: room.archived,
            newest: room.last_stanza_id.clone(),
            ..RoomArchive::default()
        }
    }

    /// Joining again: the page to read once in. From the newest message we know when this page
    /// still shows the room's lines; the latest page when it shows none (a reload) or we know
    /// no message of the room.
    pub(crate) fn page_on_rejoin(&self, lines_kept: bool) -> Page {
        match (&self.newest, lines_kept) {
            (Some(newest), true) => Page::After(newest.clone()),
            _ => Page::Latest,
        }
    }
}

impl Session {
    /// Asks `room` what it offers (XEP-0045 §6.4); answered by [`Event::RoomFeatures`].
    pub(super) fn ask_room_features(&mut self, room: &BareJid) {
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::get(id, to, disco::info_query(None)),
            PendingIq::RoomInfo(room.clone()),
        );
    }

    /// Whether `room` said it gives every occupant a stable id of its own (XEP-0421 §4: such a
    /// room replaces any an occupant wrote): only then is an occupant id in its stanzas the
    /// room's.
    pub(super) fn gives_occupant_ids(&self, room: &BareJid) -> bool {
        self.rooms
            .get(room)
            .and_then(|r| r.features)
            .is_some_and(|f| f.occupant_ids)
    }

    /// The room has just let us in: when we joined it with no history, read its archive
    /// instead.
    pub(super) fn on_room_entered(&mut self, room: &BareJid) {
        let page = self
            .rooms
            .get_mut(room)
            .and_then(|r| r.archive.after_join.take());
        if let Some(page) = page {
            self.read_room_archive(room, page, 1);
        }
    }

    /// The room said what it is.
    pub(super) fn on_room_info(&mut self, room: BareJid, answer: Answer) {
        let Answer::Result(Some(payload)) = answer else {
            return;
        };
        let Ok(info) = DiscoInfo::try_from(&payload) else {
            return self.emit(Event::Dropped {
                reason: format!("room {room} described itself in a malformed disco#info"),
            });
        };
        let has = |feature: &str| info.features.iter().any(|f| f == feature);
        let features = RoomFeatures {
            archived: has(ns::MAM),
            occupant_ids: has(ns::OCCUPANT_ID),
            moderation: ModerationVersion::offered(&info.features),
        };
        if let Some(entry) = self.rooms.get_mut(&room) {
            entry.archive.archived = features.archived;
            entry.features = Some(features);
        }
        self.emit(Event::RoomFeatures { room, features });
    }

    /// Asks `room`'s archive for the page of up to [`ROOM_OLDER_PAGE`] messages just before
    /// the archive id `before` (the oldest line the reader has): scrolling back through the
    /// room. Answered by [`Event::RoomOlderLines`], once; one read of a room's archive at a
    /// time (a catch-up in progress answers [`ApiMisuse::Busy`], try again after it).
    pub fn load_older_room_lines(&mut self, room: &BareJid, before: &str) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let entry = self
            .rooms
            .get(room)
            .filter(|r| r.joined)
            .ok_or(ApiMisuse::NotInRoom)?;
        if !entry.archive.archived {
            return Err(ApiMisuse::NoRoomArchive);
        }
        if entry.archive.query.is_some() || entry.archive.after_join.is_some() {
            return Err(ApiMisuse::Busy);
        }
        self.read_room_archive_for(
            room,
            Page::Before(before.to_owned()),
            1,
            QueryPurpose::Older,
        );
        Ok(())
    }

    /// Asks `room`'s archive for one page of a catch-up; `pages` counts its pages so far.
    fn read_room_archive(&mut self, room: &BareJid, page: Page, pages: u32) {
        self.read_room_archive_for(room, page, pages, QueryPurpose::CatchUp);
    }

    /// Asks `room`'s archive for one page, for `purpose`.
    fn read_room_archive_for(
        &mut self,
        room: &BareJid,
        page: Page,
        pages: u32,
        purpose: QueryPurpose,
    ) {
        let max = match (&page, purpose) {
            (_, QueryPurpose::Older) => ROOM_OLDER_PAGE,
            (Page::Latest, _) => ROOM_LATEST_PAGE,
            _ => ROOM_ARCHIVE_PAGE,
        };
        let query = ArchiveQuery {
            query_id: self.next_id(),
            with: None,
            page,
            max,
        };
        let Some(entry) = self.rooms.get_mut(room) else {
            return;
        };
        entry.archive.query = Some(RoomQuery {
            id: query.query_id.clone(),
            results: Vec::new(),
            pages,
            purpose,
        });
        let to = Some(Jid::Bare(room.clone()));
        let element = Element::from(&query);
        self.send_request(
            |id| Iq::set(id, to, element),
            PendingIq::RoomArchive(room.clone()),
        );
    }

    /// Whether `e` is a result of an archive query we sent to a room we are in (XEP-0313 §4.2:
    /// a `<result/>` from the room's bare JID).
    pub(super) fn is_room_archive_result(&self, e: &Element) -> bool {
        matches!(
            e.get_attr("from").map(Jid::parse),
            Some(Ok(Jid::Bare(from))) if self.rooms.contains_key(&from)
        )
    }

    /// One result of a room's archive: kept until the page's `<fin/>`, if it answers the
    /// query we have out to that room and was said in that room.
    pub(super) fn handle_room_archive_result(&mut self, e: &Element) {
        let Some(room) = self.room_of(e) else {
            return;
        };
        let (query_id, message) = match mam::parse_result(e) {
            Ok(Some(result)) => result,
            Ok(None) => return,
            Err(err) => return self.drop_malformed("room archive result", &err),
        };
        let said_here = message.from.bare() == &room;
        let mut message = message;
        if !self.gives_occupant_ids(&room) {
            message.occupant_id = None;
        }
        let Some(query) = self
            .rooms
            .get_mut(&room)
            .and_then(|r| r.archive.query.as_mut())
            .filter(|q| q.id == query_id)
        else {
            return self.emit(Event::Dropped {
                reason: format!("room archive result for a query we did not send {room}"),
            });
        };
        if said_here && query.results.len() < query.purpose.most_results() {
            query.results.push(message);
        } else {
            self.emit(Event::Dropped {
                reason: format!("room {room} sent a result beyond its page or from elsewhere"),
            });
        }
    }

    /// The room's archive answered one page: its messages are told, oldest first, and the
    /// next page asked for until the archive says it is complete.
    pub(super) fn on_room_archive_page(&mut self, room: BareJid, answer: Answer) {
        let Some(entry) = self.rooms.get_mut(&room) else {
            return;
        };
        let Some(query) = entry.archive.query.take() else {
            return;
        };
        let nick = entry.nick.clone();
        let payload = match answer {
            Answer::Result(payload) => payload,
            Answer::Error(_) if query.purpose == QueryPurpose::Older => {
                // The reader waits for this page: an answer, even an empty one, ends the wait.
                return self.emit(Event::RoomOlderLines {
                    room,
                    messages: Vec::new(),
                    complete: true,
                });
            }
            Answer::Error(error) => {
                return self.emit(Event::Dropped {
                    reason: format!("room {room}'s archive refused: {}", error.describe()),
                })
            }
        };
        let fin = payload
            .as_ref()
            .and_then(|p| Fin::try_from(p).ok())
            .unwrap_or_default();
        if query.purpose == QueryPurpose::Older {
            let messages = query
                .results
                .into_iter()
                .map(|message| room_message(&room, &nick, message))
                .collect();
            return self.emit(Event::RoomOlderLines {
                room,
                messages,
                complete: fin.complete,
            });
        }
        let newest = query.results.last().map(|m| m.archive_id.clone());
        if let Some(newest) = &newest {
            entry.archive.newest = Some(newest.clone());
        }
        for message in query.results {
            let message = room_message(&room, &nick, message);
            self.emit(Event::RoomMessage(message));
        }
        match newest {
            Some(newest) if !fin.complete && query.pages < MAX_ROOM_ARCHIVE_PAGES => {
                self.read_room_archive(&room, Page::After(newest), query.pages + 1)
            }
            _ => {}
        }
    }

    /// A live message of `room` with the room's archive id: the newest we have.
    pub(super) fn note_room_archive_id(&mut self, room: &BareJid, stanza_id: Option<&str>) {
        if let (Some(entry), Some(id)) = (self.rooms.get_mut(room), stanza_id) {
            // While a catch-up reads on, a newer live id would skip what it has not read yet.
            if entry.archive.query.is_none() {
                entry.archive.newest = Some(id.to_owned());
            }
        }
    }
}

/// A message read from `room`'s archive, as a room message of history (stamped by the room).
fn room_message(room: &BareJid, our_nick: &str, archived: ArchivedMessage) -> RoomMessage {
    let nick = archived.from.resource().map(str::to_owned);
    RoomMessage {
        room: room.clone(),
        own: nick.as_deref() == Some(our_nick),
        nick,
        id: archived.id,
        origin_id: archived.origin_id,
        stanza_id: Some(archived.archive_id),
        occupant_id: archived.occupant_id,
        content: archived.content,
        stamp: archived.stamp,
    }
}
