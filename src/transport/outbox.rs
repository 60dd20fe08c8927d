//! Messages written while the connection is down: shown at once as `pending`, sent in order as
//! soon as the session is back online. Every change is saved to IndexedDB (see `storage`), so
//! a page reload keeps them: after the next login to the same account they go out, once.

use std::cell::RefCell;

use crate::xmpp::xml::Element;
use crate::xmpp::BareJid;

use super::storage;

/// The storage key, and the namespace of the stored form (Palaver's own, never on the wire).
const STORAGE_KEY: &str = "outbox";
const STORAGE_NS: &str = "urn:palaver:outbox:0";

/// One message waiting for the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The id the conversation shows until the message gets its stanza id.
    pub local_id: String,
    pub to: BareJid,
    pub body: String,
}

#[derive(Default)]
struct Outbox {
    /// The account the queue belongs to: a reload restores it only for the same account.
    account: Option<BareJid>,
    queue: Vec<Queued>,
    /// Restored from storage and not yet shown in the (fresh) store.
    unshown: Vec<Queued>,
    counter: u64,
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

/// Starts the queue of `account`'s login: a queue of another account is dropped.
pub fn set_account(account: &BareJid) {
    OUTBOX.with(|o| {
        let mut outbox = o.borrow_mut();
        if outbox.account.as_ref() != Some(account) {
            outbox.queue.clear();
            outbox.unshown.clear();
        }
        outbox.account = Some(account.clone());
    });
}

/// Queues a message; returns its local id.
pub fn push(to: &BareJid, body: &str) -> String {
    let local_id = OUTBOX.with(|o| {
        let mut outbox = o.borrow_mut();
        outbox.counter += 1;
        // Unique across reloads too: restored messages keep their ids.
        let local_id = format!("pending-{}-{}", js_sys::Date::now() as u64, outbox.counter);
        outbox.queue.push(Queued {
            local_id: local_id.clone(),
            to: to.clone(),
            body: body.to_owned(),
        });
        local_id
    });
    save();
    local_id
}

/// Everything queued, oldest first, leaving the queue empty.
pub fn drain() -> Vec<Queued> {
    let drained = OUTBOX.with(|o| std::mem::take(&mut o.borrow_mut().queue));
    if !drained.is_empty() {
        save();
    }
    drained
}

/// Puts messages back at the front (the connection dropped again while sending).
pub fn requeue(mut messages: Vec<Queued>) {
    OUTBOX.with(|o| {
        let mut outbox = o.borrow_mut();
        messages.append(&mut outbox.queue);
        outbox.queue = messages;
    });
    save();
}

/// Messages restored from storage that the conversation does not show yet (after a reload the
/// store starts empty); the caller shows them as pending once online.
pub fn take_unshown() -> Vec<Queued> {
    OUTBOX.with(|o| std::mem::take(&mut o.borrow_mut().unshown))
}

/// Forgets everything, stored copy included (logout).
pub fn clear() {
    OUTBOX.with(|o| {
        let mut outbox = o.borrow_mut();
        outbox.queue.clear();
        outbox.unshown.clear();
        outbox.account = None;
    });
    storage::delete(STORAGE_KEY);
}

/// Loads what a previous page left for `account` in front of the current queue.
pub async fn restore(account: &BareJid) {
    let Ok(Some(stored)) = storage::get(STORAGE_KEY).await else {
        return;
    };
    let Some((stored_account, restored)) = from_storage(&stored) else {
        return;
    };
    if &stored_account != account {
        return;
    }
    OUTBOX.with(|o| {
        let mut outbox = o.borrow_mut();
        let known: Vec<String> = outbox.queue.iter().map(|q| q.local_id.clone()).collect();
        let fresh: Vec<Queued> = restored
            .into_iter()
            .filter(|q| !known.contains(&q.local_id))
            .collect();
        outbox.unshown.extend(fresh.iter().cloned());
        let mut queue = fresh;
        queue.append(&mut outbox.queue);
        outbox.queue = queue;
        outbox.account = Some(account.clone());
    });
    save();
}

fn save() {
    let stored = OUTBOX.with(|o| {
        let outbox = o.borrow();
        let account = outbox.account.as_ref()?;
        Some(to_storage(account, &outbox.queue))
    });
    if let Some(stored) = stored {
        storage::put(STORAGE_KEY, &stored);
    }
}

/// `<outbox account=…><message local-id=… to=…>body</message>…</outbox>`.
fn to_storage(account: &BareJid, queue: &[Queued]) -> String {
    let mut root = Element::new("outbox", STORAGE_NS).attr("account", account.to_string());
    for queued in queue {
        root.push_child(
            Element::new("message", STORAGE_NS)
                .attr("local-id", queued.local_id.as_str())
                .attr("to", queued.to.to_string())
                .text(queued.body.as_str()),
        );
    }
    root.to_string()
}

fn from_storage(stored: &str) -> Option<(BareJid, Vec<Queued>)> {
    let root = Element::parse(stored).ok()?;
    if !root.is("outbox", STORAGE_NS) {
        return None;
    }
    let account = BareJid::parse(root.get_attr("account")?).ok()?;
    let queue = root
        .children()
        .filter(|c| c.is("message", STORAGE_NS))
        .filter_map(|c| {
            Some(Queued {
                local_id: c.get_attr("local-id")?.to_owned(),
                to: BareJid::parse(c.get_attr("to")?).ok()?,
                body: c.text_content(),
            })
        })
        .collect();
    Some((account, queue))
}
