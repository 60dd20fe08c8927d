//! The only writer of [`Store`]: one protocol event in, signals updated.

use leptos::prelude::*;

use super::conversation::{self, Arrival, Orphan, Outcome};
use super::model::{ChatMessage, ConnectionState, Contact, MessageState, ResourcePresence};
use super::Store;
use std::collections::HashMap;

use crate::xmpp::{ArchivedMessage, BareJid, ChatState, Content, Event, Subscription};

/// Applies one event from the session to the store.
pub fn apply(store: &Store, event: Event, now_ms: f64) {
    let resumed = matches!(event, Event::Resumed { .. });
    match event {
        Event::Online { jid } | Event::Resumed { jid } => {
            if !resumed {
                // A fresh session: nobody's "typing…" from before the drop still holds.
                store.chat_states.set(Default::default());
            }
            store.own_jid.set(Some(jid));
            store.session_resumed.set(resumed);
            store.connection.set(ConnectionState::Online);
            store.login_error.set(None);
            store.reconnect_at.set(None);
            store.connection_problem.set(None);
        }
        Event::Roster { items, .. } => {
            let contacts = items
                .into_iter()
                .map(|item| (item.jid.clone(), Contact::from(item)))
                .collect();
            store.contacts.set(contacts);
        }
        Event::RosterPush { item, .. } => {
            if matches!(item.subscription, Subscription::From | Subscription::Both) {
                // Approved (here or on another device): the request is answered.
                store.forget_subscription_request(&item.jid);
            }
            store.roster_error.set(None);
            store.contacts.update(|contacts| {
                if item.subscription == Subscription::Remove {
                    contacts.remove(&item.jid);
                } else {
                    contacts.insert(item.jid.clone(), Contact::from(item));
                }
            });
        }
        Event::Presence(update) => {
            let bare = update.from.bare().clone();
            let resource = update.from.resource().unwrap_or_default().to_owned();
            if store
                .own_jid
                .with_untracked(|own| own.as_ref().is_some_and(|o| o.bare() == &bare))
            {
                // Our own resources: the selector already shows what we chose on this one.
                return;
            }
            store.presence_of(&bare).update(|presence| {
                if update.available {
                    presence.resources.insert(
                        resource,
                        ResourcePresence {
                            show: update.show,
                            status: update.status,
                            priority: update.priority,
                        },
                    );
                } else if update.from.resource().is_none() {
                    presence.resources.clear();
                } else {
                    presence.resources.remove(&resource);
                }
            });
        }
        Event::Message(message) => {
            let peer = message.from.bare().clone();
            if message.body().is_some() {
                // A message arriving means they stopped typing it.
                store.chat_states.update(|states| {
                    if states.get(&peer) == Some(&ChatState::Composing) {
                        states.insert(peer.clone(), ChatState::Active);
                    }
                });
            }
            let arrival = Arrival {
                author: peer.clone(),
                outgoing: false,
                id: message.id,
                origin_id: message.origin_id,
                archive_id: message.archive_id,
                at_ms: sent_at(message.stamp, now_ms),
            };
            let body = message.content.body().map(str::to_owned);
            if apply_to_conversation(store, &peer, arrival, message.content) == Outcome::Added {
                if let Some(body) = body {
                    store.last_received.set(Some((peer.clone(), body)));
                }
                if store.open_chat.get_untracked().as_ref() != Some(&peer) {
                    store
                        .unread
                        .update(|unread| *unread.entry(peer).or_default() += 1);
                }
            }
        }
        Event::ArchivePage {
            with,
            messages,
            complete,
            first,
        } => {
            store.history.update(|history| {
                let state = history.entry(with.clone()).or_default();
                state.loading = false;
                // An empty page reaches the start even if the server did not say so.
                state.complete = complete || messages.is_empty();
                if first.is_some() {
                    state.oldest = first;
                }
            });
            let Some(own) = own_bare(store) else {
                return;
            };
            let page: Vec<(Arrival, Content)> = messages
                .into_iter()
                .map(|m| archived_arrival(m, &own, now_ms))
                .collect();
            let orphans = store
                .orphans
                .try_update_untracked(|o| o.remove(&with).unwrap_or_default())
                .unwrap_or_default();
            let mut waiting = Vec::new();
            store.conversation(&with).update(|conversation| {
                // History is older than anything that arrived live since it was asked for.
                waiting = conversation::merge_history(conversation, page, orphans);
            });
            if !waiting.is_empty() {
                store.orphans.update_untracked(|o| {
                    o.insert(with, waiting);
                });
            }
        }
        Event::ArchiveFailed { with, .. } => {
            // Nothing more to show from an archive that refuses: stop offering more.
            store.history.update(|history| {
                let state = history.entry(with).or_default();
                state.loading = false;
                state.complete = true;
            });
        }
        Event::CatchUp { messages, .. } => {
            let Some(own) = own_bare(store) else {
                return;
            };
            // One update per conversation, however many messages the gap held.
            let mut by_peer: HashMap<BareJid, Vec<(Arrival, Content)>> = HashMap::new();
            for archived in messages {
                let peer = if archived.from.bare() == &own {
                    archived.to.as_ref().map(|to| to.bare().clone())
                } else {
                    Some(archived.from.bare().clone())
                };
                if let Some(peer) = peer.filter(|p| p != &own) {
                    by_peer
                        .entry(peer)
                        .or_default()
                        .push(archived_arrival(archived, &own, now_ms));
                }
            }
            let open_chat = store.open_chat.get_untracked();
            for (peer, missed) in by_peer {
                let mut unread = 0;
                let mut orphans = Vec::new();
                store.conversation(&peer).update(|conversation| {
                    for (arrival, content) in missed {
                        let incoming = !arrival.outgoing;
                        match conversation::apply_live(conversation, arrival, content) {
                            Outcome::Added => unread += u32::from(incoming),
                            Outcome::Orphan(orphan) => orphans.push(orphan),
                            _ => {}
                        }
                    }
                });
                keep_orphans(store, &peer, orphans);
                if unread > 0 && open_chat.as_ref() != Some(&peer) {
                    store
                        .unread
                        .update(|counts| *counts.entry(peer).or_default() += unread);
                }
            }
        }
        Event::SentFromOtherDevice {
            id,
            origin_id,
            to,
            content,
        } => {
            let Some(own) = own_bare(store) else {
                return;
            };
            let peer = to.bare().clone();
            if matches!(content, Content::Displayed { .. }) {
                // We read the conversation on another device.
                store.unread.update(|unread| {
                    unread.remove(&peer);
                });
                return;
            }
            let arrival = Arrival {
                author: own,
                outgoing: true,
                origin_id: origin_id.or_else(|| id.clone()),
                id,
                archive_id: None,
                at_ms: now_ms,
            };
            apply_to_conversation(store, &peer, arrival, content);
        }
        Event::MessageDelivered { id, from } => {
            let peer = from.bare().clone();
            store.conversation(&peer).update(|messages| {
                if let Some(message) = messages.iter_mut().rev().find(|m| m.outgoing && m.id == id)
                {
                    if message.state == MessageState::Sent {
                        message.state = MessageState::Delivered;
                        message.revision = message.revision.wrapping_add(1);
                    }
                }
            });
        }
        Event::ChatState { from, state } => {
            let peer = from.bare().clone();
            store.chat_states.update(|states| {
                states.insert(peer, state);
            });
        }
        Event::MessageError { id, from, error } => {
            let peer = from.bare().clone();
            store.conversation(&peer).update(|messages| {
                if let Some(message) = messages
                    .iter_mut()
                    .rev()
                    .find(|m| m.outgoing && Some(&m.id) == id.as_ref())
                {
                    message.state = MessageState::Failed;
                    message.error = Some(error.describe());
                }
            });
        }
        Event::Disconnected { error } => {
            let was_online = store.connection.get_untracked() == ConnectionState::Online;
            store.reset_session();
            match error {
                None => {
                    store.connection.set(ConnectionState::Offline);
                    // A logout leaves nothing of the account on screen, the console included.
                    store.xml_console.update(|console| {
                        if let Some(lines) = console {
                            lines.clear();
                        }
                    });
                }
                Some(error) => {
                    store.connection.set(ConnectionState::Error);
                    let message = if was_online {
                        format!("Disconnected. {error}")
                    } else {
                        error.to_string()
                    };
                    store.login_error.set(Some(message));
                }
            }
        }
        // Not shown yet: subscription requests get their dialog with the roster-management issue,
        // and dropped stanzas are for the XML console.
        Event::SubscriptionRequest { from } => {
            let known_and_allowed = store.contacts.with_untracked(|contacts| {
                contacts.get(&from).is_some_and(|c| {
                    matches!(c.subscription, Subscription::From | Subscription::Both)
                })
            });
            if !known_and_allowed {
                store.subscription_requests.update(|requests| {
                    if !requests.contains(&from) {
                        requests.push(from);
                    }
                });
            }
        }
        Event::Avatar { jid, avatar } => {
            store.avatars.update(|avatars| match avatar {
                Some(avatar) => {
                    avatars.insert(jid, avatar.data_url());
                }
                None => {
                    avatars.remove(&jid);
                }
            });
        }
        Event::AvatarPublished => store
            .avatar_status
            .set(Some("Your picture is saved.".into())),
        Event::AvatarPublishFailed { error } => store.avatar_status.set(Some(format!(
            "The server did not save your picture: {}.",
            error.describe()
        ))),
        Event::RosterChangeFailed { jid, error } => {
            store.roster_error.set(Some(format!(
                "Could not change {jid}: {}.",
                error.describe()
            )));
        }
        // Not shown: "up to date" (the transport restores the kept roster itself),
        // dropped stanzas and the server's features are for the XML console, and a message the
        // server holds already shows `sent`.
        Event::Dropped { .. }
        | Event::Registered { .. }
        | Event::RosterUpToDate
        | Event::ServerFeatures { .. }
        | Event::ServerItems { .. }
        | Event::Capabilities { .. }
        | Event::MessageAcked { .. } => {}
    }
}

/// Applies one live (or carbon, or caught-up) message to the conversation with `peer`,
/// keeping a change whose target is not loaded for when it is.
fn apply_to_conversation(
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
pub fn apply_own_change(store: &Store, peer: &BareJid, id: String, content: Content, now_ms: f64) {
    let Some(own) = own_bare(store) else {
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
pub fn record_outgoing_reply(
    store: &Store,
    to: &BareJid,
    id: String,
    body: String,
    reply: crate::xmpp::ReplyRef,
    now_ms: f64,
) {
    record_outgoing(store, to, id.clone(), body, now_ms);
    store.conversation(to).update(|messages| {
        if let Some(message) = messages.iter_mut().rev().find(|m| m.outgoing && m.id == id) {
            message.reply = Some(reply);
        }
    });
}

fn keep_orphans(store: &Store, peer: &BareJid, orphans: Vec<Orphan>) {
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

fn own_bare(store: &Store) -> Option<BareJid> {
    store
        .own_jid
        .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()))
}

/// An archived message, as it arrives in the conversation: ours when our account wrote it.
fn archived_arrival(m: ArchivedMessage, own: &BareJid, now_ms: f64) -> (Arrival, Content) {
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
fn sent_at(stamp: Option<crate::xmpp::stanza::date::DateTime>, now_ms: f64) -> f64 {
    crate::xmpp::stanza::delay::time_sent(stamp, now_ms as i64) as f64
}

/// Why the browser transport could not carry a session, before the protocol had a say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportFailure {
    /// The URL is not a WebSocket URL we may use (`wss://`, or `ws://` on loopback only).
    BadUrl(String),
    /// The socket closed before it opened: wrong URL, server down, or handshake refused.
    Unreachable { url: String },
    /// The server answered without selecting the `xmpp` subprotocol (RFC 7395 §3.1).
    NoXmppSubprotocol { url: String },
}

impl std::fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportFailure::BadUrl(reason) => f.write_str(reason),
            TransportFailure::Unreachable { url } => write!(
                f,
                "Could not connect to {url}: the server is down, the address is wrong, or it is not an XMPP WebSocket endpoint."
            ),
            TransportFailure::NoXmppSubprotocol { url } => write!(
                f,
                "The server at {url} did not accept the XMPP WebSocket subprotocol; is this an XMPP WebSocket endpoint?"
            ),
        }
    }
}

/// Records a transport failure: the session never started, so the login form shows why.
pub fn apply_transport_failure(store: &Store, failure: TransportFailure) {
    store.reset_session();
    store.connection.set(ConnectionState::Error);
    store.login_error.set(Some(failure.to_string()));
}

/// Records that a page of the history of the conversation with `jid` was asked for.
pub fn apply_history_requested(store: &Store, jid: &crate::xmpp::BareJid) {
    store.history.update(|history| {
        history.entry(jid.clone()).or_default().loading = true;
    });
}

/// Records that we answered `jid`'s subscription request.
pub fn apply_subscription_answered(store: &Store, jid: &crate::xmpp::BareJid) {
    store.forget_subscription_request(jid);
}

/// Records that the connection was lost and a new attempt starts at `at_ms`. The roster and
/// conversations stay; everyone shows offline until the new session brings fresh presence.
pub fn apply_reconnecting(store: &Store, at_ms: f64, reason: String) {
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
pub fn apply_connecting(store: &Store) {
    store.login_error.set(None);
    store.connection.set(ConnectionState::Connecting);
}

/// Records a message we just sent.
pub fn record_outgoing(
    store: &Store,
    to: &crate::xmpp::BareJid,
    id: String,
    body: String,
    now_ms: f64,
) {
    record_outgoing_as(store, to, id, body, now_ms, MessageState::Sent);
}

/// Records a message written while offline: shown at once, `pending` until it is sent.
pub fn record_pending(
    store: &Store,
    to: &crate::xmpp::BareJid,
    local_id: String,
    body: String,
    now_ms: f64,
) {
    record_outgoing_as(store, to, local_id, body, now_ms, MessageState::Pending);
}

/// A pending message went out: it takes its stanza id (for receipts) and becomes `sent`.
pub fn apply_pending_sent(store: &Store, to: &crate::xmpp::BareJid, local_id: &str, id: String) {
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
pub fn apply_pending_failed(
    store: &Store,
    to: &crate::xmpp::BareJid,
    local_id: &str,
    reason: &str,
) {
    store.conversation(to).update(|messages| {
        if let Some(message) = messages.iter_mut().find(|m| m.outgoing && m.id == local_id) {
            message.state = MessageState::Failed;
            message.error = Some(reason.to_owned());
        }
    });
}

fn record_outgoing_as(
    store: &Store,
    to: &crate::xmpp::BareJid,
    id: String,
    body: String,
    now_ms: f64,
    state: MessageState,
) {
    let from = store
        .own_jid
        .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()));
    let Some(from) = from else { return };
    store.conversation(to).update(|messages| {
        let mut message = ChatMessage::new(id.clone(), from, body, now_ms, true, state);
        message.origin_id = Some(id);
        messages.push(message);
    });
}

/// Lines the XML console keeps; older ones scroll away.
pub const CONSOLE_LINES: usize = 500;

/// Records a frame for the XML console, if it is on, with every credential masked
/// ([`crate::xmpp::redact`]): never shown, never kept.
pub fn record_console_line(store: &Store, incoming: bool, frame: &str) {
    if store.xml_console.with_untracked(Option::is_none) {
        return;
    }
    let xml = crate::xmpp::redact::for_console(frame);
    store.xml_console.update(|console| {
        if let Some(lines) = console {
            let seq = lines.back().map_or(0, |l| l.seq + 1);
            if lines.len() == CONSOLE_LINES {
                lines.pop_front();
            }
            lines.push_back(super::model::ConsoleLine { seq, incoming, xml });
        }
    });
}
