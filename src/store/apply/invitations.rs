//! Invitations in the store: one card per room (a newer invitation replaces an older one to
//! the same room), at most [`MAX_INVITATIONS`], a stranger's oldest going first when full; our
//! own invitations and the declines that come back are quiet lines in the room.

use leptos::prelude::*;

use crate::store::invitation::{Invitation, MAX_INVITATIONS};
use crate::store::room::RoomStatus;
use crate::store::Store;
use crate::xmpp::{BareJid, Jid, RoomInvitation};

/// An invitation arrived: a card, unless we are in that room already.
pub(super) fn received(store: &Store, invitation: RoomInvitation, now_ms: f64) {
    let joined = store
        .room(&invitation.room)
        .is_some_and(|r| r.with_untracked(|r| r.status == RoomStatus::Joined));
    if joined {
        return;
    }
    let RoomInvitation {
        room,
        inviter,
        reason,
        password,
        mediated,
    } = invitation;
    let card = Invitation {
        room,
        inviter,
        reason,
        password,
        mediated,
        received_ms: now_ms as i64,
    };
    let contacts = store.contacts;
    let own = store.own_bare();
    let service = store.room_directory.with_untracked(|d| d.service.clone());
    store.invitations.update(|all| {
        all.retain(|old| old.room != card.room);
        all.push(card);
        while all.len() > MAX_INVITATIONS {
            let stranger = contacts.with_untracked(|contacts| {
                all.iter()
                    .position(|i| i.from_stranger(contacts, own.as_ref(), service.as_ref()))
            });
            all.remove(stranger.unwrap_or(0));
        }
    });
}

/// The card for `room` goes (answered, or the room joined).
pub(super) fn dismissed(store: &Store, room: &BareJid) {
    if store
        .invitations
        .with_untracked(|all| all.iter().any(|i| &i.room == room))
    {
        store
            .invitations
            .update(|all| all.retain(|i| &i.room != room));
    }
}

/// Our invitation went out: a quiet line in the room says to whom.
pub(super) fn sent(store: &Store, room: &BareJid, invitee: &BareJid, mediated: bool, now_ms: f64) {
    let how = if mediated { " through the room" } else { "" };
    note(store, room, format!("You invited {invitee}{how}."), now_ms);
}

/// Someone we invited declined: a quiet line in the room, with their reason.
pub(super) fn declined(
    store: &Store,
    room: &BareJid,
    invitee: Option<&Jid>,
    reason: Option<&str>,
    now_ms: f64,
) {
    let who = invitee.map_or_else(|| "Someone".to_owned(), |jid| jid.bare().to_string());
    let text = match reason {
        Some(reason) => format!("{who} declined your invitation: {reason}"),
        None => format!("{who} declined your invitation."),
    };
    note(store, room, text, now_ms);
}

fn note(store: &Store, room: &BareJid, text: String, now_ms: f64) {
    if let Some(signal) = store.room(room) {
        signal.update(|r| r.note(text, now_ms as i64));
    }
}
