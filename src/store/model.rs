//! Plain data the views render.

use std::collections::HashMap;

use crate::xmpp::{BareJid, ReplyRef, RosterItem, Show, Subscription};

/// The state of the connection, as `connection-status[data-state]` exposes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionState {
    /// A login attempt is under way.
    Connecting,
    /// Logged in: commands go out at once.
    Online,
    /// The connection was lost; the driver tries again (messages go to the outbox).
    Reconnecting,
    /// Not logged in: before the first login, or after logging out.
    Offline,
    /// The login failed for good, or the session ended with an error; `login_error` says why.
    Error,
}

impl ConnectionState {
    /// The `data-state` value (a public testing hook: keep stable).
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "connecting",
            ConnectionState::Online => "online",
            ConnectionState::Reconnecting => "reconnecting",
            ConnectionState::Offline => "offline",
            ConnectionState::Error => "error",
        }
    }

    /// Words for the indicator.
    pub fn label(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "Connecting…",
            ConnectionState::Online => "Online",
            ConnectionState::Reconnecting => "Reconnecting…",
            ConnectionState::Offline => "Offline",
            ConnectionState::Error => "Connection error",
        }
    }
}

/// A roster entry as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The contact's bare JID: the roster's key.
    pub jid: BareJid,
    /// The name we gave them, if any.
    pub name: Option<String>,
    /// The roster groups they are filed under; none shows them as ungrouped.
    pub groups: Vec<String>,
    /// Who sees whose presence (RFC 6121 §2.1.2.5).
    pub subscription: Subscription,
    /// We asked to see their presence and have no answer yet.
    pub ask_pending: bool,
}

impl Contact {
    /// The name to show: the roster name, else the JID.
    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.jid.to_string())
    }
}

impl From<RosterItem> for Contact {
    fn from(item: RosterItem) -> Contact {
        Contact {
            jid: item.jid,
            name: item.name,
            groups: item.groups,
            subscription: item.subscription,
            ask_pending: item.ask_pending,
        }
    }
}

/// One resource's announced availability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePresence {
    /// Its availability.
    pub show: Show,
    /// Its status text, if any.
    pub status: Option<String>,
    /// RFC 6121 §4.7.2.3: the highest one is the resource shown.
    pub priority: i8,
}

/// A contact's presence across its resources; the highest-priority one is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactPresence {
    /// The available resources, by resource name; empty means offline.
    pub resources: HashMap<String, ResourcePresence>,
}

impl ContactPresence {
    /// The resource that represents the contact: highest priority, then most available.
    pub fn best(&self) -> Option<&ResourcePresence> {
        self.resources
            .values()
            .max_by_key(|r| (r.priority, availability_rank(r.show)))
    }

    /// The `data-presence` value: `online|chat|away|xa|dnd|offline`.
    pub fn as_str(&self) -> &'static str {
        match self.best() {
            None => "offline",
            Some(r) => r.show.as_str().unwrap_or("online"),
        }
    }

    /// The status text of the shown resource.
    pub fn status(&self) -> String {
        self.best()
            .and_then(|r| r.status.clone())
            .unwrap_or_default()
    }
}

fn availability_rank(show: Show) -> u8 {
    match show {
        Show::Chat => 5,
        Show::Online => 4,
        Show::Away => 3,
        Show::Dnd => 2,
        Show::Xa => 1,
    }
}

/// Delivery state of a message, as `chat-message[data-state]` exposes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageState {
    /// Written while offline: waits in the outbox.
    Pending,
    /// Ours, handed to the server.
    Sent,
    /// The recipient's client confirmed it (XEP-0184); what we receive starts here.
    Delivered,
    /// The recipient displayed it (XEP-0333).
    Read,
    /// Will not arrive: bounced, or never sent; `ChatMessage::error` says why.
    Failed,
}

impl MessageState {
    /// Reads [`MessageState::as_str`] back.
    pub fn parse(text: &str) -> Option<MessageState> {
        [
            MessageState::Pending,
            MessageState::Sent,
            MessageState::Delivered,
            MessageState::Read,
            MessageState::Failed,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
    }

    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageState::Pending => "pending",
            MessageState::Sent => "sent",
            MessageState::Delivered => "delivered",
            MessageState::Read => "read",
            MessageState::Failed => "failed",
        }
    }
}

/// One message in a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatMessage {
    /// The stanza id (ours for outgoing, the sender's for incoming; generated when absent).
    pub id: String,
    /// The sender's XEP-0359 origin id, which retractions (and some clients' corrections and
    /// reactions) point at.
    pub origin_id: Option<String>,
    /// The id our archive gave it (XEP-0359 stanza-id), when known: live, carbon and archived
    /// copies of one message share it.
    pub archive_id: Option<String>,
    /// The author's bare JID.
    pub from: BareJid,
    /// The text shown (the latest correction's); empty once retracted.
    pub body: String,
    /// Milliseconds since the epoch, local clock.
    pub timestamp_ms: f64,
    /// Written by us (here or on another device).
    pub outgoing: bool,
    /// How far it got.
    pub state: MessageState,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// The message it answers (XEP-0461).
    pub reply: Option<ReplyRef>,
    /// Whether XEP-0393 styling applies.
    pub styled: bool,
    /// The sender asked for a read marker (XEP-0333).
    pub markable: bool,
    /// Corrected by its author (XEP-0308).
    pub edited: bool,
    /// Withdrawn by its author (XEP-0424): shown as a tombstone.
    pub retracted: bool,
    /// Reactions (XEP-0444), in the order they first appeared.
    pub reactions: Vec<Reaction>,
    /// Bumped by every change after the message first showed (a correction, a retraction,
    /// reactions), so the list re-renders that one row.
    pub revision: u32,
    /// When the correction shown was written: an older one arriving late (from the archive)
    /// does not undo a newer one.
    pub edited_at_ms: f64,
    /// When each reactor's reactions shown were sent, for the same reason.
    pub reaction_times: Vec<(BareJid, f64)>,
}

impl ChatMessage {
    /// A message as it first shows, with no reply, edit or reaction.
    pub fn new(
        id: String,
        from: BareJid,
        body: String,
        timestamp_ms: f64,
        outgoing: bool,
        state: MessageState,
    ) -> ChatMessage {
        ChatMessage {
            id,
            origin_id: None,
            archive_id: None,
            from,
            body,
            timestamp_ms,
            outgoing,
            state,
            error: None,
            reply: None,
            styled: true,
            markable: false,
            edited: false,
            retracted: false,
            reactions: Vec::new(),
            revision: 0,
            edited_at_ms: 0.0,
            reaction_times: Vec::new(),
        }
    }

    /// Whether `id` names this message: its stanza id or its origin id.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.origin_id.as_deref() == Some(id)
    }

    /// `who`'s reactions, in order.
    pub fn reactions_of(&self, who: &BareJid) -> Vec<String> {
        self.reactions
            .iter()
            .filter(|r| r.by.contains(who))
            .map(|r| r.emoji.clone())
            .collect()
    }
}

/// One emoji on a message and who put it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// The emoji, as sent.
    pub emoji: String,
    /// Who reacted with it, in the order they did; never empty.
    pub by: Vec<BareJid>,
}

/// How far back a conversation's archived history is loaded (XEP-0313 paging, newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryState {
    /// A page was asked for and has not arrived.
    pub loading: bool,
    /// The archive has nothing older than what is shown.
    pub complete: bool,
    /// The first archive id of the oldest page loaded (a message, or a change to one): where
    /// the next page ends, unless an older message is held (`conversation::older_page_before`).
    pub oldest: Option<String>,
}

impl HistoryState {
    /// The `data-history` value of the message list (a testing hook):
    /// `loading|more|complete`.
    pub fn as_str(&self) -> &'static str {
        if self.loading {
            "loading"
        } else if self.complete {
            "complete"
        } else {
            "more"
        }
    }
}

/// One frame of the XML console (settings → "XML console"): what went over the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLine {
    /// Position in the session's traffic, the line's identity for rendering.
    pub seq: u64,
    /// From the server (`true`) or to it.
    pub incoming: bool,
    /// The frame as sent or received; credentials (`<auth>`, `<response>`) are masked.
    pub xml: String,
}
