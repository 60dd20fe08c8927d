//! Invitations to rooms as the views show them: a card each, to accept or decline, until
//! answered. Whether one comes from someone we know is decided when it is shown (the roster
//! and our group chat service may be known only after it arrived): a direct invitation is from
//! its sender; a mediated one is from the inviter the room names, but only when the room can be
//! believed about that — a room of our own server's group chat service, or of the inviter's own
//! server (`conference.example.org` for `bob@example.org`), and not when it names a seat of its
//! own (a semi-anonymous room hides the inviter's address). Anyone can send a message shaped
//! like a room's invitation from their own address, naming any inviter they like.

use std::collections::HashMap;

use crate::store::model::Contact;
use crate::xmpp::{BareJid, Jid};

/// The most invitations kept at once: a flood from made-up addresses costs twenty cards. When
/// full, a stranger's oldest goes first, so such a flood cannot push out a contact's.
pub const MAX_INVITATIONS: usize = 20;

/// One invitation, until it is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The room.
    pub room: BareJid,
    /// Who invites, as the invitation says (see the module's doc for when to believe it).
    pub inviter: Option<Jid>,
    /// Why, in the inviter's words (text, never markup).
    pub reason: Option<String>,
    /// The room's password, if the invitation gives it: used when accepting.
    pub password: Option<String>,
    /// It came through the room (XEP-0045 §7.8.2): declining it answers through the room.
    pub mediated: bool,
    /// When it arrived (ms since the epoch).
    pub received_ms: i64,
}

impl Invitation {
    /// The account this invitation is believably from: the sender of a direct invitation; for
    /// a mediated one, the inviter the room names when the room is on `our_service` or on the
    /// inviter's own server. `None`: nobody we can name.
    pub fn vouched_inviter(&self, our_service: Option<&BareJid>) -> Option<BareJid> {
        let inviter = self.inviter.as_ref()?.bare().clone();
        if !self.mediated {
            return Some(inviter);
        }
        if inviter == self.room {
            // A semi-anonymous room names the inviter by their seat (Prosody does): a nick
            // anyone in the room could have picked, nobody we can name.
            return None;
        }
        let room_domain = self.room.domain();
        let on_our_service = our_service.is_some_and(|s| s.domain() == room_domain);
        let on_inviters_server = room_domain
            .strip_suffix(inviter.domain())
            .is_some_and(|prefix| prefix.ends_with('.') && inviter.local().is_some());
        (on_our_service || on_inviters_server).then_some(inviter)
    }

    /// Whether it comes from a stranger: nobody in `contacts` (nor ourselves, `own`) can be
    /// named as its sender.
    pub fn from_stranger(
        &self,
        contacts: &HashMap<BareJid, Contact>,
        own: Option<&BareJid>,
        our_service: Option<&BareJid>,
    ) -> bool {
        match self.vouched_inviter(our_service) {
            Some(inviter) => own != Some(&inviter) && !contacts.contains_key(&inviter),
            None => true,
        }
    }
}
