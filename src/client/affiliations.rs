//! What views ask of a room's affiliations: change one user's (membership, admin, owner, ban,
//! none), and the "Members & bans" panel's lists, fetched when it opens.

use super::Client;
use crate::driver::Update;
use crate::xmpp::stanza::muc::Affiliation;
use crate::xmpp::{ApiMisuse, BareJid};

impl Client {
    /// Gives `jid` the affiliation `affiliation` in `room`, with an optional reason; the room
    /// confirms (a list on screen follows, occupants' rows follow the room's presences) or
    /// refuses (shown under the room's header, as a request not sent is).
    pub fn change_affiliation(
        &self,
        room: &BareJid,
        jid: &BareJid,
        affiliation: Affiliation,
        reason: &str,
    ) -> Result<(), ApiMisuse> {
        let reason = Some(reason.trim()).filter(|r| !r.is_empty());
        let result = self.command(
            |session| session.change_affiliation(room, jid, affiliation, reason),
            |()| Update::RoomRequestSent(room.clone()),
        );
        if let Err(misuse) = &result {
            self.note(Update::RoomRequestFailed {
                room: room.clone(),
                reason: format!("Not sent: {misuse}."),
            });
        }
        result
    }

    /// Opens the "Members & bans" panel of `room` on these lists, and asks the room for each.
    pub fn open_affiliation_lists(&self, room: &BareJid, affiliations: Vec<Affiliation>) {
        self.note(Update::AffiliationListsOpened {
            room: room.clone(),
            affiliations: affiliations.clone(),
        });
        for affiliation in affiliations {
            if let Err(misuse) =
                self.run(|session| session.request_affiliation_list(room, affiliation))
            {
                self.note(Update::AffiliationListNotSent {
                    room: room.clone(),
                    affiliation,
                    reason: format!("Not asked: {misuse}."),
                });
            }
        }
    }

    /// Closes the panel: its lists are forgotten.
    pub fn close_affiliation_lists(&self) {
        self.note(Update::AffiliationListsClosed);
    }
}
