//! Bookmarks in the session (XEP-0402): the list fetched once online and the rooms it marks
//! `autojoin` joined, our other devices' changes followed live, and ours saved and removed.
//!
//! Bookmarks are our own account's: the list is asked of it, and a notification counts only
//! from our own bare JID (or without a `from`, which says the same). We advertise `+notify`
//! for the node, so a contact whose server misconfigures theirs could push us their bookmarks:
//! ignored, or a stranger could make us join rooms.
//!
//! The session keeps no copy of the list: the application does (from [`Event::Bookmarks`] and
//! the changes after it). Saving one reads the current item first, so the `<extensions/>`
//! other clients keep in it are written back whatever this session saw of them.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::bookmarks::{self, Bookmark, BookmarkChange, BookmarkItem, Conference};
use crate::xmpp::stanza::{ErrorType, Iq, StanzaError};
use crate::xmpp::xml::Element;

/// The most bookmarks taken from the list: far more rooms than anyone follows, and a bound on
/// what the list makes us hold and join.
pub const MAX_BOOKMARKS: usize = 512;

/// A bookmarks request on its way, and what its answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BookmarksIq {
    /// The whole list, once online.
    Fetch,
    /// The current item of this bookmark's room, read before saving the bookmark so that its
    /// extensions are written back.
    Read(Bookmark),
    /// The publication of the bookmark of this room.
    Publish(BareJid),
    /// The retraction of the bookmark of this room.
    Retract(BareJid),
    /// The private storage's bookmarks (XEP-0048), when PEP has none to give.
    PrivateFetch,
    /// The private storage read before changing this room's bookmark (`None`: removing it).
    PrivateRead(BareJid, Option<Bookmark>),
    /// The private storage written with this room's bookmark changed.
    PrivateWrite(BareJid, Option<Bookmark>),
}

impl Session {
    /// Saves `bookmark` on our account (XEP-0402 §4.3, §4.4), adding it or replacing the one
    /// for its room; the extensions other clients keep in that one are read and written back.
    /// Confirmed by [`Event::BookmarkAdded`] (our server's notification to every device of
    /// ours), refused with [`Event::BookmarkFailed`]. Marked `autojoin`, the room is joined
    /// on our devices that are not in it, this one too.
    pub fn add_bookmark(&mut self, bookmark: &Bookmark) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if let Some(nick) = &bookmark.nick {
            if nick.trim().is_empty() || bookmark.room.with_resource(nick).is_err() {
                return Err(ApiMisuse::InvalidNick);
            }
        }
        Conference::of(bookmark, Vec::new())
            .check_sizes()
            .map_err(|_| ApiMisuse::InvalidBookmark)?;
        self.ensure_room_for_request()?;
        if self.bookmarks_in_private {
            self.change_private_bookmark(&bookmark.room, Some(bookmark.clone()));
            return Ok(());
        }
        let request = bookmarks::item_request(&bookmark.room);
        self.send_request(
            |id| Iq::get(id, None, request),
            PendingIq::Bookmarks(BookmarksIq::Read(bookmark.clone())),
        );
        Ok(())
    }

    /// Removes the bookmark of `room` (§4.5), telling our other devices (`notify`). Confirmed
    /// by [`Event::BookmarkRemoved`], refused with [`Event::BookmarkFailed`]. The room is not
    /// left here (that is [`Session::leave_room`]); our other devices leave it.
    pub fn remove_bookmark(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        if self.bookmarks_in_private {
            self.change_private_bookmark(room, None);
            return Ok(());
        }
        // Our server tells us of our own removal too: that one is not another device's.
        if self.own_retractions.len() < MAX_BOOKMARKS {
            self.own_retractions.insert(room.clone());
        }
        let retract = bookmarks::retract(room);
        self.send_request(
            |id| Iq::set(id, None, retract),
            PendingIq::Bookmarks(BookmarksIq::Retract(room.clone())),
        );
        Ok(())
    }

    /// §4.2: once online, the whole list, from our own account.
    pub(super) fn fetch_bookmarks(&mut self) {
        let request = bookmarks::fetch_request();
        self.send_request(
            |id| Iq::get(id, None, request),
            PendingIq::Bookmarks(BookmarksIq::Fetch),
        );
    }

    /// The answer to one of our bookmarks requests (or its timeout).
    pub(super) fn on_bookmarks_answer(&mut self, asked: BookmarksIq, answer: Answer) {
        match (asked, answer) {
            (BookmarksIq::Fetch, answer) => self.on_bookmark_list(answer),
            (BookmarksIq::Read(bookmark), answer) => self.on_bookmark_read(bookmark, answer),
            (BookmarksIq::Publish(room) | BookmarksIq::Retract(room), Answer::Error(error)) => {
                self.emit(Event::BookmarkFailed { room, error })
            }
            // Success comes as our server's notification, to every device of ours alike.
            (BookmarksIq::Publish(_) | BookmarksIq::Retract(_), Answer::Result(_)) => {}
            (BookmarksIq::PrivateFetch, answer) => self.on_private_bookmarks(answer),
            (BookmarksIq::PrivateRead(room, bookmark), answer) => {
                self.on_private_storage_read(room, bookmark, answer)
            }
            (BookmarksIq::PrivateWrite(room, bookmark), answer) => {
                self.on_private_storage_written(room, bookmark, answer)
            }
        }
    }

    /// The list: told whole, then its `autojoin` rooms joined.
    fn on_bookmark_list(&mut self, answer: Answer) {
        let items = match answer {
            Answer::Result(Some(pubsub)) => match bookmarks::items_of(&pubsub) {
                Ok(items) => items,
                Err(err) => return self.drop_malformed("bookmark list", &err),
            },
            Answer::Result(None) => Vec::new(),
            // No node yet (XEP-0060 §6.5.9.11): nobody has saved a bookmark yet.
            Answer::Error(error) if error.condition == "item-not-found" => Vec::new(),
            // No PEP bookmarks here (no PEP, or not for this node): the older private storage.
            Answer::Error(_) => return self.fetch_private_bookmarks(),
        };
        let total = items.len();
        let mut list = Vec::new();
        let mut malformed = Vec::new();
        for item in items {
            match item {
                Ok(item) => list.push(item.bookmark()),
                Err(err) => malformed.push(err),
            }
        }
        if let Some(first) = malformed.first() {
            let count = malformed.len();
            self.drop_malformed(&format!("bookmarks ({count} skipped)"), first);
        }
        if list.len() > MAX_BOOKMARKS {
            self.emit(Event::Dropped {
                reason: format!("only the first {MAX_BOOKMARKS} of {total} bookmarks are kept"),
            });
            list.truncate(MAX_BOOKMARKS);
        }
        self.tell_bookmarks(list);
    }

    /// The whole list, told, then its `autojoin` rooms joined.
    pub(super) fn tell_bookmarks(&mut self, mut list: Vec<Bookmark>) {
        list.truncate(MAX_BOOKMARKS);
        let autojoin: Vec<Bookmark> = list.iter().filter(|b| b.autojoin).cloned().collect();
        self.emit(Event::Bookmarks { bookmarks: list });
        for bookmark in &autojoin {
            self.autojoin(bookmark);
        }
    }

    /// The current item of a bookmark we are saving: its extensions go into what we publish.
    fn on_bookmark_read(&mut self, bookmark: Bookmark, answer: Answer) {
        let extensions = match answer {
            Answer::Result(Some(pubsub)) => bookmarks::extensions_of(&pubsub, &bookmark.room),
            Answer::Result(None) => Vec::new(),
            Answer::Error(error) if error.condition == "item-not-found" => Vec::new(),
            // Never write blind: what we would overwrite is unknown.
            Answer::Error(error) => {
                return self.emit(Event::BookmarkFailed {
                    room: bookmark.room,
                    error,
                })
            }
        };
        if !self.iqs.has_room() {
            return self.emit(Event::BookmarkFailed {
                room: bookmark.room,
                error: StanzaError {
                    kind: ErrorType::Wait,
                    condition: "resource-constraint".into(),
                    text: Some("too many requests are waiting for an answer".into()),
                },
            });
        }
        let item = BookmarkItem {
            room: bookmark.room.clone(),
            conference: Conference::of(&bookmark, extensions),
        };
        let publish = bookmarks::publish(&item);
        self.send_request(
            |id| Iq::set(id, None, publish),
            PendingIq::Bookmarks(BookmarksIq::Publish(item.room)),
        );
    }

    /// A notification of our bookmarks node (§5): another device of ours (or this one) added,
    /// changed, removed or cleared bookmarks.
    pub(super) fn handle_bookmarks_event(&mut self, e: &Element) {
        let own = match e.get_attr("from").map(Jid::parse) {
            None => true,
            Some(Ok(Jid::Bare(from))) => from == self.config.jid,
            Some(_) => false,
        };
        if !own {
            return self.emit(Event::Dropped {
                reason: "bookmark notification not from our own account".into(),
            });
        }
        for change in bookmarks::changes_of(e).unwrap_or_default() {
            match change {
                Ok(BookmarkChange::Published(item)) => {
                    let bookmark = item.bookmark();
                    self.emit(Event::BookmarkAdded(bookmark.clone()));
                    self.autojoin(&bookmark);
                }
                Ok(BookmarkChange::Retracted(room)) => {
                    // XEP-0402 §5: a bookmark removed on another device is a room left here
                    // too; our own removal (un-keeping a room we stay in) leaves nothing.
                    if !self.own_retractions.remove(&room) {
                        let _ = self.leave_room(&room);
                    }
                    self.emit(Event::BookmarkRemoved { room });
                }
                Ok(BookmarkChange::Cleared) => self.emit(Event::Bookmarks {
                    bookmarks: Vec::new(),
                }),
                Err(err) => self.drop_malformed("bookmark notification", &err),
            }
        }
    }

    /// §4.2, §5: joins the room of an `autojoin` bookmark as its nick (or our local part),
    /// unless the session is joining or in it already: a room carried over from the previous
    /// connection has been joined again by then, and is not joined twice.
    fn autojoin(&mut self, bookmark: &Bookmark) {
        if !bookmark.autojoin || self.rooms.contains_key(&bookmark.room) {
            return;
        }
        let nick = match &bookmark.nick {
            Some(nick) => nick.clone(),
            None => self
                .config
                .jid
                .local()
                .unwrap_or(self.config.jid.domain())
                .to_owned(),
        };
        self.join_on_our_own(&bookmark.room, &nick, bookmark.password.as_deref(), None);
    }
}
