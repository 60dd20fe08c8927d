//! People the roster does not know. What they send waits as a message request (not among the
//! conversations, no unread count, no notification) until the user adds them or writes to
//! them, and what they can make the page remember is bounded: a flood from a thousand made-up
//! addresses costs a few requests' worth of memory, not a thousand conversations. Their
//! presence and chat states are not kept at all.

use leptos::prelude::*;

use crate::store::Store;
use crate::xmpp::BareJid;

/// Message requests kept at once; the least recently active one goes first.
pub const MAX_REQUESTS: usize = 50;
/// Messages kept per request (the newest).
pub const MAX_REQUEST_MESSAGES: usize = 20;
/// Subscription requests kept at once; the oldest goes first.
pub const MAX_SUBSCRIPTION_REQUESTS: usize = 50;

/// Whether `peer` is in the roster.
pub(super) fn is_contact(store: &Store, peer: &BareJid) -> bool {
    store
        .contacts
        .with_untracked(|contacts| contacts.contains_key(peer))
}

/// Whether what `peer` sends is a request: not a contact, not us, and not someone we wrote to
/// (a conversation we started is ours, whoever it is with).
pub(super) fn is_request(store: &Store, peer: &BareJid) -> bool {
    !store.is_own(peer) && !is_contact(store, peer) && !store.wrote_to(peer)
}

/// After something arrived from `peer`'s request: keeps its newest messages, and makes the
/// requests fit in [`MAX_REQUESTS`].
pub(super) fn bound(store: &Store, peer: &BareJid) {
    store.conversation(peer).update(|messages| {
        let excess = messages.len().saturating_sub(MAX_REQUEST_MESSAGES);
        messages.drain(..excess);
    });
    let mut requests: Vec<(BareJid, f64)> = store.conversations.with_untracked(|all| {
        all.iter()
            .filter(|(jid, _)| is_request(store, jid))
            .map(|(jid, messages)| {
                let last = messages.with_untracked(|m| m.last().map_or(0.0, |m| m.timestamp_ms));
                (jid.clone(), last)
            })
            .collect()
    });
    if requests.len() <= MAX_REQUESTS {
        return;
    }
    requests.sort_by(|a, b| a.1.total_cmp(&b.1));
    let excess = requests.len() - MAX_REQUESTS;
    for (jid, _) in requests
        .into_iter()
        .filter(|(jid, _)| jid != peer)
        .take(excess)
    {
        forget(store, &jid);
    }
}

/// Forgets `peer`'s request and everything it brought (the user dismissed it, or it was
/// pushed out by newer ones).
pub(super) fn forget(store: &Store, peer: &BareJid) {
    store.conversations.update(|all| {
        all.remove(peer);
    });
    store.unread.update(|unread| {
        unread.remove(peer);
    });
    store.history.update_untracked(|history| {
        history.remove(peer);
    });
    store.orphans.update_untracked(|orphans| {
        orphans.remove(peer);
    });
}

/// Adds a subscription request, keeping at most [`MAX_SUBSCRIPTION_REQUESTS`].
pub(super) fn add_subscription_request(store: &Store, from: BareJid) {
    store.subscription_requests.update(|requests| {
        if requests.contains(&from) {
            return;
        }
        requests.push(from);
        let excess = requests.len().saturating_sub(MAX_SUBSCRIPTION_REQUESTS);
        requests.drain(..excess);
    });
}
