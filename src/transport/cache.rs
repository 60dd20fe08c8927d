//! The local copy of recent conversations, so a reloaded page shows them at once (with their
//! delivery states, which the archive does not keep) while the archive catches up.
//!
//! Only for a login with "keep me logged in": on a shared computer, a login without it leaves
//! no conversation behind. Saved in `localStorage` when the page is hidden or unloaded
//! (`pagehide` lets no asynchronous work finish, and `localStorage` is synchronous), restored
//! when the next session of the same account comes online. Logout erases it (DESIGN.md §5).

use leptos::prelude::*;

use crate::store::model::MessageState;
use crate::store::{ChatMessage, Store};
use crate::xmpp::xml::Element;
use crate::xmpp::BareJid;

const STORAGE_KEY: &str = "palaver.conversations";
const STORAGE_NS: &str = "urn:palaver:conversations:0";
/// How many of each conversation's newest messages are kept; older ones page in from the
/// archive.
const MESSAGES_PER_CONVERSATION: usize = 50;
/// How many conversations are kept (the most recently active).
const CONVERSATIONS: usize = 30;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the conversations of the logged-in account, if it asked to be kept logged in.
pub fn save(store: &Store) {
    if !super::reconnect::request().is_some_and(|r| r.remember) {
        return;
    }
    let Some(account) = store
        .own_jid
        .with_untracked(|own| own.as_ref().map(|o| o.bare().clone()))
    else {
        return;
    };
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
    let mut root = Element::new("conversations", STORAGE_NS).attr("account", account.to_string());
    for (peer, messages) in conversations {
        let mut conversation =
            Element::new("conversation", STORAGE_NS).attr("with", peer.to_string());
        // Pending messages live in the outbox, which restores them itself.
        let kept: Vec<&ChatMessage> = messages
            .iter()
            .filter(|m| m.state != MessageState::Pending)
            .collect();
        let start = kept.len().saturating_sub(MESSAGES_PER_CONVERSATION);
        for message in &kept[start..] {
            conversation.push_child(
                Element::new("message", STORAGE_NS)
                    .attr("id", message.id.as_str())
                    .attr_opt("archive-id", message.archive_id.as_deref())
                    .attr_opt("origin-id", message.origin_id.as_deref())
                    .attr_opt("edited", message.edited.then_some("1"))
                    .attr_opt("retracted", message.retracted.then_some("1"))
                    .attr_opt("unstyled", (!message.styled).then_some("1"))
                    .attr("from", message.from.to_string())
                    // Whole milliseconds: integer formatting is already in the binary; float
                    // formatting and parsing would add ~40 KB to it.
                    .attr("at", (message.timestamp_ms as i64).to_string())
                    .attr("outgoing", if message.outgoing { "1" } else { "0" })
                    .attr("state", message.state.as_str())
                    .attr_opt("error", message.error.as_deref())
                    .text(message.body.as_str()),
            );
        }
        root.push_child(conversation);
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, &root.to_string());
    }
}

/// Puts `account`'s saved conversations into an empty store (a freshly loaded page); leaves
/// conversations that already have messages alone.
pub fn restore(store: &Store, account: &BareJid) {
    let Some(stored) = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return;
    };
    let Ok(root) = Element::parse(&stored) else {
        return;
    };
    if !root.is("conversations", STORAGE_NS)
        || root.get_attr("account") != Some(&account.to_string())
    {
        return;
    }
    for conversation in root.children().filter(|c| c.is("conversation", STORAGE_NS)) {
        let Some(peer) = conversation
            .get_attr("with")
            .and_then(|w| BareJid::parse(w).ok())
        else {
            continue;
        };
        let messages: Vec<ChatMessage> = conversation
            .children()
            .filter(|m| m.is("message", STORAGE_NS))
            .filter_map(message_from_storage)
            .collect();
        let signal = store.conversation(&peer);
        if signal.with_untracked(Vec::is_empty) {
            signal.set(messages);
        }
    }
}

/// Forgets the saved conversations (logout).
pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

fn message_from_storage(m: &Element) -> Option<ChatMessage> {
    let mut message = ChatMessage::new(
        m.get_attr("id")?.to_owned(),
        BareJid::parse(m.get_attr("from")?).ok()?,
        m.text_content(),
        m.get_attr("at")?.parse::<i64>().ok()? as f64,
        m.get_attr("outgoing")? == "1",
        MessageState::parse(m.get_attr("state")?)?,
    );
    message.origin_id = m.get_attr("origin-id").map(str::to_owned);
    message.archive_id = m.get_attr("archive-id").map(str::to_owned);
    message.error = m.get_attr("error").map(str::to_owned);
    message.edited = m.get_attr("edited") == Some("1");
    message.retracted = m.get_attr("retracted") == Some("1");
    message.styled = m.get_attr("unstyled").is_none();
    Some(message)
}
