//! The local copies a "keep me logged in" page leaves for the next: recent conversations into
//! the store (only into conversations that are still empty), and the store's conversations and
//! roster out to `crate::persist`'s forms.

use leptos::prelude::*;

use crate::persist::conversations::{
    StoredConversation, StoredConversations, StoredMessage, CONVERSATIONS,
    MESSAGES_PER_CONVERSATION,
};
use crate::persist::roster::StoredRoster;
use crate::store::model::{ChatMessage, MessageState};
use crate::store::Store;
use crate::xmpp::{BareJid, RosterItem};

/// Puts the kept conversations into the store (a freshly loaded page); conversations that
/// already have messages are left alone.
pub(super) fn restore_conversations(store: &Store, kept: StoredConversations) {
    if !store.is_own(&kept.account) {
        return;
    }
    for conversation in kept.conversations {
        let messages: Vec<ChatMessage> = conversation
            .messages
            .into_iter()
            .filter_map(message_from_kept)
            .collect();
        let signal = store.conversation(&conversation.with);
        if signal.with_untracked(Vec::is_empty) {
            signal.set(messages);
        }
    }
}

/// The newest messages of the most recently active conversations, to keep for the next page.
pub fn conversations_to_keep(store: &Store) -> Option<StoredConversations> {
    let account = store.own_bare()?;
    let mut conversations: Vec<(BareJid, Vec<ChatMessage>)> =
        store.conversations.with_untracked(|c| {
            c.iter()
                .map(|(peer, messages)| (peer.clone(), messages.get_untracked()))
                .collect()
        });
    conversations.retain(|(_, messages)| !messages.is_empty());
    // Newest activity first, so the cap drops the quiet ones.
    conversations.sort_by(|a, b| {
        let last = |m: &[ChatMessage]| m.last().map_or(0.0, |m| m.timestamp_ms);
        last(&b.1).total_cmp(&last(&a.1))
    });
    conversations.truncate(CONVERSATIONS);
    let conversations = conversations
        .into_iter()
        .map(|(with, messages)| {
            // Pending messages live in the outbox, which restores them itself.
            let kept: Vec<StoredMessage> = messages
                .iter()
                .filter(|m| m.state != MessageState::Pending)
                .map(message_to_keep)
                .collect();
            let start = kept.len().saturating_sub(MESSAGES_PER_CONVERSATION);
            StoredConversation {
                with,
                messages: kept[start..].to_vec(),
            }
        })
        .collect();
    Some(StoredConversations {
        account,
        conversations,
    })
}

/// The roster the store shows, with the version the server last named, to keep for the next
/// login; `None` until this session knows a version (an empty store is never kept under one).
pub fn roster_to_keep(store: &Store) -> Option<StoredRoster> {
    let account = store.own_bare()?;
    let ver = store.roster_version.get_untracked()?;
    let items = store.contacts.with_untracked(|contacts| {
        contacts
            .values()
            .map(|c| RosterItem {
                jid: c.jid.clone(),
                name: c.name.clone(),
                subscription: c.subscription,
                ask_pending: c.ask_pending,
                approved: false,
                groups: c.groups.clone(),
            })
            .collect()
    });
    Some(StoredRoster {
        account,
        ver,
        items,
    })
}

fn message_to_keep(message: &ChatMessage) -> StoredMessage {
    StoredMessage {
        id: message.id.clone(),
        archive_id: message.archive_id.clone(),
        origin_id: message.origin_id.clone(),
        from: message.from.clone(),
        body: message.body.clone(),
        // Whole milliseconds: the page's clock never needs more.
        at: message.timestamp_ms as i64,
        outgoing: message.outgoing,
        state: message.state.as_str().to_owned(),
        error: message.error.clone(),
        edited: message.edited,
        retracted: message.retracted,
        styled: message.styled,
    }
}

fn message_from_kept(kept: StoredMessage) -> Option<ChatMessage> {
    let mut message = ChatMessage::new(
        kept.id,
        kept.from,
        kept.body,
        kept.at as f64,
        kept.outgoing,
        MessageState::parse(&kept.state)?,
    );
    message.origin_id = kept.origin_id;
    message.archive_id = kept.archive_id;
    message.error = kept.error;
    message.edited = kept.edited;
    message.retracted = kept.retracted;
    message.styled = kept.styled;
    Some(message)
}
