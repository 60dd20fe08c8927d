//! Changes the app makes itself: connecting, reconnecting, a transport failure, our own
//! messages shown before the server answers, pending ones, and what the views chose (the open
//! conversation, our presence).

use leptos::prelude::*;

use crate::driver::TransportFailure;
use crate::store::model::{ChatMessage, ConnectionState, MessageState};
use crate::store::Store;
use crate::xmpp::BareJid;

/// Records a transport failure: the session never started, so the login form shows why.
pub(super) fn transport_failed(store: &Store, failure: &TransportFailure) {
    store.reset_session();
    store.connection.set(ConnectionState::Error);
    store.login_error.set(Some(failure.to_string()));
}

/// Records that a page of the history of the conversation with `jid` was asked for.
pub(super) fn history_requested(store: &Store, jid: &BareJid) {
    store.history.update(|history| {
        history.entry(jid.clone()).or_default().loading = true;
    });
}

/// Records that we answered `jid`'s subscription request.
pub(super) fn subscription_answered(store: &Store, jid: &BareJid) {
    store.forget_subscription_request(jid);
}

/// Records that the connection was lost and a new attempt starts at `at_ms`. The roster and
/// conversations stay; everyone shows offline until the new session brings fresh presence.
pub(super) fn reconnecting(store: &Store, at_ms: f64, reason: String) {
    store.connection.set(ConnectionState::Reconnecting);
    store.reconnect_at.set(Some(at_ms));
    store.connection_problem.set(Some(reason));
    let presences: Vec<_> = store
        .presences
        .with_untracked(|p| p.values().cloned().collect());
    for presence in presences {
        presence.update(|p| p.resources.clear());
    }
}

/// Records that a login attempt has started.
pub(super) fn connecting(store: &Store) {
    store.login_error.set(None);
    store.connection.set(ConnectionState::Connecting);
}

/// Records a message we just sent.
pub(super) fn record_outgoing(store: &Store, to: &BareJid, id: String, body: String, now_ms: f64) {
    record_outgoing_as(store, to, id, body, now_ms, MessageState::Sent);
}

/// Records a message written while offline: shown at once, `pending` until it is sent.
pub(super) fn record_pending(
    store: &Store,
    to: &BareJid,
    local_id: String,
    body: String,
    now_ms: f64,
) {
    record_outgoing_as(store, to, local_id, body, now_ms, MessageState::Pending);
}

/// A pending message went out: it takes its stanza id (for receipts) and becomes `sent`.
pub(super) fn pending_sent(store: &Store, to: &BareJid, local_id: &str, id: String) {
    store.conversation(to).update(|messages| {
        if let Some(message) = messages.iter_mut().find(|m| m.outgoing && m.id == local_id) {
            // The stanza went out with this id as its origin id too (what retractions name).
            message.origin_id = Some(id.clone());
            message.id = id;
            message.state = MessageState::Sent;
            message.revision = message.revision.wrapping_add(1);
        }
    });
}

/// Pending messages that can no longer be sent (the login ended for good).
pub(super) fn pending_failed(store: &Store, to: &BareJid, local_id: &str, reason: &str) {
    store.conversation(to).update(|messages| {
        if let Some(message) = messages.iter_mut().find(|m| m.outgoing && m.id == local_id) {
            message.state = MessageState::Failed;
            message.error = Some(reason.to_owned());
        }
    });
}

fn record_outgoing_as(
    store: &Store,
    to: &BareJid,
    id: String,
    body: String,
    now_ms: f64,
    state: MessageState,
) {
    let Some(from) = store.own_bare() else { return };
    store.conversation(to).update(|messages| {
        let mut message = ChatMessage::new(id.clone(), from, body, now_ms, true, state);
        message.origin_id = Some(id);
        messages.push(message);
    });
}

/// The route opened a conversation (or none): it is read, so its unread count goes.
pub(super) fn open_chat(store: &Store, peer: Option<BareJid>) {
    if let Some(jid) = &peer {
        store.unread.update(|unread| {
            unread.remove(jid);
        });
    }
    store.open_chat.set(peer);
}
