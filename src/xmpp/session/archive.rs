//! The message archive (XEP-0313): one conversation's pages when it opens or scrolls back, the
//! catch-up over all conversations after a fresh reconnect, and the results, accepted only from
//! our own archive for a query we sent.

use super::*;

impl Session {
    /// Asks our archive for the conversation with `with`: the last `max` messages before the
    /// archive id `before` (or the newest ones). Answered by `Event::ArchivePage` (XEP-0313 §4).
    pub fn query_archive(
        &mut self,
        with: &BareJid,
        before: Option<&str>,
        max: u32,
    ) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
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
        let id = self.next_id();
        self.archive_results
            .insert(query.query_id.clone(), Vec::new());
        self.pending_iqs
            .insert(id.clone(), purpose(query.query_id.clone()));
        self.transmit(&Element::from(&Iq::set(id, None, Element::from(&query))));
    }

    /// After the roster of a fresh session: catch up on what the archive got since the
    /// previous session's anchor, or, at the first login, note where the archive stands.
    pub(super) fn start_catch_up(&mut self) {
        match self.anchor.clone() {
            None => self.send_archive_query(None, Page::Latest, 1, |query_id| {
                PendingIq::ArchiveAnchor { query_id }
            }),
            Some(anchor) => {
                self.catching_up = true;
                self.send_archive_query(None, anchor.next_page(), CATCH_UP_PAGE, |query_id| {
                    PendingIq::CatchUp { query_id }
                });
            }
        }
    }

    /// XEP-0313 §5.1 and DESIGN.md §5: results count only from our own archive (no `from`, or
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
            Ok(Some((query_id, message))) => match self.archive_results.get_mut(&query_id) {
                Some(results) => results.push(message),
                None => self.emit(Event::Dropped {
                    reason: format!("archive result for unknown query {query_id:?}"),
                }),
            },
            Ok(None) => {}
            Err(err) => self.drop_malformed("archive result", &err),
        }
    }
}
