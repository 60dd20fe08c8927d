//! Messages written while the connection is down: shown at once as `pending`, sent in order as
//! soon as the session is back online. Kept in memory for now: a page reload still loses them
//! (IndexedDB persistence is issue #5's next step).

use std::cell::RefCell;

use crate::xmpp::BareJid;

/// One message waiting for the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The id the conversation shows until the message gets its stanza id.
    pub local_id: String,
    pub to: BareJid,
    pub body: String,
}

thread_local! {
    static QUEUE: RefCell<Vec<Queued>> = const { RefCell::new(Vec::new()) };
    static COUNTER: RefCell<u64> = const { RefCell::new(0) };
}

/// Queues a message; returns its local id.
pub fn push(to: &BareJid, body: &str) -> String {
    let local_id = COUNTER.with(|c| {
        let mut c = c.borrow_mut();
        *c += 1;
        format!("pending-{c}")
    });
    QUEUE.with(|q| {
        q.borrow_mut().push(Queued {
            local_id: local_id.clone(),
            to: to.clone(),
            body: body.to_owned(),
        })
    });
    local_id
}

/// Everything queued, oldest first, leaving the queue empty.
pub fn drain() -> Vec<Queued> {
    QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()))
}

/// Puts messages back at the front (the connection dropped again while sending).
pub fn requeue(mut messages: Vec<Queued>) {
    QUEUE.with(|q| {
        let mut queue = q.borrow_mut();
        messages.append(&mut queue);
        *queue = messages;
    });
}
