//! Shared steps of applying messages: into a conversation (keeping changes whose message is
//! not loaded yet), archived ones, and when a message was sent.

use leptos::prelude::*;

use crate::store::conversation::{self, Arrival, Orphan, Outcome};
use crate::store::Store;
use crate::xmpp::{ArchivedMessage, BareJid, Content};

/// Applies one live (or carbon, or caught-up) message to the conversation with `peer`,
/// keeping a change whose target is not loaded for when it is.
pub(super) fn apply_to_conversation(
    store: &Store,
    peer: &BareJid,
    arrival: Arrival,
    content: Content,
) -> Outcome {
    let mut outcome = Outcome::Unchanged;
    let conversation = store.conversation(peer);
    conversation.update(|messages| {
        outcome = conversation::apply_live(messages, arrival, content);
    });
    match outcome {
        Outcome::Orphan(orphan) => {
            keep_orphans(store, peer, vec![orphan]);
            Outcome::Unchanged
        }
        Outcome::Refused => {
            web_sys::console::warn_1(
                &"Palaver: ignored a change to a message by someone who did not write it".into(),
            );
            Outcome::Refused
        }
        other => other,
    }
}

/// Shows a change we just made here (a correction, retraction or reactions) at once.
pub(super) fn apply_own_change(
    store: &Store,
    peer: &BareJid,
    id: String,
    content: Content,
    now_ms: f64,
) {
    let Some(own) = store.own_bare() else {
        return;
    };
    let arrival = Arrival {
        author: own,
        outgoing: true,
        origin_id: Some(id.clone()),
        id: Some(id),
        archive_id: None,
        at_ms: now_ms,
    };
    apply_to_conversation(store, peer, arrival, content);
}

/// Records a reply we just sent: shown like any message of ours, with its quote.
pub(super) fn record_outgoing_reply(
    store: &Store,
    to: &BareJid,
    id: String,
    body: String,
    reply: crate::xmpp::ReplyRef,
    now_ms: f64,
) {
    super::local::record_outgoing(store, to, id.clone(), body, now_ms);
    store.conversation(to).update(|messages| {
        if let Some(message) = messages.iter_mut().rev().find(|m| m.outgoing && m.id == id) {
            message.reply = Some(reply);
        }
    });
}

pub(super) fn keep_orphans(store: &Store, peer: &BareJid, orphans: Vec<Orphan>) {
    if orphans.is_empty() {
        return;
    }
    store.orphans.update_untracked(|all| {
        let kept = all.entry(peer.clone()).or_default();
        kept.extend(orphans);
        let excess = kept.len().saturating_sub(conversation::MAX_ORPHANS);
        kept.drain(..excess);
    });
}

/// An archived message, as it arrives in the conversation: ours when our account wrote it.
pub(super) fn archived_arrival(
    m: ArchivedMessage,
    own: &BareJid,
    now_ms: f64,
) -> (Arrival, Content) {
    let arrival = Arrival {
        outgoing: m.from.bare() == own,
        author: m.from.bare().clone(),
        id: m.id,
        origin_id: m.origin_id,
        archive_id: Some(m.archive_id),
        at_ms: sent_at(m.stamp, now_ms),
    };
    (arrival, m.content)
}

/// When a message was sent, in milliseconds since the epoch: its trusted stamp, never one in
/// the future (XEP-0203, `stanza::delay::time_sent`).
pub(super) fn sent_at(stamp: Option<crate::xmpp::stanza::date::DateTime>, now_ms: f64) -> f64 {
    crate::xmpp::stanza::delay::time_sent(stamp, now_ms as i64) as f64
}
