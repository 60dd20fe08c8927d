//! The only writer of [`Store`]: one protocol event in, signals updated.

use leptos::prelude::*;

use super::model::{ChatMessage, ConnectionState, Contact, MessageState, ResourcePresence};
use super::Store;
use std::collections::HashMap;

use crate::xmpp::{ArchivedMessage, BareJid, ChatState, Event, Subscription};

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
        Event::RosterPush { item } => {
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
            // A message arriving means they stopped typing it.
            store.chat_states.update(|states| {
                if states.get(&peer) == Some(&ChatState::Composing) {
                    states.insert(peer.clone(), ChatState::Active);
                }
            });
            let id = message
                .id
                .unwrap_or_else(|| format!("local-{}", now_ms as u64));
            let conversation = store.conversation(&peer);
            // The archive may have shown it already (or the server delivered it twice).
            let seen = conversation.with_untracked(|messages| {
                messages.iter().rev().take(500).any(|m| {
                    !m.outgoing
                        && ((m.id == id && m.body == message.body)
                            || (message.archive_id.is_some() && m.archive_id == message.archive_id))
                })
            });
            if seen {
                return;
            }
            store
                .last_received
                .set(Some((peer.clone(), message.body.clone())));
            conversation.update(|messages| {
                messages.push(ChatMessage {
                    id,
                    archive_id: message.archive_id,
                    from: peer.clone(),
                    body: message.body,
                    timestamp_ms: now_ms,
                    outgoing: false,
                    state: MessageState::Delivered,
                    error: None,
                })
            });
            if store.open_chat.get_untracked().as_ref() != Some(&peer) {
                store
                    .unread
                    .update(|unread| *unread.entry(peer).or_default() += 1);
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
            let own = store
                .own_jid
                .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()));
            store.conversation(&with).update(|conversation| {
                let older: Vec<ChatMessage> = messages
                    .into_iter()
                    .map(|m| from_archive(m, own.as_ref(), now_ms))
                    .filter(|m| !already_shown(conversation, m))
                    .collect();
                // History is older than anything that arrived live since it was asked for.
                conversation.splice(0..0, older);
            });
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
            let Some(own) = store
                .own_jid
                .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()))
            else {
                return;
            };
            // One update per conversation, however many messages the gap held.
            let mut by_peer: HashMap<BareJid, Vec<ChatMessage>> = HashMap::new();
            for archived in messages {
                let peer = if archived.from.bare() == &own {
                    archived.to.as_ref().map(|to| to.bare().clone())
                } else {
                    Some(archived.from.bare().clone())
                };
                if let Some(peer) = peer.filter(|p| p != &own) {
                    by_peer.entry(peer).or_default().push(from_archive(
                        archived,
                        Some(&own),
                        now_ms,
                    ));
                }
            }
            let open_chat = store.open_chat.get_untracked();
            for (peer, missed) in by_peer {
                let mut unread = 0;
                store.conversation(&peer).update(|conversation| {
                    for message in missed {
                        if !already_shown(conversation, &message) {
                            unread += u32::from(!message.outgoing);
                            conversation.push(message);
                        }
                    }
                });
                if unread > 0 && open_chat.as_ref() != Some(&peer) {
                    store
                        .unread
                        .update(|counts| *counts.entry(peer).or_default() += unread);
                }
            }
        }
        Event::SentFromOtherDevice { id, to, body } => {
            let id = id.unwrap_or_else(|| format!("local-{}", now_ms as u64));
            let peer = to.bare().clone();
            let duplicate = store.conversation(&peer).with_untracked(|messages| {
                messages
                    .iter()
                    .rev()
                    .take(500)
                    .any(|m| m.outgoing && m.id == id)
            });
            if !duplicate {
                record_outgoing(store, &peer, id, body, now_ms);
            }
        }
        Event::MessageDelivered { id, from } => {
            let peer = from.bare().clone();
            store.conversation(&peer).update(|messages| {
                if let Some(message) = messages.iter_mut().rev().find(|m| m.outgoing && m.id == id)
                {
                    if message.state == MessageState::Sent {
                        message.state = MessageState::Delivered;
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
        Event::RosterChangeFailed { jid, error } => {
            store.roster_error.set(Some(format!(
                "Could not change {jid}: {}.",
                error.describe()
            )));
        }
        // Not shown: the roster is not cached across reloads (so "up to date" changes nothing),
        // dropped stanzas and the server's features are for the XML console, and a message the
        // server holds already shows `sent`.
        Event::Dropped { .. }
        | Event::Registered { .. }
        | Event::RosterUpToDate
        | Event::ServerFeatures { .. }
        | Event::Capabilities { .. }
        | Event::MessageAcked { .. } => {}
    }
}

/// An archived message as the conversation shows it.
fn from_archive(m: ArchivedMessage, own: Option<&BareJid>, now_ms: f64) -> ChatMessage {
    let outgoing = own == Some(m.from.bare());
    let stamp = m
        .stamp
        .as_deref()
        .map(js_sys::Date::parse)
        .filter(|t| t.is_finite());
    ChatMessage {
        id: m.id.unwrap_or_else(|| m.archive_id.clone()),
        archive_id: Some(m.archive_id),
        from: m.from.bare().clone(),
        body: m.body,
        timestamp_ms: stamp.unwrap_or(now_ms),
        outgoing,
        state: if outgoing {
            MessageState::Sent
        } else {
            MessageState::Delivered
        },
        error: None,
    }
}

/// Whether `conversation` already shows `candidate`: the same archive id (XEP-0359 stanza-id),
/// or the same sender's id from the same side (a live, carbon or offline copy).
fn already_shown(conversation: &[ChatMessage], candidate: &ChatMessage) -> bool {
    conversation.iter().any(|m| {
        (candidate.archive_id.is_some() && m.archive_id == candidate.archive_id)
            || (m.id == candidate.id && m.outgoing == candidate.outgoing)
    })
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
            message.id = id;
            message.state = MessageState::Sent;
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
        messages.push(ChatMessage {
            id,
            archive_id: None,
            from,
            body,
            timestamp_ms: now_ms,
            outgoing: true,
            state,
            error: None,
        })
    });
}

/// Lines the XML console keeps; older ones scroll away.
pub const CONSOLE_LINES: usize = 500;

/// Records a frame for the XML console, if it is on. SASL exchanges carry the password
/// (PLAIN) or proofs of it (SCRAM): their content is masked, never shown or kept.
pub fn record_console_line(store: &Store, incoming: bool, frame: &str) {
    if store.xml_console.with_untracked(Option::is_none) {
        return;
    }
    let xml = mask_credentials(frame);
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

/// `<auth …>secret</auth>` → `<auth …>…</auth>`, and the same for SCRAM's `<response>`,
/// `<challenge>` and `<success>` payloads.
fn mask_credentials(frame: &str) -> String {
    let trimmed = frame.trim_start();
    let masked = ["<auth", "<response", "<challenge", "<success"]
        .iter()
        .any(|tag| {
            trimmed.starts_with(tag) && trimmed.contains("urn:ietf:params:xml:ns:xmpp-sasl")
        });
    if !masked {
        return frame.to_owned();
    }
    match (trimmed.find('>'), trimmed.rfind("</")) {
        (Some(open_end), Some(close)) if close > open_end => {
            format!(
                "{}[credentials hidden]{}",
                &trimmed[..=open_end],
                &trimmed[close..]
            )
        }
        _ => frame.to_owned(),
    }
}
