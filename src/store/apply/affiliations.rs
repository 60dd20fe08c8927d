//! The "Members & bans" panel's lists in the store: loading when the panel opens, each list as
//! the room sent it (or why not), following our confirmed changes, gone when the panel closes.
//! Only the open panel's room counts: a late answer about another room changes nothing.

use leptos::prelude::*;

use crate::store::affiliations::{AffiliationLists, ListState};
use crate::store::Store;
use crate::xmpp::stanza::muc::Affiliation;
use crate::xmpp::{AffiliatedUser, BareJid};

/// The panel opened on `room`: these lists are on their way.
pub(super) fn opened(store: &Store, room: BareJid, affiliations: Vec<Affiliation>) {
    store.affiliation_lists.set(Some(AffiliationLists {
        room,
        lists: affiliations
            .into_iter()
            .map(|a| (a, ListState::Loading))
            .collect(),
    }));
}

/// The panel closed.
pub(super) fn closed(store: &Store) {
    store.affiliation_lists.set(None);
}

/// A list arrived, or the reason it will not.
pub(super) fn list_state(
    store: &Store,
    room: &BareJid,
    affiliation: Affiliation,
    state: ListState,
) {
    with_lists(store, room, |lists| {
        if let Some((_, old)) = lists.lists.iter_mut().find(|(a, _)| *a == affiliation) {
            *old = state;
        }
    });
}

/// The room carried out our change: `jid` leaves every list shown and joins the one of its
/// new affiliation, if shown.
pub(super) fn changed(store: &Store, room: &BareJid, jid: &BareJid, affiliation: Affiliation) {
    with_lists(store, room, |lists| {
        for (list, state) in &mut lists.lists {
            let ListState::Loaded(users) = state else {
                continue;
            };
            users.retain(|u| &u.jid != jid);
            if *list == affiliation {
                users.push(AffiliatedUser {
                    jid: jid.clone(),
                    nick: None,
                    reason: None,
                });
            }
        }
    });
}

fn with_lists(store: &Store, room: &BareJid, change: impl FnOnce(&mut AffiliationLists)) {
    let open_here = store
        .affiliation_lists
        .with_untracked(|lists| lists.as_ref().is_some_and(|l| &l.room == room));
    if open_here {
        store.affiliation_lists.update(|lists| {
            if let Some(lists) = lists {
                change(lists);
            }
        });
    }
}
