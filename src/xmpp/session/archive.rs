//! The message archive (XEP-0313): one conversation's pages when it opens or scrolls back, the
//! catch-up over all conversations after a fresh reconnect, and the results, accepted only from
//! our own archive for a query we sent.

use std::collections::HashMap;

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::mam::{self, ArchiveAnchor, ArchiveQuery, ArchivedMessage, Fin, Page};
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

/// How many archived messages one catch-up page asks for.
const CATCH_UP_PAGE: u32 = 100;

/// The archive as the session follows it.
pub(super) struct ArchiveState {
    /// Results collected per query id until the query's `<fin/>` arrives.
    pub(super) results: HashMap<String, Vec<ArchivedMessage>>,
    /// How far we know our archive (from the previous session, the login query, live
    /// messages' stanza-ids and the catch-up).
    pub(super) anchor: Option<ArchiveAnchor>,
    /// True while catch-up pages are coming: live messages then must not move the anchor past
    /// what the catch-up has not fetched yet.
    pub(super) catching_up: bool,
    /// Whether our account announced XEP-0313 or XEP-0359 (its disco#info): only then does a
    /// stanza-id "by" our account come from our server.
    pub(super) ids_trusted: bool,
}

impl ArchiveState {
    /// Knowing the archive as far as a previous session did.
    pub(super) fn starting_from(anchor: Option<ArchiveAnchor>) -> ArchiveState {
        ArchiveState {
            results: HashMap::new(),
            anchor,
            catching_up: false,
            ids_trusted: false,
        }
    }
}

impl Session {
    /// Asks our archive for the conversation with `with`: the last `max` messages before the
    /// archive id `before` (or the newest ones). Answered by `Event::ArchivePage` (XEP-0313 §4).
    pub fn query_archive(
        &mut self,
        with: &BareJid,
        before: Option<&str>,
        max: u32,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let page = before.map_or(Page::Latest, |id| Page::Before(id.to_owned()));
        self.send_archive_query(Some(with.clone()), page, max, |query_id| {
            PendingIq::Archive {
                query_id,
                with: with.clone(),
            }
        });
        Ok(())
    }

    /// Sends one archive query; `purpose` says what its answer is for.
    pub(super) fn send_archive_query(
        &mut self,
        with: Option<BareJid>,
        page: Page,
        max: u32,
        purpose: impl FnOnce(String) -> PendingIq,
    ) {
        let query = ArchiveQuery {
            query_id: self.next_id(),
            with,
            page,
            max,
        };
        self.archive
            .results
            .insert(query.query_id.clone(), Vec::new());
        let purpose = purpose(query.query_id.clone());
        let query = Element::from(&query);
        self.send_request(|id| Iq::set(id, None, query), purpose);
    }

    /// After the roster of a fresh session: catch up on what the archive got since the
    /// previous session's anchor, or, at the first login, note where the archive stands.
    pub(super) fn start_catch_up(&mut self) {
        match self.archive.anchor.clone() {
            None => self.send_archive_query(None, Page::Latest, 1, |query_id| {
                PendingIq::ArchiveAnchor { query_id }
            }),
            Some(anchor) => {
                self.archive.catching_up = true;
                self.send_archive_query(None, anchor.next_page(), CATCH_UP_PAGE, |query_id| {
                    PendingIq::CatchUp { query_id }
                });
            }
        }
    }

    /// XEP-0313 §5.1 and ARCHITECTURE.md, "Invariants": results count only from our own archive (no `from`, or
    /// our bare JID) and for a query we sent.
    pub(super) fn handle_archive_result(&mut self, e: &Element) {
        let from_own_archive = match e.get_attr("from").map(Jid::parse) {
            None => true,
            Some(Ok(Jid::Bare(bare))) => bare == self.config.jid,
            Some(_) => false,
        };
        if !from_own_archive {
            self.emit(Event::Dropped {
                reason: "archive result from someone else's archive".into(),
            });
            return;
        }
        match mam::parse_result(e) {
            Ok(Some((query_id, message))) => match self.archive.results.get_mut(&query_id) {
                Some(results) => results.push(message),
                None => self.emit(Event::Dropped {
                    reason: format!("archive result for unknown query {query_id:?}"),
                }),
            },
            Ok(None) => {}
            Err(err) => self.drop_malformed("archive result", &err),
        }
    }

    /// The newest archive id at login: where a later catch-up starts.
    pub(super) fn on_archive_anchor(&mut self, query_id: &str, answer: Answer) {
        let messages = self.archive.results.remove(query_id).unwrap_or_default();
        if let Answer::Result(payload) = answer {
            let fin = fin_of(payload.as_ref());
            let newest = messages.last().map(|m| m.archive_id.clone()).or(fin.last);
            // A live message may have set a newer anchor meanwhile: keep that one.
            if self.archive.anchor.is_none() {
                self.archive.anchor =
                    Some(newest.map_or(ArchiveAnchor::Empty, ArchiveAnchor::After));
            }
        }
    }

    /// One page of the catch-up: told, and the next asked for until the gap is closed.
    pub(super) fn on_catch_up_page(&mut self, query_id: &str, answer: Answer) {
        let messages = self.archive.results.remove(query_id).unwrap_or_default();
        match answer {
            Answer::Result(payload) => {
                let fin = fin_of(payload.as_ref());
                let newest = messages.last().map(|m| m.archive_id.clone()).or(fin.last);
                let progressed = newest.is_some();
                if let Some(newest) = newest {
                    self.archive.anchor = Some(ArchiveAnchor::After(newest));
                }
                let complete = fin.complete || !progressed;
                self.emit(Event::CatchUp { messages, complete });
                if complete {
                    self.archive.catching_up = false;
                } else if let Some(anchor) = self.archive.anchor.clone() {
                    self.send_archive_query(None, anchor.next_page(), CATCH_UP_PAGE, |query_id| {
                        PendingIq::CatchUp { query_id }
                    });
                }
            }
            Answer::Error(error) => {
                self.archive.catching_up = false;
                self.emit(Event::Dropped {
                    reason: format!("archive catch-up failed: {}", error.describe()),
                });
            }
        }
    }

    /// One page of a conversation's archive.
    pub(super) fn on_archive_page(&mut self, query_id: &str, with: BareJid, answer: Answer) {
        let messages = self.archive.results.remove(query_id).unwrap_or_default();
        match answer {
            Answer::Result(payload) => {
                let fin = fin_of(payload.as_ref());
                self.emit(Event::ArchivePage {
                    with,
                    messages,
                    complete: fin.complete,
                    first: fin.first,
                });
            }
            Answer::Error(error) => self.emit(Event::ArchiveFailed { with, error }),
        }
    }
}

/// The `<fin/>` of an archive query's result (empty when the server sent none).
fn fin_of(payload: Option<&Element>) -> Fin {
    payload
        .and_then(|p| Fin::try_from(p).ok())
        .unwrap_or_default()
}
