//! Reactive application state. [`apply::apply`] is its only writer; views only read.
//!
//! Contacts are keyed by bare JID. The roster map changes only when the roster does; each
//! contact's presence lives in its own signal, so one presence change re-renders one row.

pub mod apply;
pub mod model;

use std::collections::HashMap;

use leptos::prelude::*;

use crate::xmpp::{BareJid, FullJid, Show};
pub use model::{ChatMessage, ConnectionState, Contact, ContactPresence};

/// All signals of the app, cheap to copy into closures and provided as context.
#[derive(Clone, Copy)]
pub struct Store {
    /// What the connection indicator shows.
    pub connection: RwSignal<ConnectionState>,
    /// The message shown on the login form after a failed login or a lost session.
    pub login_error: RwSignal<Option<String>>,
    /// Our own bound JID while online.
    pub own_jid: RwSignal<Option<FullJid>>,
    /// Our own announced availability and status message.
    pub own_show: RwSignal<Option<Show>>,
    pub own_status: RwSignal<String>,
    /// Roster entries keyed by bare JID (the roster's shape: names, groups, subscriptions).
    pub contacts: RwSignal<HashMap<BareJid, Contact>>,
    /// Per-contact presence signals, created on first sight of the contact.
    pub presences: RwSignal<HashMap<BareJid, RwSignal<ContactPresence>>>,
    /// Conversations keyed by the peer's bare JID.
    pub conversations: RwSignal<HashMap<BareJid, RwSignal<Vec<ChatMessage>>>>,
    /// Unread counts keyed by the peer's bare JID.
    pub unread: RwSignal<HashMap<BareJid, u32>>,
    /// The conversation the route `#/chat/<jid>` opens.
    pub open_chat: RwSignal<Option<BareJid>>,
}

impl Store {
    /// Fresh, empty state.
    pub fn new() -> Store {
        Store {
            connection: RwSignal::new(ConnectionState::Offline),
            login_error: RwSignal::new(None),
            own_jid: RwSignal::new(None),
            own_show: RwSignal::new(None),
            own_status: RwSignal::new(String::new()),
            contacts: RwSignal::new(HashMap::new()),
            presences: RwSignal::new(HashMap::new()),
            conversations: RwSignal::new(HashMap::new()),
            unread: RwSignal::new(HashMap::new()),
            open_chat: RwSignal::new(None),
        }
    }

    /// The presence signal for `jid`, created on first use.
    pub fn presence_of(&self, jid: &BareJid) -> RwSignal<ContactPresence> {
        if let Some(signal) = self.presences.with_untracked(|p| p.get(jid).copied()) {
            return signal;
        }
        let signal = RwSignal::new(ContactPresence::default());
        self.presences.update(|p| {
            p.insert(jid.clone(), signal);
        });
        signal
    }

    /// The message list for the conversation with `jid`, created on first use.
    pub fn conversation(&self, jid: &BareJid) -> RwSignal<Vec<ChatMessage>> {
        if let Some(signal) = self.conversations.with_untracked(|c| c.get(jid).copied()) {
            return signal;
        }
        let signal = RwSignal::new(Vec::new());
        self.conversations.update(|c| {
            c.insert(jid.clone(), signal);
        });
        signal
    }

    /// Forgets everything about the session (logout): nothing of it stays in memory.
    pub fn reset_session(&self) {
        self.own_jid.set(None);
        self.own_show.set(None);
        self.contacts.set(HashMap::new());
        self.presences.set(HashMap::new());
        self.conversations.set(HashMap::new());
        self.unread.set(HashMap::new());
    }
}

impl Default for Store {
    fn default() -> Store {
        Store::new()
    }
}
