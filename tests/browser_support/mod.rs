//! What the browser tests share: applying a session event or our own message to a store, as
//! the client does through `store::apply` (the only writer).
#![allow(dead_code)] // each browser test file uses its own subset

use palaver::driver::{TransportFailure, Update};
use palaver::store::Store;
use palaver::xmpp::{BareJid, Event, FullJid, RosterItem, Subscription};

/// Applies one session event.
pub fn apply(store: &Store, event: Event, now_ms: f64) {
    palaver::store::apply::apply(store, Update::Event(event), now_ms);
}

/// Shows a message of ours as sent (what sending one does).
pub fn record_outgoing(store: &Store, to: &BareJid, id: String, body: String, now_ms: f64) {
    let update = Update::Outgoing {
        to: to.clone(),
        id,
        body,
        reply: None,
    };
    palaver::store::apply::apply(store, update, now_ms);
}

/// Records a transport failure (what a login that could not connect does).
pub fn apply_transport_failure(store: &Store, failure: TransportFailure) {
    palaver::store::apply::apply(store, Update::TransportFailed(failure), 0.0);
}

/// Puts these people in the roster (mutual subscription), as the roster answer after a login
/// does: only contacts' presence, unread counts and notifications are kept, everyone else's
/// messages wait as requests.
pub fn with_contacts(store: &Store, jids: &[&str]) {
    let items = jids
        .iter()
        .map(|jid| RosterItem {
            jid: BareJid::parse(jid).expect("test JID"),
            name: None,
            subscription: Subscription::Both,
            ask_pending: false,
            approved: false,
            groups: Vec::new(),
        })
        .collect();
    apply(store, Event::Roster { ver: None, items }, 0.0);
}

/// A store with these contacts, online as alice@localhost/web: where most store tests start.
pub fn online_with_contacts(jids: &[&str]) -> Store {
    let store = Store::new();
    with_contacts(&store, jids);
    let jid = FullJid::parse("alice@localhost/web").expect("test JID");
    apply(&store, Event::Online { jid }, 0.0);
    store
}
pub mod rooms;
