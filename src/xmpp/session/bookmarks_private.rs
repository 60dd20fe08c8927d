//! Bookmarks in private XML storage (XEP-0048 over XEP-0049), for a server without PEP
//! bookmarks (XEP-0402): when our account will not give the PEP list (anything but "no list
//! yet"), the session reads the private storage instead and keeps using it for this session.
//! The storage is one document: each change reads it afresh, changes one room's conference and
//! writes it back whole, so another client's rooms and addresses are never lost. Private
//! storage tells no one of changes, so our change is confirmed by the server's answer.

use super::bookmarks::BookmarksIq;
use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::event::Event;
use crate::xmpp::jid::BareJid;
use crate::xmpp::stanza::bookmarks::{
    bookmarks_of, private_fetch_request, private_store_request, storage_of, with_bookmark, Bookmark,
};
use crate::xmpp::stanza::Iq;

impl Session {
    /// The PEP list is not to be had: read the private storage instead, from now on.
    pub(super) fn fetch_private_bookmarks(&mut self) {
        self.bookmarks_in_private = true;
        let request = private_fetch_request();
        self.send_request(
            |id| Iq::get(id, None, request),
            PendingIq::Bookmarks(BookmarksIq::PrivateFetch),
        );
    }

    /// The private storage's bookmarks: told whole (like the PEP list), then the autojoin
    /// rooms joined.
    pub(super) fn on_private_bookmarks(&mut self, answer: Answer) {
        let storage = match answer {
            Answer::Result(Some(query)) => match storage_of(&query) {
                Ok(storage) => storage,
                Err(err) => return self.drop_malformed("private bookmarks", &err),
            },
            Answer::Result(None) => return self.tell_bookmarks(Vec::new()),
            Answer::Error(error) => {
                return self.emit(Event::Dropped {
                    reason: format!("bookmarks unavailable: {}", error.describe()),
                })
            }
        };
        let mut list = Vec::new();
        for read in bookmarks_of(&storage) {
            match read {
                Ok(bookmark) => list.push(bookmark),
                Err(err) => self.drop_malformed("private bookmark", &err),
            }
        }
        self.tell_bookmarks(list);
    }

    /// Adds, replaces (`Some`) or removes (`None`) the bookmark of `room` in the private
    /// storage: the storage is read first.
    pub(super) fn change_private_bookmark(&mut self, room: &BareJid, bookmark: Option<Bookmark>) {
        let request = private_fetch_request();
        self.send_request(
            |id| Iq::get(id, None, request),
            PendingIq::Bookmarks(BookmarksIq::PrivateRead(room.clone(), bookmark)),
        );
    }

    /// The storage as it is now: the change made to it, and it written back.
    pub(super) fn on_private_storage_read(
        &mut self,
        room: BareJid,
        bookmark: Option<Bookmark>,
        answer: Answer,
    ) {
        let storage = match answer {
            Answer::Result(Some(query)) => storage_of(&query),
            Answer::Result(None) => storage_of(&private_fetch_request()),
            // Never write blind: what we would overwrite is unknown.
            Answer::Error(error) => return self.emit(Event::BookmarkFailed { room, error }),
        };
        let storage = match storage {
            Ok(storage) => storage,
            Err(err) => return self.drop_malformed("private bookmarks", &err),
        };
        let changed = with_bookmark(&storage, &room, bookmark.as_ref());
        let request = private_store_request(&changed);
        self.send_request(
            |id| Iq::set(id, None, request),
            PendingIq::Bookmarks(BookmarksIq::PrivateWrite(room, bookmark)),
        );
    }

    /// The server stored the change (or refused it).
    pub(super) fn on_private_storage_written(
        &mut self,
        room: BareJid,
        bookmark: Option<Bookmark>,
        answer: Answer,
    ) {
        match (answer, bookmark) {
            (Answer::Error(error), _) => self.emit(Event::BookmarkFailed { room, error }),
            (Answer::Result(_), Some(bookmark)) => self.emit(Event::BookmarkAdded(bookmark)),
            (Answer::Result(_), None) => self.emit(Event::BookmarkRemoved { room }),
        }
    }
}
