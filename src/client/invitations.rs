//! What views ask of invitations to rooms: invite someone to a room we are in; accept an
//! invitation (join with its password, as our account's name) or decline it.

use leptos::prelude::*;

use super::Client;
use crate::driver::Update;
use crate::store::invitation::Invitation;
use crate::xmpp::{ApiMisuse, BareJid};

impl Client {
    /// Invites `invitee` to `room` (see `session::muc_invite` for which kind of invitation),
    /// with an optional reason; a quiet line in the room says it went, a request that could
    /// not be sent shows where the room's refusals do.
    pub fn invite(&self, room: &BareJid, invitee: &BareJid, reason: &str) -> Result<(), ApiMisuse> {
        let reason = Some(reason.trim()).filter(|r| !r.is_empty());
        let result = self.command(
            |session| session.invite_to_room(room, invitee, reason),
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

    /// Accepts the invitation to `room`: joins it (kept as a bookmark like any room joined)
    /// with the invitation's password, as our account's name. The card stays until the room
    /// lets us in (the view dismisses it then) or says why not.
    pub fn accept_invitation(&self, room: &BareJid) -> Result<(), ApiMisuse> {
        let store = self.store();
        let password = self
            .invitation(room)
            .and_then(|invitation| invitation.password);
        let nick = store
            .own_bare()
            .and_then(|own| own.local().map(str::to_owned))
            .ok_or(ApiMisuse::NotOnline)?;
        self.join_room(room, &nick, password.as_deref())
    }

    /// Declines the invitation to `room`: a mediated one from someone we know is answered
    /// through the room (XEP-0045 §7.8.2); a direct one is simply dropped (XEP-0249 §2), and so
    /// is a stranger's (nothing goes back to strangers). The card goes either way.
    pub fn decline_invitation(&self, room: &BareJid) {
        if let Some(invitation) = self.invitation(room) {
            let store = self.store();
            let service = store.room_directory.with_untracked(|d| d.service.clone());
            let stranger = store.contacts.with_untracked(|contacts| {
                invitation.from_stranger(contacts, store.own_bare().as_ref(), service.as_ref())
            });
            if let (true, false, Some(inviter)) =
                (invitation.mediated, stranger, invitation.inviter.as_ref())
            {
                let _ = self.run(|session| session.decline_invitation(room, inviter, None));
            }
        }
        self.dismiss_invitation(room);
    }

    /// Forgets the card for `room` (the room let us in).
    pub fn dismiss_invitation(&self, room: &BareJid) {
        self.note(Update::InvitationDismissed(room.clone()));
    }

    fn invitation(&self, room: &BareJid) -> Option<Invitation> {
        self.store()
            .invitations
            .with_untracked(|all| all.iter().find(|i| &i.room == room).cloned())
    }
}
