//! Messages written while the connection is down: queued in order, shown as pending, sent once
//! the session is back; after a reload, the queue a previous page stored for the same account
//! goes first. Storage is the driver's caller's job (`persist::outbox`).

use crate::persist::outbox::{Queued, StoredOutbox};
use crate::xmpp::jid::BareJid;

/// The queue of one account.
#[derive(Debug, Default)]
pub(super) struct Outbox {
    /// Whose queue this is: a reload restores it only for the same account.
    account: Option<BareJid>,
    queue: Vec<Queued>,
    /// Restored from a previous page and not yet shown in this page's conversations.
    unshown: Vec<Queued>,
}

impl Outbox {
    /// Starts `account`'s login: another account's queue is dropped; what `restored` holds
    /// for this account goes first, once (by local id).
    pub(super) fn begin(&mut self, account: &BareJid, restored: Option<StoredOutbox>) {
        if self.account.as_ref() != Some(account) {
            self.queue.clear();
            self.unshown.clear();
        }
        self.account = Some(account.clone());
        let Some(stored) = restored.filter(|s| &s.account == account) else {
            return;
        };
        let fresh: Vec<Queued> = stored
            .queue
            .into_iter()
            .filter(|q| !self.queue.iter().any(|known| known.local_id == q.local_id))
            .collect();
        self.unshown.extend(fresh.iter().cloned());
        let mut queue = fresh;
        queue.append(&mut self.queue);
        self.queue = queue;
    }

    /// Queues a message.
    pub(super) fn push(&mut self, queued: Queued) {
        self.queue.push(queued);
    }

    /// Everything queued, oldest first, leaving the queue empty.
    pub(super) fn drain(&mut self) -> Vec<Queued> {
        std::mem::take(&mut self.queue)
    }

    /// Puts messages back at the front (the connection dropped again while sending).
    pub(super) fn requeue(&mut self, mut messages: Vec<Queued>) {
        messages.append(&mut self.queue);
        self.queue = messages;
    }

    /// Restored messages this page does not show yet.
    pub(super) fn take_unshown(&mut self) -> Vec<Queued> {
        std::mem::take(&mut self.unshown)
    }

    /// Forgets everything (logout).
    pub(super) fn clear(&mut self) {
        *self = Outbox::default();
    }

    /// What to store, when there is an account.
    pub(super) fn stored(&self) -> Option<StoredOutbox> {
        Some(StoredOutbox {
            account: self.account.clone()?,
            queue: self.queue.clone(),
        })
    }
}
