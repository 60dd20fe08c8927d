//! What the browser tests share: applying a session event or our own message to a store, as
//! the client does through `store::apply` (the only writer).
#![allow(dead_code)] // each browser test file uses its own subset

use palaver::driver::{TransportFailure, Update};
use palaver::store::Store;
use palaver::xmpp::{BareJid, Event};

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
