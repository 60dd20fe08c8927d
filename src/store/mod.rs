//! Reactive application state. [`apply::apply`] is its only writer; views only read.
//!
//! One `Store` per client: two clients on a page (two widgets) each have their own.
//!
//! Contacts are keyed by bare JID. The roster map changes only when the roster does; each
//! contact's presence lives in its own signal, so one presence change re-renders one row.

pub mod affiliations;
pub mod apply;
pub mod conversation;
pub mod invitation;
pub mod model;
pub mod room;
pub mod room_arrivals;
pub mod room_config;

use std::collections::{HashMap, VecDeque};

use leptos::prelude::*;

use crate::xmpp::{BareJid, ChatState, FullJid, Show};
pub use model::{
    ChatMessage, ConnectionState, ConsoleLine, Contact, ContactPresence, HistoryState, Reaction,
};

/// All signals of the app, cheap to copy into closures and provided as context.
#[derive(Clone, Copy)]
pub struct Store {
    /// What the connection indicator shows.
    pub connection: RwSignal<ConnectionState>,
    /// The message shown on the login form after a failed login or a lost session.
    pub login_error: RwSignal<Option<String>>,
    /// Our own bound JID while online.
    pub own_jid: RwSignal<Option<FullJid>>,
    /// Our own announced availability; `None` while we appear offline.
    pub own_show: RwSignal<Option<Show>>,
    /// Our own announced status message; empty for none.
    pub own_status: RwSignal<String>,
    /// Roster entries keyed by bare JID (the roster's shape: names, groups, subscriptions).
    pub contacts: RwSignal<HashMap<BareJid, Contact>>,
    /// The roster's version as the server last named it in this session (RFC 6121 §2.6),
    /// kept with the roster for the next login.
    pub roster_version: RwSignal<Option<String>>,
    /// Per-contact presence signals, created on first sight of the contact. Reference-counted
    /// (`ArcRwSignal`), not owned by whichever view first asked: a row scrolled or filtered away
    /// must not dispose the contact's presence.
    pub presences: RwSignal<HashMap<BareJid, ArcRwSignal<ContactPresence>>>,
    /// Conversations keyed by the peer's bare JID (reference-counted for the same reason).
    pub conversations: RwSignal<HashMap<BareJid, ArcRwSignal<Vec<ChatMessage>>>>,
    /// Unread counts keyed by the peer's bare JID.
    pub unread: RwSignal<HashMap<BareJid, u32>>,
    /// The conversation the route `#/chat/<jid>` opens.
    pub open_chat: RwSignal<Option<BareJid>>,
    /// How far back each conversation's archived history is loaded in this session; absent
    /// until the conversation is first opened online.
    pub history: RwSignal<HashMap<BareJid, HistoryState>>,
    /// What each contact is doing in our conversation (XEP-0085), by bare JID.
    pub chat_states: RwSignal<HashMap<BareJid, ChatState>>,
    /// People asking to see our presence, oldest first, until we answer.
    pub subscription_requests: RwSignal<Vec<BareJid>>,
    /// A roster change the server refused, for the roster panel to show.
    pub roster_error: RwSignal<Option<String>>,
    /// While reconnecting: when the next attempt starts (ms since the epoch).
    pub reconnect_at: RwSignal<Option<f64>>,
    /// While reconnecting: why we lost the connection, in words for the status line.
    pub connection_problem: RwSignal<Option<String>>,
    /// Whether the current session is a resumed stream (XEP-0198) rather than a fresh login:
    /// `connection-status[data-session]` shows it to testers.
    pub session_resumed: RwSignal<bool>,
    /// The XML console's lines, newest last; `None` while the console is off (then the
    /// transport records nothing).
    pub xml_console: RwSignal<Option<VecDeque<ConsoleLine>>>,
    /// The newest message received live (not from the archive): the author and the text, for
    /// a desktop notification while the page is hidden.
    pub last_received: RwSignal<Option<(BareJid, String)>>,
    /// Corrections, retractions and reactions whose message is not loaded yet (further back
    /// in the archive), by conversation; applied when its page arrives. Not rendered.
    pub orphans: RwSignal<HashMap<BareJid, Vec<conversation::Orphan>>>,
    /// The newest message of each conversation we sent a read marker for (XEP-0333), so each
    /// is marked once.
    pub displayed_sent: RwSignal<HashMap<BareJid, String>>,
    /// Avatars as `data:` URLs (verified images only), by bare JID, ours included.
    pub avatars: RwSignal<HashMap<BareJid, String>>,
    /// What became of our last avatar change, for the settings panel.
    pub avatar_status: RwSignal<Option<String>>,
    /// Group chat rooms we asked to join, are in, or were put out of, by room JID; each room in
    /// its own signal (reference-counted, like conversations), so one busy room re-renders
    /// alone. The map itself changes only when a room comes or goes.
    pub rooms: RwSignal<HashMap<BareJid, ArcRwSignal<room::Room>>>,
    /// The room the route `#/room/<jid>` opens.
    pub open_room: RwSignal<Option<BareJid>>,
    /// Our server's group chat service and its public rooms, for "Join a room".
    pub room_directory: RwSignal<room::Directory>,
    /// Our bookmarked rooms (XEP-0402), by room: listed with the rooms even when not joined,
    /// and the same on every device.
    pub bookmarks: RwSignal<HashMap<BareJid, crate::xmpp::Bookmark>>,
    /// What went wrong with the last bookmark change, for the room's view.
    pub bookmark_error: RwSignal<Option<String>>,
    /// The newest live room line for us (a mention, a private message), for a desktop
    /// notification while the page is hidden: rooms notify only about what is for us.
    pub last_room_alert: RwSignal<Option<room::RoomAlert>>,
    /// Invitations to rooms waiting for an answer, oldest first, at most
    /// [`invitation::MAX_INVITATIONS`].
    pub invitations: RwSignal<Vec<invitation::Invitation>>,
    /// The lists of the room whose "Members & bans" panel is open (one room at a time).
    pub affiliation_lists: RwSignal<Option<affiliations::AffiliationLists>>,
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
            roster_version: RwSignal::new(None),
            presences: RwSignal::new(HashMap::new()),
            conversations: RwSignal::new(HashMap::new()),
            unread: RwSignal::new(HashMap::new()),
            open_chat: RwSignal::new(None),
            chat_states: RwSignal::new(HashMap::new()),
            history: RwSignal::new(HashMap::new()),
            subscription_requests: RwSignal::new(Vec::new()),
            roster_error: RwSignal::new(None),
            reconnect_at: RwSignal::new(None),
            connection_problem: RwSignal::new(None),
            session_resumed: RwSignal::new(false),
            xml_console: RwSignal::new(None),
            last_received: RwSignal::new(None),
            orphans: RwSignal::new(HashMap::new()),
            displayed_sent: RwSignal::new(HashMap::new()),
            avatars: RwSignal::new(HashMap::new()),
            avatar_status: RwSignal::new(None),
            rooms: RwSignal::new(HashMap::new()),
            open_room: RwSignal::new(None),
            room_directory: RwSignal::new(room::Directory::default()),
            last_room_alert: RwSignal::new(None),
            bookmarks: RwSignal::new(HashMap::new()),
            bookmark_error: RwSignal::new(None),
            invitations: RwSignal::new(Vec::new()),
            affiliation_lists: RwSignal::new(None),
        }
    }

    /// The presence signal for `jid`, created on first use. Views turn it into a `RwSignal`
    /// (`.into()`) owned by themselves; the store keeps the shared one.
    pub fn presence_of(&self, jid: &BareJid) -> ArcRwSignal<ContactPresence> {
        if let Some(signal) = self.presences.with_untracked(|p| p.get(jid).cloned()) {
            return signal;
        }
        let signal = ArcRwSignal::new(ContactPresence::default());
        self.presences.update_untracked(|p| {
            p.insert(jid.clone(), signal.clone());
        });
        signal
    }

    /// The message list for the conversation with `jid`, created on first use.
    pub fn conversation(&self, jid: &BareJid) -> ArcRwSignal<Vec<ChatMessage>> {
        if let Some(signal) = self.conversations.with_untracked(|c| c.get(jid).cloned()) {
            return signal;
        }
        let signal = ArcRwSignal::new(Vec::new());
        self.conversations.update_untracked(|c| {
            c.insert(jid.clone(), signal.clone());
        });
        // The conversation list learns of it (its messages then notify on their own).
        self.conversations.notify();
        signal
    }

    /// The room `jid`'s signal, if we asked to join it (untracked).
    pub fn room(&self, jid: &BareJid) -> Option<ArcRwSignal<room::Room>> {
        self.rooms.with_untracked(|rooms| rooms.get(jid).cloned())
    }

    /// Forgets everything about the session (logout): nothing of it stays in memory.
    pub fn reset_session(&self) {
        self.own_jid.set(None);
        self.own_show.set(None);
        self.own_status.set(String::new());
        self.contacts.set(HashMap::new());
        self.roster_version.set(None);
        self.presences.set(HashMap::new());
        self.conversations.set(HashMap::new());
        self.unread.set(HashMap::new());
        self.subscription_requests.set(Vec::new());
        self.chat_states.set(HashMap::new());
        self.history.set(HashMap::new());
        self.orphans.set(HashMap::new());
        self.displayed_sent.set(HashMap::new());
        self.avatars.set(HashMap::new());
        self.avatar_status.set(None);
        self.rooms.set(HashMap::new());
        self.room_directory.set(room::Directory::default());
        self.last_room_alert.set(None);
        self.bookmarks.set(HashMap::new());
        self.bookmark_error.set(None);
        self.invitations.set(Vec::new());
        self.affiliation_lists.set(None);
        self.roster_error.set(None);
        self.reconnect_at.set(None);
        self.connection_problem.set(None);
    }

    /// Our own bare JID while logged in (untracked: for `apply` and commands, and views built
    /// once).
    pub fn own_bare(&self) -> Option<BareJid> {
        self.own_jid
            .with_untracked(|own| own.as_ref().map(|own| own.bare().clone()))
    }

    /// [`Store::own_bare`], tracked: a view that shows it re-renders when we log in or out.
    pub fn own_bare_tracked(&self) -> Option<BareJid> {
        self.own_jid
            .with(|own| own.as_ref().map(|own| own.bare().clone()))
    }

    /// Whether `jid` is our own account (untracked).
    pub fn is_own(&self, jid: &BareJid) -> bool {
        self.own_jid
            .with_untracked(|own| own.as_ref().is_some_and(|own| own.bare() == jid))
    }

    /// The name to show for `jid`: the name we gave them in the roster, else the JID
    /// (untracked: for a view built once, like a message row).
    pub fn display_name(&self, jid: &BareJid) -> String {
        self.contacts
            .with_untracked(|contacts| display_name_in(contacts, jid))
    }

    /// [`Store::display_name`], tracked: a title re-renders when the contact is renamed.
    pub fn display_name_tracked(&self, jid: &BareJid) -> String {
        self.contacts
            .with(|contacts| display_name_in(contacts, jid))
    }

    /// Whether we wrote to `peer` in this session's conversations (a conversation we started
    /// is never a message request).
    pub fn wrote_to(&self, peer: &BareJid) -> bool {
        self.conversations.with_untracked(|all| {
            all.get(peer)
                .is_some_and(|messages| messages.with_untracked(|m| m.iter().any(|m| m.outgoing)))
        })
    }

    /// The message requests: conversations from people the roster does not know and we never
    /// wrote to (tracked: re-runs as conversations and the roster change).
    pub fn requests(&self) -> Vec<BareJid> {
        let own = self.own_bare_tracked();
        let contacts = self.contacts;
        self.conversations.with(|all| {
            all.iter()
                .filter(|(peer, messages)| {
                    Some(*peer) != own.as_ref()
                        && !contacts.with(|c| c.contains_key(*peer))
                        && messages.with(|m| !m.is_empty() && !m.iter().any(|m| m.outgoing))
                })
                .map(|(peer, _)| peer.clone())
                .collect()
        })
    }

    /// Whether the XML console is on (and frames are worth recording).
    pub fn xml_console_on(&self) -> bool {
        self.xml_console.with_untracked(Option::is_some)
    }

    /// Forgets a pending subscription request once it is answered.
    pub fn forget_subscription_request(&self, jid: &BareJid) {
        self.subscription_requests
            .update(|requests| requests.retain(|r| r != jid));
    }
}

impl Default for Store {
    fn default() -> Store {
        Store::new()
    }
}

/// The roster's name for `jid`, else the JID: the one rule for what a person is called.
fn display_name_in(contacts: &HashMap<BareJid, Contact>, jid: &BareJid) -> String {
    contacts
        .get(jid)
        .map_or_else(|| jid.to_string(), Contact::display_name)
}
